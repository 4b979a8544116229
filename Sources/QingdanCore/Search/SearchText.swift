/// The one normalisation every searched text and every query goes through, one code per
/// Character so that offsets in codes are offsets in the original text: traditional
/// characters fold to simplified, full-width ASCII to ASCII, letters to lower case.
struct SearchText: Sendable {
  let folding: TraditionalFolding

  func codes(_ text: String) -> [UInt32] {
    var result: [UInt32] = []
    result.reserveCapacity(text.utf8.count / 3 + 4)
    // Walking Characters means grapheme breaking, the slowest part of indexing. Where every
    // scalar stands alone as a Character (`SimpleText`: nearly all catalogue text), scalars
    // give the same codes.
    if SimpleText.isSimple(text) {
      for scalar in text.unicodeScalars {
        result.append(Self.code(scalar: scalar.value >= 0x3400 ? folding.fold(scalar) : scalar))
      }
      return result
    }
    for character in text {
      result.append(code(character))
    }
    return result
  }

  @inline(__always)
  func code(_ character: Character) -> UInt32 {
    var scalar = character.unicodeScalars.first!
    if scalar.value >= 0x3400 { scalar = folding.fold(scalar) }
    return Self.code(scalar: scalar)
  }

  @inline(__always)
  static func code(scalar: Unicode.Scalar) -> UInt32 {
    let value = scalar.value
    switch value {
    case 0x41...0x5A: return value + 0x20
    case 0xFF21...0xFF3A: return value - 0xFF21 + 0x61
    case 0xFF01...0xFF5E: return value - 0xFEE0
    case 0x3000: return 0x20
    default: return value
    }
  }

  /// Letters and digits (Han, Latin, numbers) take part in matching; spaces, punctuation
  /// and symbols separate.
  @inline(__always)
  static func isSearchable(_ code: UInt32) -> Bool {
    switch code {
    case 0x30...0x39, 0x61...0x7A: return true
    case 0...0x7F: return false
    case 0x3400...0x9FFF, 0xF900...0xFAFF, 0x20000...0x3134F: return true
    default:
      guard let scalar = Unicode.Scalar(code) else { return false }
      return scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }
  }

  @inline(__always)
  static func isASCIILetter(_ code: UInt32) -> Bool { (0x61...0x7A).contains(code) }
}
