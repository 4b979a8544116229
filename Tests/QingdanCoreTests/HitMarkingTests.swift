import Foundation
import Testing

@testable import QingdanCore

/// The shortcuts taken after scoring — bonuses checked in order of what each document could
/// reach, a hit's fields read once for its matches and reasons, marks worked out once per
/// document — give what the plain way gives. On the 10-township corpus of the brute-force
/// tests, where townships share documents.
struct HitMarkingTests {
  static let queries = PrunedRankingTests.queries + ["村里想申请项目资金建冷库", "xiangmu", "临时救助 低保"]

  /// A document's bonus bound is never below the bonus it gets, and is reached by some.
  @Test(arguments: queries)
  func bonusBoundHoldsForEveryScoredDocument(query: String) {
    let engine = BruteForceSearchTests.engine
    let ranking = Ranking(index: engine.index, query: engine.compiler.compile(query))
    engine.scratchPool.withScratch { scratch in
      var pass = ScoringPass(plan: ScoringPlan(index: engine.index, query: ranking.query))
      pass.run(scratch: scratch, reading: .everything)
      defer { pass.reset(scratch: scratch) }
      #expect(!pass.scoredDocuments.isEmpty, "\(query)")
      for document in pass.scoredDocuments {
        let bonus = ranking.bonus(for: document, pass: pass, scratch: scratch)
        let bound = ranking.bonusBound(for: document, pass: pass, scratch: scratch)
        #expect(bonus <= bound, "\(query): document \(document)")
        #expect(bound <= pass.plan.largestBonus * Ranking.roundingSlack, "\(query)")
      }
    }
  }

  /// Some query gets a phrase bonus, so the bound is exercised where it matters.
  @Test func someDocumentsEarnAPhraseBonus() {
    let engine = BruteForceSearchTests.engine
    let query = engine.compiler.compile("临时救助")
    let ranking = Ranking(index: engine.index, query: query)
    let phrased = engine.scratchPool.withScratch { scratch in
      var pass = ScoringPass(plan: ScoringPlan(index: engine.index, query: query))
      pass.run(scratch: scratch, reading: .everything)
      defer { pass.reset(scratch: scratch) }
      return pass.scoredDocuments.filter {
        ranking.bonus(for: $0, pass: pass, scratch: scratch) > 1
      }.count
    }
    #expect(phrased > 0)
  }

  /// Matches and reasons read together equal each read alone.
  @Test(arguments: queries)
  func matchesAndReasonsTogetherEqualApart(query: String) {
    let engine = BruteForceSearchTests.engine
    let highlighter = engine.highlighter(for: query)
    let hits = engine.search(query, limit: 50, highlighted: 0)
    #expect(!hits.isEmpty, "\(query)")
    for hit in hits {
      let together = highlighter.matchesAndReasons(item: hit.position, in: engine.index)
      #expect(together.matches == highlighter.matches(item: hit.position, in: engine.index))
      #expect(together.why == highlighter.reasons(item: hit.position, in: engine.index))
    }
  }

  /// Each hit's matches, snippet and reasons are those of its own item, though they are
  /// worked out once per document; also when only some hits are highlighted or explained.
  @Test(arguments: queries)
  func marksPerDocumentEqualMarksPerItem(query: String) {
    let engine = BruteForceSearchTests.engine
    for (highlighted, explained) in [(Int.max, Int.max), (0, 30), (5, 0), (10, 20)] {
      let found = engine.searchAndHighlighter(
        query, limit: 60, highlighted: highlighted, explained: explained)
      for (rank, hit) in found.hits.enumerated() {
        let matches =
          rank < highlighted ? found.highlighter.matches(item: hit.position, in: engine.index) : []
        #expect(hit.matches == matches, "\(query) \(rank)")
        #expect(hit.snippet == found.highlighter.snippet(in: hit.item, matches: matches))
        let why =
          rank < explained ? found.highlighter.reasons(item: hit.position, in: engine.index) : []
        #expect(hit.why == why, "\(query) \(rank)")
      }
    }
  }

  /// The corpus has hits sharing a document, so the per-document marks are exercised.
  @Test func hitsShareDocuments() {
    let engine = BruteForceSearchTests.engine
    let hits = engine.search("低保", limit: 60)
    let documents = Set(hits.map { engine.index.documentOfItem[$0.position] })
    #expect(documents.count < hits.count)
  }
}
