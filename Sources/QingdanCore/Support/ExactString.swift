import Foundation

/// A slice of text (a cell of a file) compared and hashed by its exact UTF-8 bytes, as
/// `ExactString` is, for looking up what was made of the same text before.
struct ExactSubstring: Hashable, Sendable {
  let text: Substring
  let hash: UInt64

  init(_ text: Substring) {
    self.text = text
    hash = ExactString.bytesHash(text)
  }

  func hash(into hasher: inout Hasher) {
    hasher.combine(hash)
  }

  static func == (lhs: ExactSubstring, rhs: ExactSubstring) -> Bool {
    lhs.hash == rhs.hash && ExactString.sameBytes(lhs.text, rhs.text)
  }
}

/// A string compared and hashed by its exact UTF-8 bytes. `String`'s own `==` and hashing
/// follow Unicode canonical equivalence, which would merge differently-encoded texts and is
/// several times slower on Chinese text; dedupe and interning only need "the same bytes".
struct ExactString: Hashable, Sendable {
  let string: String
  let hash: UInt64

  init(_ string: String) {
    self.string = string
    hash = Self.bytesHash(string)
  }

  func hash(into hasher: inout Hasher) {
    hasher.combine(hash)
  }

  static func == (lhs: ExactString, rhs: ExactString) -> Bool {
    lhs.hash == rhs.hash && sameBytes(lhs.string, rhs.string)
  }

  static func sameBytes(_ lhs: String, _ rhs: String) -> Bool {
    var (left, right) = (lhs, rhs)
    return left.withUTF8 { leftBytes in right.withUTF8 { sameBytes(leftBytes, $0) } }
  }

  static func sameBytes(_ lhs: Substring, _ rhs: Substring) -> Bool {
    var (left, right) = (lhs, rhs)
    return left.withUTF8 { leftBytes in right.withUTF8 { sameBytes(leftBytes, $0) } }
  }

  private static func sameBytes(
    _ left: UnsafeBufferPointer<UInt8>, _ right: UnsafeBufferPointer<UInt8>
  ) -> Bool {
    left.count == right.count
      && (left.isEmpty || memcmp(left.baseAddress!, right.baseAddress!, left.count) == 0)
  }

  /// Whether `needle`'s UTF-8 bytes occur in `haystack`'s (first byte by `memchr`, the rest
  /// by `memcmp`), where Foundation's `contains` folds both strings to UTF-16 first.
  static func containsBytes(_ haystack: String, _ needle: String) -> Bool {
    var (haystack, needle) = (haystack, needle)
    return haystack.withUTF8 { hay in
      needle.withUTF8 { sought in
        guard let first = sought.first else { return true }
        guard sought.count <= hay.count else { return false }
        var start = 0
        let lastStart = hay.count - sought.count
        while start <= lastStart,
          let found = memchr(hay.baseAddress! + start, Int32(first), lastStart - start + 1)
        {
          let at = hay.baseAddress!.distance(to: found.assumingMemoryBound(to: UInt8.self))
          if memcmp(hay.baseAddress! + at, sought.baseAddress!, sought.count) == 0 { return true }
          start = at + 1
        }
        return false
      }
    }
  }

  /// A multiplicative hash of the bytes, eight at a time, never 0: these are local files,
  /// not adversarial input, and SipHash (Hasher) costs several times as much.
  static func bytesHash(_ text: String) -> UInt64 {
    var text = text
    return text.withUTF8 { bytesHash(UnsafeRawBufferPointer($0)) }
  }

  /// `bytesHash` of a slice's bytes.
  static func bytesHash(_ text: Substring) -> UInt64 {
    var text = text
    return text.withUTF8 { bytesHash(UnsafeRawBufferPointer($0)) }
  }

  private static func bytesHash(_ raw: UnsafeRawBufferPointer) -> UInt64 {
      var hash = UInt64(truncatingIfNeeded: raw.count) &* 0x9E37_79B9_7F4A_7C15
      var offset = 0
      while offset + 8 <= raw.count {
        let word = raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
        hash = (hash ^ word) &* 0xFF51_AFD7_ED55_8CCD
        hash ^= hash >> 32
        offset += 8
      }
      var tail: UInt64 = 0
      for index in offset..<raw.count { tail = tail << 8 | UInt64(raw[index]) }
      hash = (hash ^ tail) &* 0xC4CE_B9FE_1A85_EC53
      hash ^= hash >> 29
    return hash == 0 ? 1 : hash
  }
}
