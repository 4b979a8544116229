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
