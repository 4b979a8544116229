/// What the query compiler precomputes from the search tables: pinyin spellings of the
/// known terms (`KnownTerms`), the sound keys of the slip vocabulary (`SlipRepair`), and
/// every word it looks a query's substrings up in (`KnownWords`).
/// The part that depends only on the tables is compiled once with them; each engine adds
/// its catalogues' categories (a few hundred words) in memory.
struct QueryTables: Sendable {
  var knownTerms: KnownTerms.Stored
  var slips: SlipRepair.Stored
  var knownWords: KnownWords

  /// The terms the synonyms and the caller lexicon know: every phrase and every term.
  static func synonymTerms(_ synonyms: Synonyms) -> Set<String> {
    Set(synonyms.entries.flatMap { [$0.key] + $0.value })
  }

  static func write(_ resources: SearchResources, to writer: inout TableWriter) {
    let terms = synonymTerms(resources.synonyms)
    KnownTerms.Stored.write(
      terms: terms, pinyinOnly: resources.synonyms.isLexiconWord, pinyin: resources.pinyin,
      to: &writer)
    let slipWords = SlipRepair.Stored.write(
      vocabulary: slipVocabulary(terms, thesaurus: resources.thesaurus), pinyin: resources.pinyin,
      to: &writer)
    KnownWords.write(
      words: resources.words.all + resources.synonyms.entries.keys + slipWords,
      thesaurusWords: resources.thesaurus.allWords, to: &writer)
  }

  init(reading reader: inout TableReader) throws(TableFormatError) {
    knownTerms = try KnownTerms.Stored(reading: &reader)
    slips = try SlipRepair.Stored(reading: &reader)
    knownWords = try KnownWords(reading: &reader)
  }

  /// Compiled in memory, for tables that did not come from a compiled file (tests give
  /// their own synonyms or thesaurus).
  init(compiling resources: SearchResources) {
    var writer = TableWriter()
    Self.write(resources, to: &writer)
    var reader = TableReader(
      storage: .copying(writer.bytes), range: 0..<writer.bytes.count)
    // What was just written reads back.
    self = try! Self(reading: &reader)
  }

  /// Slips are repaired towards the words that lead somewhere: the known terms, and the
  /// thesaurus words grouped with one of them.
  static func slipVocabulary(_ terms: Set<String>, thesaurus: Thesaurus) -> Set<String> {
    terms.union(thesaurus.words(groupedWithAnyOf: terms))
  }
}

extension SearchResources {
  /// The query compiler's known terms, slip vocabulary and known words for catalogues
  /// with these categories: the compiled part, with the categories added.
  func compilerVocabulary(categories: [String]) -> CompilerVocabulary {
    let tables = queryTables ?? QueryTables(compiling: self)
    let knownTerms = KnownTerms(
      tables.knownTerms, adding: categories, isPinyinOnly: synonyms.isLexiconWord,
      pinyin: pinyin)
    let slips = SlipRepair(
      tables.slips,
      adding: QueryTables.slipVocabulary(Set(categories), thesaurus: thesaurus), pinyin: pinyin)
    return CompilerVocabulary(knownTerms: knownTerms, slips: slips, knownWords: tables.knownWords)
  }
}

struct CompilerVocabulary {
  var knownTerms: KnownTerms
  var slips: SlipRepair
  /// The words of the tables; `slips` holds those the categories add.
  var knownWords: KnownWords
}
