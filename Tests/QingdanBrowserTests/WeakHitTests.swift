import QingdanCore
import Testing

@testable import QingdanBrowser

@Suite("weak hits (below the confidence floor) are shown as weak")
struct WeakHitTests {
  func searched(_ query: String) -> (BrowserState, Screen) {
    var state = Fixtures.state(width: 80, height: 24)
    Fixtures.send(&state, .startSearch)
    Fixtures.type(&state, query)
    return (state, render(state))
  }

  func itemRows(_ state: BrowserState, _ screen: Screen) -> [String] {
    let rect = state.layout.panes[.items]!
    let lines = screen.text().split(separator: "\n", omittingEmptySubsequences: false)
    return (rect.row..<(rect.row + rect.height)).map { String(lines[$0]) }
  }

  @Test func gibberishIsListedAsWeakAndSaysSo() {
    let (state, screen) = searched("zzzzqqqq")
    #expect(!state.listedPositions.isEmpty)
    #expect(state.listedPositions.indices.allSatisfy { state.isWeakHit(at: $0) })
    let rows = itemRows(state, screen)
    #expect(rows[0].contains("（弱匹配）"))
    #expect(rows[1].contains("?"))
    #expect(screen.text().split(separator: "\n").last?.contains("弱匹配") == true)
  }

  @Test func confidentHitsLookAsBefore() {
    let (state, screen) = searched("低保")
    #expect(!state.listedPositions.indices.contains { state.isWeakHit(at: $0) })
    #expect(!screen.text().contains("弱匹配"))
    #expect(!itemRows(state, screen).dropFirst().contains { $0.contains("?") })
  }

  @Test func weakIsTheEnginesConfidenceFloor() {
    let (state, _) = searched("jiuzhu")
    let hits = state.search?.hits ?? []
    let highlighter = state.search!.highlighter!
    #expect(hits.indices.contains { !state.isWeakHit(at: $0) })
    for (index, hit) in hits.enumerated() {
      #expect(
        state.isWeakHit(at: index)
          == !Fixtures.engine.isConfident(hit, highlighter: highlighter))
    }
    #expect(!state.isWeakHit(at: hits.count))
  }

  @Test func theSelectedWeakHitIsFlaggedInTheStatusLine() {
    var (state, _) = searched("jiuzhu")
    guard let weak = state.listedPositions.indices.first(where: { state.isWeakHit(at: $0) })
    else {
      Issue.record("expected a weak hit among the pinyin hits (“jiuzhu”)")
      return
    }
    Fixtures.send(&state, .submitQuery)
    state.itemList.selected = weak
    Fixtures.send(&state, .tick)
    #expect(render(state).text().split(separator: "\n").last?.contains("弱匹配") == true)
  }
}
