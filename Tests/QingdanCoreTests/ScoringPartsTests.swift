import Testing

@testable import QingdanCore

@Suite("BM25 and top-k, the scoring parts on their own")
struct ScoringPartsTests {
  @Test func rarerGramsWeighMoreAndAPostingStaysBelowItsIdf() {
    let common = Bm25.idf(documentFrequency: 900, itemCount: 1_000)
    let rare = Bm25.idf(documentFrequency: 3, itemCount: 1_000)
    #expect(rare > common)
    #expect(common > 0, "the 1 + … form keeps idf positive for grams most items hold")
    for tf: Float in [0.1, 1, 8, 1_000] {
      #expect(Bm25.score(termFrequency: tf, idf: rare) < rare)
    }
    #expect(Bm25.score(termFrequency: 2, idf: rare) > Bm25.score(termFrequency: 1, idf: rare))
  }

  @Test func longerFieldsCountEachOccurrenceForLess() {
    let average = Bm25.occurrenceWeight(fieldWeight: 8, fieldLength: 10, averageLength: 10)
    #expect(average == 8)
    #expect(Bm25.occurrenceWeight(fieldWeight: 8, fieldLength: 40, averageLength: 10) < 8)
    #expect(Bm25.occurrenceWeight(fieldWeight: 8, fieldLength: 2, averageLength: 10) > 8)
  }

  @Test func explainShowsTheScore() {
    let explained = Bm25.explain(termFrequency: 3, documentFrequency: 20, itemCount: 500)
    let idf = Bm25.idf(documentFrequency: 20, itemCount: 500)
    #expect(explained.hasSuffix("= \(Bm25.score(termFrequency: 3, idf: idf))"))
  }

  @Test func topItemsKeepsTheBestWithTiesToTheLowerItem() {
    var generator = SplitMix64(seed: 5)
    let entries = (0..<300).map { item in
      (item: item, score: Float(generator.next() % 40))
    }
    var top = TopItems(capacity: 12)
    for entry in entries.shuffled(using: &generator) {
      top.insert(item: entry.item, score: entry.score)
    }
    let expected = entries.sorted {
      $0.score != $1.score ? $0.score > $1.score : $0.item < $1.item
    }.prefix(12)
    #expect(top.entries.map(\.item) == expected.map(\.item))
    #expect(top.isFull && top.smallest == expected.last?.score)
  }

  @Test func topScoresKnowsTheBar() {
    var generator = SplitMix64(seed: 9)
    let scores = (0..<500).map { _ in Float(generator.next() % 1_000) }
    var top = TopScores(capacity: 20)
    for score in scores { top.offer(score) }
    #expect(top.isFull)
    #expect(top.smallest == scores.sorted(by: >)[19])
    var few = TopScores(capacity: 20)
    few.offer(3)
    #expect(!few.isFull)
  }
}

/// Which lists a plan reads on a province-sized corpus: limits as `ListLimits(itemCount:)`
/// sets them there, on the 10-township corpus.
@Suite("The lists a plan reads")
struct ScoringPlanListTests {
  static let engine = BruteForceSearchTests.engine
  /// Every list counts as long: only the lists no limit applies to are read.
  static let province = ScoringPlan.ListLimits(common: .max, commonPinyin: 0)

  static func plan(_ query: String, limits: ScoringPlan.ListLimits? = nil) -> ScoringPlan {
    ScoringPlan(index: engine.index, query: engine.compiler.compile(query), limits: limits)
  }

  static func unigramWeights(_ plan: ScoringPlan) -> [Float] {
    plan.terms.flatMap(\.variants).flatMap(\.positions).flatMap(\.unigrams).map(\.weight)
  }

  /// A typed character's homophones (救注: 注 as 助, 住, 筑…) are read alone only when
  /// their lists are short; as pairs (救助) they are still read; the typed characters are.
  @Test func longHomophoneListsAreReadOnlyInPairs() {
    let small = Self.plan("临时救注")
    #expect(Self.unigramWeights(small).contains { $0 < CompiledQuery.Unit.wellMatchedWeight })
    let province = Self.plan("临时救注", limits: Self.province)
    #expect(!Self.unigramWeights(province).isEmpty)
    #expect(
      Self.unigramWeights(province).allSatisfy { $0 >= CompiledQuery.Unit.wellMatchedWeight })
    let pairs = province.terms.flatMap(\.variants).flatMap(\.positions).flatMap(\.pairs)
    #expect(pairs.contains { $0.weight < 1 && $0.postings.count > 0 }, "救助 for 救注")
    #expect(province.postingCount < small.postingCount)
  }

  /// A one-character term keeps its own list however long, not its homophones'.
  @Test func aOneCharacterTermKeepsItsOwnListOnly() {
    let province = Self.unigramWeights(Self.plan("注", limits: Self.province))
    #expect(province == [1])
    #expect(Self.unigramWeights(Self.plan("注")).count > 1)
  }

  /// The bonus bound follows the phrases' shares: a long sentence of many small terms
  /// bounds it well below the largest bonus any query can get.
  @Test func aSentenceOfSmallTermsHasASmallerBonusBound() {
    let sentence = Self.plan("来电人反映家里有坐轮椅的重度残疾人，院门口台阶太高进出不方便，询问能否帮助改造")
    #expect(sentence.largestBonus < Ranking.largestBonus)
    #expect(sentence.largestBonus > 1)
    // One term, the whole query: its phrase at the name's start, in full.
    let whole = Ranking.namePhraseBonus * Ranking.nameStartBonus
    #expect(abs(Self.plan("临时救助").largestBonus - whole) < 0.001)
  }
}
