/// MaxScore-style pruning, for queries that read many postings.
///
/// Long queries and pinyin read hundreds of posting lists, most of them weak (homophones,
/// guessed pairs) and long. Each list bounds what it can add to a document (its weight
/// times its idf), so: a first pass reads only the lists that can add most and gives every
/// document it reaches a lower bound (its score so far) and an upper bound (plus what the
/// unread lists could add); the `limit`-th best lower bound is a bar no document whose
/// upper bound, times the largest bonus, stays below can reach. A second pass
/// (`Ranking.ranked`) reads every list, but only for the documents left, and scores them
/// exactly.
extension Ranking {
  /// Bounds and scores add the same floats in different orders: a bound is loosened by
  /// this factor so rounding never drops a document that ties the bar.
  static let roundingSlack: Float = 1.001
  /// The first round reads the densest lists up to about this share of the documents'
  /// worth of postings (1/8), and at least `ScoringPlan.commonListFloor`.
  static let denseReadingShare = 8

  /// The documents in scope that may be among the best `limit`, sorted; nil when bounds
  /// cannot narrow them down (then every list is read in full).
  func candidates(
    plan: ScoringPlan, limit: Int, scope: ItemSet, scratch: RankingScratch
  ) -> [DocumentID]? {
    // First the lists that promise most per posting (rare words of the query): cheaply,
    // the best documents get most of their scores, which sets a bar.
    let dense = plan.densityFloor(
      readingAbout: max(ScoringPlan.commonListFloor, index.itemCount / Self.denseReadingShare))
    // Round one: the dense lists set a bar, which says which lists must be read (the cut).
    guard
      let firstBar = barAfterPass(
        plan: plan, reading: .lists(boundAbove: .infinity, densityFrom: dense), limit: limit,
        scope: scope, scratch: scratch),
      let cut = plan.largestCut(unreadBelow: firstBar),
      // When most postings are above the cut (weak matches everywhere, as for initials),
      // bounds save nothing: one full pass is cheaper.
      plan.postingCount(above: cut) <= plan.postingCount / 2
    else { return nil }
    // Round two: every list above the cut; its own bar must still allow the cut.
    var pass = ScoringPass(plan: plan)
    pass.run(scratch: scratch, reading: .lists(boundAbove: cut, densityFrom: dense))
    defer { pass.reset(scratch: scratch) }
    guard let bar = bar(of: pass, limit: limit, scope: scope, scratch: scratch, plan: plan),
      let allowed = plan.largestCut(unreadBelow: bar), allowed >= cut
    else { return nil }
    // Lists above the cut were read; those below add at most `unreached` to any document
    // (the dense ones below it were read too: counting them again only loosens this).
    let unreached = plan.unreadBound(cut: cut)
    return pass.scoredDocuments.filter {
      scope.itemCount(ofDocument: $0) > 0 && unreached + scratch.boundExtra[Int($0)] >= bar
    }.sorted()
  }

  /// The bar after one pass of `reading`, the pass's scratch entries cleared again.
  private func barAfterPass(
    plan: ScoringPlan, reading: ScoringPass.Reading, limit: Int, scope: ItemSet,
    scratch: RankingScratch
  ) -> Float? {
    var pass = ScoringPass(plan: plan)
    pass.run(scratch: scratch, reading: reading)
    defer { pass.reset(scratch: scratch) }
    return bar(of: pass, limit: limit, scope: scope, scratch: scratch, plan: plan)
  }

  /// The score every document must reach, before bonuses, to be among the best `limit`:
  /// the `limit`-th best score so far over the largest bonus; nil while fewer than
  /// `limit` items are reached.
  private func bar(
    of pass: ScoringPass, limit: Int, scope: ItemSet, scratch: RankingScratch,
    plan: ScoringPlan
  ) -> Float? {
    var top = TopScores(capacity: limit)
    for document in pass.scoredDocuments {
      // A document stands for its items in scope, each with its score.
      top.offer(
        scratch.total[Int(document)],
        times: min(limit, scope.itemCount(ofDocument: document)))
    }
    guard top.isFull else { return nil }
    return top.smallest / (plan.largestBonus * Self.roundingSlack)
  }
}
