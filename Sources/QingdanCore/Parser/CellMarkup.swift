/// Cells exported from the official documents carry HTML fragments (`<p>`, `</p>`,
/// `<ol style=…>`, list items, entities). They become plain text here, split into the
/// segments the markup delimited, so that paragraph structure survives.
enum CellMarkup {
  /// The cell's text split at every tag, entities decoded, whitespace collapsed, empty parts
  /// dropped. A tag that is cut off at the end of a cell is dropped too.
  static func segments(_ cell: String) -> [String] {
    guard cell.contains("<") || cell.contains("&") else {
      let plain = collapseWhitespace(cell)
      return plain.isEmpty ? [] : [plain]
    }
    let decoded = decodeEntities(cell)
    var segments: [String] = []
    var current = ""
    var index = decoded.startIndex
    while index < decoded.endIndex {
      let character = decoded[index]
      if character == "<", let tagEnd = endOfTag(in: decoded, from: index) {
        segments.append(current)
        current = ""
        index = tagEnd
        continue
      }
      current.append(character)
      index = decoded.index(after: index)
    }
    segments.append(current)
    return segments.map(collapseWhitespace).filter { !$0.isEmpty }
  }

  /// The cell as one line of plain text (for single-line fields such as names).
  static func plainText(_ cell: String) -> String {
    segments(cell).joined(separator: " ")
  }

  /// If a tag starts at `start` ("<p>", "</p>", "<ol style=…>", "<br/>"), the index just past
  /// it; a tag with no closing ">" runs to the end of the cell. Nil for a "<" that is text.
  private static func endOfTag(in text: String, from start: String.Index) -> String.Index? {
    var index = text.index(after: start)
    if index < text.endIndex, text[index] == "/" { index = text.index(after: index) }
    guard index < text.endIndex, let first = text[index].asciiValue,
      (0x41...0x5A).contains(first) || (0x61...0x7A).contains(first)
    else { return nil }
    guard let close = text[index...].firstIndex(of: ">") else { return text.endIndex }
    return text.index(after: close)
  }

  private static let namedEntities: [String: String] = [
    "nbsp": " ", "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "ensp": " ",
    "emsp": " ", "middot": "·", "ldquo": "“", "rdquo": "”", "lsquo": "‘", "rsquo": "’",
    "mdash": "—", "hellip": "…",
  ]

  static func decodeEntities(_ text: String) -> String {
    guard text.contains("&") else { return text }
    var result = ""
    var index = text.startIndex
    while index < text.endIndex {
      let character = text[index]
      if character == "&",
        let semicolon = text[index...].prefix(12).firstIndex(of: ";")
      {
        let name = String(text[text.index(after: index)..<semicolon])
        if let replacement = entity(named: name) {
          result += replacement
          index = text.index(after: semicolon)
          continue
        }
      }
      result.append(character)
      index = text.index(after: index)
    }
    return result
  }

  private static func entity(named name: String) -> String? {
    if let named = namedEntities[name.lowercased()] { return named }
    guard name.hasPrefix("#") else { return nil }
    let digits = name.dropFirst()
    let value: UInt32? =
      digits.first == "x" || digits.first == "X"
      ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
    guard let value, let scalar = Unicode.Scalar(value), value >= 0x20 else { return nil }
    return String(Character(scalar))
  }

  /// Runs of spaces, tabs and ideographic spaces become one space; ends are trimmed.
  static func collapseWhitespace(_ text: String) -> String {
    var result = ""
    var pendingSpace = false
    for character in text {
      if character.isWhitespace {
        pendingSpace = !result.isEmpty
      } else {
        if pendingSpace { result.append(" ") }
        pendingSpace = false
        result.append(character)
      }
    }
    return result
  }
}
