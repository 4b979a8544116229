/// Scores items for a compiled query.
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

  /// Scores before bonuses, how many typed terms each item matched, and which phrase
  /// variants it could hold (every adjacent pair matched well), so the phrase bonus only
  /// scans those.
  struct BaseScores {
    var scores: [Float]
    var typedTermsMatched: [Int]
    var typedTerms: Int
    var phraseCandidates: [Int: [CompiledQuery.Variant]]
  }

  func baseScores() -> BaseScores {
    let count = index.itemCount
    var total = [Float](repeating: 0, count: count)
    var typedTermsMatched = [Int](repeating: 0, count: count)
    var typedTerms = 0
    var termScore = [Float](repeating: 0, count: count)
    var variantScore = [Float](repeating: 0, count: count)
    // Which units of the variant each item matched, one bit per unit (queries are cut to
    // 64 characters, so a variant has at most 64 units).
    var matchedUnits = [UInt64](repeating: 0, count: count)
    // In a longer variant, a character found in most items says little alone; its pairs
    // carry it. Skipping its unigram list keeps queries fast on large corpora.
    let commonList = max(2_000, count / 16)
    // A pinyin or initial unit stands for hundreds of characters; in a longer variant its
    // pairs are the evidence, so only its rarer characters are looked up alone.
    let commonPinyinList = max(2_000, count / 128)
    var best = [Float](repeating: 0, count: count)
    var touched: [Int] = []
    var termTouched: [Int] = []
    var variantTouched: [Int] = []
    var strongPairs = [Int](repeating: 0, count: count)
    var strongHere = [Bool](repeating: false, count: count)
    var phraseCandidates: [Int: [CompiledQuery.Variant]] = [:]

    for term in query.terms {
      guard !term.variants.isEmpty else { continue }
      if !term.isExpansion { typedTerms += 1 }
      for variant in term.variants {
        let units = variant.units
        for (position, unit) in units.enumerated() {
          let bit: UInt64 = 1 << UInt64(position % 64)
          collectUnigrams(
            unit, into: &best, touched: &touched,
            skippingListsLongerThan: units.count == 1
              ? nil : unit.isLiteral ? commonList : commonPinyinList)
          let factor =
            unit.isLiteral || units.count == 1 ? Self.unigramFactor : Self.pinyinUnigramFactor
          for item in touched {
            if variantScore[item] == 0 && matchedUnits[item] == 0 { variantTouched.append(item) }
            variantScore[item] += factor * best[item]
            matchedUnits[item] |= bit
            best[item] = 0
          }
          touched.removeAll(keepingCapacity: true)
          if position + 1 < units.count {
            collectBigrams(
              unit, units[position + 1], into: &best, touched: &touched, strong: &strongPairs,
              strongHere: &strongHere, commonList: commonList)
            let pairBits: UInt64 = bit | (1 << UInt64((position + 1) % 64))
            for item in touched {
              if variantScore[item] == 0 && matchedUnits[item] == 0 { variantTouched.append(item) }
              variantScore[item] += best[item]
              matchedUnits[item] |= pairBits
              best[item] = 0
            }
            touched.removeAll(keepingCapacity: true)
          }
        }
        let unitCount = Float(units.count)
        for item in variantTouched {
          if units.count >= 2, strongPairs[item] >= units.count - 1 {
            phraseCandidates[item, default: []].append(variant)
          }
          strongPairs[item] = 0
          let coverage = Float(matchedUnits[item].nonzeroBitCount) / unitCount
          let score = variantScore[item] * (0.25 + 0.75 * coverage) * variant.weight
          if termScore[item] == 0, score > 0 { termTouched.append(item) }
          termScore[item] = max(termScore[item], score)
          variantScore[item] = 0
          matchedUnits[item] = 0
        }
        variantTouched.removeAll(keepingCapacity: true)
      }
      for item in termTouched {
        total[item] += termScore[item]
        if !term.isExpansion { typedTermsMatched[item] += 1 }
        termScore[item] = 0
      }
      termTouched.removeAll(keepingCapacity: true)
    }
    return BaseScores(
      scores: total, typedTermsMatched: typedTermsMatched, typedTerms: typedTerms,
      phraseCandidates: phraseCandidates)
  }

  private func collectUnigrams(
    _ unit: CompiledQuery.Unit, into best: inout [Float], touched: inout [Int],
    skippingListsLongerThan limit: Int?
  ) {
    for (symbol, weight) in unit.candidates {
      let postings = index.unigrams(symbol)
      if let limit, postings.count > limit { continue }
      for posting in postings {
        let item = Int(posting.item)
        let score = weight * posting.score
        if best[item] == 0 { touched.append(item) }
        if score > best[item] { best[item] = score }
      }
    }
  }

  /// Pairs of characters the two units can stand for. When the units are pinyin or
  /// homophones, many pairs qualify; like an input method, prefer the pairs the catalogues
  /// use often (行政 for "xingzheng", not the 行整 of 进行整治): a guessed pair's weight is
  /// scaled by the square root of its document frequency relative to the commonest pair.
  private func collectBigrams(
    _ first: CompiledQuery.Unit, _ second: CompiledQuery.Unit, into best: inout [Float],
    touched: inout [Int], strong: inout [Int], strongHere: inout [Bool], commonList: Int
  ) {
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
    for candidate in candidates {
      // A guessed pair found in most items of a large corpus (initials "hl" as 和联) says
      // nothing about any of them, and walking its list is what makes such queries slow.
      if candidate.weight < 1, candidate.postings.count > commonList { continue }
      var weight = candidate.weight
      if weight < 1 {
        weight *= (Float(candidate.postings.count) / Float(commonest)).squareRoot()
      }
      // Both characters matched well (see `containsPhrase`): the pair may be in a phrase.
      let isStrong = candidate.weight >= 0.49
      for posting in candidate.postings {
        let item = Int(posting.item)
        let score = weight * posting.score
        if best[item] == 0 { touched.append(item) }
        if score > best[item] { best[item] = score }
        if isStrong { strongHere[item] = true }
      }
    }
    // Count each item once for this pair position, however many pairs matched.
    for item in touched where strongHere[item] {
      strong[item] += 1
      strongHere[item] = false
    }
  }

  /// Every typed term matched: ×1.5. A term as a phrase in the name: ×1.6 (×1.3 more at its
  /// start), elsewhere ×1.2.
  func bonus(for item: Int, base: BaseScores) -> Float {
    var bonus: Float = 1
    if base.typedTerms > 1, base.typedTermsMatched[item] == base.typedTerms {
      bonus *= Self.allTermsBonus
    }
    let fields = SearchField.allCases.indices.map { index.fieldSymbols(item: item, field: $0) }
    let phrases = base.phraseCandidates[item] ?? []
    if phrases.contains(where: { Self.containsPhrase(fields[0], $0.units, atStart: true) }) {
      // The name begins with the term: the item is about it ("地名管理" for "dm").
      bonus *= Self.namePhraseBonus * Self.nameStartBonus
    } else if phrases.contains(where: { Self.containsPhrase(fields[0], $0.units) }) {
      bonus *= Self.namePhraseBonus
    } else if phrases.contains(where: { variant in
      fields.dropFirst().contains { Self.containsPhrase($0, variant.units) }
    }) {
      bonus *= Self.phraseBonus
    }
    return bonus
  }

  /// Final scores of the best items: bonuses are worked out best-first and only while an
  /// item could still reach the top `limit` (no bonus multiplies a score by more than
  /// `largestBonus`), so a query costs the same however many items match weakly.
  func ranked(
    limit: Int, where include: (Int) -> Bool
  ) -> [(item: Int, score: Float)] {
    let base = baseScores()
    // The limit-th best base score bounds which items a bonus could lift into the top:
    // only those are sorted and checked for phrases, however many items match weakly.
    var top = TopScores(capacity: limit)
    for (item, score) in base.scores.enumerated() where score > 0 && include(item) {
      top.offer(score)
    }
    let floor = top.isFull ? top.smallest / Self.largestBonus : 0
    let candidates = base.scores.indices
      .filter { base.scores[$0] > 0 && base.scores[$0] >= floor && include($0) }
      .sorted { base.scores[$0] != base.scores[$1] ? base.scores[$0] > base.scores[$1] : $0 < $1 }
    var finals: [(item: Int, score: Float)] = []
    for item in candidates {
      let score = base.scores[item]
      if finals.count >= limit, score * Self.largestBonus < finals[limit - 1].score { break }
      let final = score * bonus(for: item, base: base)
      let position = finals.firstIndex { $0.score < final || ($0.score == final && $0.item > item) }
      finals.insert((item, final), at: position ?? finals.endIndex)
    }
    return Array(finals.prefix(limit))
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
