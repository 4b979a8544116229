/// Scores items for a compiled query: the entry point that wires the scoring parts.
///
/// - `Scoring/Bm25.swift`: the per-posting formula, baked into the index at build time.
/// - `Scoring/ScoringPlan.swift`: which posting lists a query reads and what each is worth.
/// - `Scoring/ScoringPass.swift`: one walk of those lists, adding up base scores.
/// - `Scoring/Pruning.swift`: MaxScore-style bounds that let long queries skip weak lists.
/// - `Scoring/Bonuses.swift`: the "all terms" and phrase bonuses on the best documents.
/// - `TopK.swift`: the top-k collectors.
///
/// Items with equal texts score alike, so the passes score *documents* (`DocumentID`, see
/// `SearchIndex`), and only the last step (`bestItems`) turns the best documents into the
/// items in scope (`ItemPosition`).
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
  /// read only for the documents that can still reach the top (see `Pruning.swift`).
  var singlePassPostings = 30_000

  /// The final scores of the best `limit` items in `scope`, best first (ties by position).
  func ranked(
    limit: Int, scope: ItemSet, scratch: RankingScratch
  ) -> [(item: ItemPosition, score: Float)] {
    let plan = ScoringPlan(index: index, query: query)
    // A query of several clauses (a work order) has its best reordered by literal
    // evidence too (`fused`); enough are ranked for that whatever the limit.
    let fuses = query.clauseCount >= 2 && plan.hasLiteralPairs
    let depth = fuses ? max(limit, Self.fusionDepth) : limit
    if plan.postingCount > singlePassPostings,
      let candidates = candidates(plan: plan, limit: depth, scope: scope, scratch: scratch)
    {
      scratch.flagCandidates(candidates, true)
      var pass = ScoringPass(plan: plan)
      pass.run(scratch: scratch, reading: .candidates(candidates))
      scratch.flagCandidates(candidates, false)
      defer { pass.reset(scratch: scratch) }
      let best = bestItems(pass: pass, scratch: scratch, limit: depth, scope: scope)
      return fuses ? fused(best, plan: plan, limit: limit) : best
    }
    var pass = ScoringPass(plan: plan)
    pass.run(scratch: scratch, reading: .everything)
    defer { pass.reset(scratch: scratch) }
    let best = bestItems(pass: pass, scratch: scratch, limit: depth, scope: scope)
    return fuses ? fused(best, plan: plan, limit: limit) : best
  }

  /// A query of several clauses (a work order) says several things, and expansions of a
  /// side clause's word (出事故 → 生产安全事故, 应急救援) with the characters of every clause
  /// found apart in long texts can lift items about that side clause over the item about
  /// the main one, whose rare pair (村道) the operator typed. So the best `fusionDepth`
  /// items are reordered by reciprocal rank fusion of two rankings of them: the engine's
  /// scores and their literal evidence, the postings of the pairs the query typed as
  /// themselves (no expansions, pinyin, homophones or single characters), summed. An item
  /// with no literal evidence keeps only its engine rank; ties share a rank; scores are
  /// left as they were. A small `fusionK` lets the top ranks of each count most; the
  /// literal ranking weighs `fusionWeight` of the engine's.
  static let fusionDepth = 50
  static let fusionK: Float = 2
  static let fusionWeight: Float = 0.3

  private func fused(
    _ best: [(item: ItemPosition, score: Float)], plan: ScoringPlan, limit: Int
  ) -> [(item: ItemPosition, score: Float)] {
    let head = Array(best.prefix(Self.fusionDepth))
    let order = Self.fusedOrder(
      scores: head.map(\.score),
      literal: head.map { plan.literalEvidence(of: index.documentOfItem[$0.item]) })
    return Array((order.map { head[$0] } + best.dropFirst(Self.fusionDepth)).prefix(limit))
  }

  /// The order (offsets, best first) of items ranked by `scores` once fused with their
  /// literal evidence (see `fusionDepth`).
  static func fusedOrder(scores: [Float], literal: [Float]) -> [Int] {
    // Equal scores (items of one document, say) share the better rank.
    func ranks(_ values: [Float]) -> [Int] {
      values.map { value in 1 + values.count { $0 > value } }
    }
    let scoreRanks = ranks(scores)
    let literalRanks = ranks(literal)
    let fused = scores.indices.map { offset in
      1 / (fusionK + Float(scoreRanks[offset]))
        + (literal[offset] > 0 ? fusionWeight / (fusionK + Float(literalRanks[offset])) : 0)
    }
    return scores.indices.sorted { fused[$0] != fused[$1] ? fused[$0] > fused[$1] : $0 < $1 }
  }

  /// Bonuses are worked out best-first by what they could reach, and only while an item
  /// could still reach the top `limit`, so a query costs the same however many items match
  /// weakly. What a document could reach is its base score times its own bound on the
  /// bonus (`bonusBound`: the all-terms share it matched, a phrase bonus only where the pass
  /// noted a phrase), which is far tighter than the largest bonus any document could get.
  private func bestItems(
    pass: ScoringPass, scratch: RankingScratch, limit: Int, scope: ItemSet
  ) -> [(item: ItemPosition, score: Float)] {
    // The limit-th best base score: a bonus never lowers a score, so at least `limit` items
    // end at or above it, and a document that cannot reach it is out.
    var top = TopScores(capacity: limit)
    var scored: [(document: DocumentID, score: Float)] = []
    scored.reserveCapacity(pass.scoredDocuments.count)
    for document in pass.scoredDocuments {
      let score = scratch.total[Int(document)]
      guard score > 0 else { continue }
      let items = scope.itemCount(ofDocument: document)
      guard items > 0 else { continue }
      scored.append((document, score))
      top.offer(score, times: min(limit, items))
    }
    let bar = top.isFull ? top.smallest : 0
    // Cheap first cut, then each document's own bound (a search among the pass's phrases).
    let loosest = bar / pass.plan.largestBonus
    var candidates: [(document: DocumentID, score: Float, reach: Float)] = []
    for (document, score) in scored where score >= loosest {
      let reach = score * bonusBound(for: document, pass: pass, scratch: scratch)
      if reach >= bar { candidates.append((document, score, reach)) }
    }
    candidates.sort { $0.reach != $1.reach ? $0.reach > $1.reach : $0.document < $1.document }
    var finals = TopItems(capacity: limit)
    for (document, score, reach) in candidates {
      if finals.isFull, reach < finals.smallest { break }
      let final = score * bonus(for: document, pass: pass, scratch: scratch)
      // Items of a document tie; the lowest positions win ties, so `limit` of them do.
      for item in scope.items(ofDocument: document, upTo: limit) {
        finals.insert(item: item, score: final)
      }
    }
    return finals.entries
  }
}
