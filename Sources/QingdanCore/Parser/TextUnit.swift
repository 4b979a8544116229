/// What the look-ahead parsers step through: Characters in general, Unicode scalars when the
/// text is simple (see `SimpleText`), where the two give the same results and scalars are far
/// cheaper to compare.
protocol TextUnit: Hashable, Sendable, ExpressibleByUnicodeScalarLiteral {
  static func units(of text: some StringProtocol) -> [Self]
  static func string(_ units: some Collection<Self>) -> String
  /// "0"…"9".
  var isASCIIDigit: Bool { get }
  /// 0…9 for "0"…"9", else nil.
  var asciiDigitValue: Int? { get }
}

extension Character: TextUnit {
  static func units(of text: some StringProtocol) -> [Character] { Array(text) }
  static func string(_ units: some Collection<Character>) -> String { String(units) }
  var isASCIIDigit: Bool { isASCII && isNumber }
  var asciiDigitValue: Int? { isASCIIDigit ? Int(asciiValue! - UInt8(ascii: "0")) : nil }
}

extension Unicode.Scalar: TextUnit {
  static func units(of text: some StringProtocol) -> [Unicode.Scalar] { Array(text.unicodeScalars) }

  static func string(_ units: some Collection<Unicode.Scalar>) -> String {
    // Encoding straight into the string's storage; appending scalar by scalar is much slower.
    String(unsafeUninitializedCapacity: units.count * 4) { buffer in
      var written = 0
      for scalar in units {
        UTF8.encode(scalar) { byte in
          buffer[written] = byte
          written += 1
        }
      }
      return written
    }
  }

  var isASCIIDigit: Bool { (0x30...0x39).contains(value) }
  var asciiDigitValue: Int? { isASCIIDigit ? Int(value - 0x30) : nil }
}
