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
    let shared = try package.xml("xl/sharedStrings.xml").map(sharedStrings) ?? []
    var tables: [TableDocument.Part] = []
    var cellCount = 0
    for sheet in workbook.descendants(named: "sheet") {
      let name = sheet.attributes["name"] ?? "sheet \(tables.count + 1)"
      guard let id = sheet.attributes["r:id"] ?? sheet.attributes["id"], let path = targets[id],
        let xml = try package.xml(path)
      else { continue }
      let rows = try self.rows(of: xml, shared: shared, cellCount: &cellCount)
      tables.append(.table(SourceTable(name: name, nameIsFromFile: true, rows: rows)))
    }
    return TableDocument(file: file, parts: tables)
  }

  /// `<si>` entries: plain `<t>` or rich-text runs `<r><t>`; `<rPh>` (phonetic guides) skipped.
  static func sharedStrings(_ root: XMLPartElement) -> [String] {
    root.children(named: "si").map(stringItem)
  }

  static func stringItem(_ item: XMLPartElement) -> String {
    var text = ""
    for element in item.elements {
      switch element.name {
      case "t": text += element.text
      case "r": text += element.children(named: "t").map(\.text).joined()
      default: break
      }
    }
    return normalisedLineBreaks(text)
  }

  static func normalisedLineBreaks(_ text: String) -> String {
    guard text.utf8.contains(0x0D) else { return text }
    return text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(
      of: "\r", with: "\n")
  }

  static func rows(of sheet: XMLPartElement, shared: [String], cellCount: inout Int)
    throws(OOXMLPackage.Failure) -> [SourceRow]
  {
    var grid: [Int: [Int: String]] = [:]
    var maxColumn = -1
    var nextRow = 1
    for row in sheet.child("sheetData")?.children(named: "row") ?? [] {
      let rowNumber = row.attributes["r"].flatMap { Int($0) } ?? nextRow
      nextRow = rowNumber + 1
      guard rowNumber <= ImportLimits.maximumRows else { throw .tooLarge }
      var nextColumn = 0
      for cell in row.children(named: "c") {
        let column = cell.attributes["r"].flatMap(columnIndex) ?? nextColumn
        nextColumn = column + 1
        guard column < ImportLimits.maximumColumns else { continue }
        cellCount += 1
        if cellCount > ImportLimits.maximumCells { throw .tooLarge }
        let value = self.value(of: cell, shared: shared)
        if value.isEmpty { continue }
        grid[rowNumber, default: [:]][column] = value
        maxColumn = max(maxColumn, column)
      }
    }
    // Merged ranges: the top-left value fills the range.
    var merged = 0
    for merge in sheet.child("mergeCells")?.children(named: "mergeCell") ?? [] {
      guard let ref = merge.attributes["ref"], let range = cellRange(ref) else { continue }
      let size = (range.rows.count) * (range.columns.count)
      merged += size
      guard merged <= ImportLimits.maximumMergedCells,
        range.rows.upperBound <= ImportLimits.maximumRows + 1,
        range.columns.upperBound <= ImportLimits.maximumColumns,
        let value = grid[range.rows.lowerBound]?[range.columns.lowerBound]
      else { continue }
      for rowNumber in range.rows {
        for column in range.columns { grid[rowNumber, default: [:]][column] = value }
      }
      maxColumn = max(maxColumn, range.columns.upperBound - 1)
    }
    return grid.keys.sorted().map { rowNumber in
      let cells = grid[rowNumber]!
      let width = (cells.keys.max() ?? -1) + 1
      return SourceRow(number: rowNumber, cells: (0..<width).map { cells[$0] ?? "" })
    }
  }

  static func value(of cell: XMLPartElement, shared: [String]) -> String {
    let raw = cell.child("v")?.text ?? ""
    switch cell.attributes["t"] {
    case "s":
      guard let index = Int(raw), shared.indices.contains(index) else { return "" }
      return shared[index]
    case "inlineStr":
      return cell.child("is").map(stringItem) ?? ""
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
