/// A string compared and hashed by its exact UTF-8 bytes. `String`'s own `==` and hashing
/// follow Unicode canonical equivalence, which would merge differently-encoded texts (and is
/// slower on non-ASCII text).
struct ExactString: Hashable {
  let string: String
  let bytesHash: UInt64

  init(_ string: String) {
    self.string = string
    bytesHash = ContentHash.hash(string)
  }

  func hash(into hasher: inout Hasher) {
    hasher.combine(bytesHash)
  }

  static func == (lhs: ExactString, rhs: ExactString) -> Bool {
    lhs.bytesHash == rhs.bytesHash && lhs.string.utf8.elementsEqual(rhs.string.utf8)
  }
}
