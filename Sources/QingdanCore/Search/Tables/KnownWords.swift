/// Every word the query compiler takes for a word — the word list, the thesaurus, the
/// synonyms' phrases and the slip vocabulary — and every beginning of one, in one
/// open-addressing table of hashes compiled with the search tables (`QueryTables`). A work
/// order looks up hundreds of its substrings; one hash and a probe or two cost a tenth of a
/// binary search in each of four tables of up to 70,000 words.
///
/// A slot holds a string's hash with its two low bits replaced by flags: it is a word; a
/// longer word begins with it. Only strings of two characters or more are held. Two strings
/// whose hashes agree in their other 62 bits would read as one: with about 200,000 strings
/// held, a given query substring does so with odds of about 1 in 10^13.
struct KnownWords: Sendable {
  /// A power of two of slots, at most half full; 0 is an empty slot.
  private let slots: TableArray<UInt64>

  private static let isWordFlag: UInt64 = 1
  private static let isPrefixFlag: UInt64 = 2
  private static let flags: UInt64 = 3

  init() { slots = TableArray() }

  /// The words given, in memory (the words a catalogue adds to the slip vocabulary).
  init(words: some Sequence<String>) {
    slots = TableStorage.holding(Self.slots(words))
  }

  static func write(words: some Sequence<String>, to writer: inout TableWriter) {
    writer.counted(slots(words))
  }

  init(reading reader: inout TableReader) throws(TableFormatError) {
    slots = try reader.counted(UInt64.self)
    guard slots.count == 0 || slots.count.nonzeroBitCount == 1 else {
      throw TableFormatError("a word table has \(slots.count) slots, not a power of two")
    }
  }

  var isEmpty: Bool { slots.count == 0 }

  func lookup(_ text: String) -> WordLookup { lookup(hash: ExactString.bytesHash(text)) }

  /// `hash` is `ExactString.bytesHash` of the string.
  func lookup(hash: UInt64) -> WordLookup {
    guard slots.count > 0 else { return .nothing }
    let key = hash & ~Self.flags
    let mask = slots.count - 1
    var index = Self.home(of: hash, mask: mask)
    // A table is at most half full, so an empty slot ends every probe; a damaged one is
    // still read no further than once round.
    for _ in 0..<slots.count {
      let slot = slots[index]
      if slot == 0 { break }
      if slot & ~Self.flags == key {
        return WordLookup(
          isWord: slot & Self.isWordFlag != 0, isPrefix: slot & Self.isPrefixFlag != 0)
      }
      index = (index + 1) & mask
    }
    return .nothing
  }

  private static func home(of hash: UInt64, mask: Int) -> Int {
    Int(truncatingIfNeeded: hash >> 32) & mask
  }

  /// The table for `words`: each word of two characters or more, and its beginnings of two
  /// characters or more.
  private static func slots(_ words: some Sequence<String>) -> [UInt64] {
    var flagsOfKey: [UInt64: UInt64] = [:]
    for word in words {
      let characters = Array(word)
      guard characters.count >= 2 else { continue }
      flagsOfKey[ExactString.bytesHash(word) & ~flags, default: 0] |= isWordFlag
      for length in stride(from: 2, to: characters.count, by: 1) {
        let prefix = String(joining: characters[..<length])
        flagsOfKey[ExactString.bytesHash(prefix) & ~flags, default: 0] |= isPrefixFlag
      }
    }
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
