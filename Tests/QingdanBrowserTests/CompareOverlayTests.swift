import QingdanCore
import Testing

@testable import QingdanBrowser

@Suite("c: the same duty in the other townships")
struct CompareOverlayTests {
  static func selecting(
    _ list: ListKind, row: Int, width: Int = 80, height: Int = 24
  ) -> BrowserState {
    var state = Fixtures.state(width: width, height: height)
    state.selectTreeNode(.list(township: "大石头乡", list: list))
    state.itemList.selected = row
    state.focus = .items
    Fixtures.send(&state, .tick)
    return state
  }

  @Test func cOpensTheComparisonOfTheSelectedItem() throws {
    var state = Self.selecting(.basic, row: 0)
    #expect(state.selectedItem?.id == "大石头乡/basic/1")
    let effects = KeyMap.dispatch(.key(.character("c")), into: &state)
    #expect(effects == [.compare(itemID: "大石头乡/basic/1")])
    #expect(state.overlay == .compare)
    #expect(state.comparison == nil)
    #expect(render(state).text().contains("比较中"))
    // The runtime does the matching off the event loop; its result comes back as an action.
    _ = reduce(&state, try #require(state.client.compare(itemID: "大石头乡/basic/1")))
    let township = try #require(state.comparison?.townships.first)
    #expect(township.region.township == "大西渠镇")
    #expect(township.matches.map(\.b.id) == ["大西渠镇/basic/1"])
    #expect(township.matches.first?.kind == .same)
  }

  @Test func cOrEscClosesItAndOtherKeysWait() {
    var state = Self.selecting(.basic, row: 0)
    Fixtures.send(&state, .compareItem)
    let before = state
    Fixtures.send(&state, .nextPane, .toggleTreeMode, .startSearch)
    #expect(state == before)
    Fixtures.send(&state, .compareItem)
    #expect(state.overlay == nil)
    Fixtures.send(&state, .compareItem, .cancel)
    #expect(state.overlay == nil)
    #expect(state.focus == .items)
  }

  @Test func movingKeysScrollALongComparison() {
    var state = Self.selecting(.cooperative, row: 72, width: 40, height: 12)
    Fixtures.send(&state, .compareItem)
    #expect(state.compareLines.offset == 0)
    Fixtures.send(&state, .moveDown, .moveDown)
    #expect(state.compareLines.offset == 2)
    Fixtures.send(&state, .moveToBottom)
    let box = CompareOverlay.box(width: 40, height: 12)
    let count = CompareOverlay.lines(state.comparison!, width: box.inner).count
    #expect(state.compareLines.offset == count - box.visible)
    Fixtures.send(&state, .moveToTop)
    #expect(state.compareLines.offset == 0)
  }

  @Test func aComparisonForAnotherItemIsDropped() throws {
    var state = Self.selecting(.basic, row: 0)
    _ = reduce(&state, .compareItem)
    _ = reduce(&state, try #require(state.client.compare(itemID: "大石头乡/basic/2")))
    #expect(state.comparison == nil)
    _ = reduce(&state, .cancel)
    _ = reduce(&state, try #require(state.client.compare(itemID: "大石头乡/basic/1")))
    #expect(state.comparison == nil && state.overlay == nil)
  }

  @Test func withoutAnItemItSaysSo() {
    var state = Fixtures.state()
    state.focus = .tree
    if state.selectedItem == nil {
      Fixtures.send(&state, .compareItem)
      #expect(state.overlay == nil)
      #expect(state.message == "先选择一个事项 select an item first")
    }
  }

  @Test func departmentDifferencesAreMarked() {
    let state = Self.selecting(.cooperative, row: 72)
    #expect(state.selectedItem?.id == "大石头乡/cooperative/73")
    var opened = state
    Fixtures.send(&opened, .compareItem)
    let lines = CompareOverlay.lines(opened.comparison!, width: 76)
    #expect(lines.contains { $0.kind == .onlyThere && $0.text.contains("昌吉市城市管理局") })
    #expect(lines.contains { $0.kind == .onlyHere && $0.text.contains("木垒县住房和城乡建设局") })
    #expect(lines.contains { $0.kind == .differentAnswer })
  }

  @Test("the overlay at 80×24 and below 60 columns", arguments: [(80, 24), (50, 20)])
  func golden(width: Int, height: Int) {
    var state = Self.selecting(.cooperative, row: 72, width: width, height: height)
    Fixtures.send(&state, .compareItem)
    let problem = Golden.compare(render(state), named: "compare-\(width)x\(height)")
    #expect(problem == nil, "\(problem ?? "")")
  }

  @Test func theKeyIsInTheHelpOverlay() {
    #expect(HelpOverlay.lines.contains { $0.label == "c" && $0.description.contains("compare") })
    #expect(
      KeyMap.action(for: .character("c"), context: .searching).map { "\($0)" }
        == "insertText(\"c\")")
  }
}
