import Foundation

/// What reading one catalogue file produced.
public struct ParseResult: Sendable {
  /// Nil when the file could not be read as a catalogue at all; `diagnostics` says why.
  public var catalogue: Catalogue?
  /// Further townships in the same file (a workbook with a sheet per township and list).
  public var otherCatalogues: [Catalogue] = []
  public var diagnostics: [Diagnostic]
  /// One role per input line, in order.
  public var lineRoles: [LineRole]
  /// What reads the duty texts `catalogue`'s items were left without (`.pending`), when the
  /// parse deferred them.
  var pendingDutyTexts: PendingDutyTexts?

  public var coverage: LineCoverage { LineCoverage(roles: lineRoles) }

  /// A file that gave no catalogue: every non-blank line it had is unplaced.
  static func nothingLoaded(_ diagnostics: [Diagnostic], lineRoles: [LineRole] = []) -> ParseResult
  {
    ParseResult(
      catalogue: nil, diagnostics: diagnostics,
      lineRoles: lineRoles.map { $0 == .blank ? .blank : .unplaced })
  }

  /// Every township read from the file, in order.
  public var catalogues: [Catalogue] { (catalogue.map { [$0] } ?? []) + otherCatalogues }
}

/// Reads the township duty catalogue format: a title block and table of contents, then three
/// lists, each introduced by a heading such as "昌吉州木垒县大石头乡配合履职事项清单", with a
/// column header row (序号 事项类别 …) repeated on every page and tab-separated item rows.
public enum CatalogueParser {
  public static func parse(data: Data, file: String) -> ParseResult {
    parse(data: data, file: file, memo: CellMemo())
  }

  /// - Parameter memo: cells already read by other files of the same load.
  /// - Parameter deferringDutyTexts: leave duty texts `.pending` for `pendingDutyTexts`.
  static func parse(
    data: Data, file: String, memo: CellMemo, deferringDutyTexts: Bool = false
  ) -> ParseResult {
    do {
      let decoded = try CatalogueText.decodedLines(of: data, file: file)
      var result = parse(
        lineSlices: decoded.lines, file: file, memo: memo,
        deferringDutyTexts: deferringDutyTexts)
      result.diagnostics = decoded.repairs + result.diagnostics
      return result
    } catch {
      return ParseResult(catalogue: nil, diagnostics: [error.diagnostic], lineRoles: [])
    }
  }

  public static func parse(lines: [String], file: String) -> ParseResult {
    parse(lineSlices: lines.map { $0[...] }, file: file)
  }

  /// Lines as slices of the file's text, so that rows and cells are not copied until read.
  static func parse(
    lineSlices lines: [Substring], file: String, memo: CellMemo = CellMemo(),
    deferringDutyTexts: Bool = false
  ) -> ParseResult {
    var reader = LineReader(
      file: file, lineCount: lines.count, memo: memo,
      deferringDutyTexts: deferringDutyTexts)
    for (offset, line) in lines.enumerated() {
      reader.read(line, number: offset + 1)
    }
    return reader.finish()
  }
}

/// A table row as it appeared in the file.
struct RawRow {
  var line: Int
  var list: ListKind
  var number: Int
  var cells: [Substring]
  /// Columns of the header row that precedes it on its page.
  var headerColumns: Int?
}

/// The line-by-line pass: classifies every line and collects rows; `finish` builds items.
private struct LineReader {
  let file: String
  let memo: CellMemo
  let deferringDutyTexts: Bool
  var roles: [LineRole]
  var diagnostics: [Diagnostic] = []
  var titleLines: [String] = []
  var region: Region?
  var currentList: ListKind?
  var headerColumns: Int?
  var rows: [RawRow] = []
  var headingsSeen: [ListKind: Int] = [:]
  /// The column header row repeats on every page: each distinct line is read once (nil: not
  /// a header).
  var headersRead: [ExactSubstring: HeaderRow?] = [:]

  init(file: String, lineCount: Int, memo: CellMemo, deferringDutyTexts: Bool) {
    self.file = file
    self.memo = memo
    self.deferringDutyTexts = deferringDutyTexts
    roles = Array(repeating: .blank, count: lineCount)
  }

  mutating func read(_ rawLine: Substring, number: Int) {
    // A slice: most lines are rows, whose trimmed text is only looked at by byte.
    let line = CellMarkup.trimmedSlice(rawLine)
    let index = number - 1
    if line.isEmpty {
      roles[index] = .blank
      return
    }
    if ListHeading.endsLikeHeading(line),
      let (list, headingRegion) = ListHeading.parse(String(line))
    {
      roles[index] = .structural
      if headingsSeen[list] != nil {
        report(
          .warning, number, "a second “\(list.chineseName)清单” heading; its rows continue that list")
      }
      headingsSeen[list] = number
      currentList = list
      headerColumns = nil
      if let headingRegion {
        if let region, region.township != headingRegion.township {
          report(
            .warning, number,
            "this heading names \(headingRegion.township), but the file began with \(region.township); "
              + "its rows are kept under \(region.township)")
        }
        region = region ?? headingRegion
      } else if region == nil {
        report(
          .warning, number,
          "the heading does not name a prefecture, county and township (such as 昌吉州木垒县大石头乡)")
      }
      return
    }
    let cells = Self.cells(of: rawLine)
    let firstCell = CellMarkup.trimmedSlice(cells[0])
    // A number is never a header; anything else is looked up in the one table of wordings.
    if Int(firstCell) == nil, ColumnRole.role(forHeader: firstCell) == .number,
      let header = headerRow(rawLine, cells: cells)
    {
      roles[index] = .structural
      headerColumns = cells.count
      reportUnknownColumns(header, line: number)
      return
    }
    guard let list = currentList else {
      roles[index] = .structural
      if Int(firstCell) != nil && cells.count >= 3 {
        roles[index] = .unplaced
        report(
          .error, number,
          "a table row before any list heading; add a heading such as “…基本履职事项清单” above it")
      } else {
        titleLines.append(String(line))
      }
      return
    }
    if let itemNumber = Int(firstCell), itemNumber > 0 {
      rows.append(
        RawRow(
          line: number, list: list, number: itemNumber, cells: cells, headerColumns: headerColumns))
      roles[index] = .item("")  // the id is filled in when the item is built
      return
    }
    roles[index] = .unplaced
    let preview = String(String(line).prefix(30))
    report(
      .error, number,
      "not a table row: the first cell (“\(preview)”) is not a 序号 number; "
        + "if it continues the row above, join the two lines")
  }

  /// `HeaderRow(cells:)` of the line, read once per distinct line.
  mutating func headerRow(_ line: Substring, cells: [Substring]) -> HeaderRow? {
    let key = ExactSubstring(line)
    if let known = headersRead[key] { return known }
    let header = HeaderRow(cells: cells.map(String.init))
    headersRead[key] = .some(header)
    return header
  }

  /// The line split at tabs. By bytes (`memchr`): a tab is always a Character of its own.
  static func cells(of line: Substring) -> [Substring] {
    var line = line
    let cellRanges = line.withUTF8 { bytes in
      guard let base = bytes.baseAddress else { return [0..<0] }
      var ranges: [Range<Int>] = []
      var cellStart = 0
      while let tab = memchr(base + cellStart, Int32(UInt8(ascii: "\t")), bytes.count - cellStart) {
        let index = base.distance(to: tab.assumingMemoryBound(to: UInt8.self))
        ranges.append(cellStart..<index)
        cellStart = index + 1
      }
      ranges.append(cellStart..<bytes.count)
      return ranges
    }
    return cellRanges.map { line.utf8Slice($0) }
  }

  mutating func report(_ severity: Diagnostic.Severity, _ line: Int, _ message: String) {
    diagnostics.append(Diagnostic(severity: severity, file: file, line: line, message: message))
  }

  /// The text format has its columns in the standard order; a header it does not know is
  /// named with the closest known wording, and its column is still read by position.
  mutating func reportUnknownColumns(_ header: HeaderRow, line: Int) {
    for (column, text) in header.unknown {
      report(
        .warning, line,
        ColumnRole.unknownHeaderMessage(
          text, column: column, consequence: "the column is read by its position"))
    }
  }

  mutating func finish() -> ParseResult {
    guard let region, !headingsSeen.isEmpty else {
      diagnostics.append(
        Diagnostic(
          severity: .error, file: file, line: 0,
          message: "no list heading found; a catalogue has lines such as "
            + "“昌吉州木垒县大石头乡基本履职事项清单” followed by tab-separated rows"))
      return .nothingLoaded(diagnostics, lineRoles: roles)
    }
    var builder = ItemBuilder(
      file: file, region: region, rows: rows, memo: memo,
      deferringDutyTexts: deferringDutyTexts)
    let items = builder.buildItems()
    diagnostics += builder.diagnostics
    for row in rows {
      roles[row.line - 1] = builder.itemIDByLine[row.line].map(LineRole.item) ?? .unplaced
    }
    for (list, line) in headingsSeen.sorted(by: { $0.value < $1.value })
    where !rows.contains(where: { $0.list == list }) {
      report(.warning, line, "the “\(list.chineseName)清单” heading has no rows under it")
    }
    let title = TitleBlock(lines: titleLines, region: region)
    let catalogue = Catalogue(
      region: region, title: title.title, date: title.date, source: file, items: items)
    diagnostics.sort { ($0.line, $0.severity) < ($1.line, $1.severity) }
    return ParseResult(
      catalogue: catalogue, diagnostics: diagnostics, lineRoles: roles,
      pendingDutyTexts: deferringDutyTexts ? PendingDutyTexts(builder, items: items) : nil)
  }
}

/// "昌吉州木垒县大石头乡配合履职事项清单" → (.cooperative, 昌吉州/木垒县/大石头乡).
enum ListHeading {
  /// Most lines are rows: this rejects them by bytes. Exact, as no other spelling of 清 or 单
  /// is canonically equal to them, so a line whose last Characters are 清单 ends in its bytes.
  static func endsLikeHeading(_ line: some StringProtocol) -> Bool {
    line.utf8.count >= listSuffixUTF8.count
      && line.utf8.suffix(listSuffixUTF8.count).elementsEqual(listSuffixUTF8)
  }

  static func parse(_ line: String) -> (ListKind, Region?)? {
    guard endsLikeHeading(line) else { return nil }
    // By bytes: Foundation's `contains` folds the line to UTF-16 first.
    guard !line.utf8.contains(UInt8(ascii: "\t")), line.hasSuffix("清单"),
      !ExactString.containsBytes(line, "..."), !ExactString.containsBytes(line, "…")
    else { return nil }
    for list in ListKind.allCases {
      let suffix = list.chineseName + "清单"
      guard line.hasSuffix(suffix) else { continue }
      let prefix = String(line.dropLast(suffix.count))
      // A table-of-contents entry ("2. 配合履职事项清单") has a number, not a place, before it.
      if prefix.isEmpty || prefix.first?.isNumber == true { return nil }
      return (list, region(from: prefix))
    }
    return nil
  }

  private static let listSuffixUTF8 = Array("清单".utf8)

  /// Splits "昌吉州木垒县大石头乡" at the level words: …州/地区/盟, …县/市/区/旗, …乡/镇/街道/苏木.
  static func region(from text: String) -> Region? {
    let characters = Array(text)
    guard ["街道", "苏木", "乡", "镇"].contains(where: { text.hasSuffix($0) }) else { return nil }
    // The prefecture is optional: the shortest prefix ending in a prefecture word.
    var prefectureEnd = 0
    for end in 2..<max(2, characters.count - 3) {
      let prefix = String(characters[0..<end])
      if ["州", "地区", "盟"].contains(where: { prefix.hasSuffix($0) }) {
        prefectureEnd = end
        break
      }
    }
    // The county is the shortest run after it ending in a county word, leaving a township.
    let countyWords: Set<Character> = ["县", "市", "区", "旗"]
    for end in (prefectureEnd + 2)..<max(prefectureEnd + 2, characters.count - 1)
    where countyWords.contains(characters[end - 1]) {
      return Region(
        prefecture: String(characters[0..<prefectureEnd]),
        county: String(characters[prefectureEnd..<end]),
        township: String(characters[end...]))
    }
    return nil
  }
}

/// The cover: "新疆维吾尔自治区昌吉回族自治州 / 木垒县大石头乡 / 履职事项清单 / 2025年7月".
struct TitleBlock {
  var title: String
  var date: String?

  init(lines: [String], region: Region) {
    var titleParts: [String] = []
    var date: String?
    // By bytes and the standard library: Foundation's `contains` and
    // `replacingOccurrences` cost more here than reading the whole title block should.
    for line in lines {
      let compact = line.filter { $0 != " " }
      if ExactString.containsBytes(line, "....") || compact == "目录" { continue }
      if let found = Self.date(compact: compact) {
        date = date ?? found
        continue
      }
      if ExactString.containsBytes(line, "自治区") || line.hasSuffix("省") { continue }
      titleParts.append(line)
    }
    let joined = titleParts.joined()
    title = joined.isEmpty ? "\(region.county)\(region.township)履职事项清单" : joined
    self.date = date
  }

  /// "2025年7月" (from "2025 年 7 月", its spaces removed) → "2025年7月".
  static func date(compact: String) -> String? {
    guard let yearMark = compact.firstIndex(of: "年"), compact.hasSuffix("月") else { return nil }
    let year = compact[..<yearMark]
    let month = compact[compact.index(after: yearMark)..<compact.index(before: compact.endIndex)]
    guard year.count == 4, year.allSatisfy(\.isNumber), !month.isEmpty, month.count <= 2,
      month.allSatisfy(\.isNumber)
    else { return nil }
    return compact
  }
}
