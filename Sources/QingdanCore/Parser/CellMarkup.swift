/// Cells exported from the official documents carry HTML fragments (`<p>`, `</p>`,
/// `<ol style=…>`, list items, entities). They become plain text here, split into the
/// segments the markup delimited, so that paragraph structure survives.
enum CellMarkup {
  /// The cell's text split at every tag, entities decoded, whitespace collapsed, empty parts
  /// dropped. A tag that is cut off at the end of a cell is dropped too.
  static func segments(_ cell: String) -> [String] {
    guard cell.utf8.contains(where: { $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: "&") }) else {
      let plain = collapseWhitespace(cell)
      return plain.isEmpty ? [] : [plain]
    }
    // Scalars, not Characters: tags and whitespace are single scalars, and scalar
    // iteration is far cheaper than grapheme breaking on long cells.
    let scalars = Array(decodeEntities(cell).unicodeScalars)
    var segments: [String] = []
    var current = String.UnicodeScalarView()
    var index = 0
    while index < scalars.count {
      if scalars[index] == "<", let tagEnd = endOfTag(in: scalars, from: index) {
        segments.append(String(current))
        current = String.UnicodeScalarView()
        index = tagEnd
        continue
      }
      current.append(scalars[index])
      index += 1
    }
    segments.append(String(current))
    return segments.map(collapseWhitespace).filter { !$0.isEmpty }
  }

  /// The cell as one line of plain text (for single-line fields such as names).
  static func plainText(_ cell: String) -> String {
    segments(cell).joined(separator: " ")
  }

  /// If a tag starts at `start` ("<p>", "</p>", "<ol style=…>", "<br/>"), the offset just
  /// past it; a tag with no closing ">" runs to the end of the cell. Nil for a "<" that is
  /// text.
  private static func endOfTag(in scalars: [Unicode.Scalar], from start: Int) -> Int? {
    var index = start + 1
    if index < scalars.count, scalars[index] == "/" { index += 1 }
    guard index < scalars.count, scalars[index].isASCII,
      scalars[index].properties.isAlphabetic
    else { return nil }
    while index < scalars.count, scalars[index] != ">" { index += 1 }
    return min(index + 1, scalars.count)
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
    var result = String.UnicodeScalarView()
    var pendingSpace = false
    for scalar in text.unicodeScalars {
      let isSpace = isSpaceScalar(scalar)
      if isSpace {
        pendingSpace = !result.isEmpty
      } else {
        if pendingSpace { result.append(" ") }
        pendingSpace = false
        result.append(scalar)
      }
    }
    return String(result)
  }

  /// Spaces of every kind, tested by value: a Unicode property lookup for every Chinese
  /// character of every cell is what made this slow.
  @inline(__always)
  static func isSpaceScalar(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F,
      0x3000:
      return true
    default:
      return false
    }
  }

  /// `text` without spaces of any kind at either end; inner spaces are kept.
  static func trimmed(_ text: some StringProtocol) -> String {
    let scalars = text.unicodeScalars
    guard let first = scalars.firstIndex(where: { !isSpaceScalar($0) }),
      let last = scalars.lastIndex(where: { !isSpaceScalar($0) })
    else { return "" }
    var result = String.UnicodeScalarView()
    result.append(contentsOf: scalars[first...last])
    return String(result)
  }
}
