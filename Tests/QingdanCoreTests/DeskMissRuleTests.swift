import Foundation
import Testing

@testable import QingdanCore

@Suite("desk: the miss rule")
struct DeskMissRuleTests {
  let t0 = Date(timeIntervalSince1970: 1_800_000_000)

  @Test func noHitsIsAMissHoweverItEnds() {
    let attempt = SearchAttempt(query: "  煤气罐漏气 ", township: "大石头乡", hitCount: 0, time: t0)
    for end in [SearchAttempt.End.escaped, .replaced, .quit] {
      #expect(
        attempt.miss(endedBy: end)
          == MissedSearch(time: t0, query: "煤气罐漏气", township: "大石头乡", reason: .noHits))
    }
  }

  @Test func hitsLeftUnopenedAreAbandonedOnEscOrANewQuery() {
    let attempt = SearchAttempt(query: "低保", township: nil, hitCount: 4, time: t0)
    #expect(attempt.miss(endedBy: .escaped)?.reason == .abandoned)
    #expect(attempt.miss(endedBy: .replaced)?.reason == .abandoned)
    #expect(attempt.miss(endedBy: .quit) == nil)
  }

  @Test func anOpenedOrRecordedHitIsNoMiss() {
    var attempt = SearchAttempt(query: "低保", township: nil, hitCount: 4, time: t0)
    attempt.useHit()
    #expect(attempt.miss(endedBy: .escaped) == nil)
    #expect(attempt.miss(endedBy: .replaced) == nil)
  }

  @Test func anEmptyQueryIsNoMiss() {
    let attempt = SearchAttempt(query: "  ", township: nil, hitCount: 0, time: t0)
    #expect(attempt.miss(endedBy: .escaped) == nil)
  }

  @Test func typingOnIsTheSameSearchJudgedByItsLastQuery() {
    var tracker = SearchTracker()
    // The keystrokes of one search: 煤 → 煤气 → 煤气罐x (nothing) → 煤气罐 (hits).
    #expect(tracker.queryChanged(to: "煤", hitCount: 9, township: nil, at: t0) == nil)
    #expect(tracker.queryChanged(to: "煤气", hitCount: 5, township: nil, at: t0) == nil)
    #expect(tracker.queryChanged(to: "煤气罐x", hitCount: 0, township: nil, at: t0) == nil)
    let t1 = t0.addingTimeInterval(3)
    #expect(tracker.queryChanged(to: "煤气罐", hitCount: 2, township: nil, at: t1) == nil)
    #expect(tracker.current?.query == "煤气罐")
    // A different query ends it: two hits, none opened → abandoned, with its last time.
    let miss = tracker.queryChanged(to: "户口迁移", hitCount: 3, township: nil, at: t1 + 5)
    #expect(miss == MissedSearch(time: t1, query: "煤气罐", township: nil, reason: .abandoned))
    #expect(tracker.current?.query == "户口迁移")
  }

  @Test func openingAHitAnswersTheSearchAndItsEdits() {
    var tracker = SearchTracker()
    _ = tracker.queryChanged(to: "低保", hitCount: 3, township: nil, at: t0)
    tracker.hitUsed()
    #expect(tracker.queryChanged(to: "低保申请", hitCount: 1, township: nil, at: t0) == nil)
    #expect(tracker.ended(by: .escaped) == nil)
    #expect(tracker.current == nil)
  }

  @Test func clearingTheLineEndsTheSearch() {
    var tracker = SearchTracker()
    _ = tracker.queryChanged(to: "xyzzy", hitCount: 0, township: "大石头乡", at: t0)
    let miss = tracker.queryChanged(to: "", hitCount: 0, township: "大石头乡", at: t0 + 1)
    #expect(miss?.reason == .noHits)
    #expect(miss?.township == "大石头乡")
    #expect(tracker.current == nil)
    #expect(tracker.ended(by: .escaped) == nil)
  }

  @Test func anotherTownshipIsAnotherSearch() {
    var tracker = SearchTracker()
    _ = tracker.queryChanged(to: "低保", hitCount: 2, township: nil, at: t0)
    let miss = tracker.queryChanged(to: "低保", hitCount: 1, township: "大石头乡", at: t0)
    #expect(miss?.reason == .abandoned)
    #expect(miss?.township == nil)
  }

  @Test func escAbandonsQuitDoesNot() {
    var tracker = SearchTracker()
    _ = tracker.queryChanged(to: "低保", hitCount: 2, township: nil, at: t0)
    #expect(tracker.ended(by: .quit) == nil)
    _ = tracker.queryChanged(to: "低保", hitCount: 2, township: nil, at: t0)
    #expect(tracker.ended(by: .escaped)?.reason == .abandoned)
  }
}

@Suite("desk: stored forms")
struct DeskBoundsTests {
  @Test func entriesAreTrimmedAndCut() {
    let long = String(repeating: "长", count: DeskLimits.query + 50)
    let entry = DeskEntry(
      time: Date(timeIntervalSince1970: 0), township: " ", query: long, itemID: " a-1 ",
      answer: "x", note: "  ")
    let bounded = entry.bounded
    #expect(bounded.query.count == DeskLimits.query)
    #expect(bounded.township == nil)
    #expect(bounded.note == nil)
    #expect(bounded.itemID == "a-1")
  }

  @Test func hotItemsRankMostFirstThenById() {
    let t = Date(timeIntervalSince1970: 0)
    let entries = ["b", "a", "c", "b", "a", "b"].map {
      DeskEntry(time: t, query: "q", itemID: $0, answer: "")
    }
    #expect(
      HotItem.ranked(entries, limit: 2)
        == [HotItem(itemID: "b", count: 3), HotItem(itemID: "a", count: 2)])
  }
}
