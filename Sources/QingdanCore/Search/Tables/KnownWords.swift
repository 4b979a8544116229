/// Every word the query compiler takes for a word — the word list, the thesaurus, the
/// synonyms' phrases and the slip vocabulary — and every beginning of one, in one
/// open-addressing table of hashes compiled with the search tables (`QueryTables`). A work
/// order looks up hundreds of its substrings; one hash and a probe or two cost a tenth of a
/// binary search in each of four tables of up to 70,000 words.
///
/// A slot holds a string's hash with its three low bits replaced by flags: it is a word; a
/// longer word begins with it; it is a word of the thesaurus. Only strings of two characters
/// or more are held. Two strings whose hashes agree in their other 61 bits would read as
/// one: with about 200,000 strings held, a given query substring does so with odds of about
/// 1 in 10^13.
struct KnownWords: Sendable {
  /// A power of two of slots, at most half full; 0 is an empty slot.
  private let slots: TableArray<UInt64>

  private static let isWordFlag: UInt64 = 1
  private static let isPrefixFlag: UInt64 = 2
  private static let isThesaurusWordFlag: UInt64 = 4
  private static let flags: UInt64 = 7

  init() { slots = TableArray() }

  /// The words given, in memory (the words a catalogue adds to the slip vocabulary).
  init(words: some Sequence<String>) {
    slots = TableStorage.holding(Self.slots(words, thesaurusWords: []))
  }

  /// `thesaurusWords` are words too, marked as the thesaurus's.
  static func write(
    words: some Sequence<String>, thesaurusWords: [String], to writer: inout TableWriter
  ) {
    writer.counted(slots(words, thesaurusWords: thesaurusWords))
  }

  init(reading reader: inout TableReader) throws(TableFormatError) {
    slots = try reader.counted(UInt64.self)
    guard slots.count == 0 || slots.count.nonzeroBitCount == 1 else {
      throw TableFormatError("a word table has \(slots.count) slots, not a power of two")
    }
  }

  func lookup(_ text: String) -> WordLookup { lookup(hash: ExactString.bytesHash(text)) }

  /// `hash` is `ExactString.bytesHash` of the string.
  func lookup(hash: UInt64) -> WordLookup {
    let flags = self.flags(hash: hash)
    return WordLookup(
      isWord: flags & Self.isWordFlag != 0, isPrefix: flags & Self.isPrefixFlag != 0)
  }

  /// Whether `text` is a word of the thesaurus.
  func isThesaurusWord(_ text: String) -> Bool {
    flags(hash: ExactString.bytesHash(text)) & Self.isThesaurusWordFlag != 0
  }

  /// The flags of the string with `hash`, 0 if the table does not hold it.
  private func flags(hash: UInt64) -> UInt64 {
    guard slots.count > 0 else { return 0 }
    let key = hash & ~Self.flags
    let mask = slots.count - 1
    var index = Self.home(of: hash, mask: mask)
    // A table is at most half full, so an empty slot ends every probe; a damaged one is
    // still read no further than once round.
    for _ in 0..<slots.count {
      let slot = slots[index]
      if slot == 0 { break }
      if slot & ~Self.flags == key { return slot & Self.flags }
      index = (index + 1) & mask
    }
    return 0
  }

  private static func home(of hash: UInt64, mask: Int) -> Int {
    Int(truncatingIfNeeded: hash >> 32) & mask
  }

  /// The table for `words` and `thesaurusWords`: each word of two characters or more, and
  /// its beginnings of two characters or more.
  private static func slots(_ words: some Sequence<String>, thesaurusWords: [String])
    -> [UInt64]
  {
    var flagsOfKey: [UInt64: UInt64] = [:]
    // By UTF-8 bytes and scalar boundaries: 200,000 words split into Characters took a
    // tenth of a second. A scalar boundary inside a Character adds a beginning no lookup
    // of whole Characters can ask for; every Character boundary is one.
    func add(_ word: String, flags wordFlags: UInt64) {
      var word = word
      word.withUTF8 { bytes in
        let raw = UnsafeRawBufferPointer(bytes)
        let boundaries = (1..<max(1, raw.count)).filter { raw[$0] & 0xC0 != 0x80 }
        // Two scalars at least (the first boundary ends the first scalar).
        guard !boundaries.isEmpty else { return }
        flagsOfKey[ExactString.bytesHash(raw) & ~flags, default: 0] |= wordFlags
        for end in boundaries.dropFirst() {
          let prefix = UnsafeRawBufferPointer(rebasing: raw[..<end])
          flagsOfKey[ExactString.bytesHash(prefix) & ~flags, default: 0] |= isPrefixFlag
        }
      }
    }
    for word in words { add(word, flags: isWordFlag) }
    for word in thesaurusWords { add(word, flags: isWordFlag | isThesaurusWordFlag) }
    guard !flagsOfKey.isEmpty else { return [] }
    var capacity = 1
    while capacity < 2 * flagsOfKey.count { capacity *= 2 }
    var slots = [UInt64](repeating: 0, count: capacity)
    // In key order, so the file's bytes do not depend on the dictionary's.
    for (key, flags) in flagsOfKey.sorted(by: { $0.key < $1.key }) {
      var index = home(of: key, mask: capacity - 1)
      while slots[index] != 0 { index = (index + 1) & (capacity - 1) }
      slots[index] = key | flags
    }
    return slots
  }
}
