extension String {
  /// The characters as one string, their UTF-8 copied in one go: `String(characters)`
  /// appends them one by one, which was a tenth of compiling a long query (every substring
  /// of a work order is looked up as a word).
  init(joining characters: ArraySlice<Character>) {
    var count = 0
    for character in characters { count += character.utf8.count }
    self.init(unsafeUninitializedCapacity: count) { buffer in
      var written = 0
      for character in characters {
        for byte in character.utf8 {
          buffer[written] = byte
          written += 1
        }
      }
      return written
    }
  }
}
