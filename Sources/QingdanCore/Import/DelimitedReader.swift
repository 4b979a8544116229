/// CSV and TSV as spreadsheets save them: fields separated by commas or tabs, fields in
/// double quotes may hold separators, quotes ("") and line breaks. Read by UTF-8 bytes: every
/// character that matters is ASCII, and an ASCII byte is always a whole character.
enum DelimitedReader {
  enum Failure: Error {
    case tooLarge
  }

  static func read(_ text: String, file: String, separator: Unicode.Scalar) throws(Failure)
    -> TableDocument
  {
    var text = text
    let rows = text.withUTF8 { bytes in
      Result { () throws(Failure) in try records(bytes, separator: UInt8(separator.value)) }
    }
    return TableDocument(
      file: file,
      parts: [.table(SourceTable(name: "", nameIsFromFile: false, rows: try rows.get()))])
  }

  private static let quote = UInt8(ascii: "\"")
  private static let newline = UInt8(ascii: "\n")
  private static let carriageReturn = UInt8(ascii: "\r")

  private static func records(_ bytes: UnsafeBufferPointer<UInt8>, separator: UInt8)
    throws(Failure) -> [SourceRow]
  {
    var rows: [SourceRow] = []
    var cells: [String] = []
    var cellCount = 0
    var line = 1
    var rowStartLine = 1
    var index = 0
    if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
    var atRowStart = true
    while index <= bytes.count {
      if index == bytes.count {
        if !atRowStart { rows.append(SourceRow(number: rowStartLine, cells: cells)) }
        break
      }
      atRowStart = false
      // One cell, from `index`.
      if bytes[index] == quote, closesAsField(bytes, from: index + 1, separator: separator) {
        var cell: [UInt8] = []
        index += 1
        while index < bytes.count {
          let byte = bytes[index]
          if byte == quote {
            if index + 1 < bytes.count, bytes[index + 1] == quote {
              cell.append(quote)
              index += 2
              continue
            }
            index += 1
            break
          }
          if byte == carriageReturn {
            // CR LF inside a quoted cell is one line break.
            if index + 1 < bytes.count, bytes[index + 1] == newline { index += 1 }
            cell.append(newline)
            line += 1
          } else {
            if byte == newline { line += 1 }
            cell.append(byte)
          }
          index += 1
        }
        cells.append(String(decoding: cell, as: UTF8.self))
      } else {
        let start = index
        while index < bytes.count, bytes[index] != separator, bytes[index] != newline,
          bytes[index] != carriageReturn
        {
          index += 1
        }
        cells.append(
          String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
      }
      // After a cell: a separator, a line end or the end of the text.
      if index < bytes.count, bytes[index] == separator {
        index += 1
        if index == bytes.count { cells.append("") }
        continue
      }
      if index < bytes.count {
        if bytes[index] == carriageReturn, index + 1 < bytes.count, bytes[index + 1] == newline {
          index += 1
        }
        index += 1
        line += 1
      }
      cellCount += cells.count
      guard rows.count < ImportLimits.maximumRows, cellCount <= ImportLimits.maximumCells else {
        throw .tooLarge
      }
      rows.append(SourceRow(number: rowStartLine, cells: cells))
      cells = []
      rowStartLine = line
      atRowStart = true
    }
    return rows
  }

  /// Whether the quote just before `start` opens a quoted field: its closing quote (a quote
  /// not doubled) is followed by a separator, a line end or the end. Otherwise the quote is
  /// text, as in a cell that begins with a quotation ("三会一课"制度).
  static func closesAsField(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, separator: UInt8)
    -> Bool
  {
    var index = start
    while index < bytes.count {
      if bytes[index] == quote {
        if index + 1 < bytes.count, bytes[index + 1] == quote {
          index += 2
          continue
        }
        guard index + 1 < bytes.count else { return true }
        let next = bytes[index + 1]
        return next == separator || next == newline || next == carriageReturn
      }
      index += 1
    }
    return false
  }

  /// A .csv file whose first lines have tabs and no commas is tab-separated.
  static func separator(for text: String, fileExtension: String) -> Unicode.Scalar {
    if fileExtension == "tsv" { return "\t" }
    let head = text.utf8.prefix(4096)
    let tabs = head.filter { $0 == UInt8(ascii: "\t") }.count
    let commas = head.filter { $0 == UInt8(ascii: ",") }.count
    return tabs > commas ? "\t" : ","
  }
}
