import Foundation

/// Text compared and hashed by its exact UTF-8 bytes, the hash worked out once. `String`'s own
/// `==` and hashing follow Unicode canonical equivalence, which would merge differently-encoded
/// texts and is several times slower on Chinese text; dedupe, interning and looking up what
/// was made of the same cell before only need "the same bytes".
struct ExactText<Text: StringProtocol & Sendable>: Hashable, Sendable {
  let text: Text
  let hash: UInt64

  init(_ text: Text) {
    self.text = text
    hash = ExactString.bytesHash(text)
  }

  func hash(into hasher: inout Hasher) {
    hasher.combine(hash)
  }

  static func == (lhs: Self, rhs: Self) -> Bool {
    lhs.hash == rhs.hash && ExactString.sameBytes(lhs.text, rhs.text)
  }
}

/// A whole text (a field, a name) by its bytes.
typealias ExactString = ExactText<String>
/// A slice of a file's text (a cell, a line) by its bytes.
typealias ExactSubstring = ExactText<Substring>

extension ExactText<String> {
  var string: String { text }
}

extension ExactText {
  static func sameBytes(_ lhs: some StringProtocol, _ rhs: some StringProtocol) -> Bool {
    withBytes(lhs) { left in
      withBytes(rhs) { right in
        left.count == right.count
          && (left.isEmpty || memcmp(left.baseAddress!, right.baseAddress!, left.count) == 0)
      }
    }
  }

  /// Byte order (code point order for UTF-8): `memcmp` in place, where comparing the
  /// `utf8` views steps a byte at a time (sorting a province's 1,000 file names that way
  /// took 9 million instructions of every start).
  static func bytesPrecede(_ lhs: String, _ rhs: String) -> Bool {
    var (lhs, rhs) = (lhs, rhs)
    return lhs.withUTF8 { left in
      rhs.withUTF8 { right in
        let common = min(left.count, right.count)
        let order = common == 0 ? 0 : memcmp(left.baseAddress!, right.baseAddress!, common)
        return order != 0 ? order < 0 : left.count < right.count
      }
    }
  }

  /// The text's UTF-8 in place (native strings and their slices), else a copy.
  private static func withBytes<Result>(
    _ text: some StringProtocol, _ body: (UnsafeRawBufferPointer) -> Result
  ) -> Result {
    if let result = text.utf8.withContiguousStorageIfAvailable({
      body(UnsafeRawBufferPointer($0))
    }) {
      return result
    }
    return Array(text.utf8).withUnsafeBytes(body)
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
  static func bytesHash(_ text: some StringProtocol) -> UInt64 {
    withBytes(text) { bytesHash($0) }
  }

  /// `bytesHash` of a string with these UTF-8 bytes.
  static func bytesHash(_ raw: UnsafeRawBufferPointer) -> UInt64 {
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
