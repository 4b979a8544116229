/// Turns the rows of any table reader into the catalogue the text parser would give for the
/// same content: rows are classified (blank, title, heading, header, note, item), item cells
/// are put in the standard column order through the header's roles, and `ItemBuilder` makes
/// the items, so ids, fields, repairs and diagnostics are the text parser's. A file whose
/// sheets or headings name several townships gives one catalogue per township.
public enum TableCatalogueBuilder {
  public static func build(_ document: TableDocument) -> ParseResult {
    var walker = RowWalker(file: document.file)
    for part in document.parts {
      switch part {
      case .text(let text, let position):
        walker.readText(text, at: position)
      case .table(let table):
        walker.startTable(table)
        for row in table.rows { walker.read(row, in: table) }
      }
    }
    return walker.finish()
  }
}

/// The rows of one township, and the places that name it, by precedence.
private struct Segment {
  var titleLines: [String] = []
  var titleRegion: Region?
  var headingRegion: Region?
  var sheetRegion: Region?
  var rows: [RawRow] = []

  func region(fileRegion: Region?) -> Region? {
    PlaceAndList.merge([titleRegion, headingRegion, sheetRegion, fileRegion])
  }

  /// The township named so far, if any.
  var township: String? { region(fileRegion: nil)?.township }
}

/// One pass over the rows; rows are numbered in order of reading ("sequence") for the item
/// builder, and mapped back to their sheet and row for items and diagnostics.
private struct RowWalker {
  let file: String
  var positions: [SourcePosition] = []
  var roles: [LineRole] = []
  var diagnostics: [Diagnostic] = []
  var segments: [Segment] = []
  var segment = Segment()
  var currentList: ListKind?
  var header: HeaderRow?
  var reportedHeaders: Set<[String]> = []
  var warnedNoHeader = false
  var sawHeading = false

  init(file: String) { self.file = file }

  /// A place named where a new township may begin (a sheet name or a heading): when it names
  /// another township than the rows so far, those rows are one catalogue and a new one starts.
  mutating func startSegmentIfNewPlace(_ region: Region?) {
    guard let region, !segment.rows.isEmpty, let township = segment.township,
      township != region.township
    else { return }
    segments.append(segment)
    segment = Segment()
    header = nil
  }

  mutating func startTable(_ table: SourceTable) {
    guard table.nameIsFromFile else { return }
    let region = PlaceAndList.region(in: table.name)
    startSegmentIfNewPlace(region)
    if let list = PlaceAndList.list(in: table.name) {
      currentList = list
      header = nil
    }
    if segment.sheetRegion == nil { segment.sheetRegion = region }
  }

  mutating func readText(_ text: String, at position: SourcePosition) {
    let sequence = append(position)
    readSingleText(text, sequence: sequence)
  }

  /// A line of text standing alone (a paragraph, or a row with one distinct value).
  mutating func readSingleText(_ rawText: String, sequence: Int) {
    // By bytes: Foundation's `contains` on a String compares with locale rules, far slower.
    let text = CellMarkup.collapseWhitespace(
      rawText.utf8.contains(0x0A) ? rawText.replacingOccurrences(of: "\n", with: " ") : rawText)
    if text.isEmpty {
      roles[sequence - 1] = .blank
      return
    }
    roles[sequence - 1] = .structural
    if PlaceAndList.isNote(text) { return }
    if let list = PlaceAndList.list(in: text), text.count <= 60 {
      let region = PlaceAndList.region(in: text)
      startSegmentIfNewPlace(region)
      currentList = list
      sawHeading = true
      if let region, segment.headingRegion == nil { segment.headingRegion = region }
      return
    }
    if segment.rows.isEmpty, !sawHeading || segments.count > 0 {
      let region = PlaceAndList.region(in: text)
      startSegmentIfNewPlace(region)
      segment.titleLines.append(text)
      if segment.titleRegion == nil { segment.titleRegion = region }
    }
  }

  mutating func append(_ position: SourcePosition) -> Int {
    positions.append(position)
    roles.append(.blank)
    return positions.count
  }

  mutating func read(_ row: SourceRow, in table: SourceTable) {
    let sequence = append(
      SourcePosition(sheet: table.name.isEmpty ? nil : table.name, row: row.number))
    let cells = row.cells.map { CellMarkup.trimmed($0) }
    let filled = cells.filter { !$0.isEmpty }
    if filled.isEmpty { return }
    if let found = HeaderRow(cells: cells) {
      roles[sequence - 1] = .structural
      header = found
      if currentList == nil { currentList = found.impliedList }
      if !reportedHeaders.contains(cells) {
        reportedHeaders.insert(cells)
        for (column, text) in found.unknown {
          report(
            .warning, sequence,
            ColumnRole.unknownHeaderMessage(
              text, column: column, consequence: "its text is added to the last column"))
        }
      }
      return
    }
    if let number = Self.itemNumber(cells.first ?? ""), let list = currentList,
      header != nil || cells.count == ColumnRole.standardColumns(list).count
    {
      if header == nil, !warnedNoHeader {
        warnedNoHeader = true
        report(
          .warning, sequence,
          "no header row (序号 事项类别 事项名称 …) above this row; its columns are read in the "
            + "standard order")
      }
      segment.rows.append(
        RawRow(
          line: sequence, list: list, number: number,
          cells: standardCells(cells, list: list).map { $0[...] },
          headerColumns: header?.roles.count))
      roles[sequence - 1] = .item("")
      return
    }
    if Set(filled).count == 1 {
      readSingleText(filled[0], sequence: sequence)
      return
    }
    if Self.itemNumber(cells.first ?? "") != nil, currentList == nil {
      roles[sequence - 1] = .unplaced
      report(
        .error, sequence,
        "a table row before any list is named; name the list (基本/配合/收回) in a heading, "
          + "title or the sheet name")
      return
    }
    if segment.rows.isEmpty, !sawHeading, header == nil {
      roles[sequence - 1] = .structural
      segment.titleLines.append(filled.joined(separator: " "))
      return
    }
    roles[sequence - 1] = .unplaced
    let preview = String(filled.joined(separator: " ").prefix(30))
    report(
      .error, sequence,
      "not a table row: the 序号 cell is not a number (“\(preview)”); "
        + "if it continues the row above, join the two rows")
  }

  /// "12", "12.0" (a number cell), "１２" → 12.
  static func itemNumber(_ cell: String) -> Int? {
    var text = cell
    if text.hasSuffix(".0") { text.removeLast(2) }
    if let number = Int(text), number > 0 { return number }
    let folded = String(
      text.unicodeScalars.map { scalar -> Character in
        (0xFF10...0xFF19).contains(scalar.value)
          ? Character(Unicode.Scalar(scalar.value - 0xFF10 + 0x30)!) : Character(scalar)
      })
    if let number = Int(folded), number > 0 { return number }
    return nil
  }

  /// The row's cells in the list's standard order; columns the header does not name are
  /// appended (the item builder adds them to the last column and says so). Lines within a cell
  /// become `<br>`, which the duty-text reader treats like the paragraphs of the text format.
  func standardCells(_ cells: [String], list: ListKind) -> [String] {
    func cell(_ column: Int?) -> String {
      guard let column, column < cells.count else { return "" }
      return cells[column].utf8.contains(0x0A)
        ? cells[column].split(separator: "\n").joined(separator: "<br>") : cells[column]
    }
    guard let header else { return cells.indices.map { cell($0) } }
    let standard = ColumnRole.standardColumns(list)
    var result = standard.map { cell(header.column(of: $0)) }
    let used = Set(standard.compactMap { header.column(of: $0) })
    // A column with a role this list does not have, a repeated wording, or an unknown header.
    for column in cells.indices where !used.contains(column) && !cells[column].isEmpty {
      result.append(cell(column))
    }
    return result
  }

  mutating func report(_ severity: Diagnostic.Severity, _ sequence: Int, _ message: String) {
    diagnostics.append(
      located(Diagnostic(severity: severity, file: file, line: sequence, message: message)))
  }

  /// A diagnostic whose line is a sequence number, with the sheet and row it stands for.
  func located(_ diagnostic: Diagnostic) -> Diagnostic {
    guard diagnostic.line > 0, diagnostic.line <= positions.count else { return diagnostic }
    var result = diagnostic
    let position = positions[diagnostic.line - 1]
    result.line = position.row
    result.sheet = position.sheet
    return result
  }

  func describe(_ sequence: Int) -> String {
    guard sequence > 0, sequence <= positions.count else { return "row \(sequence)" }
    let position = positions[sequence - 1]
    return position.sheet.map { "row \(position.row) of \($0)" } ?? "line \(position.row)"
  }

  mutating func finish() -> ParseResult {
    segments.append(segment)
    let fileRegion = PlaceAndList.region(in: PlaceAndList.baseName(file))
    var catalogues: [Catalogue] = []
    for (index, segment) in segments.enumerated() where !segment.rows.isEmpty || index == 0 {
      // The file name names the file's first township only.
      guard let region = segment.region(fileRegion: index == 0 ? fileRegion : nil) else {
        diagnostics.append(
          Diagnostic(
            severity: .error, file: file, line: 0,
            message: "no township is named in a title, heading, sheet name or the file name; "
              + "add a title such as “木垒县大石头乡履职事项清单” or name the file after the township"))
        continue
      }
      guard !segment.rows.isEmpty else { continue }
      var builder = ItemBuilder(file: file, region: region, rows: segment.rows)
      builder.describeLine = describe
      var items = builder.buildItems()
      diagnostics += builder.diagnostics.map(located)
      for row in segment.rows {
        roles[row.line - 1] = builder.itemIDByLine[row.line].map(LineRole.item) ?? .unplaced
      }
      for index in items.indices {
        let position = positions[items[index].sourceLine - 1]
        items[index].sourceLine = position.row
        items[index].sourceSheet = position.sheet ?? ""
      }
      let title = TitleBlock(lines: segment.titleLines, region: region)
      catalogues.append(
        Catalogue(region: region, title: title.title, date: title.date, source: file, items: items))
    }
    if catalogues.isEmpty {
      if segments.allSatisfy({ $0.rows.isEmpty }) {
        diagnostics.append(
          Diagnostic(
            severity: .error, file: file, line: 0,
            message: "no item rows found; a catalogue table has a header row (序号 事项类别 事项名称 …) "
              + "and numbered rows under it"))
      }
      return .nothingLoaded(diagnostics, lineRoles: roles)
    }
    var result = ParseResult(catalogue: catalogues[0], diagnostics: diagnostics, lineRoles: roles)
    result.otherCatalogues = Array(catalogues.dropFirst())
    return result
  }
}
