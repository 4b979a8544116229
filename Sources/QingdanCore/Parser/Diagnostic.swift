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

  public init(severity: Severity, file: String, line: Int, message: String) {
    self.severity = severity
    self.file = file
    self.line = line
    self.message = message
  }

  /// `file:line: severity: message`, the form editors and `grep -n` use.
  public var description: String {
    let location = line > 0 ? "\(file):\(line)" : file
    return "\(location): \(severity.rawValue): \(message)"
  }
}
