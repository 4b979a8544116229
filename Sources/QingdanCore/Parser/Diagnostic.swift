/// Something the parser could not read as written, with where and what to do.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
  public enum Severity: String, Sendable, Hashable, Codable, Comparable {
    /// Damage the parser repaired; nothing was lost.
    case warning
    /// A line or file that could not be read; its content is not in the index.
    case error

    public static func < (lhs: Severity, rhs: Severity) -> Bool {
      lhs == .warning && rhs == .error
    }
  }

  public var severity: Severity
  public var file: String
  /// 1-based; 0 when the problem is with the file as a whole.
  public var line: Int
  /// Plain language: what is wrong and, where it helps, what to do.
  public var message: String
  /// The sheet or table `line` counts rows in, for workbooks, documents and web pages.
  public var sheet: String?

  public init(severity: Severity, file: String, line: Int, message: String, sheet: String? = nil) {
    self.severity = severity
    self.file = file
    self.line = line
    self.message = message
    self.sheet = sheet
  }

  /// `file:line: severity: message`, the form editors and `grep -n` use; for a table file
  /// `file:sheet:row: …`.
  public var description: String {
    let place = sheet.map { "\(file):\($0)" } ?? file
    let location = line > 0 ? "\(place):\(line)" : place
    return "\(location): \(severity.rawValue): \(message)"
  }
}
