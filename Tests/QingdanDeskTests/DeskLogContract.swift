import Foundation
import Testing

@testable import QingdanCore
@testable import QingdanDesk

/// What every `DeskLog` must do, checked on a fresh log.
enum DeskLogContract {
  static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

  static func entries(_ log: DeskLog) throws {
    let first = DeskEntry(
      time: t0, township: "大石头乡", query: "煤气罐", itemID: "a-1", answer: "大石头乡负责 (基本履职)",
      note: "来电 2 次")
    let second = DeskEntry(time: t0 + 60, query: "低保", itemID: "b-2", answer: "x")
    try log.record(first)
    try log.record(second)
    #expect(try log.entries(since: nil, until: nil) == [second, first])
    #expect(try log.entries(since: t0 + 1, until: nil) == [second])
    #expect(try log.entries(since: nil, until: t0 + 60) == [first])
    #expect(try log.entries(since: t0 + 61, until: nil).isEmpty)
  }

  static func misses(_ log: DeskLog) throws {
    let miss = MissedSearch(time: t0, query: "燃气瓶", township: nil, reason: .noHits)
    let later = MissedSearch(time: t0 + 5, query: "低保", township: "大石头乡", reason: .abandoned)
    try log.recordMiss(miss)
    try log.recordMiss(later)
    try log.recordMiss(MissedSearch(time: t0, query: "  ", reason: .noHits))
    #expect(try log.misses(since: nil, until: nil) == [later, miss])
    #expect(try log.misses(since: t0 + 1, until: nil) == [later])
  }

  static func hotItems(_ log: DeskLog) throws {
    for (offset, id) in ["x", "y", "x", "z", "x", "y"].enumerated() {
      try log.record(
        DeskEntry(time: t0 + Double(offset), query: "q", itemID: id, answer: "a"))
    }
    try log.record(DeskEntry(time: t0 - 100, query: "q", itemID: "z", answer: "a"))
    #expect(
      try log.hotItems(since: t0, limit: 2)
        == [HotItem(itemID: "x", count: 3), HotItem(itemID: "y", count: 2)])
  }

  static func history(_ log: DeskLog) throws {
    for query in ["低保", "煤气罐", " ", "低保", "户口"] { try log.addQuery(query) }
    #expect(try log.recentQueries(limit: 10) == ["户口", "低保", "煤气罐"])
    #expect(try log.recentQueries(limit: 1) == ["户口"])
    for number in 0..<(DeskLimits.history + 5) { try log.addQuery("q\(number)") }
    let all = try log.recentQueries(limit: 10_000)
    #expect(all.count == DeskLimits.history)
    #expect(all.first == "q\(DeskLimits.history + 4)")
  }

  static func marks(_ log: DeskLog) throws {
    try log.setMark(itemID: "a-1", marked: true)
    try log.setMark(itemID: "b-2", marked: true)
    try log.setMark(itemID: "a-1", marked: true)
    #expect(try log.marks() == ["a-1", "b-2"])
    try log.setMark(itemID: "a-1", marked: false)
    try log.setMark(itemID: "never", marked: false)
    #expect(try log.marks() == ["b-2"])
  }

  static func all(_ make: () throws -> DeskLog) throws {
    try entries(make())
    try misses(make())
    try hotItems(make())
    try history(make())
    try marks(make())
  }
}

@Suite("desk: the memory log")
struct MemoryDeskLogTests {
  @Test func keepsTheContract() throws {
    try DeskLogContract.all { MemoryDeskLog() }
  }
}
