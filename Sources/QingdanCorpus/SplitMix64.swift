/// A small, fast pseudo-random generator (Steele, Lea and Flood's SplitMix64) whose output
/// depends only on its seed: the corpus must be the same on every machine and Swift version,
/// so nothing here goes through the standard library's `random(in:)` or `shuffled()`.
struct SplitMix64 {
  private var state: UInt64

  init(state: UInt64) {
    self.state = state
  }

  /// A stream of its own for each (seed, index, purpose), so that one township's draws never
  /// shift another's, and adding a draw for one purpose leaves the others unchanged.
  init(seed: UInt64, index: Int, purpose: Purpose) {
    state = Self.mix(Self.mix(seed ^ purpose.rawValue) &+ UInt64(truncatingIfNeeded: index))
  }

  enum Purpose: UInt64 {
    case township = 0x7461_6f77_6e73_6869
    case countyLayout = 0x636f_756e_7479_4c61
    case prefectureLayout = 0x7072_6566_4c61_796f
    case countyKind = 0x636f_4b69_6e64_0000
    case prefectureKind = 0x7072_4b69_6e64_0000
    case nameTable = 0x6e61_6d65_5461_626c
    /// Two editions of one township: what the older holds and how the newer differs.
    case edition = 0x6564_6974_696f_6e00
    case oldEditionLayout = 0x6f6c_644c_6179_6f75
    case newEditionLayout = 0x6e65_774c_6179_6f75
  }

  /// The SplitMix64 finaliser: a good 64-bit mixing function on its own.
  static func mix(_ value: UInt64) -> UInt64 {
    var z = value
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    return Self.mix(state)
  }

  /// A number in 0..<bound (bound > 0), by Lemire's multiply-high; the tiny bias is harmless here.
  mutating func int(below bound: Int) -> Int {
    precondition(bound > 0)
    return Int(next().multipliedFullWidth(by: UInt64(bound)).high)
  }

  mutating func int(in range: ClosedRange<Int>) -> Int {
    range.lowerBound + int(below: range.count)
  }

  /// A number in [0, 1).
  mutating func fraction() -> Double {
    Double(next() >> 11) * 0x1.0p-53
  }

  mutating func chance(_ probability: Double) -> Bool {
    fraction() < probability
  }

  mutating func fraction(in range: ClosedRange<Double>) -> Double {
    range.lowerBound + fraction() * (range.upperBound - range.lowerBound)
  }

  mutating func element<T>(of array: [T]) -> T {
    array[int(below: array.count)]
  }
}
