/// What every table reader (CSV/TSV, HTML, xlsx, docx) produces: the file's tables and the
/// text between them, in order, each row with its position. Merged cells are already carried
/// down and across; a cell with several lines or paragraphs keeps them separated by "\n".
public struct TableDocument: Sendable, Hashable {
  public var file: String
  public var parts: [Part]

  public enum Part: Sendable, Hashable {
    /// A paragraph or heading outside any table (docx, HTML).
    case text(String, position: SourcePosition)
    case table(SourceTable)
  }

  public init(file: String, parts: [Part]) {
    self.file = file
    self.parts = parts
  }
}

/// A sheet of a workbook or a table of a document or page.
public struct SourceTable: Sendable, Hashable {
  /// The sheet name ("基本履职事项"), or "table 2" for the second table of a document.
  public var name: String
  /// Whether `name` was given by the file (a sheet name), so it may name a list or township.
  public var nameIsFromFile: Bool
  public var rows: [SourceRow]

  public init(name: String, nameIsFromFile: Bool, rows: [SourceRow]) {
    self.name = name
    self.nameIsFromFile = nameIsFromFile
    self.rows = rows
  }
}

public struct SourceRow: Sendable, Hashable {
  /// 1-based, as the application showing the file numbers it (the row in Excel, the record
  /// in a CSV, the table row in a document).
  public var number: Int
  public var cells: [String]

  public init(number: Int, cells: [String]) {
    self.number = number
    self.cells = cells
  }
}

/// Where a row came from: the sheet (or table, or "text") and its row.
public struct SourcePosition: Sendable, Hashable {
  public var sheet: String?
  public var row: Int

  public init(sheet: String?, row: Int) {
    self.sheet = sheet
    self.row = row
  }
}

/// Limits against hostile files: a township catalogue has a few hundred rows of a few
/// columns, and some kilobytes per cell.
public enum ImportLimits {
  public static let maximumRows = 200_000
  public static let maximumCells = 2_000_000
  public static let maximumColumns = 256
  /// The uncompressed size of all parts read from one OOXML file, and the size of a text file.
  public static let maximumBytes = 256 * 1024 * 1024
  /// Merged ranges larger than this are not carried (a merge over a whole sheet).
  public static let maximumMergedCells = 100_000
}
