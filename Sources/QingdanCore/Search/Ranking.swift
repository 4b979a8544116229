/// Scores every item for a compiled query.
///
/// Per term variant: each unit's best unigram posting and each adjacent pair's best bigram
/// posting (the bigram carries the word; the unigram keeps recall), weighted by how well the
/// characters match (typed 1, pinyin 0.9, initials 0.75, homophone 0.4), scaled by the
/// share of the variant's units the item matches (softly: a caller's long sentence has many
/// words no item contains). A term scores its best variant. Items
/// matching every typed term, and items whose name holds a term as a phrase, get bonuses.
struct Ranking {
  let index: SearchIndex
  let query: CompiledQuery

  static let unigramFactor: Float = 0.35
  /// A pinyin unit alone matches many characters; within a longer variant only its pairs
  /// are evidence ("xingzheng" is 行政, not any 星 and any 整 apart).
  static let pinyinUnigramFactor: Float = 0.08
  static let allTermsBonus: Float = 1.5
  static let namePhraseBonus: Float = 1.6
  static let phraseBonus: Float = 1.2
  static let nameStartBonus: Float = 1.3

  func scores() -> [Float] {
    let count = index.itemCount
    var total = [Float](repeating: 0, count: count)
    var typedTermsMatched = [Int](repeating: 0, count: count)
    var typedTerms = 0
    var termScore = [Float](repeating: 0, count: count)
    var variantScore = [Float](repeating: 0, count: count)
    var matchedUnits = [Int](repeating: 0, count: count)
    var best = [Float](repeating: 0, count: count)
    var touched: [Int] = []

    for term in query.terms {
      guard !term.variants.isEmpty else { continue }
      if !term.isExpansion { typedTerms += 1 }
      for index in termScore.indices { termScore[index] = 0 }
      for variant in term.variants {
        for index in variantScore.indices {
          variantScore[index] = 0
          matchedUnits[index] = 0
        }
        let units = variant.units
        for (position, unit) in units.enumerated() {
          collectUnigrams(unit, into: &best, touched: &touched)
          let factor =
            unit.isLiteral || units.count == 1 ? Self.unigramFactor : Self.pinyinUnigramFactor
          for item in touched {
            variantScore[item] += factor * best[item]
            matchedUnits[item] += 1
            best[item] = 0
          }
          touched.removeAll(keepingCapacity: true)
          if position + 1 < units.count {
            collectBigrams(unit, units[position + 1], into: &best, touched: &touched)
            for item in touched {
              variantScore[item] += best[item]
              best[item] = 0
            }
            touched.removeAll(keepingCapacity: true)
          }
        }
        let unitCount = Float(units.count)
        for item in 0..<count where variantScore[item] > 0 {
          let coverage = Float(matchedUnits[item]) / unitCount
          let score = variantScore[item] * (0.25 + 0.75 * coverage) * variant.weight
          termScore[item] = max(termScore[item], score)
        }
      }
      for item in 0..<count where termScore[item] > 0 {
        total[item] += termScore[item]
        if !term.isExpansion { typedTermsMatched[item] += 1 }
      }
    }
    applyBonuses(&total, typedTermsMatched: typedTermsMatched, typedTerms: typedTerms)
    return total
  }

  private func collectUnigrams(
    _ unit: CompiledQuery.Unit, into best: inout [Float], touched: inout [Int]
  ) {
    for (code, weight) in unit.weights {
      guard let postings = index.postings[SearchIndex.unigram(code)] else { continue }
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
    touched: inout [Int]
  ) {
    var candidates: [(weight: Float, postings: [SearchIndex.Posting])] = []
    var commonest = 1
    for (firstCode, firstWeight) in first.weights {
      guard let followers = index.successors[firstCode] else { continue }
      for secondCode in followers {
        guard let secondWeight = second.weights[secondCode] else { continue }
        let weight = firstWeight * secondWeight
        guard weight >= 0.15,
          let postings = index.postings[SearchIndex.bigram(firstCode, secondCode)]
        else { continue }
        candidates.append((weight, postings))
        commonest = max(commonest, postings.count)
      }
    }
    for candidate in candidates {
      var weight = candidate.weight
      if weight < 1 {
        weight *= (Float(candidate.postings.count) / Float(commonest)).squareRoot()
      }
      for posting in candidate.postings {
        let item = Int(posting.item)
        let score = weight * posting.score
        if best[item] == 0 { touched.append(item) }
        if score > best[item] { best[item] = score }
      }
    }
  }

  /// Every typed term matched: ×1.5. A term as a phrase in the name: ×1.6 (×1.3 more at its
  /// start), elsewhere ×1.2.
  private func applyBonuses(_ total: inout [Float], typedTermsMatched: [Int], typedTerms: Int) {
    let phraseVariants = query.terms.flatMap { term in
      term.variants.filter { $0.units.count >= 2 }
    }
    for item in total.indices where total[item] > 0 {
      if typedTerms > 1, typedTermsMatched[item] == typedTerms {
        total[item] *= Self.allTermsBonus
      }
      let fields = index.fieldCodes[item]
      if phraseVariants.contains(where: { Self.containsPhrase(fields[0], $0.units, atStart: true) })
      {
        // The name begins with the term: the item is about it ("地名管理" for "dm").
        total[item] *= Self.namePhraseBonus * Self.nameStartBonus
      } else if phraseVariants.contains(where: { Self.containsPhrase(fields[0], $0.units) }) {
        total[item] *= Self.namePhraseBonus
      } else if phraseVariants.contains(where: { variant in
        fields.dropFirst().contains { Self.containsPhrase($0, variant.units) }
      }) {
        total[item] *= Self.phraseBonus
      }
    }
  }

  /// Whether `codes` has the units in a row, each matched well (typed, pinyin or initial;
  /// homophones do not make a phrase).
  static func containsPhrase(
    _ codes: [UInt32], _ units: [CompiledQuery.Unit], atStart: Bool = false
  ) -> Bool {
    guard units.count <= codes.count else { return false }
    var start = 0
    while start + units.count <= codes.count, !atStart || start == 0 {
      var matched = true
      for (offset, unit) in units.enumerated() {
        guard let weight = unit.weights[codes[start + offset]], weight >= 0.7 else {
          matched = false
          break
        }
      }
      if matched { return true }
      start += 1
    }
    return false
  }
}
