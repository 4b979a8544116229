/// Cells exported from the official documents carry HTML fragments (`<p>`, `</p>`,
/// `<ol style=…>`, list items, entities). They become plain text here, split into the
/// segments the markup delimited, so that paragraph structure survives.
enum CellMarkup {
  /// The cell's text split at every tag, entities decoded, whitespace collapsed, empty parts
  /// dropped. A tag that is cut off at the end of a cell is dropped too.
  static func segments(_ cell: Substring) -> [String] {
    var contiguousCell = cell
    let (hasTag, hasEntity) = contiguousCell.withUTF8 { bytes in
      (bytes.contains(UInt8(ascii: "<")), bytes.contains(UInt8(ascii: "&")))
    }
    guard hasTag || hasEntity else {
      let plain = collapseWhitespace(cell)
      return plain.isEmpty ? [] : [plain]
    }
    // UTF-8 bytes, not Characters: tags are ASCII, and an ASCII byte is always a whole scalar.
    let decoded = hasEntity ? decodeEntities(cell)[...] : cell
    var contiguous = decoded
    return contiguous.withUTF8 { bytes in
      var segments: [String] = []
      var segmentStart = 0
      var index = 0
      while index < bytes.count {
        if bytes[index] == UInt8(ascii: "<"), let tagEnd = endOfTag(in: bytes, from: index) {
          appendCollapsed(decoded, bytes, segmentStart..<index, to: &segments)
          index = tagEnd
          segmentStart = index
          continue
        }
        index += 1
      }
      appendCollapsed(decoded, bytes, segmentStart..<bytes.count, to: &segments)
      return segments
    }
  }

  private static func appendCollapsed(
    _ text: Substring, _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>,
    to segments: inout [String]
  ) {
    let plain = collapseWhitespace(text, utf8: bytes, range)
    if !plain.isEmpty { segments.append(plain) }
  }

  /// The cell as one line of plain text (for single-line fields such as names).
  static func plainText(_ cell: Substring) -> String {
    // Most cells (categories, names) are plain already, with no markup and no space to
    // collapse or trim: one pass over the bytes finds that out, and then the cell is the text.
    var contiguousCell = cell
    let (hasMarkup, hasSpace) = contiguousCell.withUTF8 { bytes in
      var hasSpace = false
      for index in bytes.indices {
        let byte = bytes[index]
        if byte == UInt8(ascii: "<") || byte == UInt8(ascii: "&") { return (true, hasSpace) }
        // Only these bytes start a space (see `spaceLength`); continuation bytes (0x80–0xBF)
        // and the CJK ideographs' lead bytes (0xE4–0xE9) never do.
        let mayStartSpace = byte <= 0x20 || byte == 0xC2 || (0xE1...0xE3).contains(byte)
        if !hasSpace, mayStartSpace, spaceLength(in: bytes, at: index) > 0 { hasSpace = true }
      }
      return (false, hasSpace)
    }
    if !hasMarkup, !hasSpace { return String(cell) }
    // No markup: one segment, no array to join.
    guard hasMarkup else { return collapseWhitespace(cell) }
    return segments(cell).joined(separator: " ")
  }

  /// If a tag starts at `start` ("<p>", "</p>", "<ol style=…>", "<br/>"), the offset just
  /// past it; a tag with no closing ">" runs to the end of the cell. Nil for a "<" that is
  /// text.
  private static func endOfTag(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
    var index = start + 1
    if index < bytes.count, bytes[index] == UInt8(ascii: "/") { index += 1 }
    guard index < bytes.count, isASCIILetter(bytes[index]) else { return nil }
    while index < bytes.count, bytes[index] != UInt8(ascii: ">") { index += 1 }
    return min(index + 1, bytes.count)
  }

  private static func isASCIILetter(_ byte: UInt8) -> Bool {
    (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
      || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
  }

  private static let namedEntities: [String: String] = [
    "nbsp": " ", "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "ensp": " ",
    "emsp": " ", "middot": "·", "ldquo": "“", "rdquo": "”", "lsquo": "‘", "rsquo": "’",
    "mdash": "—", "hellip": "…",
  ]

  static func decodeEntities(_ text: Substring) -> String {
    guard text.utf8.contains(UInt8(ascii: "&")) else { return String(text) }
    return SimpleText.isSimple(text)
      ? decodeEntities(Unicode.Scalar.units(of: text)) : decodeEntities(Character.units(of: text))
  }

  /// "&" and ";" are looked for as whole units: a Character "&" with a combining mark on it
  /// does not start an entity.
  private static func decodeEntities<Unit: TextUnit>(_ text: [Unit]) -> String {
    var result: [Unit] = []
    result.reserveCapacity(text.count)
    var index = 0
    while index < text.count {
      let unit = text[index]
      if unit == "&",
        let semicolon = text[index..<min(index + 12, text.count)].firstIndex(of: ";")
      {
        let name = Unit.string(text[(index + 1)..<semicolon])
        if let replacement = entity(named: name) {
          result += Unit.units(of: replacement)
          index = semicolon + 1
          continue
        }
      }
      result.append(unit)
      index += 1
    }
    return Unit.string(result)
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
    collapseWhitespace(text[...])
  }

  static func collapseWhitespace(_ text: Substring) -> String {
    var contiguous = text
    return contiguous.withUTF8 { collapseWhitespace(text, utf8: $0, 0..<$0.count) }
  }

  /// `collapseWhitespace` of the part `range` of `text`, whose UTF-8 is `bytes`: spaces are
  /// recognised by their encodings, and the runs between them are copied from `text` (no
  /// re-validation, unlike building the string byte by byte).
  static func collapseWhitespace(
    _ text: Substring, utf8 bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>
  ) -> String {
    var result = ""
    var pendingSpace = false
    var runStart: Int?
    var index = range.lowerBound
    while index < range.upperBound {
      let space = spaceLength(in: bytes, at: index)
      if space > 0 {
        if let start = runStart {
          result += text.utf8Slice(start..<index)
          runStart = nil
          pendingSpace = true
        }
        index += space
      } else {
        if runStart == nil {
          if pendingSpace { result += " " }
          pendingSpace = false
          runStart = index
        }
        index += scalarLength(lead: bytes[index])
      }
    }
    if let start = runStart {
      if result.isEmpty { return String(text.utf8Slice(start..<range.upperBound)) }
      result += text.utf8Slice(start..<range.upperBound)
    }
    return result
  }

  @inline(__always)
  static func scalarLength(lead: UInt8) -> Int {
    switch lead {
    case 0..<0xC0: 1
    case 0xC0..<0xE0: 2
    case 0xE0..<0xF0: 3
    default: 4
    }
  }

  /// The length of the space scalar (see `isSpaceScalar`) starting at `index`, or 0.
  @inline(__always)
  static func spaceLength(in bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
    let lead = bytes[index]
    switch lead {
    case 0x09...0x0D, 0x20: return 1
    case 0xC2:
      // U+0085, U+00A0.
      let next = bytes[index + 1]
      return next == 0x85 || next == 0xA0 ? 2 : 0
    case 0xE1:
      // U+1680.
      return bytes[index + 1] == 0x9A && bytes[index + 2] == 0x80 ? 3 : 0
    case 0xE2:
      // U+2000–U+200A, U+2028, U+2029, U+202F, U+205F.
      let second = bytes[index + 1]
      let third = bytes[index + 2]
      if second == 0x80 {
        return (0x80...0x8A).contains(third) || third == 0xA8 || third == 0xA9 || third == 0xAF
          ? 3 : 0
      }
      return second == 0x81 && third == 0x9F ? 3 : 0
    case 0xE3:
      // U+3000.
      return bytes[index + 1] == 0x80 && bytes[index + 2] == 0x80 ? 3 : 0
    default: return 0
    }
  }

  /// Spaces of every kind, tested by value: a Unicode property lookup for every Chinese
  /// character of every cell is what made this slow. The same set as `spaceLength`.
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
  static func trimmed(_ text: String) -> String {
    String(trimmedSlice(text[...]))
  }

  static func trimmed(_ text: Substring) -> String {
    String(trimmedSlice(text))
  }

  /// `trimmed`, as a slice of `text`.
  static func trimmedSlice(_ text: Substring) -> Substring {
    var text = text
    let range = text.withUTF8 { bytes in
      var start = 0
      while start < bytes.count {
        let length = spaceLength(in: bytes, at: start)
        if length == 0 { break }
        start += length
      }
      var end = bytes.count
      while end > start {
        var lastScalar = end - 1
        while bytes[lastScalar] & 0xC0 == 0x80 { lastScalar -= 1 }
        if spaceLength(in: bytes, at: lastScalar) == 0 { break }
        end = lastScalar
      }
      return start..<end
    }
    return text.utf8Slice(range)
  }
}
