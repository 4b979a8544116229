import Testing

@testable import QingdanCore

/// A query of several clauses has its best items reordered by reciprocal rank fusion of
/// the engine's scores and the literal evidence, the pairs the query typed as themselves
/// (`Ranking.fused`): an item holding the rare pair of the main clause is not buried under
/// items lifted by a side clause's expansions.
@Suite("Several clauses: literal evidence fused with the ranking")
struct LiteralFusionTests {
  @Test func anItemWithTheTypedPairsMovesUp() {
    // Six items by score; only the last holds the pairs typed.
    let order = Ranking.fusedOrder(
      scores: [10, 9, 8, 7, 6, 5], literal: [0, 0, 0, 0, 0, 4])
    #expect(order == [0, 1, 5, 2, 3, 4])
    // Without literal evidence the engine's order stands.
    #expect(Ranking.fusedOrder(scores: [10, 9, 8], literal: [0, 0, 0]) == [0, 1, 2])
  }

  @Test func tiesShareARankAndKeepTheirOrder() {
    let order = Ranking.fusedOrder(scores: [5, 5, 4], literal: [1, 1, 0])
    #expect(order == [0, 1, 2])
  }

  @Test func clausesAreCountedAtPunctuationAndBetweenWords() {
    let engine = CallerSearchTests.engine(synonyms: [:], thesaurus: [])
    func clauses(_ query: String) -> Int { engine.compiler.compile(query).clauseCount }
    #expect(clauses("村里路灯坏了没人修，晚上出门看不见") == 2)
    #expect(clauses("宅基地 审批") == 2)
    #expect(clauses("羊拉肚子") == 1)
    // A clause of fillers only is none.
    #expect(clauses("低保，怎么办") == 1)
  }

  @Test func onlyPairsTypedAsThemselvesAreLiteralEvidence() {
    // 低保审批 typed in a query of two clauses: its pairs are literal; its expansions'
    // (低保 → 最低生活保障) are not; in a query of one clause none is read as such.
    let engine = CallerSearchTests.engine(synonyms: ["低保": ["最低生活保障"]], thesaurus: [])
    let one = engine.compiler.compile("低保审批")
    #expect(!ScoringPlan(index: engine.index, query: one).hasLiteralPairs)
    let two = engine.compiler.compile("低保审批，临时救助")
    #expect(two.clauseCount == 2)
    let plan = ScoringPlan(index: engine.index, query: two)
    #expect(plan.hasLiteralPairs)
    let literalPairs = plan.terms.filter { !$0.isExpansion }.flatMap(\.variants)
      .flatMap(\.positions).flatMap(\.pairs).filter(\.isLiteral)
    #expect(!literalPairs.isEmpty)
    let expansionPairs = plan.terms.filter(\.isExpansion).flatMap(\.variants)
      .flatMap(\.positions).flatMap(\.pairs)
    #expect(!expansionPairs.isEmpty)
    #expect(expansionPairs.allSatisfy { !$0.isLiteral })
  }
}
