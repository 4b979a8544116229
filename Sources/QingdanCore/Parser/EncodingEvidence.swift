/// A file's bytes decoded as UTF-8 with every maximal invalid subpart replaced by U+FFFD
/// (the Unicode recommendation, as `String(decoding:as:)` does), remembering where each
/// replacement went and what it replaced, and counting how much of the non-ASCII text was
/// valid: the evidence for "UTF-8 with a few bad bytes" against "another encoding".
struct UTF8Repair {
  struct Damage {
    /// Where the U+FFFD stands in `bytes`.
    var offset: Int
    /// The bytes it replaced, as they were in the file.
    var raw: [UInt8]
    /// A valid start of a character that the end of the file cut short.
    var isCutAtEnd: Bool
  }

  /// The repaired text, valid UTF-8.
  private(set) var bytes: [UInt8] = []
  private(set) var damage: [Damage] = []
  /// Bytes in valid multi-byte sequences, and non-ASCII bytes that were not (but for a
  /// character the end of the file cut short).
  private(set) var validMultiByteBytes = 0
  private(set) var invalidBytes = 0

  static let replacement: [UInt8] = [0xEF, 0xBF, 0xBD]

  init(_ input: [UInt8]) {
    bytes.reserveCapacity(input.count + 16)
    var index = 0
    while index < input.count {
      let lead = input[index]
      if lead < 0x80 {
        bytes.append(lead)
        index += 1
        continue
      }
      let valid = Self.validPrefixLength(input, at: index)
      if valid.isComplete {
        bytes.append(contentsOf: input[index..<index + valid.length])
        validMultiByteBytes += valid.length
      } else {
        let length = max(valid.length, 1)
        let isCutAtEnd = valid.length > 0 && index + length == input.count
        damage.append(
          Damage(
            offset: bytes.count, raw: Array(input[index..<index + length]),
            isCutAtEnd: isCutAtEnd))
        bytes.append(contentsOf: Self.replacement)
        // A character cut by the end of the file says the file was cut, not what it is.
        if !isCutAtEnd { invalidBytes += length }
      }
      index += max(valid.length, 1)
    }
  }

  /// The share of non-ASCII bytes that were valid UTF-8 (1 when there were none).
  var validShare: Double {
    let total = validMultiByteBytes + invalidBytes
    return total == 0 ? 1 : Double(validMultiByteBytes) / Double(total)
  }

  /// UTF-8 with a few damaged bytes rather than another encoding: at least 95% of the
  /// non-ASCII bytes decode. One stray byte or a cut character in a file of Chinese text is
  /// far above that; GBK decodes as UTF-8 only by accident (well under half of its bytes).
  var isMostlyUTF8: Bool { validShare >= 0.95 }

  /// How many bytes from `index` form a valid sequence or its valid start, and whether
  /// the sequence is complete. Ranges per byte position are those of Unicode's table 3-7
  /// (no overlongs, surrogates or values above U+10FFFF).
  private static func validPrefixLength(
    _ input: [UInt8], at index: Int
  ) -> (length: Int, isComplete: Bool) {
    let lead = input[index]
    let length: Int
    var second: ClosedRange<UInt8> = 0x80...0xBF
    switch lead {
    case 0xC2...0xDF: length = 2
    case 0xE0:
      length = 3
      second = 0xA0...0xBF
    case 0xE1...0xEC, 0xEE...0xEF: length = 3
    case 0xED:
      length = 3
      second = 0x80...0x9F
    case 0xF0:
      length = 4
      second = 0x90...0xBF
    case 0xF1...0xF3: length = 4
    case 0xF4:
      length = 4
      second = 0x80...0x8F
    default: return (0, false)
    }
    for position in 1..<length {
      let at = index + position
      guard at < input.count else { return (position, false) }
      let range = position == 1 ? second : 0x80...0xBF
      guard range.contains(input[at]) else { return (position, false) }
    }
    return (length, true)
  }
}

/// Whether bytes that are not UTF-8 read as GBK (GB2312/GBK/GB18030 two-byte characters:
/// a lead byte 0x81–0xFE, a trail byte 0x40–0xFE but not 0x7F): nearly all non-ASCII
/// bytes pair up that way, and some pairs cannot be UTF-8 at all (a trail outside
/// 0x80–0xBF, or a lead that never starts a UTF-8 sequence). UTF-8 Chinese pairs up too,
/// so the pairs alone prove nothing; the ones UTF-8 cannot make do.
struct GBKEvidence {
  private(set) var pairs = 0
  private(set) var pairsThatCannotBeUTF8 = 0
  private(set) var strays = 0

  init(_ bytes: [UInt8]) {
    var index = 0
    while index < bytes.count {
      let byte = bytes[index]
      if byte < 0x80 {
        index += 1
      } else if (0x81...0xFE).contains(byte), index + 1 < bytes.count,
        (0x40...0xFE).contains(bytes[index + 1]), bytes[index + 1] != 0x7F
      {
        let trail = bytes[index + 1]
        pairs += 1
        if !(0xC2...0xF4).contains(byte) || !(0x80...0xBF).contains(trail) {
          pairsThatCannotBeUTF8 += 1
        }
        index += 2
      } else {
        strays += 1
        index += 1
      }
    }
  }

  var looksLikeGBK: Bool {
    pairs > 0 && strays * 10 <= pairs && pairsThatCannotBeUTF8 * 4 >= pairs
  }
}
