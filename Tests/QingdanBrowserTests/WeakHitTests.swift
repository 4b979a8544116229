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
    #expect(state.search?.hits.allSatisfy { !$0.isConfident } == true)
    let rows = itemRows(state, screen)
    #expect(rows[0].contains("均为弱匹配"))
    #expect(rows[1].contains("?"))
    #expect(screen.text().split(separator: "\n").last?.contains("弱匹配") == true)
  }

  @Test func confidentHitsLookAsBefore() {
    let (state, screen) = searched("低保")
    #expect(state.search?.hits.allSatisfy { $0.isConfident } == true)
    #expect(!screen.text().contains("弱匹配"))
    #expect(!itemRows(state, screen).dropFirst().contains { $0.contains("?") })
  }

  @Test func theClientMarksEachHitByTheEnginesFloor() {
    let client = Fixtures.client
    guard
      case .searchResults(_, let hits, let highlighter) = client.respond(
        query: "jiuzhu", scope: SearchScope(), generation: 1)
    else {
      Issue.record("expected results")
      return
    }
    #expect(hits.contains { $0.isConfident })
    for hit in hits {
      #expect(hit.isConfident == client.engine.isConfident(hit, highlighter: highlighter))
    }
  }
}
