/// Text from files and users made safe to print to a terminal: control characters (C0, DEL,
/// C1, the line and paragraph separators, and the bidirectional overrides that reorder
/// what is shown) become U+FFFD, so no escape sequence reaches the terminal. The one rule
/// for the command line; the browser's `Screen.put` applies the same to what it draws.
public enum TerminalText {
  public static let replacement: Character = "\u{FFFD}"

  public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
    let value = scalar.value
    return value < 0x20 || (0x7F...0x9F).contains(value) || value == 0x2028 || value == 0x2029
      || (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value)
  }

  /// `text` with every control character replaced, except those in `keeping` (a line
  /// break in multi-line output, a tab between columns).
  public static func sanitized(_ text: String, keeping: Set<Unicode.Scalar> = []) -> String {
    guard text.unicodeScalars.contains(where: { isControl($0) && !keeping.contains($0) })
    else { return text }
    var result = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
      result.append(isControl(scalar) && !keeping.contains(scalar) ? "\u{FFFD}" : scalar)
    }
    return String(result)
  }
}
