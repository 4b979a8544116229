import Foundation

/// Scores items for a compiled query.
///
/// Items with equal texts score alike, so the passes score *documents* (see `SearchIndex`):
/// "item" in the scoring pass and the scratch means a document, and only the last step
/// (`bestItems`) turns the best documents into the items in scope.
///
/// Per term variant: each unit's best unigram posting and each adjacent pair's best bigram
/// posting (the bigram carries the word; the unigram keeps recall), weighted by how well the
/// characters match (typed 1, pinyin 0.9, initials 0.75, homophone 0.4), scaled by the
/// share of the variant's units the item matches (softly: a caller's long sentence has many
/// words no item contains). A term scores its best variant. Items matching every typed
/// term, and items whose name holds a term as a phrase, get bonuses.
struct Ranking {
  let index: SearchIndex
  let query: CompiledQuery

  static let unigramFactor: Float = 0.35
  /// A pinyin unit alone matches many characters; within a longer variant only its pairs
  /// are evidence ("xingzheng" is 行政, not any 星 and any 整 apart).
  static let pinyinUnigramFactor: Float = 0.08
  static let allTermsBonus: Float = 1.5
  static let namePhraseBonus: Float = 1.6
  static let nameStartBonus: Float = 1.3
  static let phraseBonus: Float = 1.2
  /// The most the bonuses can multiply a score by.
  static let largestBonus = allTermsBonus * namePhraseBonus * nameStartBonus

  /// Below this many postings a query is scored in one pass; above, most of its lists are
  /// read only for the items that can still reach the top (see `ranked`).
  var singlePassPostings = 30_000

  /// The final scores of the best `limit` items in `scope`, best first (ties by position).
  ///
  /// Long queries and pinyin read hundreds of posting lists, most of them weak (homophones,
  /// guessed pairs) and long. Each list bounds what it can add to an item (its weight times
  /// its idf), so, MaxScore-style: a first pass reads only the lists that can add most and
  /// gives every item it reaches a lower bound (its score so far) and an upper bound (plus
  /// what the unread lists could add); the `limit`-th best lower bound is a bar no item
  /// whose upper bound, times the largest bonus, stays below can reach. A second pass reads
  /// every list, but only for the items left, and scores them exactly.
  func ranked(
    limit: Int, scope: ItemSet, scratch: RankingScratch
  ) -> [(item: Int, score: Float)] {
    let plan = ScoringPlan(index: index, query: query)
    if plan.postingCount > singlePassPostings,
      let candidates = candidates(plan: plan, limit: limit, scope: scope, scratch: scratch)
    {
      scratch.flagCandidates(candidates, true)
      var pass = ScoringPass(plan: plan)
      pass.run(scratch: scratch, reading: .candidates(candidates))
      scratch.flagCandidates(candidates, false)
      defer { pass.reset(scratch: scratch) }
      return bestItems(pass: pass, scratch: scratch, limit: limit, scope: scope)
    }
    var pass = ScoringPass(plan: plan)
    pass.run(scratch: scratch, reading: .everything)
    defer { pass.reset(scratch: scratch) }
    return bestItems(pass: pass, scratch: scratch, limit: limit, scope: scope)
  }

  /// The items in scope that may be among the best `limit`, sorted; nil when bounds cannot
  /// narrow them down (then every list is read in full).
  private func candidates(
    plan: ScoringPlan, limit: Int, scope: ItemSet, scratch: RankingScratch
  ) -> [Int32]? {
    // Rounding: bounds and scores add the same floats in different orders.
    let slack: Float = 1.001
    // First the lists that promise most per posting (rare words of the query): cheaply,
    // the best items get most of their scores, which sets a bar.
    let dense = plan.densityFloor(readingAbout: max(2_000, index.itemCount / 8))
    var cut = Float.infinity
    for round in 0..<2 {
      var pass = ScoringPass(plan: plan)
      pass.run(scratch: scratch, reading: .lists(boundAbove: cut, densityFrom: dense))
      defer { pass.reset(scratch: scratch) }
      var top = TopScores(capacity: limit)
      for document in pass.scoredItems {
        // A document stands for its items in scope, each with its score.
        for _ in 0..<min(limit, scope.itemCount(ofDocument: Int(document))) {
          top.offer(scratch.total[Int(document)])
        }
      }
      guard top.isFull else { return nil }
      let bar = top.smallest / (plan.largestBonus * slack)
      // Lists from which an item could gain the bar must be read: the dense lists' bar
      // says which; the second round checks that its own bar still allows the cut.
      guard let allowed = plan.largestCut(unreadBelow: bar), round == 0 || allowed >= cut
      else { return nil }
      if round == 0 {
        // When most postings are above the cut (weak matches everywhere, as for initials),
        // bounds save nothing: one full pass is cheaper.
        guard plan.postingCount(above: allowed) <= plan.postingCount / 2 else { return nil }
        cut = allowed
        continue
      }
      // Lists above the cut were read; those below add at most `unreached` to any item
      // (the dense ones below it were read too: counting them again only loosens this).
      let unreached = plan.unreadBound(cut: cut)
      let candidates = pass.scoredItems.filter {
        scope.itemCount(ofDocument: Int($0)) > 0 && unreached + scratch.boundExtra[Int($0)] >= bar
      }
      return candidates.sorted()
    }
    return nil
  }

  /// Bonuses are worked out best-first and only while an item could still reach the top
  /// `limit` (no bonus multiplies a score by more than `largestBonus`), so a query costs the
  /// same however many items match weakly.
  private func bestItems(
    pass: ScoringPass, scratch: RankingScratch, limit: Int, scope: ItemSet
  ) -> [(item: Int, score: Float)] {
    let scored = pass.scoredItems.compactMap { document -> (document: Int, score: Float)? in
      let score = scratch.total[Int(document)]
      return score > 0 && scope.itemCount(ofDocument: Int(document)) > 0
        ? (Int(document), score) : nil
    }
    // The limit-th best base score bounds which items a bonus could lift into the top:
    // only those are sorted and checked for phrases.
    var top = TopScores(capacity: limit)
    for entry in scored {
      for _ in 0..<min(limit, scope.itemCount(ofDocument: entry.document)) {
        top.offer(entry.score)
      }
    }
    let floor = top.isFull ? top.smallest / pass.plan.largestBonus : 0
    let candidates = scored.filter { $0.score >= floor }.sorted {
      $0.score != $1.score ? $0.score > $1.score : $0.document < $1.document
    }
    var finals = TopItems(capacity: limit)
    for (document, score) in candidates {
      if finals.isFull, score * pass.plan.largestBonus < finals.smallest { break }
      let final = score * bonus(for: document, pass: pass, scratch: scratch)
      // Items of a document tie; the lowest positions win ties, so `limit` of them do.
      for item in scope.items(ofDocument: document, upTo: limit) {
        finals.insert(item: item, score: final)
      }
    }
    return finals.entries
  }

  /// Every typed term matched: ×1.5. A term as a phrase in the name: ×1.6 (×1.3 more at its
  /// start), elsewhere ×1.2.
  private func bonus(for document: Int, pass: ScoringPass, scratch: RankingScratch) -> Float {
    var bonus: Float = 1
    if pass.plan.typedTerms > 1,
      Int(scratch.typedTermsMatched[document]) == pass.plan.typedTerms
    {
      bonus *= Self.allTermsBonus
    }
    let phrases = pass.phraseCandidates(of: document).map { pass.plan.phraseUnits[$0] }
    guard !phrases.isEmpty else { return bonus }
    let fields = SearchField.allCases.indices.map {
      index.fieldSymbols(document: document, field: $0)
    }
    if phrases.contains(where: { Self.containsPhrase(fields[0], $0, atStart: true) }) {
      // The name begins with the term: the item is about it ("地名管理" for "dm").
      bonus *= Self.namePhraseBonus * Self.nameStartBonus
    } else if phrases.contains(where: { Self.containsPhrase(fields[0], $0) }) {
      bonus *= Self.namePhraseBonus
    } else if phrases.contains(where: { units in
      fields.dropFirst().contains { Self.containsPhrase($0, units) }
    }) {
      bonus *= Self.phraseBonus
    }
    return bonus
  }

  /// Whether `symbols` has the units in a row, each matched well (typed, pinyin or initial;
  /// homophones do not make a phrase).
  static func containsPhrase(
    _ symbols: ArraySlice<UInt32>, _ units: [CompiledQuery.Unit], atStart: Bool = false
  ) -> Bool {
    guard units.count <= symbols.count else { return false }
    let last = atStart ? symbols.startIndex : symbols.endIndex - units.count
    var start = symbols.startIndex
    while start <= last {
      var matched = true
      for (offset, unit) in units.enumerated() where unit.weight(symbols[start + offset]) < 0.7 {
        matched = false
        break
      }
      if matched { return true }
      start += 1
    }
    return false
  }
}

/// The posting lists a query reads, grouped as the scoring rules combine them: per term,
/// per variant, per unit position, the unigram lists of the unit's characters and the
/// bigram lists of the pairs the unit and the next can stand for.
struct ScoringPlan {
  /// One posting list and what its postings are worth.
  struct Source {
    var postings: PostingList
    /// Multiplies each posting's score.
    var weight: Float
    /// Both characters of a pair matched well (see `Ranking.containsPhrase`).
    var isStrong: Bool
    /// The most one posting can add to the term's score: the weights times the list's idf
    /// (a posting's score is the idf times a saturated frequency below 1).
    var bound: Float = 0

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
  }

  struct Term {
    var variants: [Variant]
    var isExpansion: Bool
  }

  var terms: [Term] = []
  var typedTerms = 0
  /// The units of the variants that can earn the phrase bonus.
  var phraseUnits: [[CompiledQuery.Unit]] = []
  /// Postings in all the lists.
  var postingCount = 0

  /// The most the bonuses can multiply a score by for this query: "all terms" needs two
  /// typed terms, a phrase needs a variant of two units or more.
  var largestBonus: Float {
    (typedTerms > 1 ? Ranking.allTermsBonus : 1)
      * (phraseUnits.isEmpty ? 1 : Ranking.namePhraseBonus * Ranking.nameStartBonus)
  }

  init(index: SearchIndex, query: CompiledQuery) {
    let count = index.itemCount
    // In a longer variant, a character found in most items says little alone; its pairs
    // carry it. Skipping its unigram list keeps queries fast on large corpora.
    let commonList = max(2_000, count / 16)
    // A pinyin or initial unit stands for hundreds of characters; in a longer variant its
    // pairs are the evidence, so only its rarer characters are looked up alone.
    let commonPinyinList = max(2_000, count / 128)
    for term in query.terms where !term.variants.isEmpty {
      if !term.isExpansion { typedTerms += 1 }
      var variants: [Variant] = []
      for variant in term.variants {
        let units = variant.units
        var positions: [Position] = []
        for (position, unit) in units.enumerated() {
          let limit = units.count == 1 ? nil : unit.isLiteral ? commonList : commonPinyinList
          let unigrams = unit.candidates.compactMap { symbol, weight -> Source? in
            let postings = index.unigrams(symbol)
            if let limit, postings.count > limit { return nil }
            return Source(postings: postings, weight: weight, isStrong: false)
          }
          let pairs =
            position + 1 < units.count
            ? Self.pairSources(index: index, unit, units[position + 1], commonList: commonList)
            : []
          positions.append(
            Position(
              unigrams: unigrams,
              unigramFactor: unit.isLiteral || units.count == 1
                ? Ranking.unigramFactor : Ranking.pinyinUnigramFactor,
              pairs: pairs))
        }
        var phrase: Int? = nil
        if units.count >= 2 {
          phrase = phraseUnits.count
          phraseUnits.append(units)
        }
        variants.append(Variant(positions: positions, weight: variant.weight, phrase: phrase))
      }
      terms.append(Term(variants: variants, isExpansion: term.isExpansion))
    }
    func bound(_ source: inout Source, factor: Float, variantWeight: Float) {
      source.bound = factor * source.weight * source.postings.maxScore * variantWeight
      postingCount += source.postings.count
    }
    for term in terms.indices {
      for variant in terms[term].variants.indices {
        let weight = terms[term].variants[variant].weight
        for position in terms[term].variants[variant].positions.indices {
          let factor = terms[term].variants[variant].positions[position].unigramFactor
          for source in terms[term].variants[variant].positions[position].unigrams.indices {
            bound(
              &terms[term].variants[variant].positions[position].unigrams[source],
              factor: factor, variantWeight: weight)
          }
          for source in terms[term].variants[variant].positions[position].pairs.indices {
            bound(
              &terms[term].variants[variant].positions[position].pairs[source], factor: 1,
              variantWeight: weight)
          }
        }
      }
    }
  }

  /// The most the lists with bounds up to `cut` can add to one item's score, as a bound
  /// per term (best variant) summed over terms. Within a position an item takes its best
  /// posting, so the unread lists there add at most their largest bound.
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

  private var allBounds: [Float] {
    terms.flatMap { term in
      term.variants.flatMap { variant in
        variant.positions.flatMap { ($0.unigrams + $0.pairs).map(\.bound) }
      }
    }
  }

  /// Postings in the lists with bounds above `cut`.
  func postingCount(above cut: Float) -> Int {
    terms.reduce(0) { sum, term in
      term.variants.reduce(sum) { sum, variant in
        variant.positions.reduce(sum) { sum, position in
          (position.unigrams + position.pairs).reduce(sum) {
            $1.bound > cut ? $0 + $1.postings.count : $0
          }
        }
      }
    }
  }

  /// A density such that the lists with at least that hold about `postings` postings.
  func densityFloor(readingAbout postings: Int) -> Float {
    let sources = terms.flatMap { term in
      term.variants.flatMap { variant in variant.positions.flatMap { $0.unigrams + $0.pairs } }
    }.sorted { $0.density > $1.density }
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

  /// The largest cut whose unread lists add less than `bar` to any item; nil if even the
  /// weakest list alone may add that much.
  func largestCut(unreadBelow bar: Float) -> Float? {
    let bounds = Array(Set(allBounds)).sorted()
    // `unreadBound` grows with the cut: find the last bound where it stays below the bar.
    var low = 0
    var high = bounds.count
    while low < high {
      let middle = (low + high) / 2
      if unreadBound(cut: bounds[middle]) < bar { low = middle + 1 } else { high = middle }
    }
    return low == 0 ? nil : bounds[low - 1]
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
      for secondSymbol in index.successors(of: firstSymbol) {
        let weight = firstWeight * second.weights[Int(secondSymbol)]
        // Two guessed characters (homophone and homophone) are too weak to be a pair.
        guard weight >= 0.15,
          let postings = index.bigrams(firstSymbol, secondSymbol)
        else { continue }
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
        postings: candidate.postings, weight: weight, isStrong: candidate.weight >= 0.49)
    }
  }
}

/// One walk of a plan's posting lists, adding up base scores in a scratch.
struct ScoringPass {
  /// Which postings a pass reads.
  enum Reading {
    case everything
    /// Only the lists whose bound is above the cut; the pass also works out, per item, how
    /// much the other lists could add (`RankingScratch.boundExtra`).
    case lists(boundAbove: Float, densityFrom: Float)
    /// Every list, but only the postings of these items (sorted, flagged in
    /// `RankingScratch.isCandidate`).
    case candidates([Int32])
  }

  let plan: ScoringPlan
  /// Items with a total, in the order first reached.
  private(set) var scoredItems: [Int32] = []
  /// (item, phrase) for every variant whose adjacent pairs all matched strongly in the
  /// item, sorted by item once the pass is done: only those phrases are checked for it.
  private var phrases: [(item: Int32, phrase: Int32)] = []

  init(plan: ScoringPlan) { self.plan = plan }

  mutating func run(scratch s: RankingScratch, reading: Reading) {
    // Local arrays for the lists: appending to a class's array checks access every time.
    var touched: [Int32] = []
    var variantTouched: [Int32] = []
    var termTouched: [Int32] = []
    swap(&touched, &s.touched)
    swap(&variantTouched, &s.variantTouched)
    swap(&termTouched, &s.termTouched)
    defer {
      s.touched = touched
      s.variantTouched = variantTouched
      s.termTouched = termTouched
    }
    var cut: Float? = nil
    var densityFloor = Float.infinity
    if case .lists(let bound, let density) = reading {
      cut = bound
      densityFloor = density
    }
    func reads(_ source: ScoringPlan.Source) -> Bool {
      guard let cut else { return true }
      return source.bound > cut || source.density >= densityFloor
    }
    for term in plan.terms {
      for variant in term.variants {
        for (position, planned) in variant.positions.enumerated() {
          let bit: UInt64 = 1 << UInt64(position % 64)
          for source in planned.unigrams where reads(source) {
            Self.collect(source, reading: reading, into: s, touched: &touched)
          }
          for item in touched {
            let index = Int(item)
            if s.variantScore[index] == 0 && s.matchedUnits[index] == 0 {
              variantTouched.append(item)
            }
            s.variantScore[index] += planned.unigramFactor * s.best[index]
            s.matchedUnits[index] |= bit
            s.best[index] = 0
          }
          touched.removeAll(keepingCapacity: true)
          guard !planned.pairs.isEmpty else { continue }
          for source in planned.pairs where reads(source) {
            Self.collect(source, reading: reading, into: s, touched: &touched)
          }
          let pairBits: UInt64 = bit | (1 << UInt64((position + 1) % 64))
          for item in touched {
            let index = Int(item)
            if s.variantScore[index] == 0 && s.matchedUnits[index] == 0 {
              variantTouched.append(item)
            }
            s.variantScore[index] += s.best[index]
            s.matchedUnits[index] |= pairBits
            s.best[index] = 0
            // Count each item once for this pair position, however many pairs matched.
            if s.strongHere[index] {
              s.strongPairs[index] += 1
              s.strongHere[index] = false
            }
          }
          touched.removeAll(keepingCapacity: true)
        }
        let unitCount = Float(variant.positions.count)
        let strongNeeded = UInt8(variant.positions.count - 1)
        // What the unread lists could add: the item's value so far plus that, at full
        // coverage, bounds the variant.
        let unread = cut.map { plan.unreadBound(variant, cut: $0) }
        for item in variantTouched {
          let index = Int(item)
          if let phrase = variant.phrase, s.strongPairs[index] >= strongNeeded {
            phrases.append((item, Int32(phrase)))
          }
          s.strongPairs[index] = 0
          let coverage = Float(s.matchedUnits[index].nonzeroBitCount) / unitCount
          let score = s.variantScore[index] * (0.25 + 0.75 * coverage) * variant.weight
          if s.termScore[index] == 0, s.termBound[index] == 0, score > 0 {
            termTouched.append(item)
          }
          s.termScore[index] = max(s.termScore[index], score)
          if let unread {
            let bound = s.variantScore[index] * variant.weight + unread
            s.termBound[index] = max(s.termBound[index], bound)
          }
          s.variantScore[index] = 0
          s.matchedUnits[index] = 0
        }
        variantTouched.removeAll(keepingCapacity: true)
      }
      let unreadTerm = cut.map { plan.unreadBound(term, cut: $0) } ?? 0
      for item in termTouched {
        let index = Int(item)
        if s.total[index] == 0 { scoredItems.append(item) }
        s.total[index] += s.termScore[index]
        if !term.isExpansion { s.typedTermsMatched[index] += 1 }
        s.termScore[index] = 0
        if cut != nil {
          // Beyond what the term's unread lists could add to any item.
          s.boundExtra[index] += max(0, s.termBound[index] - unreadTerm)
          s.termBound[index] = 0
        }
      }
      termTouched.removeAll(keepingCapacity: true)
    }
    phrases.sort { $0.item < $1.item }
  }

  /// Each item's best posting among the sources of one position.
  @inline(__always)
  private static func collect(
    _ source: ScoringPlan.Source, reading: Reading, into s: RankingScratch, touched: inout [Int32]
  ) {
    if case .candidates(let candidates) = reading {
      collect(source, only: candidates, into: s, touched: &touched)
      return
    }
    let weight = source.weight
    let isStrong = source.isStrong
    source.postings.forEachDocument { document, postingScore in
      let index = Int(document)
      let score = weight * postingScore
      if s.best[index] == 0 { touched.append(document) }
      if score > s.best[index] { s.best[index] = score }
      if isStrong { s.strongHere[index] = true }
    }
  }

  /// `collect`, for the candidates' postings only: a list much longer than the candidates
  /// is searched for each of them instead of read through.
  private static func collect(
    _ source: ScoringPlan.Source, only candidates: [Int32], into s: RankingScratch,
    touched: inout [Int32]
  ) {
    let weight = source.weight
    let isStrong = source.isStrong
    let postings = source.postings
    @inline(__always)
    func take(_ document: Int32, _ postingScore: Float) {
      let index = Int(document)
      let score = weight * postingScore
      if s.best[index] == 0 { touched.append(document) }
      if score > s.best[index] { s.best[index] = score }
      if isStrong { s.strongHere[index] = true }
    }
    if postings.count > 32 * candidates.count {
      for candidate in candidates {
        if let score = postings.score(ofDocument: UInt32(candidate)) { take(candidate, score) }
      }
    } else {
      postings.forEachDocument { document, score in
        if s.isCandidate(Int(document)) { take(document, score) }
      }
    }
  }

  /// The phrases `item` may hold.
  func phraseCandidates(of item: Int) -> [Int] {
    var low = 0
    var high = phrases.count
    while low < high {
      let middle = (low + high) / 2
      if Int(phrases[middle].item) < item { low = middle + 1 } else { high = middle }
    }
    var found: [Int] = []
    while low < phrases.count, Int(phrases[low].item) == item {
      found.append(Int(phrases[low].phrase))
      low += 1
    }
    return found
  }

  /// Leaves the scratch as it was found: zero for every item.
  func reset(scratch s: RankingScratch) {
    for item in scoredItems {
      s.total[Int(item)] = 0
      s.typedTermsMatched[Int(item)] = 0
      s.boundExtra[Int(item)] = 0
    }
  }
}

/// Per-item working arrays for scoring. Allocating and zeroing them for every query cost
/// more than scoring a short one on a large corpus, so they are kept between queries (see
/// `RankingScratchPool`) and every pass zeroes only the entries it touched. Raw buffers:
/// the posting loops index them millions of times per query.
final class RankingScratch {
  let best: UnsafeMutableBufferPointer<Float>
  let strongHere: UnsafeMutableBufferPointer<Bool>
  let variantScore: UnsafeMutableBufferPointer<Float>
  /// Which units of the variant each item matched, one bit per unit (queries are cut to
  /// 64 characters, so a variant has at most 64 units).
  let matchedUnits: UnsafeMutableBufferPointer<UInt64>
  let strongPairs: UnsafeMutableBufferPointer<UInt8>
  let termScore: UnsafeMutableBufferPointer<Float>
  let total: UnsafeMutableBufferPointer<Float>
  let typedTermsMatched: UnsafeMutableBufferPointer<UInt8>
  /// Upper bounds: a term's best variant so far, and what the read lists add to an item
  /// beyond the bound every item shares.
  let termBound: UnsafeMutableBufferPointer<Float>
  let boundExtra: UnsafeMutableBufferPointer<Float>
  /// The items a candidates-only pass reads, one bit per item (small enough to stay in
  /// cache while long lists are read through).
  let candidateBits: UnsafeMutableBufferPointer<UInt64>
  /// Items reached at a position, in a variant, in a term (kept for their capacity).
  var touched: [Int32] = []
  var variantTouched: [Int32] = []
  var termTouched: [Int32] = []

  init(count: Int) {
    func zeroed<Element>(_ zero: Element, count: Int = count)
      -> UnsafeMutableBufferPointer<Element>
    {
      let buffer = UnsafeMutableBufferPointer<Element>.allocate(capacity: count)
      buffer.initialize(repeating: zero)
      return buffer
    }
    best = zeroed(0)
    strongHere = zeroed(false)
    variantScore = zeroed(0)
    matchedUnits = zeroed(0)
    strongPairs = zeroed(0)
    termScore = zeroed(0)
    total = zeroed(0)
    typedTermsMatched = zeroed(0)
    termBound = zeroed(0)
    boundExtra = zeroed(0)
    candidateBits = zeroed(0, count: (count + 63) / 64)
  }

  deinit {
    best.deallocate()
    strongHere.deallocate()
    variantScore.deallocate()
    matchedUnits.deallocate()
    strongPairs.deallocate()
    termScore.deallocate()
    total.deallocate()
    typedTermsMatched.deallocate()
    termBound.deallocate()
    boundExtra.deallocate()
    candidateBits.deallocate()
  }

  @inline(__always)
  func isCandidate(_ item: Int) -> Bool {
    candidateBits[item / 64] & (1 << UInt64(item % 64)) != 0
  }

  func flagCandidates(_ items: [Int32], _ flag: Bool) {
    for item in items {
      let word = Int(item) / 64
      let bit: UInt64 = 1 << UInt64(Int(item) % 64)
      candidateBits[word] = flag ? candidateBits[word] | bit : candidateBits[word] & ~bit
    }
  }
}

/// Scratches for the searches in flight: each search takes one and gives it back, so
/// searches on several threads never share one.
final class RankingScratchPool: @unchecked Sendable {
  private let lock = NSLock()
  private var spare: [RankingScratch] = []
  private let documentCount: Int

  init(documentCount: Int) { self.documentCount = documentCount }

  func withScratch<Result>(_ body: (RankingScratch) -> Result) -> Result {
    let scratch =
      lock.withLock { spare.popLast() } ?? RankingScratch(count: documentCount)
    let result = body(scratch)
    lock.withLock { spare.append(scratch) }
    return result
  }
}

/// The items a search may return: every item, or those of a scope (one bit per item, and
/// how many of each document's items are in it: the ranking scores documents).
struct ItemSet {
  private let words: [UInt64]?
  private let documentItemCounts: [UInt32]?
  private let documentItems: FlatLists<UInt32>

  static func everything(_ index: SearchIndex) -> ItemSet {
    ItemSet(words: nil, documentItemCounts: nil, documentItems: index.documentItems)
  }

  private init(words: [UInt64]?, documentItemCounts: [UInt32]?, documentItems: FlatLists<UInt32>) {
    self.words = words
    self.documentItemCounts = documentItemCounts
    self.documentItems = documentItems
  }

  init(positions: [Int], index: SearchIndex) {
    var words = [UInt64](repeating: 0, count: (index.itemCount + 63) / 64)
    var counts = [UInt32](repeating: 0, count: index.documentCount)
    for position in positions {
      words[position / 64] |= 1 << UInt64(position % 64)
      counts[Int(index.documentOfItem[position])] += 1
    }
    self.init(words: words, documentItemCounts: counts, documentItems: index.documentItems)
  }

  @inline(__always)
  func contains(_ item: Int) -> Bool {
    guard let words else { return true }
    return words[item / 64] & (1 << UInt64(item % 64)) != 0
  }

  func itemCount(ofDocument document: Int) -> Int {
    documentItemCounts.map { Int($0[document]) } ?? documentItems[document].count
  }

  /// The document's first `limit` items in the set, ascending.
  func items(ofDocument document: Int, upTo limit: Int) -> [Int] {
    var found: [Int] = []
    for item in documentItems[document] where contains(Int(item)) {
      found.append(Int(item))
      if found.count == limit { break }
    }
    return found
  }
}

/// The `capacity` best (item, score) entries seen, best first; ties go to the lower item.
struct TopItems {
  private(set) var entries: [(item: Int, score: Float)] = []
  let capacity: Int

  init(capacity: Int) {
    self.capacity = max(1, capacity)
    entries.reserveCapacity(self.capacity + 1)
  }

  var isFull: Bool { entries.count == capacity }
  var smallest: Float { entries.last?.score ?? 0 }

  mutating func insert(item: Int, score: Float) {
    var low = 0
    var high = entries.count
    while low < high {
      let middle = (low + high) / 2
      let entry = entries[middle]
      if entry.score > score || (entry.score == score && entry.item < item) {
        low = middle + 1
      } else {
        high = middle
      }
    }
    guard low < capacity else { return }
    entries.insert((item, score), at: low)
    if entries.count > capacity { entries.removeLast() }
  }
}
/// The `capacity` largest scores seen, as a min-heap: the smallest of them is the bar a
/// score must clear to be among the best.
struct TopScores {
  private var heap: [Float] = []
  let capacity: Int

  init(capacity: Int) {
    self.capacity = max(1, capacity)
    heap.reserveCapacity(self.capacity)
  }

  var isFull: Bool { heap.count == capacity }
  var smallest: Float { heap.first ?? 0 }

  mutating func offer(_ score: Float) {
    if heap.count < capacity {
      heap.append(score)
      var child = heap.count - 1
      while child > 0 {
        let parent = (child - 1) / 2
        guard heap[child] < heap[parent] else { break }
        heap.swapAt(child, parent)
        child = parent
      }
    } else if score > heap[0] {
      heap[0] = score
      var parent = 0
      while true {
        let left = 2 * parent + 1
        let right = left + 1
        var smallest = parent
        if left < heap.count, heap[left] < heap[smallest] { smallest = left }
        if right < heap.count, heap[right] < heap[smallest] { smallest = right }
        guard smallest != parent else { break }
        heap.swapAt(parent, smallest)
        parent = smallest
      }
    }
  }
}
