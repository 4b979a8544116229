/// A query compiled against one search index: terms, each with alternative readings
/// (variants), each a sequence of units that match characters with a weight.
struct CompiledQuery: Sendable {
  /// Matches index characters, with how well each matches (1 = the character typed).
  struct Unit: Sendable {
    /// Symbol → weight, 0 where the character does not match; one entry per symbol.
    var weights: [Float]
    /// The symbols with a weight, for iterating.
    var candidates: [(symbol: SymbolID, weight: Float)]
    /// The unit stands for a character typed as itself (not pinyin).
    var isLiteral: Bool

    /// The least weight of a character that matches well: typed (1), pinyin (0.9) or an
    /// initial (0.75), not a homophone (0.4). Only such characters make a phrase or are
    /// highlighted alone.
    static let wellMatchedWeight: Float = 0.7

    init(candidates: [SymbolID: Float], symbolCount: Int, isLiteral: Bool) {
      var weights = [Float](repeating: 0, count: symbolCount)
      for (symbol, weight) in candidates { weights[Int(symbol)] = weight }
      self.weights = weights
      self.candidates = candidates.map { ($0.key, $0.value) }.sorted { $0.symbol < $1.symbol }
      self.isLiteral = isLiteral
    }

    var isEmpty: Bool { candidates.isEmpty }

    /// How well the character with `symbol` matches (0 for none or an unknown character).
    @inline(__always)
    func weight(_ symbol: SymbolID) -> Float {
      symbol == SymbolTable.none ? 0 : weights[Int(symbol)]
    }

    /// Whether the character with `symbol` matches well (see `wellMatchedWeight`).
    @inline(__always)
    func matchesWell(_ symbol: SymbolID) -> Bool {
      weight(symbol) >= Self.wellMatchedWeight
    }
  }

  struct Variant: Sendable {
    var units: [Unit]
    var weight: Float
  }

  struct Term: Sendable {
    var text: String
    var variants: [Variant]
    /// A synonym expansion: adds to the score, is not required for "all terms match".
    var isExpansion: Bool
  }

  var terms: [Term]

  var isEmpty: Bool { terms.allSatisfy { $0.variants.isEmpty } }
}

/// Turns what the user typed into a `CompiledQuery`.
struct QueryCompiler {
  let index: SearchIndex
  let text: SearchText
  let pinyin: PinyinTable
  let synonyms: Synonyms
  let knownTerms: KnownTerms

  /// Longer input is cut: nobody types more into a search box, and time stays bounded.
  static let maxQueryCharacters = 64
  static let maxVariants = 8

  static let homophoneWeight: Float = 0.4
  static let syllableWeight: Float = 0.9
  static let initialWeight: Float = 0.75
  static let expansionWeight: Float = 0.8
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
    var budget = Self.maxQueryCharacters
    for word in words where budget > 0 {
      let word = String(word.prefix(budget))
      budget -= word.count
      let folded = String(
        String.UnicodeScalarView(text.codes(word).compactMap(Unicode.Scalar.init)))
      var typed = CompiledQuery.Term(
        text: folded, variants: variants(of: folded), isExpansion: false)
      var expansions = synonyms.expansions(of: folded).flatMap(\.terms)
      if folded.allSatisfy({ $0.isASCII && $0.isLetter }) {
        expansions += knownTermsSpelled(by: folded, typed: &typed)
      }
      terms.append(typed)
      for official in expansions {
        let foldedOfficial = String(
          String.UnicodeScalarView(text.codes(official).compactMap(Unicode.Scalar.init)))
        var expansion = variants(of: foldedOfficial)
        for index in expansion.indices { expansion[index].weight *= Self.expansionWeight }
        terms.append(
          CompiledQuery.Term(text: foldedOfficial, variants: expansion, isExpansion: true))
      }
    }
    return CompiledQuery(terms: terms)
  }

  /// Pinyin for a known term: the term, and what the synonyms file says it means. The
  /// typed readings then count for less.
  private func knownTermsSpelled(by letters: String, typed: inout CompiledQuery.Term)
    -> [String]
  {
    let isFullPinyin = PinyinSyllables.segmentations(of: letters, limit: 1).contains {
      $0.allSatisfy(PinyinSyllables.isSyllable)
    }
    let known =
      isFullPinyin
      ? knownTerms.terms(forPinyin: letters)
      : letters.count <= KnownTerms.maxInitials ? knownTerms.terms(forInitials: letters) : []
    if !known.isEmpty {
      // Like an input method choosing the dictionary word: "baoxian" is 保险, so the
      // same sounds elsewhere (the 报县 of 上报县…) count for less.
      for index in typed.variants.indices {
        typed.variants[index].weight *= Self.guessedReadingWeight
      }
    }
    var expansions: [String] = []
    for term in known {
      expansions.append(term)
      // Initials name many terms at once; only full pinyin is sure enough to follow on.
      if isFullPinyin { expansions += synonyms.entries[term] ?? [] }
    }
    return expansions
  }

  /// A word becomes pieces (runs of ASCII letters, single other characters); letter runs
  /// have several readings (pinyin syllables, initials, literal letters), and the word's
  /// variants are their combinations, best first, at most `maxVariants`.
  private func variants(of word: String) -> [CompiledQuery.Variant] {
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
              units: prefix.units + option.units, weight: prefix.weight * option.weight))
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
      let unit = characterUnit(code)
      for index in combinations.indices { combinations[index].units.append(unit) }
    }
    flushLetters(isLast: true)
    return combinations.filter { !$0.units.isEmpty }
  }

  /// A typed character matches itself, and its homophones weakly (for slips such as
  /// 临时救注 for 临时救助).
  private func characterUnit(_ code: UInt32) -> CompiledQuery.Unit {
    var weights: [SymbolID: Float] = [:]
    if let scalar = Unicode.Scalar(code) {
      for syllable in pinyin.syllableIDs(of: scalar) {
        for homophone in index.symbols(ofSyllable: syllable) {
          weights[homophone] = Self.homophoneWeight
        }
      }
    }
    if let symbol = index.symbols.symbol(ofCode: code) { weights[symbol] = 1 }
    return unit(weights, isLiteral: true)
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
        options.append(CompiledQuery.Variant(units: units, weight: weight))
      }
    }
    if run.count <= Self.longestInitialsRun {
      let units = run.map { syllableUnit(String($0), asPrefix: true, weight: Self.initialWeight) }
      if units.allSatisfy({ !$0.isEmpty }) {
        options.append(
          CompiledQuery.Variant(
            units: units, weight: options.isEmpty ? 1 : Self.initialsBesidePinyinWeight))
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
