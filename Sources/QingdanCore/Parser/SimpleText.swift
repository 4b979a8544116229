/// Text whose Unicode scalars are each a whole Character and already in NFC, so that stepping
/// through it by scalar (or comparing its UTF-8 bytes) gives exactly what stepping by Character
/// (or comparing Strings) would: no combining marks, no CR (CR LF is one Character), no Hangul
/// jamo, no compatibility ideographs. Catalogue text (CJK, ASCII, CJK punctuation) almost always
/// is; the parser and `SearchText` take their fast paths only for such text and fall back to
/// Characters otherwise.
enum SimpleText {
  /// Whether every scalar of `text` is simple.
  static func isSimple(_ text: some StringProtocol) -> Bool {
    if let answer = text.utf8.withContiguousStorageIfAvailable(isSimple(utf8:)) {
      return answer
    }
    var copy = String(text)
    return copy.withUTF8(isSimple(utf8:))
  }

  /// `bytes` must be valid UTF-8.
  static func isSimple(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    var index = 0
    let count = bytes.count
    while index < count {
      let lead = bytes[index]
      if lead < 0x80 {
        if lead == 0x0D { return false }
        index += 1
      } else if lead < 0xE0 {
        // Two bytes: U+0080…U+07FF; simple up to U+02FF (lead byte 0xCB).
        if lead > 0xCB { return false }
        index += 2
      } else if lead < 0xF0 {
        guard index + 2 < count else { return false }
        let value =
          UInt32(lead & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6
          | UInt32(bytes[index + 2] & 0x3F)
        guard isSimple(scalarValue: value) else { return false }
        index += 3
      } else {
        return false
      }
    }
    return true
  }

  /// The ranges checked once against the Unicode data (grapheme breaks with neighbours of
  /// every kind, NFC stability): ASCII and Latin up to U+02FF except CR, general punctuation
  /// U+2010–U+2027 (dashes, quotes, …), CJK symbols U+3000–U+3029 (before the combining tone
  /// marks), CJK ideographs and extension A, and fullwidth ASCII forms.
  @inline(__always)
  static func isSimple(scalarValue value: UInt32) -> Bool {
    switch value {
    case 0x0D: false
    case 0x00...0x2FF, 0x2010...0x2027, 0x3000...0x3029, 0x3400...0x4DBF, 0x4E00...0x9FFF,
      0xFF01...0xFF5E:
      true
    default: false
    }
  }
}

extension SimpleText {
  /// `text.hasPrefix(prefix)`; by bytes when both are simple (then the same answer).
  static func hasPrefix(_ text: String, _ prefix: String) -> Bool {
    guard isSimple(text), isSimple(prefix) else { return text.hasPrefix(prefix) }
    return text.utf8.starts(with: prefix.utf8)
  }

  /// Whether the UTF-8 of `text` ends with that of `suffix`.
  static func utf8(of text: String, endsWith suffix: String) -> Bool {
    let (utf8, suffixUTF8) = (text.utf8, suffix.utf8)
    return utf8.count >= suffixUTF8.count
      && utf8[utf8.index(utf8.endIndex, offsetBy: -suffixUTF8.count)...].elementsEqual(suffixUTF8)
  }

  /// `text.count`, counted by scalar when the text is simple.
  static func characterCount(_ text: String) -> Int {
    isSimple(text) ? text.unicodeScalars.count : text.count
  }

  /// The scalars of `text` if it is simple, decoded in one pass with the check, and the
  /// UTF-8 offset of each scalar and of the end.
  static func scalarsAndOffsets(ifSimple text: String) -> ([Unicode.Scalar], [Int])? {
    var text = text
    return text.withUTF8 { bytes -> ([Unicode.Scalar], [Int])? in
      var scalars: [Unicode.Scalar] = []
      var offsets: [Int] = []
      scalars.reserveCapacity(bytes.count)
      offsets.reserveCapacity(bytes.count + 1)
      var index = 0
      while index < bytes.count {
        offsets.append(index)
        let lead = bytes[index]
        let value: UInt32
        if lead < 0x80 {
          value = UInt32(lead)
          index += 1
        } else if lead < 0xE0 {
          value = UInt32(lead & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F)
          index += 2
        } else if lead < 0xF0 {
          value =
            UInt32(lead & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6
            | UInt32(bytes[index + 2] & 0x3F)
          index += 3
        } else {
          return nil
        }
        guard isSimple(scalarValue: value), let scalar = Unicode.Scalar(value) else { return nil }
        scalars.append(scalar)
      }
      offsets.append(bytes.count)
      return (scalars, offsets)
    }
  }
}

extension StringProtocol where UTF8View.SubSequence == Substring.UTF8View {
  /// The text between two UTF-8 offsets, which must fall on scalar boundaries; shares storage.
  func utf8Slice(_ offsets: Range<Int>) -> Substring {
    let start = utf8.index(utf8.startIndex, offsetBy: offsets.lowerBound)
    let end = utf8.index(start, offsetBy: offsets.count)
    return Substring(utf8[start..<end])
  }
}
