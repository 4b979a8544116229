/// Catalogue text made safe to print: files are untrusted, and a control character (an
/// escape sequence, a carriage return) must never reach the terminal.
public enum PrintableText {
  /// The character shown in place of a control character.
  public static let replacement: Character = "\u{FFFD}"

  /// C0 and C1 controls, DEL, and the Unicode line and paragraph separators.
  public static func isControl(_ character: Character) -> Bool {
    guard let value = character.unicodeScalars.first?.value else { return false }
    return value < 0x20 || (0x7F...0x9F).contains(value) || value == 0x2028 || value == 0x2029
  }

  /// `text` with each control character replaced; one line stays one line.
  public static func sanitised(_ text: String) -> String {
    guard text.contains(where: isControl) else { return text }
    return String(text.map { isControl($0) ? replacement : $0 })
  }
}
