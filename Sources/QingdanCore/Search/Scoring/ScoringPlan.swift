/// The posting lists a query reads, grouped as the scoring rules combine them: per term,
/// per variant, per unit position, the unigram lists of the unit's characters and the
/// bigram lists of the pairs the unit and the next can stand for. Each list comes with
/// what one of its postings can add at most (its bound), which the pruning reads.
struct ScoringPlan {
  /// One posting list and what its postings are worth.
  struct Source {
    var postings: PostingList
    /// Multiplies each posting's score.
    var weight: Float
    /// Both characters of a pair matched well (see `Ranking.containsPhrase`); for a
    /// unigram list, the character of a one-unit variant matched well.
    var isStrong: Bool
    /// The most one posting can add to the term's score: the weights times the list's idf
    /// (a posting's score is the idf times a saturated frequency below 1).
    var bound: Float = 0
    /// A pair of two characters a typed term holds as typed (not pinyin, homophones or an
    /// expansion): the query's literal evidence (`Ranking.fused`).
    var isLiteral = false

    /// What the list promises per posting read.
    var density: Float { bound / Float(max(1, postings.count)) }
  }

  struct Position {
    var unigrams: [Source]
    /// Applied to the best unigram posting of the position.
    var unigramFactor: Float
    /// Pairs of this unit and the next (none at the last position).
    var pairs: [Source]
  }

  struct Variant {
    var positions: [Position]
    var weight: Float
    /// Index into `phraseUnits` when the variant has two units or more.
    var phrase: Int?
    /// The units some item holds well (typed, pinyin or initial): coverage is counted
    /// against these, for no item can match a character the catalogues never use (the 弯
    /// of 急弯), and it should not make its clause weigh less than the others.
    var matchableUnits: Int
  }

  struct Term {
    var variants: [Variant]
    var isExpansion: Bool
    /// The typed term a document holds when this one matches it well (not through
    /// homophones only): itself, or for an expansion the typed term it came from — an
    /// item holding what a word means holds the word (收养登记 for 领养). One bit per
    /// typed term (0 for none), and that term's length (`QueryCompiler.typedLength`).
    var countsFor: UInt64
    var countsForLength: UInt8
  }

  /// A list reaching more than this share of the items (1/16) is "common": in a longer
  /// variant, a character found that widely says little alone (its pairs carry it), and
  /// skipping its unigram list keeps queries fast on large corpora.
  static let commonListShare = 16
  /// A pinyin or initial unit stands for hundreds of characters; in a longer variant its
  /// pairs are the evidence, so only its rarer characters (1/128) are looked up alone. So
  /// are a typed character's homophones, in any variant: alone they are the weakest
  /// evidence there is, and the dozen homophones of a common character (人: 仁, 任, 认…;
  /// 地: 第, 弟…) were the longest lists a caller's sentence read at 1,000 townships. Their
  /// pairs (救注 as 救助) are still read.
  static let commonPinyinListShare = 128
  /// Below this many postings no list counts as common: on a small corpus every list is
  /// short enough to read.
  static let commonListFloor = 2_000
  /// Pairs whose two characters match this badly are not read. (The weakest a query makes
  /// today, homophone and homophone, 0.4 × 0.4 = 0.16, is above it.)
  static let weakestPairWeight: Float = 0.15
  /// A pair is strong when both characters match as well as a phrase needs (0.7 × 0.7:
  /// typed, pinyin or initials; a homophone on either side falls below).
  static let strongPairWeight: Float = 0.49

  var terms: [Term] = []
  var typedTerms = 0
  /// The typed terms' lengths summed.
  var typedLength = 0
  /// The units of the variants that can earn the phrase bonus.
  var phraseUnits: [[CompiledQuery.Unit]] = []
  /// The share of the query each of `phraseUnits` speaks for (`CompiledQuery.Term.share`).
  var phraseShares: [Float] = []
  /// Postings in all the lists.
  var postingCount = 0
  /// The postings of the literal pairs (`Source.isLiteral`), in plan order.
  var literalPairs: [PostingList] = []
  /// Some item holds a pair the query typed, in a query of several clauses (see
  /// `Source.isLiteral`).
  var hasLiteralPairs: Bool { !literalPairs.isEmpty }

  /// The most the bonuses can multiply a score by for this query: "all terms" needs two
  /// typed terms; a phrase needs a variant of two units or more, and its bonus shrinks
  /// with its term's share of the query. The largest `Ranking.bonusBound` any document can
  /// have, by the same formulas: a caller's sentence of many terms, each a small share,
  /// bounds it near 2.2, not at 3.12, which raises its pruning bar by two fifths.
  var largestBonus: Float {
    let phrase = phraseShares.reduce(Float(1)) {
      max($0, Ranking.phraseBonus(.nameStart, share: $1))
    }
    return (typedTerms > 1 ? Ranking.allTermsBonus : 1) * phrase
  }

  /// - Parameter limits: the corpus's (`ListLimits(itemCount:)`) unless a test asks for a
  ///   province's on a small corpus.
  init(index: SearchIndex, query: CompiledQuery, limits: ListLimits? = nil) {
    let limits = limits ?? ListLimits(itemCount: index.itemCount)
    // Typed terms come first (`QueryCompiler.compile`); an expansion counts for the typed
    // term holding the words it came from.
    var typed: [(text: String, bit: UInt64, length: UInt8)] = []
    // Only expansions ask for it.
    let typedCharacters =
      query.terms.contains { $0.isExpansion } ? query.typedCharacters : Set<SymbolID>()
    for term in query.terms where !term.variants.isEmpty {
      var countsFor: UInt64 = 0
      var countsForLength: UInt8 = 0
      if !term.isExpansion {
        let length = UInt8(QueryCompiler.typedLength(term.text))
        typedTerms += 1
        typedLength += Int(length)
        // A query is cut to 64 characters, so to 64 typed terms at most.
        countsFor = typed.count < 64 ? 1 << UInt64(typed.count) : 0
        countsForLength = length
        typed.append((term.text, countsFor, length))
      } else if let source = term.origin.chain.first,
        let origin = typed.first(where: { $0.text.contains(source) })
      {
        countsFor = origin.bit
        countsForLength = origin.length
      }
      var variants = term.variants.map {
        plan(
          $0, share: term.share, index: index, limits: limits,
          typedCharacters: term.isExpansion ? typedCharacters : [])
      }
      // Only a query of several clauses reads it (`Ranking.fused`).
      if !term.isExpansion, query.clauseCount >= 2 {
        for (offset, variant) in term.variants.enumerated() where variant.weight >= 1 {
          markLiteralPairs(&variants[offset], units: variant.units)
        }
      }
      terms.append(
        Term(
          variants: variants, isExpansion: term.isExpansion, countsFor: countsFor,
          countsForLength: countsForLength))
    }
  }

  /// Marks the pairs of two characters typed as themselves (the pair both match with
  /// weight 1) as literal evidence.
  private mutating func markLiteralPairs(_ variant: inout Variant, units: [CompiledQuery.Unit]) {
    for position in variant.positions.indices.dropLast()
    where units[position].isLiteral && units[position + 1].isLiteral {
      for source in variant.positions[position].pairs.indices
      where variant.positions[position].pairs[source].weight >= 1 {
        variant.positions[position].pairs[source].isLiteral = true
        literalPairs.append(variant.positions[position].pairs[source].postings)
      }
    }
  }

  /// How long a list may be before it counts as common, for this corpus.
  struct ListLimits {
    var common: Int
    /// Also the limit for a typed character's homophones.
    var commonPinyin: Int

    init(common: Int, commonPinyin: Int) {
      self.common = common
      self.commonPinyin = commonPinyin
    }

    init(itemCount: Int) {
      common = max(ScoringPlan.commonListFloor, itemCount / ScoringPlan.commonListShare)
      commonPinyin = max(
        ScoringPlan.commonListFloor, itemCount / ScoringPlan.commonPinyinListShare)
    }
  }

  private mutating func plan(
    _ variant: CompiledQuery.Variant, share: Float, index: SearchIndex, limits: ListLimits,
    typedCharacters: Set<SymbolID>
  ) -> Variant {
    let units = variant.units
    // An expansion's characters the query typed are read by the typed term, not again
    // (`CompiledQuery.isTypedAgain`); nor does coverage count them.
    let typedAgain = units.map { CompiledQuery.isTypedAgain($0, typed: typedCharacters) }
    let positions = units.indices.map { position in
      Self.position(
        units, at: position, variantWeight: variant.weight, index: index, limits: limits,
        readsUnigrams: !typedAgain[position])
    }
    for position in positions {
      postingCount += (position.unigrams + position.pairs).reduce(0) { $0 + $1.postings.count }
    }
    var phrase: Int? = nil
    if units.count >= 2 {
      phrase = phraseUnits.count
      phraseUnits.append(units)
      phraseShares.append(share)
    }
    let matchable = units.indices.count { position in
      !typedAgain[position]
        && units[position].candidates.contains {
          $0.weight >= CompiledQuery.Unit.wellMatchedWeight && index.unigrams($0.symbol).count > 0
        }
    }
    return Variant(
      positions: positions, weight: variant.weight, phrase: phrase,
      matchableUnits: max(1, matchable))
  }

  private static func position(
    _ units: [CompiledQuery.Unit], at position: Int, variantWeight: Float,
    index: SearchIndex, limits: ListLimits, readsUnigrams: Bool
  ) -> Position {
    let unit = units[position]
    let limit = units.count == 1 ? nil : unit.isLiteral ? limits.common : limits.commonPinyin
    let unigramFactor =
      unit.isLiteral || units.count == 1 ? Ranking.unigramFactor : Ranking.pinyinUnigramFactor
    let unigrams = unit.candidates.compactMap { symbol, weight -> Source? in
      guard readsUnigrams else { return nil }
      let postings = index.unigrams(symbol)
      let listLimit = weight < CompiledQuery.Unit.wellMatchedWeight ? limits.commonPinyin : limit
      if let listLimit, postings.count > listLimit { return nil }
      // The character of a one-unit variant, typed or read as pinyin, is strong: the
      // term is matched well (see `ScoringPass`); a homophone is not.
      let isStrong = units.count == 1 && weight >= CompiledQuery.Unit.wellMatchedWeight
      return Source(postings: postings, weight: weight, isStrong: isStrong)
        .bounded(factor: unigramFactor, variantWeight: variantWeight)
    }
    let pairs =
      position + 1 < units.count
      ? pairSources(index: index, unit, units[position + 1], commonList: limits.common).map {
        $0.bounded(factor: 1, variantWeight: variantWeight)
      }
      : []
    return Position(unigrams: unigrams, unigramFactor: unigramFactor, pairs: pairs)
  }

  /// Pairs of characters the two units can stand for. When the units are pinyin or
  /// homophones, many pairs qualify; like an input method, prefer the pairs the catalogues
  /// use often (行政 for "xingzheng", not the 行整 of 进行整治): a guessed pair's weight is
  /// scaled by the square root of its document frequency relative to the commonest pair.
  private static func pairSources(
    index: SearchIndex, _ first: CompiledQuery.Unit, _ second: CompiledQuery.Unit,
    commonList: Int
  ) -> [Source] {
    var candidates: [(weight: Float, postings: PostingList)] = []
    var commonest = 1
    for (firstSymbol, firstWeight) in first.candidates {
      for position in index.pairPositions(of: firstSymbol) {
        let weight = firstWeight * second.weight(index.pairSecond(at: position))
        guard weight >= weakestPairWeight else { continue }
        let postings = index.pairPostings(at: position)
        candidates.append((weight, postings))
        commonest = max(commonest, postings.count)
      }
    }
    return candidates.compactMap { candidate in
      // A guessed pair found in most items of a large corpus (initials "hl" as 和联) says
      // nothing about any of them, and walking its list is what makes such queries slow.
      if candidate.weight < 1, candidate.postings.count > commonList { return nil }
      var weight = candidate.weight
      if weight < 1 {
        weight *= (Float(candidate.postings.count) / Float(commonest)).squareRoot()
      }
      return Source(
        postings: candidate.postings, weight: weight,
        isStrong: candidate.weight >= strongPairWeight)
    }
  }
}

extension ScoringPlan.Source {
  /// The source with its bound: `factor` is the position's unigram factor (1 for pairs).
  fileprivate func bounded(factor: Float, variantWeight: Float) -> Self {
    var source = self
    source.bound = factor * weight * postings.maxScore * variantWeight
    return source
  }
}

extension ScoringPlan {
  /// The document's literal evidence (`Ranking.fused`): its postings in the literal pairs,
  /// summed in plan order. Looked up for the few documents fused, not added up for every
  /// document a pass reads.
  func literalEvidence(of document: DocumentID) -> Float {
    var sum: Float = 0
    for postings in literalPairs {
      if let score = postings.score(ofDocument: document) { sum += score }
    }
    return sum
  }
}

/// What the pruning asks of a plan: bounds on what unread lists can add.
extension ScoringPlan {
  /// Every list, in plan order (term, variant, position; unigrams before pairs).
  private var sources: [Source] {
    terms.flatMap { term in
      term.variants.flatMap { variant in variant.positions.flatMap { $0.unigrams + $0.pairs } }
    }
  }

  /// The most the lists with bounds up to `cut` can add to one document's score, as a
  /// bound per term (best variant) summed over terms. Within a position a document takes
  /// its best posting, so the unread lists there add at most their largest bound.
  func unreadBound(cut: Float) -> Float {
    terms.reduce(0) { sum, term in sum + unreadBound(term, cut: cut) }
  }

  func unreadBound(_ term: Term, cut: Float) -> Float {
    term.variants.reduce(0) { best, variant in max(best, unreadBound(variant, cut: cut)) }
  }

  func unreadBound(_ variant: Variant, cut: Float) -> Float {
    variant.positions.reduce(0) { sum, position in
      let unigram = position.unigrams.reduce(0) { $1.bound <= cut ? max($0, $1.bound) : $0 }
      let pair = position.pairs.reduce(0) { $1.bound <= cut ? max($0, $1.bound) : $0 }
      return sum + unigram + pair
    }
  }

  /// Postings in the lists with bounds above `cut`.
  func postingCount(above cut: Float) -> Int {
    sources.reduce(0) { $1.bound > cut ? $0 + $1.postings.count : $0 }
  }

  /// A density such that the lists with at least that hold about `postings` postings.
  func densityFloor(readingAbout postings: Int) -> Float {
    let sources = sources.sorted { $0.density > $1.density }
    var read = 0
    for (offset, source) in sources.enumerated() {
      read += source.postings.count
      // Always read the densest list; cut between different densities.
      if read > postings, offset > 0, source.density < sources[offset - 1].density {
        return sources[offset - 1].density
      }
    }
    return 0
  }

  /// The largest cut whose unread lists add less than `bar` to any document; nil if even
  /// the weakest list alone may add that much.
  func largestCut(unreadBelow bar: Float) -> Float? {
    let bounds = Array(Set(sources.map(\.bound))).sorted()
    // `unreadBound` grows with the cut: find the last bound where it stays below the bar.
    let firstTooHigh = bounds.lowerBound { unreadBound(cut: $0) < bar }
    return firstTooHigh == 0 ? nil : bounds[firstTooHigh - 1]
  }
}
