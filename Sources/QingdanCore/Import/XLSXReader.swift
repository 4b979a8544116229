import Foundation

/// Excel workbooks (.xlsx): every sheet in workbook order, cells from shared strings (rich-text
/// runs joined, phonetic runs left out), inline strings, formula strings and numbers, and
/// merged ranges carried down and across.
enum XLSXReader {
  static func read(_ data: Data, file: String) throws(OOXMLPackage.Failure) -> TableDocument {
    var package = try OOXMLPackage(data: data)
    guard let workbook = try package.xml("xl/workbook.xml") else {
      throw .missingPart("xl/workbook.xml (is this an Excel workbook?)")
    }
    let targets = try package.relationships(of: "xl/workbook.xml")
    let shared =
      try package.part("xl/sharedStrings.xml").map { data throws(OOXMLPackage.Failure) in
        try sharedStrings(data, part: "xl/sharedStrings.xml")
      } ?? []
    var tables: [TableDocument.Part] = []
    var cellCount = 0
    for sheet in workbook.descendants(named: "sheet") {
      let name = sheet.attributes["name"] ?? "sheet \(tables.count + 1)"
      guard let id = sheet.attributes["r:id"] ?? sheet.attributes["id"], let path = targets[id],
        let data = try package.part(path)
      else { continue }
      let rows = try self.rows(of: data, part: path, shared: shared, cellCount: &cellCount)
      tables.append(.table(SourceTable(name: name, nameIsFromFile: true, rows: rows)))
    }
    return TableDocument(file: file, parts: tables)
  }

  /// Streams a part's XML events with the names of the open elements, innermost last.
  private static func stream(
    _ data: Data, part: String, _ handle: (XMLScanner.Event, _ open: [String]) -> Void
  ) throws(OOXMLPackage.Failure) {
    var open: [String] = []
    do {
      try XMLScanner.scan(data) { event in
        switch event {
        case .start(let name, _):
          open.append(name)
          handle(event, open)
        case .end:
          handle(event, open)
          _ = open.popLast()
        case .text:
          handle(event, open)
        }
      }
    } catch {
      throw XMLTree.failure(error, part: part)
    }
  }

  /// `<si>` entries: plain `<t>` or rich-text runs `<r><t>`; `<rPh>` (phonetic guides) left out.
  static func sharedStrings(_ data: Data, part: String) throws(OOXMLPackage.Failure) -> [String] {
    var strings: [String] = []
    var current = ""
    try stream(data, part: part) { event, open in
      switch event {
      case .start(let name, _) where name == "si":
        current = ""
      case .end where open.last == "si":
        strings.append(normalisedLineBreaks(current))
      case .text(let text) where open.last == "t" && !open.contains("rPh"):
        current += text
      default: break
      }
    }
    return strings
  }

  static func normalisedLineBreaks(_ text: String) -> String {
    guard text.utf8.contains(0x0D) else { return text }
    return text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(
      of: "\r", with: "\n")
  }

  /// A sheet's cells, streamed (a sheet is most of a workbook): values by row and column,
  /// then merged ranges filled from their top-left cell.
  static func rows(of data: Data, part: String, shared: [String], cellCount: inout Int)
    throws(OOXMLPackage.Failure) -> [SourceRow]
  {
    var grid: [Int: [Int: String]] = [:]
    var merges: [String] = []
    var rowNumber = 0
    var column = 0
    var type: String?
    var value = ""
    var inline = ""
    var count = cellCount
    var tooLarge = false
    try stream(data, part: part) { event, open in
      switch event {
      case .start(let name, let attributes):
        switch name {
        case "row":
          rowNumber = attributes["r"].flatMap { Int($0) } ?? rowNumber + 1
          column = 0
          if rowNumber > ImportLimits.maximumRows { tooLarge = true }
        case "c":
          column = attributes["r"].flatMap(columnIndex) ?? column
          type = attributes["t"]
          value = ""
          inline = ""
          count += 1
          if count > ImportLimits.maximumCells { tooLarge = true }
        case "mergeCell":
          if let ref = attributes["ref"] { merges.append(ref) }
        default: break
        }
      case .text(let text):
        if open.last == "v" {
          value += text
        } else if open.last == "t", open.contains("is"), !open.contains("rPh") {
          inline += text
        }
      case .end:
        guard open.last == "c" else { return }
        let text = cellText(type: type, value: value, inline: inline, shared: shared)
        if !text.isEmpty, column < ImportLimits.maximumColumns, !tooLarge {
          grid[rowNumber, default: [:]][column] = text
        }
        column += 1
      }
    }
    cellCount = count
    if tooLarge { throw .tooLarge }
    var merged = 0
    for ref in merges {
      guard let range = cellRange(ref) else { continue }
      merged += range.rows.count * range.columns.count
      guard merged <= ImportLimits.maximumMergedCells,
        range.rows.upperBound <= ImportLimits.maximumRows + 1,
        range.columns.upperBound <= ImportLimits.maximumColumns,
        let value = grid[range.rows.lowerBound]?[range.columns.lowerBound]
      else { continue }
      for row in range.rows {
        for column in range.columns { grid[row, default: [:]][column] = value }
      }
    }
    return grid.keys.sorted().map { number in
      let cells = grid[number]!
      let width = (cells.keys.max() ?? -1) + 1
      return SourceRow(number: number, cells: (0..<width).map { cells[$0] ?? "" })
    }
  }

  static func cellText(type: String?, value raw: String, inline: String, shared: [String]) -> String
  {
    switch type {
    case "s":
      guard let index = Int(raw), shared.indices.contains(index) else { return "" }
      return shared[index]
    case "inlineStr":
      return normalisedLineBreaks(inline)
    case "str", "e":
      return normalisedLineBreaks(raw)
    case "b":
      return raw == "1" ? "TRUE" : "FALSE"
    default:
      // A number: 序号 cells are stored as 1, 2, … (or 1.0 by some writers).
      if let number = Double(raw), number == number.rounded(), abs(number) < 1e15 {
        return String(Int(number))
      }
      return raw
    }
  }

  /// "C12" → column 2 (0-based).
  static func columnIndex(_ reference: String) -> Int? {
    var column = 0
    var sawLetter = false
    for scalar in reference.unicodeScalars {
      guard scalar.value >= 65, scalar.value <= 90 else { break }
      column = column * 26 + Int(scalar.value - 64)
      sawLetter = true
      if column > 20_000 { return nil }
    }
    return sawLetter ? column - 1 : nil
  }

  static func rowIndex(_ reference: String) -> Int? {
    Int(String(reference.unicodeScalars.drop(while: { $0.value >= 65 && $0.value <= 90 })))
  }

  /// "A3:B7" → rows 3..<8, columns 0..<2.
  static func cellRange(_ ref: String) -> (rows: Range<Int>, columns: Range<Int>)? {
    let corners = ref.split(separator: ":").map(String.init)
    guard corners.count == 2, let c0 = columnIndex(corners[0]), let c1 = columnIndex(corners[1]),
      let r0 = rowIndex(corners[0]), let r1 = rowIndex(corners[1]), r0 <= r1, c0 <= c1
    else { return nil }
    return (r0..<(r1 + 1), c0..<(c1 + 1))
  }
}
