/// A query compiled against one search index: terms, each with alternative readings
/// (variants), each a sequence of units that match characters with a weight.
struct CompiledQuery: Sendable {
  /// Matches index characters, with how well each matches (1 = the character typed).
  struct Unit: Sendable {
    /// Symbol → weight, 0 where the character does not match; one entry per symbol. Empty
    /// for a unit of few candidates (a character of an expansion, a typed character without
    /// homophones), whose `candidates` are searched instead: a long query has a hundred
    /// units, and a table per unit costs more than the search saves.
    private var weights: [Float]
    /// The symbols with a weight, for iterating.
    var candidates: [(symbol: SymbolID, weight: Float)]
    /// Up to this many candidates are searched rather than tabled.
    static let searchedCandidates = 8
    /// The unit stands for a character typed as itself (not pinyin).
    var isLiteral: Bool

    /// The least weight of a character that matches well: typed (1), pinyin (0.9) or an
    /// initial (0.75), not a homophone (0.4). Only such characters make a phrase or are
    /// highlighted alone.
    static let wellMatchedWeight: Float = 0.7

    init(candidates: [SymbolID: Float], symbolCount: Int, isLiteral: Bool) {
      self.init(
        sortedCandidates: candidates.map { ($0.key, $0.value) }.sorted { $0.symbol < $1.symbol },
        symbolCount: symbolCount, isLiteral: isLiteral)
    }

    /// `sortedCandidates`: by symbol, each symbol once.
    init(
      sortedCandidates: [(symbol: SymbolID, weight: Float)], symbolCount: Int, isLiteral: Bool
    ) {
      var weights: [Float] = []
      if sortedCandidates.count > Self.searchedCandidates {
        weights = [Float](repeating: 0, count: symbolCount)
        for (symbol, weight) in sortedCandidates { weights[Int(symbol)] = weight }
      }
      self.weights = weights
      candidates = sortedCandidates
      self.isLiteral = isLiteral
    }

    var isEmpty: Bool { candidates.isEmpty }

    /// How well the character with `symbol` matches (0 for none or an unknown character).
    @inline(__always)
    func weight(_ symbol: SymbolID) -> Float {
      guard symbol != SymbolTable.none else { return 0 }
      if !weights.isEmpty { return weights[Int(symbol)] }
      for candidate in candidates where candidate.symbol == symbol { return candidate.weight }
      return 0
    }

    /// Whether the character with `symbol` matches well (see `wellMatchedWeight`).
    @inline(__always)
    func matchesWell(_ symbol: SymbolID) -> Bool {
      weight(symbol) >= Self.wellMatchedWeight
    }

    /// The character the unit stands for as itself (weight 1), if any.
    var literalSymbol: SymbolID? { candidates.first { $0.weight >= 1 }?.symbol }
  }

  struct Variant: Sendable {
    var units: [Unit]
    var weight: Float
    /// How the typed letters were read: as themselves (exact), as pinyin, as initials.
    var reading: MatchReason.Kind = .exact
  }

  struct Term: Sendable {
    var text: String
    var variants: [Variant]
    /// A synonym expansion: adds to the score, is not required for "all terms match".
    var isExpansion: Bool
    /// Where the term came from: `.exact` (or `.traditional`) for what was typed, otherwise
    /// the expansion and its chain from the typed words.
    var origin = MatchReason(kind: .exact, chain: [])
    /// The share of the typed query the term speaks for (1 when it is half of it or more):
    /// a phrase bonus is earned in proportion, so in a long sentence the name holding one
    /// short word of it (村民 of a work order about 基本农田) is not lifted as a whole.
    var share: Float = 1
  }

  var terms: [Term]
  /// The query was nothing but fillers (我想问一下怎么办): nothing to search for.
  var isFillerOnly = false
  /// The query's clauses with content: words apart, and parts of a word cut at
  /// punctuation (a work order's 村道急弯处没有警示标志，夜间容易出事故 is two).
  var clauseCount = 0

  var isEmpty: Bool { terms.allSatisfy { $0.variants.isEmpty } }

  /// The characters of the typed terms, as typed (weight 1, not pinyin or homophones).
  var typedCharacters: Set<SymbolID> {
    var characters = Set<SymbolID>()
    for term in terms where !term.isExpansion {
      for variant in term.variants {
        for unit in variant.units {
          characters.formUnion(unit.candidates.lazy.filter { $0.weight >= 1 }.map(\.symbol))
        }
      }
    }
    return characters
  }

  /// Whether an expansion's unit stands for a character the query typed. Its unigram is
  /// not read: the typed term reads that character already, and an expansion holding
  /// the typed word (生产安全事故 for 出事故) would count its characters twice, lifting
  /// every item that holds them alone (事 and 故 anywhere) over the query's other words.
  /// Its pairs still count: a pair says the expansion's word is there.
  static func isTypedAgain(_ unit: Unit, typed: Set<SymbolID>) -> Bool {
    unit.literalSymbol.map(typed.contains) ?? false
  }
}

/// Turns what the user typed into a `CompiledQuery`.
struct QueryCompiler {
  let index: SearchIndex
  let text: SearchText
  let pinyin: PinyinTable
  let synonyms: Synonyms
  let knownTerms: KnownTerms
  var fillers = Fillers()
  var thesaurus = Thesaurus()
  var words = WordList()
  var slips = SlipRepair(vocabulary: [], pinyin: PinyinTable(readings: [:]))
  /// The words of `words`, `thesaurus`, `synonyms` and `slips`, compiled with the tables.
  var knownWords = KnownWords()

  /// Longer input is cut: nobody types more into a search box, and time stays bounded.
  static let maxQueryCharacters = 64
  static let maxVariants = 8

  static let homophoneWeight: Float = 0.4
  static let syllableWeight: Float = 0.9
  static let initialWeight: Float = 0.75
  static let expansionWeight: Float = 0.8
  /// Thesaurus groups are looser than the synonyms file (丫头 is 姑娘 and 婢女).
  static let thesaurusWeight: Float = 0.5
  /// A word that only sounds like a known one.
  static let slipWeight: Float = 0.6
  /// Expansions a query may add at most (each costs compiling, ranking and highlighting
  /// time; piece by piece, synonyms come before slips and the thesaurus; no judged query
  /// ranks differently with 8 than with 16).
  static let maxExpansions = 8
  /// Thesaurus words followed per word of the query.
  static let maxThesaurusWords = 3
  /// The weight left to a pinyin reading when the letters spell a known term.
  static let guessedReadingWeight: Float = 0.5
  /// A reading whose last syllable is still being typed, when a complete reading exists
  /// ("xingzheng" is 行政; xing-zhen-g… is a weaker guess).
  static let incompleteReadingWeight: Float = 0.3
  /// Letters read as initials, and as themselves, when they also read as pinyin.
  static let initialsBesidePinyinWeight: Float = 0.8
  static let lettersBesideReadingsWeight: Float = 0.5
  /// Longer runs of letters are not read as initials: nobody abbreviates that much, and
  /// each initial stands for hundreds of characters.
  static let longestInitialsRun = 8

  func compile(_ query: String) -> CompiledQuery {
    // Control characters separate words (a pasted tab or newline) and never match.
    var cleaned = String.UnicodeScalarView()
    for scalar in query.unicodeScalars.prefix(Self.maxQueryCharacters * 4) {
      cleaned.append(scalar.properties.generalCategory == .control ? " " : scalar)
    }
    let words = String(cleaned).split(whereSeparator: { $0.isWhitespace }).map(String.init)
    var terms: [CompiledQuery.Term] = []
    var expansions = Expansions(budget: Self.maxExpansions)
    var budget = Self.maxQueryCharacters
    var sawFiller = false
    var clauseCount = 0
    for word in words where budget > 0 {
      let word = String(word.prefix(budget))
      budget -= word.count
      let folded = String(
        String.UnicodeScalarView(text.codes(word).compactMap(Unicode.Scalar.init)))
      if folded.allSatisfy({ $0.isASCII && $0.isLetter }) {
        terms.append(pinyinTerm(folded, expansions: &expansions))
        clauseCount += 1
        continue
      }
      let isTraditional = zip(word, folded).contains { typed, simplified in
        guard typed != simplified, let scalar = typed.unicodeScalars.first else { return false }
        return (0x3400...0x9FFF).contains(scalar.value) || (0xF900...0xFAFF).contains(scalar.value)
          || scalar.value >= 0x20000
      }
      let clauses = content(of: folded)
      clauseCount += clauses.count { !$0.isEmpty }
      let pieces = clauses.flatMap { $0 }
      if pieces.isEmpty {
        sawFiller = true
        continue
      }
      for piece in pieces {
        var typed = CompiledQuery.Term(
          text: piece, variants: variants(of: piece), isExpansion: false)
        if isTraditional { typed.origin = MatchReason(kind: .traditional, chain: [word]) }
        terms.append(typed)
        expand(piece, into: &expansions)
      }
      for clause in clauses where clause.count > 1 {
        expandAcrossFillers(clause, into: &expansions)
      }
    }
    // In a long sentence an expansion speaks for a few of its words only: it may weigh as
    // much as the typed words when it stands for half of them or more, less as they are a
    // smaller share (老人 in a 17-character work order about 网络安全).
    let typedLength = terms.reduce(0) { $0 + Self.typedLength($1.text) }
    func share(of text: String) -> Float {
      min(1, 2 * Float(Self.typedLength(text)) / Float(max(1, typedLength)))
    }
    for index in terms.indices { terms[index].share = share(of: terms[index].text) }
    for index in expansions.terms.indices {
      guard let source = expansions.terms[index].origin.chain.first, !source.allSatisfy(\.isASCII)
      else { continue }
      let share = share(of: source)
      expansions.terms[index].share = share
      for variant in expansions.terms[index].variants.indices {
        expansions.terms[index].variants[variant].weight *= share
      }
    }
    var compiled = CompiledQuery(terms: terms + expansions.terms)
    compiled.isFillerOnly = sawFiller && terms.isEmpty
    compiled.clauseCount = clauseCount
    return compiled
  }

  /// How much of the query a typed term is: its characters, a word of letters as two.
  static func typedLength(_ text: String) -> Int {
    text.allSatisfy(\.isASCII) ? 2 : text.count
  }

  /// What is left of a word of Chinese once fillers are out, cut at punctuation (a work
  /// order's clauses are searched apart); phrases the synonyms know (不给工钱) keep their
  /// characters, and so does a one-character filler that makes a known word with a
  /// neighbour (the 会 of 工会). A separable word split by a measure is whole again first
  /// (开一次会 → 开会, `SeparableWords`). The pieces come grouped by clause.
  private func content(of word: String) -> [[String]] {
    word.split(whereSeparator: { !SearchText.isSearchable(text.code($0)) }).map {
      clause -> [String] in
      let clause = SeparableWords.reunited(Array(clause)) { isWord(String([$0, $1])) }
      return fillers.content(
        of: clause, protected: synonyms.phraseSpans(in: Array(clause)),
        isWord: { first, second in isWord(String([first, second])) })
    }
  }

  /// For each position of `characters`, the words the vocabulary knows (a thesaurus word,
  /// a synonyms phrase) that hold it: a slip is looked for only where no character belongs
  /// to another word (the 市货 of 超市货架 straddles 超市, it is no slip).
  private func knownWordCover(_ characters: [Character]) -> [[Range<Int>]] {
    var cover = [[Range<Int>]](repeating: [], count: characters.count)
    let longest = max(thesaurus.longest, 4)
    guard characters.count >= 2 else { return cover }
    for start in 0..<(characters.count - 1) {
      for length in WordLookup.lengths(
        startingAt: start, in: characters, shortest: 2, longest: longest, lookup: vocabularyLookup)
      {
        for offset in start..<start + length { cover[offset].append(start..<start + length) }
      }
    }
    return cover
  }

  /// Whether `text` (two characters or more) is a word of the language or of the vocabulary
  /// (thesaurus, synonyms, catalogue terms), and whether a longer one begins with it.
  private func vocabularyLookup(_ text: String) -> WordLookup {
    let hash = ExactString.bytesHash(text)
    return knownWords.lookup(hash: hash) | slips.addedWordLookup(hash: hash)
  }

  private func isWord(_ text: String) -> Bool { vocabularyLookup(text).isWord }

  /// Whether every adjacent pair of `word` occurs in the catalogues (the word can match).
  private func occurs(_ word: String) -> Bool {
    let symbols = word.map { index.symbols.symbol(ofCode: text.code($0)) }
    guard symbols.count >= 2, !symbols.contains(nil) else { return false }
    return zip(symbols, symbols.dropFirst()).allSatisfy { index.bigrams($0!, $1!) != nil }
  }

  /// Letters only: pinyin, initials or ASCII; a known term's pinyin brings the term, and
  /// (full pinyin) what the synonyms file says it means.
  private func pinyinTerm(_ folded: String, expansions: inout Expansions)
    -> CompiledQuery.Term
  {
    var typed = CompiledQuery.Term(text: folded, variants: variants(of: folded), isExpansion: false)
    let isFullPinyin = PinyinSyllables.segmentations(of: folded, limit: 1).contains {
      $0.allSatisfy(PinyinSyllables.isSyllable)
    }
    let known =
      isFullPinyin
      ? knownTerms.terms(forPinyin: folded)
      : folded.count <= KnownTerms.maxInitials ? knownTerms.terms(forInitials: folded) : []
    // Like an input method choosing the dictionary word: "baoxian" is 保险, so the same
    // sounds elsewhere (the 报县 of 上报县…) count for less. When the catalogues hold
    // another word that reads so (申报 beside 参保), it is the known terms that are the guess.
    let isAmbiguous = !known.isEmpty && hasOtherWord(reading: typed.variants, besides: known)
    if !known.isEmpty, !isAmbiguous {
      for index in typed.variants.indices {
        typed.variants[index].weight *= Self.guessedReadingWeight
      }
    }
    let guess = isAmbiguous ? Self.guessedReadingWeight : 1
    let kind: MatchReason.Kind = isFullPinyin ? .pinyin : .initials
    for term in known {
      add(
        term, weight: Self.expansionWeight * guess,
        MatchReason(kind: kind, chain: [folded, term]), to: &expansions)
      // Initials name many terms at once; only full pinyin is sure enough to follow on.
      if isFullPinyin {
        for official in synonyms.entries[term] ?? [] {
          add(
            official, weight: Self.expansionWeight * Self.expansionWeight * guess,
            MatchReason(kind: .synonym, chain: [folded, term, official]), to: &expansions)
        }
      }
    }
    return typed
  }

  /// Whether two syllables typed also spell a word of the language, other than the known
  /// terms, that the catalogues hold: "shenbao" is 参保 to the vocabulary but 申报 in the
  /// catalogues, "huli" is the lexicon's 狐狸 but the catalogues' 护理; then the typed
  /// reading keeps its weight. (报县, the other "baoxian" of the catalogues, is no word.)
  private func hasOtherWord(reading variants: [CompiledQuery.Variant], besides known: [String])
    -> Bool
  {
    guard
      let pair = variants.first(where: { $0.reading == .pinyin && $0.units.count == 2 })?.units
    else { return false }
    for (first, firstWeight) in pair[0].candidates where firstWeight >= Self.syllableWeight {
      for second in index.successors(of: first)
      where pair[1].weight(second) >= Self.syllableWeight {
        guard let firstScalar = Unicode.Scalar(index.symbols.codes[Int(first)]),
          let secondScalar = Unicode.Scalar(index.symbols.codes[Int(second)])
        else { continue }
        let word = String([Character(firstScalar), Character(secondScalar)])
        if !known.contains(word), words.contains(word) { return true }
      }
    }
    return false
  }

  /// Synonyms and the caller lexicon first, then repaired slips, then the thesaurus.
  private func expand(_ piece: String, into expansions: inout Expansions) {
    expandSynonyms(piece, into: &expansions)
    guard !expansions.isFull else { return }
    let characters = Array(piece)
    // The words of the piece, looked up once for the slips and the thesaurus.
    let cover = knownWordCover(characters)
    expandSlips(characters, cover: cover, into: &expansions)
    expandThesaurus(characters, cover: cover, into: &expansions)
  }

  /// Phrases the synonyms know that a caller broke with fillers (党员多久开会: 党员开会),
  /// looked up in the clause's pieces joined; a phrase inside one piece was found already.
  private func expandAcrossFillers(_ pieces: [String], into expansions: inout Expansions) {
    guard !expansions.isFull else { return }
    let spanning = synonyms.expansions(of: pieces.joined()).filter { found in
      !pieces.contains { $0.contains(found.phrase) }
    }
    addSynonyms(spanning, into: &expansions)
  }

  private func expandSynonyms(_ piece: String, into expansions: inout Expansions) {
    guard !expansions.isFull else { return }
    addSynonyms(synonyms.expansions(of: piece), into: &expansions)
  }

  private func addSynonyms(
    _ found: [(phrase: String, terms: [String])], into expansions: inout Expansions
  ) {
    for (phrase, officials) in found {
      // The terms of one phrase share its weight: 出事故 is one thing said, whatever the
      // number of catalogue terms it maps to.
      let share = 1 / Float(officials.count).squareRoot()
      for official in officials {
        add(
          official, weight: Self.expansionWeight * share,
          MatchReason(kind: .synonym, chain: [phrase, official]), to: &expansions)
      }
    }
  }

  /// The spans no word covers beyond them, typed as no known word, each with the words it
  /// may be a slip for.
  private func slipCandidates(in characters: [Character], cover: [[Range<Int>]])
    -> [(typed: String, word: String)]
  {
    var slipped: [(typed: String, word: String)] = []
    for length in SlipRepair.lengths.reversed() where length <= characters.count {
      for start in 0...(characters.count - length) {
        let span = start..<start + length
        guard
          span.allSatisfy({ offset in
            cover[offset].allSatisfy { $0.clamped(to: span) == $0 }
          })
        else { continue }
        let typed = String(joining: characters[span])
        // Only what is no word — not in the catalogues, the synonyms or the thesaurus —
        // is taken for a slip (地里 is a word; 工前 is not). The cover holds every word.
        guard !cover[start].contains(span), !occurs(typed) else {
          continue
        }
        for word in slips.repairs(of: typed, pinyin: pinyin) { slipped.append((typed, word)) }
      }
    }
    return slipped
  }

  /// Spans of the piece that are no word, taken for slips and repaired (地包 → 低保),
  /// following the repaired word one step through the lexicon or the thesaurus.
  private func expandSlips(
    _ characters: [Character], cover: [[Range<Int>]], into expansions: inout Expansions
  ) {
    for (typed, word) in slipCandidates(in: characters, cover: cover) {
      if expansions.isFull { return }
      // A second step follows one meaning only: the lexicon's first term for the word.
      let officials = synonyms.entries[word] ?? []
      for official in officials.prefix(1) {
        add(
          official, weight: Self.slipWeight * Self.expansionWeight,
          MatchReason(kind: .slip, chain: [typed, word, official]), to: &expansions)
      }
      if occurs(word) {
        add(
          word, weight: Self.slipWeight, MatchReason(kind: .slip, chain: [typed, word]),
          to: &expansions)
      }
      if officials.isEmpty {
        // 工前 → 工钱 → 工资 → (the lexicon's) 拖欠农民工工资
        for mate in thesaurus.synonyms(of: word).prefix(Self.maxThesaurusWords) {
          for official in (synonyms.entries[mate] ?? (occurs(mate) ? [mate] : [])).prefix(1) {
            add(
              official, weight: Self.slipWeight * Self.thesaurusWeight,
              MatchReason(
                kind: .slip,
                chain: [typed, word, mate, official]
                  .reduce(into: []) { if $0.last != $1 { $0.append($1) } }), to: &expansions)
          }
        }
      }
    }
  }

  /// Thesaurus words in the piece (longest first, at most `maxThesaurusWords`) reach the
  /// catalogue through their synonyms.
  private func expandThesaurus(
    _ characters: [Character], cover: [[Range<Int>]], into expansions: inout Expansions
  ) {
    guard thesaurus.longest >= 2, !expansions.isFull else { return }
    var followed = 0
    for length in stride(from: min(thesaurus.longest, characters.count), through: 2, by: -1) {
      for start in 0...(characters.count - length) where followed < Self.maxThesaurusWords {
        if expansions.isFull { return }
        // A thesaurus word is a known word: only the cover's words are looked up.
        guard cover[start].contains(start..<start + length) else { continue }
        let word = String(joining: characters[start..<start + length])
        // A word ending in a particle (得了, 算了) is as often the particle's idiom
        // ("enough") as the words themselves (得了病): its synonyms are no clue.
        guard knownWords.isThesaurusWord(word), !synonyms.entries.contains(word), !occurs(word),
          let last = word.last, !fillers.contains(String(last))
        else { continue }
        followed += 1
        for mate in thesaurus.synonyms(of: word) {
          if expansions.isFull { return }
          if let officials = synonyms.entries[mate] {
            for official in officials.prefix(1) {
              add(
                official, weight: Self.thesaurusWeight * Self.expansionWeight,
                MatchReason(kind: .thesaurus, chain: [word, mate, official]), to: &expansions)
            }
          } else if occurs(mate) {
            add(
              mate, weight: Self.thesaurusWeight,
              MatchReason(kind: .thesaurus, chain: [word, mate]), to: &expansions)
          }
        }
      }
    }
  }

  private func add(
    _ official: String, weight: Float, _ origin: MatchReason, to expansions: inout Expansions
  ) {
    let folded = String(
      String.UnicodeScalarView(text.codes(official).compactMap(Unicode.Scalar.init)))
    guard expansions.admits(folded) else { return }
    // An expansion stands for the words it came from: a longer official term may not
    // outweigh them (出事故 is three characters, not the six of 生产安全事故).
    var scale: Float = 1
    if let source = origin.chain.first, !source.allSatisfy(\.isASCII), folded.count > source.count {
      scale = Float(source.count) / Float(folded.count)
    }
    var variants = variants(of: folded, homophones: false)
    for index in variants.indices { variants[index].weight *= weight * scale }
    expansions.append(
      CompiledQuery.Term(text: folded, variants: variants, isExpansion: true, origin: origin))
  }

  /// Expansion terms, each text once (the first, strongest, wins), at most `budget`.
  struct Expansions {
    var budget: Int
    var terms: [CompiledQuery.Term] = []
    private var seen: Set<String> = []

    init(budget: Int) { self.budget = budget }

    func admits(_ text: String) -> Bool { !isFull && !seen.contains(text) }

    /// No more terms are admitted: looking for them is wasted work.
    var isFull: Bool { terms.count >= budget }

    mutating func append(_ term: CompiledQuery.Term) {
      seen.insert(term.text)
      terms.append(term)
    }
  }

  /// A word becomes pieces (runs of ASCII letters, single other characters); letter runs
  /// have several readings (pinyin syllables, initials, literal letters), and the word's
  /// variants are their combinations, best first, at most `maxVariants`.
  /// `homophones`: typed characters also match their homophones weakly (not for an
  /// expansion, which is the catalogue's own word).
  private func variants(of word: String, homophones: Bool = true) -> [CompiledQuery.Variant] {
    var combinations: [CompiledQuery.Variant] = [CompiledQuery.Variant(units: [], weight: 1)]
    var letters = ""
    func flushLetters(isLast: Bool) {
      guard !letters.isEmpty else { return }
      let options = letterRunOptions(letters, isLast: isLast)
      var next: [CompiledQuery.Variant] = []
      for prefix in combinations {
        for option in options {
          next.append(
            CompiledQuery.Variant(
              units: prefix.units + option.units, weight: prefix.weight * option.weight,
              reading: option.reading == .exact ? prefix.reading : option.reading))
        }
      }
      combinations = Array(next.sorted { $0.weight > $1.weight }.prefix(Self.maxVariants))
      letters = ""
    }
    for character in word {
      let code = text.code(character)
      if SearchText.isASCIILetter(code) {
        letters.unicodeScalars.append(Unicode.Scalar(code)!)
        continue
      }
      flushLetters(isLast: false)
      guard SearchText.isSearchable(code) else { continue }
      let unit = characterUnit(code, homophones: homophones)
      for index in combinations.indices { combinations[index].units.append(unit) }
    }
    flushLetters(isLast: true)
    return combinations.filter { !$0.units.isEmpty }
  }

  /// A typed character matches itself, and its homophones weakly (for slips such as
  /// 临时救注 for 临时救助).
  private func characterUnit(_ code: UInt32, homophones: Bool) -> CompiledQuery.Unit {
    // An array sorted once, not a dictionary: a character has a hundred homophones, and a
    // work order thirty characters.
    var candidates: [(symbol: SymbolID, weight: Float)] = []
    if homophones, let scalar = Unicode.Scalar(code) {
      for syllable in pinyin.syllableIDs(of: scalar) {
        for homophone in index.symbols(ofSyllable: syllable) {
          candidates.append((homophone, Self.homophoneWeight))
        }
      }
    }
    if let symbol = index.symbols.symbol(ofCode: code) { candidates.append((symbol, 1)) }
    // By symbol, the stronger weight first; then each symbol once.
    candidates.sort { $0.symbol != $1.symbol ? $0.symbol < $1.symbol : $0.weight > $1.weight }
    var unique: [(symbol: SymbolID, weight: Float)] = []
    unique.reserveCapacity(candidates.count)
    for candidate in candidates where unique.last?.symbol != candidate.symbol {
      unique.append(candidate)
    }
    return CompiledQuery.Unit(
      sortedCandidates: unique, symbolCount: index.symbols.count, isLiteral: true)
  }

  private func unit(_ candidates: [SymbolID: Float], isLiteral: Bool) -> CompiledQuery.Unit {
    CompiledQuery.Unit(
      candidates: candidates, symbolCount: index.symbols.count, isLiteral: isLiteral)
  }

  /// The readings of a run of letters: full pinyin ("jiuzhu", "yimiao"), initials ("dm"),
  /// and the letters themselves (for ASCII text such as "app").
  private func letterRunOptions(_ run: String, isLast: Bool) -> [CompiledQuery.Variant] {
    var options: [CompiledQuery.Variant] = []
    let segmentations = PinyinSyllables.segmentations(
      of: run, lastMayBeIncomplete: isLast, limit: 4)
    let hasCompleteReading = segmentations.contains { $0.allSatisfy(PinyinSyllables.isSyllable) }
    for segmentation in segmentations {
      let isComplete = segmentation.allSatisfy(PinyinSyllables.isSyllable)
      let units = segmentation.enumerated().map { offset, syllable in
        let isPartial =
          isLast && offset == segmentation.count - 1 && !PinyinSyllables.isSyllable(syllable)
        return syllableUnit(syllable, asPrefix: isPartial)
      }
      let weight: Float = isComplete || !hasCompleteReading ? 1 : Self.incompleteReadingWeight
      if units.allSatisfy({ !$0.isEmpty }) {
        options.append(CompiledQuery.Variant(units: units, weight: weight, reading: .pinyin))
      }
    }
    if run.count <= Self.longestInitialsRun {
      let units = run.map { syllableUnit(String($0), asPrefix: true, weight: Self.initialWeight) }
      if units.allSatisfy({ !$0.isEmpty }) {
        options.append(
          CompiledQuery.Variant(
            units: units, weight: options.isEmpty ? 1 : Self.initialsBesidePinyinWeight,
            reading: .initials))
      }
    }
    let literal = run.unicodeScalars.map { scalar in
      unit(index.symbols.symbol(ofCode: scalar.value).map { [$0: 1] } ?? [:], isLiteral: true)
    }
    options.append(
      CompiledQuery.Variant(
        units: literal, weight: options.isEmpty ? 1 : Self.lettersBesideReadingsWeight))
    return options
  }

  /// Characters with a reading equal to (or, while typing, starting with) `syllable`.
  private func syllableUnit(_ syllable: String, asPrefix: Bool, weight: Float = syllableWeight)
    -> CompiledQuery.Unit
  {
    var weights: [SymbolID: Float] = [:]
    for (id, name) in pinyin.syllables.enumerated()
    where asPrefix ? name.hasPrefix(syllable) : name == syllable {
      for symbol in index.symbols(ofSyllable: UInt16(id)) {
        weights[symbol] = weight
      }
    }
    return unit(weights, isLiteral: false)
  }
}
