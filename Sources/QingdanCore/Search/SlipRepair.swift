/// Speech-to-text and typing slips repaired against the whole vocabulary — catalogue terms,
/// the caller lexicon and the thesaurus words that lead to them — by toneless pinyin, with
/// the confusions of northwest speech and of speech recognition folded together (n/l, zh/z,
/// ch/c, sh/s, an/ang, en/eng, in/ing, f/h): 工前 → 工钱, 婚严 → 婚宴, 地包 → 低保.
/// Precomputed: a query looks up a few sound keys, it never scans the vocabulary.
///
/// The vocabulary of the search tables is compiled once (`Stored`, read in place); the
/// catalogues' words are added in memory per engine.
struct SlipRepair: Sendable {
  private let stored: Stored
  /// Sound key → words that sound so, of the words added in memory.
  private let wordsBySound: [String: [String]]
  private let vocabulary: Set<String>
  /// The same words as known words, for the query compiler's substring scans.
  private let addedWords: KnownWords
  static let lengths = 2...4
  /// Polyphonic characters multiply keys; a word keeps at most this many.
  static let maxKeys = 8

  init(vocabulary: some Sequence<String>, pinyin: PinyinTable) {
    self.init(Stored(), adding: vocabulary, pinyin: pinyin)
  }

  /// `stored` with `vocabulary` added; words it already has are not keyed again.
  init(_ stored: Stored, adding vocabulary: some Sequence<String>, pinyin: PinyinTable) {
    self.stored = stored
    (wordsBySound, self.vocabulary) = Self.keyed(
      vocabulary.lazy.filter { !stored.vocabulary.sortedContains($0) }, pinyin: pinyin)
    addedWords = KnownWords(words: self.vocabulary)
  }

  /// Words of the right lengths, each once, and the words under each sound key, sorted.
  private static func keyed(_ vocabulary: some Sequence<String>, pinyin: PinyinTable) -> (
    [String: [String]], Set<String>
  ) {
    var bySound: [String: [String]] = [:]
    var words: Set<String> = []
    for word in vocabulary where Self.lengths.contains(word.count) {
      guard words.insert(word).inserted else { continue }
      for key in Self.keys(of: word, pinyin: pinyin) { bySound[key, default: []].append(word) }
    }
    return (bySound.mapValues { $0.sorted() }, words)
  }

  func isKnown(_ word: String) -> Bool {
    vocabulary.contains(word) || stored.vocabulary.sortedContains(word)
  }

  /// The words added in memory (the stored ones are among the compiled tables' known
  /// words); `hash` is `ExactString.bytesHash` of the string looked up.
  func addedWordLookup(hash: UInt64) -> WordLookup { addedWords.lookup(hash: hash) }

  /// Known words that sound like `text` (same length, another spelling), best kept few.
  func repairs(of text: String, pinyin: PinyinTable) -> [String] {
    guard Self.lengths.contains(text.count), !isKnown(text) else { return [] }
    var found: [String] = []
    var seen: Set<String> = [text]
    for key in soundKeys(of: text, pinyin: pinyin) {
      let stored = stored.wordsBySound[key] ?? []
      let added = wordsBySound[key] ?? []
      // Both sorted and disjoint: together, as if keyed at once.
      for word in stored.isEmpty ? added : added.isEmpty ? stored : (stored + added).sorted()
      where seen.insert(word).inserted {
        found.append(word)
      }
    }
    return found
  }

  /// `Self.keys(of:pinyin:)`, with each syllable folded once, when the tables were compiled
  /// (a query looks up the keys of each span that is no word).
  func soundKeys(of word: String, pinyin: PinyinTable) -> [String] {
    let folded = stored.foldedSyllables
    guard folded.count == pinyin.syllables.count else { return Self.keys(of: word, pinyin: pinyin) }
    return Self.keys(of: word) { pinyin.syllableIDs(of: $0).map { folded.string(at: Int($0)) } }
  }

  /// The vocabulary compiled once, as the compiled tables file holds it.
  struct Stored: Sendable {
    fileprivate var wordsBySound = TableWordMap()
    /// Sorted by bytes.
    fileprivate var vocabulary = TableStrings()
    /// Each syllable of the pinyin table folded, by syllable ID.
    fileprivate var foldedSyllables = TableStrings()

    init() {}

    /// Writes the vocabulary and returns the words kept (those of `lengths`).
    @discardableResult
    static func write(
      vocabulary: some Sequence<String>, pinyin: PinyinTable, to writer: inout TableWriter
    ) -> Set<String> {
      let (bySound, words) = SlipRepair.keyed(vocabulary, pinyin: pinyin)
      TableWordMap.write(bySound, to: &writer)
      writer.strings(words.sorted(by: ExactString.bytesPrecede))
      writer.strings(pinyin.syllables.map(SlipRepair.fold))
      return words
    }

    init(reading reader: inout TableReader) throws(TableFormatError) {
      wordsBySound = try TableWordMap(reading: &reader)
      vocabulary = try reader.strings()
      foldedSyllables = try reader.strings()
    }
  }

  /// Every folded spelling of `word`, at most `maxKeys`; none if a character has no reading.
  static func keys(of word: String, pinyin: PinyinTable) -> [String] {
    keys(of: word) { pinyin.readings(of: $0).map(fold) }
  }

  /// The keys of `word` from each character's folded readings.
  private static func keys(of word: String, foldedReadings: (Character) -> [String]) -> [String] {
    var keys: Set<String> = [""]
    for character in word {
      let readings = Set(foldedReadings(character))
      guard !readings.isEmpty else { return [] }
      keys = Set(keys.flatMap { prefix in readings.map { prefix + $0 + "'" } })
      if keys.count > maxKeys { keys = Set(keys.sorted().prefix(maxKeys)) }
    }
    return keys.sorted()
  }

  /// One toneless syllable with the common confusions merged: retroflex and flat initials,
  /// n and l, f and h, and front and back nasal finals.
  static func fold(_ syllable: String) -> String {
    var initial = ""
    var rest = Substring(syllable)
    for prefix in ["zh", "ch", "sh"] where rest.hasPrefix(prefix) {
      initial = String(prefix.prefix(1))
      rest = rest.dropFirst(2)
      break
    }
    if initial.isEmpty, let first = rest.first, "bpmfdtnlgkhjqxrzcsyw".contains(first) {
      initial = first == "n" ? "l" : first == "f" ? "h" : String(first)
      rest = rest.dropFirst()
    }
    var final = String(rest)
    if final.hasSuffix("ng"), final != "ng", !final.hasSuffix("ong") {
      final.removeLast()  // ang → an, eng → en, ing → in (ong stays: no "on")
      final.removeLast()
      final += "n"
    }
    return initial + final
  }
}
