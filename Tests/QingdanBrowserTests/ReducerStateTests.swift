import Foundation
import QingdanCore
import Testing

@testable import QingdanBrowser

/// Whole-state expectations, as TCA's `TestStore`: each step's result is compared with the
/// state before it plus exactly the changes the step should make.
@Suite("reduce: whole states after each step")
struct ReducerStateTests {
  @Test func searchStepsFromOpeningToEscape() {
    var state = Fixtures.state()
    let start = state

    var effects = reduce(&state, .startSearch)
    var expected = start
    expected.search = SearchSession(previousFocus: .tree, previousItemCursor: 0)
    #expect(effects == [])
    #expect(state == expected)

    effects = reduce(&state, .insertText("低保"))
    expected.search?.query = "低保"
    expected.search?.generation = 1
    #expect(effects == [.search(query: "低保", scope: SearchScope(), generation: 1)])
    #expect(state == expected)
    // A query waiting for its results lists nothing yet.
    #expect(state.isSearchActive && state.listedPositions.isEmpty)

    let response = state.client.respond(query: "低保", scope: SearchScope(), generation: 1)
    guard case .searchResults(_, let hits, _) = response else {
      Issue.record("expected search results")
      return
    }
    effects = reduce(&state, response)
    expected.search?.hits = hits
    expected.search?.highlighter = Fixtures.engine.highlighter(for: "低保")
    // The miss rule follows the search: 低保 found hits, none used yet.
    var tracker = SearchTracker()
    #expect(
      tracker.queryChanged(to: "低保", hitCount: hits.count, township: nil, at: Fixtures.noon)
        == nil)
    expected.desk.tracker = tracker
    #expect(effects == [])
    #expect(state == expected)
    #expect(Array(state.listedPositions) == hits.map(\.position))

    // Results of an older generation change nothing.
    let stale = state.client.respond(query: "低", scope: SearchScope(), generation: 0)
    #expect(reduce(&state, stale) == [])
    #expect(state == expected)

    // Enter goes to the hits and keeps the query in the log's history.
    effects = reduce(&state, .submitQuery)
    expected.search?.isEditing = false
    expected.focus = .items
    expected.history = ["低保"]
    #expect(effects == [.desk(.addQuery("低保"))])
    #expect(state == expected)

    effects = reduce(&state, .nextHit)
    expected.itemList.selected = 1
    #expect(state == expected)

    // Esc gives back the view the search was opened from, exactly; the search, left with
    // no hit opened or recorded, is logged as abandoned.
    effects = reduce(&state, .cancel)
    var restored = start
    restored.history = ["低保"]
    #expect(
      effects == [
        .desk(
          .recordMiss(
            MissedSearch(time: Fixtures.noon, query: "低保", township: nil, reason: .abandoned)))
      ])
    #expect(state == restored)
  }

  @Test func anEmptyQuerySubmittedLeavesTheSearch() {
    var state = Fixtures.state()
    let start = state
    Fixtures.send(&state, .startSearch, .insertText("  "), .submitQuery)
    #expect(state == start)
  }

  @Test func aPasteWhileBrowsingOpensTheQueryLineAsText() {
    var state = Fixtures.state()
    var expected = state
    let effects = reduce(&state, .pasted("低保\r\n1q"))
    expected.search = SearchSession(previousFocus: .tree, previousItemCursor: 0)
    expected.search?.query = "低保 1q"
    expected.search?.generation = 1
    #expect(effects == [.search(query: "低保 1q", scope: SearchScope(), generation: 1)])
    #expect(state == expected)
    #expect(state.listFilter == nil)
  }

  @Test func itemCursorPagesAndKeepsItsRowInView() {
    var state = Fixtures.state()
    Fixtures.send(&state, .open)
    var expected = state
    let height = state.layout.contentHeight(.items)
    Fixtures.send(&state, .pageDown)
    expected.itemList = ListCursor(selected: height - 1, offset: 0)
    #expect(state == expected)
    Fixtures.send(&state, .moveDown)
    expected.itemList = ListCursor(selected: height, offset: 1)
    #expect(state == expected)
    Fixtures.send(&state, .moveToBottom)
    expected.itemList = ListCursor(selected: 488, offset: 489 - height)
    #expect(state == expected)
    Fixtures.send(&state, .moveToTop)
    expected.itemList = ListCursor()
    #expect(state == expected)
  }

  @Test func collapsingATownshipMovesTheCursorUpToIt() {
    var state = Fixtures.state()
    Fixtures.send(&state, .moveDown, .moveDown, .open, .moveDown)
    guard case .category = state.selectedNode else {
      Issue.record("expected a category, got \(state.selectedNode)")
      return
    }
    var expected = state
    state.expanded.remove(.township("大西渠镇"))
    _ = reduce(&state, .tick)
    expected.expanded.remove(.township("大西渠镇"))
    #expect(state.selectedNode == .township("大西渠镇"))
    #expect(state == expected)
    #expect(state.treeList.selected == 1)
  }

  @Test func theDetailScrollsWithinItsText() {
    var state = Fixtures.state(width: 80, height: 12)
    state.selectTreeNode(.list(township: "大石头乡", list: .cooperative))
    state.itemList.selected = 65
    state.focus = .detail
    Fixtures.send(&state, .moveToBottom)
    let bottom = state.detailLines.offset
    #expect(bottom > 0)
    Fixtures.send(&state, .moveDown)
    #expect(state.detailLines.offset == bottom)
    Fixtures.send(&state, .moveUp)
    #expect(state.detailLines.offset == bottom - 1)
    Fixtures.send(&state, .moveToTop)
    #expect(state.detailLines == ListCursor())
  }

  /// A cold start: the first frame is up before the search index is built. Browsing is as
  /// on a warm start; a query typed meanwhile waits for the index, the screen says why, and
  /// it is answered once the runtime reports the index ready.
  @Test func aQueryTypedWhileTheIndexIsBuiltWaitsForIt() throws {
    let client = SearchClient(catalogue: Fixtures.engine.catalogue, now: { Fixtures.noon })
    var state = BrowserState(client: client, width: 80, height: 24)
    #expect(state.isBuildingSearchIndex)
    #expect(!Fixtures.state().isBuildingSearchIndex)
    #expect(state.treeRows == Fixtures.state().treeRows)
    #expect(!render(state).text().contains("正在建立搜索索引"))
    // Without a query waiting, the runtime's word is all it takes.
    var browsing = state
    #expect(reduce(&browsing, .searchIndexReady) == [])
    #expect(!browsing.isBuildingSearchIndex)
    var expected = state

    _ = reduce(&state, .startSearch)
    let effects = reduce(&state, .insertText("低保"))
    expected.search = SearchSession(previousFocus: .tree, previousItemCursor: 0)
    expected.search?.query = "低保"
    expected.search?.generation = 1
    #expect(effects == [.search(query: "低保", scope: SearchScope(), generation: 1)])
    #expect(state == expected)
    var screen = render(state).text()
    #expect(screen.contains("正在建立搜索索引…建好即显示结果"), "\(screen)")
    #expect(!screen.contains("没有结果"))

    // The search thread waits in `respond` until the engine is given.
    let answered = Eventual<Action>()
    Thread.detachNewThread {
      answered.fulfil(client.respond(query: "低保", scope: SearchScope(), generation: 1))
    }
    #expect(answered.current == nil)
    client.engineIsReady(Fixtures.engine)
    // The runtime's word that the index is ready keeps a message on the status line; the
    // query typed before it still waits for its results (no "没有结果" meanwhile).
    state.message = "已复制"
    expected.message = "已复制"
    #expect(reduce(&state, .searchIndexReady) == [])
    #expect(state == expected)
    state.message = nil
    #expect(render(state).text().contains("正在建立搜索索引…建好即显示结果"))

    guard case .searchResults(_, let hits, _) = answered.wait() else {
      Issue.record("expected search results")
      return
    }
    guard
      case .searchResults(_, let warmHits, _) = Fixtures.client.respond(
        query: "低保", scope: SearchScope(), generation: 1)
    else {
      Issue.record("expected search results")
      return
    }
    #expect(hits.map(\.position) == warmHits.map(\.position))
    _ = reduce(&state, answered.wait())
    #expect(!state.isBuildingSearchIndex)
    #expect(Array(state.listedPositions) == hits.map(\.position))
    screen = render(state).text()
    #expect(!screen.contains("正在建立搜索索引"))
    #expect(screen.contains("结果 \(hits.count)：低保"), "\(screen)")
  }
}

/// A cold start draws its first frame before duty texts are read: the detail pane says they
/// are coming, and shows them once the engine (built over the whole items) is given.
@Suite("Duty texts after a cold first frame")
struct PendingDutyTextTests {
  @Test func theDetailPaneShowsDutyTextsOnceTheEngineIsBuilt() throws {
    let cold = try SearchEngine.loadCatalogues(
      paths: try CatalogueLoader.dataPaths(explicit: []), resources: try .loadDefault(),
      cache: SnapshotStore(environment: ["QINGDAN_NO_CACHE": "1"]), deferringDutyTexts: true)
    guard case .toBuild(let pending) = cold.search else {
      Issue.record("a load without a cache builds its engine")
      return
    }
    let client = SearchClient(catalogue: cold.catalogue, now: { Fixtures.noon })
    var state = BrowserState(client: client, width: 80, height: 24)
    Fixtures.send(&state, .setListFilter(.cooperative), .nextPane)
    let screen = render(state).text()
    #expect(screen.contains("正在读取，稍候即显示"), "\(screen)")
    #expect(screen.contains("谁负责"))

    client.engineIsReady(pending.build().engine)
    _ = reduce(&state, .searchIndexReady)
    let ready = render(state).text()
    #expect(!ready.contains("正在读取"), "\(ready)")
    #expect(state.catalogue.items.allSatisfy { $0.cooperation?.townshipDuties.isPending != true })
    #expect(ready == render(Self.sameView(as: state)).text())
  }

  /// The state a warm start reaches with the same keys.
  static func sameView(as state: BrowserState) -> BrowserState {
    var warm = Fixtures.state()
    Fixtures.send(&warm, .setListFilter(.cooperative), .nextPane)
    return warm
  }
}
