/// CSV and TSV as spreadsheets save them: fields separated by commas or tabs, fields in
/// double quotes may hold separators, quotes ("") and line breaks.
enum DelimitedReader {
  enum Failure: Error {
    case tooLarge
  }

  static func read(_ text: String, file: String, separator: Unicode.Scalar) throws(Failure)
    -> TableDocument
  {
    var rows: [SourceRow] = []
    var cells: [String] = []
    var cell = String.UnicodeScalarView()
    var inQuotes = false
    var atCellStart = true
    var lineNumber = 1
    var rowStartLine = 1
    var cellCount = 0
    func endCell() {
      cells.append(String(cell))
      cell = String.UnicodeScalarView()
      atCellStart = true
    }
    let scalars = Array(text.unicodeScalars)
    var index = 0
    var failed = false
    func endRow() {
      endCell()
      cellCount += cells.count
      if rows.count >= ImportLimits.maximumRows || cellCount > ImportLimits.maximumCells {
        failed = true
      }
      rows.append(SourceRow(number: rowStartLine, cells: cells))
      cells = []
    }
    while index < scalars.count, !failed {
      let scalar = scalars[index]
      index += 1
      if inQuotes {
        if scalar == "\"" {
          if index < scalars.count, scalars[index] == "\"" {
            cell.append("\"")
            index += 1
          } else {
            inQuotes = false
          }
        } else {
          if scalar == "\n" { lineNumber += 1 }
          if scalar == "\r" {
            // CR LF inside a quoted cell is one line break.
            if index < scalars.count, scalars[index] == "\n" { index += 1 }
            lineNumber += 1
            cell.append("\n")
          } else {
            cell.append(scalar)
          }
        }
        continue
      }
      switch scalar {
      case "\"" where atCellStart && Self.closesAsField(scalars, from: index, separator: separator):
        inQuotes = true
        atCellStart = false
      case separator:
        endCell()
      case "\r", "\n":
        if scalar == "\r", index < scalars.count, scalars[index] == "\n" { index += 1 }
        endRow()
        lineNumber += 1
        rowStartLine = lineNumber
      default:
        cell.append(scalar)
        atCellStart = false
      }
    }
    if failed { throw .tooLarge }
    if !cell.isEmpty || !cells.isEmpty || inQuotes { endRow() }
    // Row numbers are the line a record starts on, as an editor shows it.
    return TableDocument(
      file: file,
      parts: [.table(SourceTable(name: "", nameIsFromFile: false, rows: rows))])
  }

  /// Whether the quote just before `start` opens a quoted field: its closing quote (a quote
  /// not doubled) is followed by a separator, a line end or the end. Otherwise the quote is
  /// text, as in a cell that begins with a quotation ("三会一课"制度).
  static func closesAsField(_ scalars: [Unicode.Scalar], from start: Int, separator: Unicode.Scalar)
    -> Bool
  {
    var index = start
    while index < scalars.count {
      if scalars[index] == "\"" {
        if index + 1 < scalars.count, scalars[index + 1] == "\"" {
          index += 2
          continue
        }
        guard index + 1 < scalars.count else { return true }
        let next = scalars[index + 1]
        return next == separator || next == "\n" || next == "\r"
      }
      index += 1
    }
    return false
  }

  /// A .csv file whose first lines have tabs and no commas is tab-separated.
  static func separator(for text: String, fileExtension: String) -> Unicode.Scalar {
    if fileExtension == "tsv" { return "\t" }
    let head = text.prefix(4096)
    let tabs = head.filter { $0 == "\t" }.count
    let commas = head.filter { $0 == "," }.count
    return tabs > commas ? "\t" : ","
  }
}
