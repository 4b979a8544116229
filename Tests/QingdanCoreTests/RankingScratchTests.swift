import Testing

@testable import QingdanCore

/// An idle process gives its ranking scratch's pages back to the kernel, which maps zero
/// pages in again; that is only sound if every search leaves the scratch all zero.
@Suite("Ranking scratch between searches")
struct RankingScratchTests {
  static let queries =
    BruteForceSearchTests.queries + ["开小卖部办营业执照", "hlx", "想砍自家地里的杨树要办啥证"]

  @Test func everySearchLeavesTheScratchZeroAndReleasingItChangesNoRanking() {
    let engine = BruteForceSearchTests.engine
    func ranked() -> [[String]] {
      Self.queries.map { query in
        let hits = engine.search(query, limit: 50).map { "\($0.item.id) \($0.score)" }
        engine.scratchPool.withScratch { #expect($0.isAllZero, "after \(query)") }
        return hits
      }
    }
    let before = ranked()
    #expect(before.contains { !$0.isEmpty })
    engine.releaseIdleMemory()
    engine.scratchPool.withScratch { #expect($0.isAllZero) }
    #expect(ranked() == before)
  }

  @Test func releasedPagesLeaveMemoryAndReadAsZeroAgain() throws {
    let scratch = RankingScratch(count: 100_000)
    let untouched = try #require(scratch.residentPages)
    for document in stride(from: 0, to: 100_000, by: 512) { scratch.total[document] = 1 }
    #expect(try #require(scratch.residentPages) > untouched)
    for document in stride(from: 0, to: 100_000, by: 512) { scratch.total[document] = 0 }
    scratch.releasePages()
    #expect(scratch.residentPages == 0)
    #expect(scratch.isAllZero)
    scratch.best[12_345] = 2
    #expect(scratch.best[12_345] == 2)
  }
}
