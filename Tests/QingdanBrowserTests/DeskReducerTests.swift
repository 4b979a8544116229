import Foundation
import QingdanCore
import Testing

@testable import QingdanBrowser

/// A log that fails every call, as a deleted or corrupted database does.
final class BrokenDeskLog: DeskLog {
  static let line = "/tmp/desk.sqlite: error: file is not a database: move it aside"
  private func fail() throws(DeskLogError) -> Never { throw .unavailable(Self.line) }
  func record(_ entry: DeskEntry) throws(DeskLogError) { try fail() }
  func recordMiss(_ miss: MissedSearch) throws(DeskLogError) { try fail() }
  func entries(since: Date?, until: Date?) throws(DeskLogError) -> [DeskEntry] { try fail() }
  func misses(since: Date?, until: Date?) throws(DeskLogError) -> [MissedSearch] { try fail() }
  func hotItems(since: Date, limit: Int) throws(DeskLogError) -> [HotItem] { try fail() }
  func recentQueries(limit: Int) throws(DeskLogError) -> [String] { try fail() }
  func addQuery(_ query: String) throws(DeskLogError) { try fail() }
  func marks() throws(DeskLogError) -> [String] { try fail() }
  func setMark(itemID: String, marked: Bool) throws(DeskLogError) { try fail() }
}

/// A log whose file was removed while open and started anew: it says so once.
final class ReopenedDeskLog: DeskLog, @unchecked Sendable {
  static let line = "/tmp/desk.sqlite: warning: the desk log was removed or replaced"
  private let memory = MemoryDeskLog()
  private var notice: String? = line
  func takeNotice() -> String? {
    defer { notice = nil }
    return notice
  }
  func record(_ entry: DeskEntry) throws(DeskLogError) { try memory.record(entry) }
  func recordMiss(_ miss: MissedSearch) throws(DeskLogError) { try memory.recordMiss(miss) }
  func entries(since: Date?, until: Date?) throws(DeskLogError) -> [DeskEntry] {
    try memory.entries(since: since, until: until)
  }
  func misses(since: Date?, until: Date?) throws(DeskLogError) -> [MissedSearch] {
    try memory.misses(since: since, until: until)
  }
  func hotItems(since: Date, limit: Int) throws(DeskLogError) -> [HotItem] {
    try memory.hotItems(since: since, limit: limit)
  }
  func recentQueries(limit: Int) throws(DeskLogError) -> [String] {
    try memory.recentQueries(limit: limit)
  }
  func addQuery(_ query: String) throws(DeskLogError) { try memory.addQuery(query) }
  func marks() throws(DeskLogError) -> [String] { try memory.marks() }
  func setMark(itemID: String, marked: Bool) throws(DeskLogError) {
    try memory.setMark(itemID: itemID, marked: marked)
  }
}

/// The desk keys and the miss rule, as whole states (`r`, the note prompt, `m`, `'`, 热点,
/// history), with the log's writes performed on a `MemoryDeskLog` as the runtime would.
@Suite("reduce: the operator's desk")
struct DeskReducerTests {
  /// Applies actions, performing search effects and desk writes on `log` as the runtime does.
  @discardableResult
  static func send(
    _ state: inout BrowserState, log: any DeskLog, _ actions: Action...
  ) -> [Effect] {
    var all: [Effect] = []
    for action in actions {
      for effect in Fixtures.send(&state, action) {
        all.append(effect)
        if case .desk(let write) = effect {
          _ = reduce(&state, DeskClient.perform(write, on: log, now: Fixtures.noon))
        }
      }
    }
    return all
  }

  static func search(_ state: inout BrowserState, log: any DeskLog, _ query: String) {
    send(&state, log: log, .startSearch, .clearQuery, .insertText(query))
  }

  static let cooperative66 = "大石头乡/cooperative/66"

  @Test func rOpensTheNotePromptAndEnterRecords() throws {
    let log = MemoryDeskLog()
    var state = Fixtures.state()
    Self.search(&state, log: log, "秸秆禁烧")
    Self.send(&state, log: log, .submitQuery)
    let item = state.selectedItem!
    var expected = state

    var effects = reduce(&state, .recordEnquiry)
    let entry = DeskEntry(
      time: Fixtures.noon, township: nil, query: "秸秆禁烧", itemID: item.id,
      answer: item.handler.answer)
    expected.desk.notePrompt = NotePrompt(entry: entry)
    #expect(effects == [])
    #expect(state == expected)
    #expect(KeyMap.context(of: state) == .noting)

    // Typing goes into the note, not to the keys (q, j are text here).
    _ = KeyMap.dispatch(.text("来电人 qj"), into: &state)
    _ = KeyMap.dispatch(.key(.backspace), into: &state)
    expected.desk.notePrompt?.text = "来电人 q"
    #expect(state == expected)

    effects = KeyMap.dispatch(.key(.enter), into: &state)
    var recorded = entry
    recorded.note = "来电人 q"
    expected.desk.notePrompt = nil
    expected.desk.tracker.hitUsed()
    expected.message = "正在记录…"
    #expect(effects == [.desk(.record(recorded))])
    #expect(state == expected)

    // The runtime writes it; the outcome confirms it and 热点 now lists the item.
    let outcome = DeskClient.perform(.record(recorded), on: log, now: Fixtures.noon)
    effects = reduce(&state, outcome)
    expected.desk.hotItems = [HotItem(itemID: item.id, count: 1)]
    expected.message = "已记录：\(item.id) \(item.handler.answer)"
    #expect(effects == [])
    #expect(state == expected)
    #expect(state.treeRows.first?.node == .hot && state.treeRows.first?.count == 1)
    #expect(try log.entries(since: nil, until: nil) == [recorded])

    // The search was answered: leaving it logs no miss.
    #expect(reduce(&state, .cancel) == [])
  }

  @Test func escInTheNotePromptRecordsNothing() {
    var state = Fixtures.state()
    Fixtures.send(&state, .open)
    let start = state
    Fixtures.send(&state, .recordEnquiry, .insertText("备注"))
    let effects = Fixtures.send(&state, .cancel)
    var expected = start
    expected.message = "未记录（已取消）"
    #expect(effects == [])
    #expect(state == expected)
  }

  @Test func rWithoutAnItemSaysSo() {
    var state = Fixtures.state()
    state.townshipFilter = "大西渠镇"
    state.listFilter = .basic
    Self.search(&state, log: MemoryDeskLog(), "啊啊啊啊")
    Fixtures.send(&state, .submitQuery)
    Fixtures.send(&state, .recordEnquiry)
    #expect(state.desk.notePrompt == nil && state.message == "没有选中的事项")
  }

  @Test func mMarksAndUnmarksAndQuoteListsTheMarks() throws {
    let log = MemoryDeskLog()
    var state = Fixtures.state()
    state.selectTreeNode(.list(township: "大石头乡", list: .cooperative))
    state.itemList.selected = 65
    state.focus = .items
    Fixtures.send(&state, .tick)
    var expected = state

    var effects = Self.send(&state, log: log, .toggleMark)
    expected.desk.marks = [Self.cooperative66]
    expected.message = "已加入常用：\(state.selectedItem!.name)"
    #expect(effects == [.desk(.setMark(itemID: Self.cooperative66, marked: true))])
    #expect(state == expected)
    #expect(try log.marks() == [Self.cooperative66])
    // The 常用 node is at the top of the tree.
    #expect(state.treeRows.first?.node == .marked)

    Fixtures.send(&state, .moveToTop)
    Self.send(&state, log: log, .toggleMark)
    #expect(try log.marks() == ["大石头乡/cooperative/1", Self.cooperative66])

    // ' lists the marks, most recently marked first, with the focus on them.
    Fixtures.send(&state, .showMarks)
    #expect(state.selectedNode == .marked && state.focus == .items)
    #expect(
      state.listedPositions.map { state.catalogue.items[$0].id } == [
        "大石头乡/cooperative/1", Self.cooperative66,
      ])

    // m on a marked item unmarks it, there and in the log.
    effects = Self.send(&state, log: log, .toggleMark)
    #expect(effects == [.desk(.setMark(itemID: "大石头乡/cooperative/1", marked: false))])
    #expect(try log.marks() == [Self.cooperative66])
    #expect(state.listedPositions.map { state.catalogue.items[$0].id } == [Self.cooperative66])
  }

  @Test func quoteWithoutMarksSaysHowToMark() {
    var state = Fixtures.state()
    let start = state
    Fixtures.send(&state, .showMarks)
    var expected = start
    expected.message = "还没有常用事项：选中事项后按 m 加入"
    #expect(state == expected)
  }

  @Test func whatTheLogHoldsArrivesAtStart() {
    let log = MemoryDeskLog()
    try? log.addQuery("低保")
    try? log.addQuery("煤气罐")
    try? log.setMark(itemID: Self.cooperative66, marked: true)
    for _ in 0..<2 {
      try? log.record(
        DeskEntry(time: Fixtures.noon, query: "秸秆", itemID: Self.cooperative66, answer: "…"))
    }
    try? log.record(
      DeskEntry(time: Fixtures.noon, query: "低保", itemID: "大西渠镇/basic/1", answer: "…"))
    // Too old for 热点.
    try? log.record(
      DeskEntry(
        time: Fixtures.noon.addingTimeInterval(-8 * 24 * 3600), query: "x",
        itemID: "大西渠镇/basic/2", answer: "…"))

    var state = Fixtures.state()
    // A query searched before the log answered stays the newest.
    Fixtures.send(&state, .startSearch, .insertText("养犬"), .submitQuery, .cancel)
    let loaded = DeskClient.load(from: log, now: Fixtures.noon)
    let effects = reduce(&state, loaded)
    #expect(effects == [])
    #expect(state.history == ["低保", "煤气罐", "养犬"])
    #expect(
      state.desk.hotItems == [
        HotItem(itemID: Self.cooperative66, count: 2), HotItem(itemID: "大西渠镇/basic/1", count: 1),
      ])
    #expect(state.desk.marks == [Self.cooperative66])
    #expect(state.treeRows.prefix(3).map(\.node) == [.hot, .marked, .all])
    // The cursor stayed on the node it was on.
    #expect(state.selectedNode == .all)

    // 热点 lists the items most asked first.
    Fixtures.send(&state, .moveToTop)
    #expect(state.selectedNode == .hot)
    #expect(
      state.listedPositions.map { state.catalogue.items[$0].id } == [
        Self.cooperative66, "大西渠镇/basic/1",
      ])

    // ↑ in the search line walks back through the history kept across runs.
    Fixtures.send(&state, .startSearch, .historyPrevious, .historyPrevious)
    #expect(state.search?.query == "煤气罐")
  }

  @Test func aLogThatFailsIsOneLineAndBrowsingGoesOn() {
    let log = BrokenDeskLog()
    var state = Fixtures.state()
    _ = reduce(&state, DeskClient.load(from: log, now: Fixtures.noon))
    #expect(state.message == BrokenDeskLog.line)
    #expect(state.desk.hotItems.isEmpty && state.history.isEmpty)

    Fixtures.send(&state, .open)
    let before = state
    Self.send(&state, log: log, .recordEnquiry, .insertText("备注"), .submitNote)
    #expect(state.message == "记录失败 (qingdan log 看原因)：\(BrokenDeskLog.line)")
    // Nothing else changed: the browser goes on.
    var expected = before
    expected.message = state.message
    #expect(state == expected)
    Fixtures.send(&state, .moveDown)
    #expect(state.itemList.selected == 1 && state.message == nil)
  }

  @Test func aLogStartedAfreshSaysSoWithTheRecord() throws {
    let log = ReopenedDeskLog()
    var state = Fixtures.state()
    Fixtures.send(&state, .open)
    Self.send(&state, log: log, .recordEnquiry, .submitNote)
    #expect(state.message == "已记录，记录日志文件已新建：\(ReopenedDeskLog.line)")
    #expect(try log.entries(since: nil, until: nil).count == 1)
    Self.send(&state, log: log, .recordEnquiry, .submitNote)
    #expect(state.message?.hasPrefix("已记录：") == true)
  }

  /// The miss rule as the browser feeds it: 10 searches, 3 left unanswered.
  @Test func theMissRuleCountsNoHitsAndAbandonedSearches() throws {
    let log = MemoryDeskLog()
    var state = Fixtures.state()
    // Answered: opened (detail), recorded (r), copied (y).
    Self.search(&state, log: log, "低保")
    Self.send(&state, log: log, .submitQuery, .open)
    Self.search(&state, log: log, "煤气罐")
    Self.send(&state, log: log, .submitQuery, .recordEnquiry, .submitNote)
    Self.search(&state, log: log, "宅基地")
    Self.send(&state, log: log, .submitQuery, .copyNote)
    // Typing on (养 → 养犬) is one search; opened.
    Self.search(&state, log: log, "养")
    Self.send(&state, log: log, .insertText("犬"), .submitQuery, .open)
    // Abandoned with Esc.
    Self.search(&state, log: log, "临时救助")
    Self.send(&state, log: log, .submitQuery, .cancel)
    // Abandoned by a different query, which is then opened.
    Self.search(&state, log: log, "电瓶车")
    Self.search(&state, log: log, "秸秆")
    Self.send(&state, log: log, .submitQuery, .open, .cancel)
    // No hits, left with Esc.
    Self.search(&state, log: log, "qwzxqwzx")
    Self.send(&state, log: log, .cancel)
    // Opened, then quitting: no miss.
    Self.search(&state, log: log, "护林")
    Self.send(&state, log: log, .submitQuery, .open)
    let effects = Self.send(&state, log: log, .quit)
    #expect(effects == [.quit])

    let misses = try log.misses(since: nil, until: nil)
    #expect(misses.map(\.query).sorted() == ["qwzxqwzx", "临时救助", "电瓶车"].sorted())
    #expect(misses.first { $0.query == "qwzxqwzx" }?.reason == .noHits)
    #expect(misses.first { $0.query == "电瓶车" }?.reason == .abandoned)
    #expect(try log.entries(since: nil, until: nil).map(\.query) == ["煤气罐"])
    #expect(try log.recentQueries(limit: 20).count == 7)
  }

  @Test func quittingCountsOnlyASearchWithNoHits() {
    var state = Fixtures.state()
    Self.search(&state, log: MemoryDeskLog(), "qwzxqwzx")
    let effects = Fixtures.send(&state, .quit)
    #expect(
      effects == [
        .desk(
          .recordMiss(
            MissedSearch(time: Fixtures.noon, query: "qwzxqwzx", township: nil, reason: .noHits))),
        .quit,
      ])
    var other = Fixtures.state()
    Self.search(&other, log: MemoryDeskLog(), "低保")
    #expect(Fixtures.send(&other, .quit) == [.quit])
  }
}
