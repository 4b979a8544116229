import QingdanCore
import Testing

@testable import QingdanBrowser

@Suite("render: golden screens")
struct RenderTests {
  static let sizes = [(120, 40), (80, 24), (40, 12)]

  @Test("start screen", arguments: sizes)
  func startScreen(width: Int, height: Int) {
    let state = Fixtures.state(width: width, height: height)
    let problem = Golden.compare(render(state), named: "start-\(width)x\(height)")
    #expect(problem == nil, "\(problem ?? "")")
  }

  @Test("the answer box with phones from a contacts file, 80×24")
  func answerBoxWithContacts() {
    var state = Fixtures.stateWithContacts()
    state.selectTreeNode(.list(township: "大石头乡", list: .cooperative))
    state.itemList.selected = 65
    state.focus = .detail
    Fixtures.send(&state, .tick)
    let screen = render(state)
    let text = screen.text()
    #expect(text.contains("木垒县农业农村局 0000-"))
    #expect(text.contains("大石头乡党政办 0000-"))
    let problem = Golden.compare(screen, named: "cooperative-detail-contacts-80x24")
    #expect(problem == nil, "\(problem ?? "")")
  }

  @Test("a cooperative item's detail", arguments: sizes)
  func cooperativeDetail(width: Int, height: Int) {
    var state = Fixtures.state(width: width, height: height)
    state.selectTreeNode(.list(township: "大石头乡", list: .cooperative))
    state.itemList.selected = 65
    state.focus = .detail
    Fixtures.send(&state, .tick)
    #expect(state.selectedItem?.id == "大石头乡/cooperative/66")
    let problem = Golden.compare(render(state), named: "cooperative-detail-\(width)x\(height)")
    #expect(problem == nil, "\(problem ?? "")")
  }

  @Test("the department tree: departments under their county/city", arguments: sizes)
  func departmentTree(width: Int, height: Int) {
    var state = Fixtures.state(width: width, height: height)
    Fixtures.send(&state, .toggleTreeMode)
    state.selectTreeNode(.department("木垒县水利局", place: "木垒县"))
    Fixtures.send(&state, .tick)
    let text = render(state).text()
    if width >= 80 { #expect(text.contains("▾ 木垒县") && text.contains("    水利局")) }
    let problem = Golden.compare(render(state), named: "departments-\(width)x\(height)")
    #expect(problem == nil, "\(problem ?? "")")
  }

  @Test("reading a department's items narrows the tree to its counts, 80×24")
  func departmentItems() {
    var state = Fixtures.state()
    Fixtures.send(&state, .toggleTreeMode)
    state.selectTreeNode(.department("木垒县水利局", place: "木垒县"))
    Fixtures.send(&state, .open)
    #expect(state.focus == .items && state.layout.isTreeCompact)
    // A marker, two characters and the largest count (140): "▾木垒 140".
    #expect(state.layout.panes[.tree]?.width == 9)
    let problem = Golden.compare(render(state), named: "department-items-80x24")
    #expect(problem == nil, "\(problem ?? "")")
  }

  @Test("r: the note prompt in the query line, 80×24")
  func notePrompt() {
    var state = Fixtures.state()
    state.selectTreeNode(.list(township: "大石头乡", list: .cooperative))
    state.itemList.selected = 65
    state.focus = .detail
    Fixtures.send(&state, .recordEnquiry, .insertText("王先生 村口秸秆"))
    let screen = render(state)
    #expect(screen.text().contains("备注/ 王先生 村口秸秆"))
    #expect(screen.text().contains("记录 大石头乡/cooperative/66"))
    let problem = Golden.compare(screen, named: "note-prompt-80x24")
    #expect(problem == nil, "\(problem ?? "")")
  }

  @Test("热点 and 常用 at the top of the tree, 80×24")
  func hotAndMarkedNodes() {
    var state = Fixtures.state()
    let snapshot = DeskSnapshot(
      hotItems: [
        HotItem(itemID: "大石头乡/cooperative/66", count: 5),
        HotItem(itemID: "大西渠镇/cooperative/92", count: 3),
        HotItem(itemID: "大西渠镇/basic/1", count: 1),
      ],
      marks: ["大石头乡/basic/3"])
    Fixtures.send(&state, .deskLoaded(snapshot), .moveToTop)
    #expect(state.selectedNode == .hot)
    let problem = Golden.compare(render(state), named: "hot-80x24")
    #expect(problem == nil, "\(problem ?? "")")
  }

  @Test("a search with highlights", arguments: sizes)
  func searchWithHighlights(width: Int, height: Int) {
    var state = Fixtures.state(width: width, height: height)
    Fixtures.send(&state, .startSearch)
    Fixtures.type(&state, "电瓶车充电")
    let screen = render(state)
    let problem = Golden.compare(screen, named: "search-\(width)x\(height)")
    #expect(problem == nil, "\(problem ?? "")")
  }

  @Test func searchHighlightsMatchedCharacters() {
    var state = Fixtures.state(width: 120, height: 40)
    Fixtures.send(&state, .startSearch)
    Fixtures.type(&state, "电瓶车")
    let screen = render(state)
    // The first hit's name is on the first content row of the item pane.
    let items = state.layout.panes[.items]!
    let row = items.row + 1
    var highlighted = ""
    for column in items.column..<(items.column + items.width) {
      let cell = screen[row, column]
      if !cell.isContinuation, cell.style.foreground == .yellow { highlighted += cell.grapheme }
    }
    #expect(highlighted == "电动自行车")
  }

  @Test func monochromeUsesAttributesOnly() {
    var state = Fixtures.state(width: 80, height: 24, colors: false)
    Fixtures.send(&state, .startSearch)
    Fixtures.type(&state, "低保")
    let screen = render(state)
    for row in 0..<screen.height {
      for cell in screen.row(row) {
        #expect(cell.style.foreground == nil && cell.style.background == nil)
      }
    }
    #expect(screen.styleMap().contains("b"))
  }

  @Test("a wide character never straddles a pane edge")
  func wideCharacterAtTheEdge() {
    // Widths where a CJK name would fall half outside the item pane.
    for width in [61, 62, 63, 80, 81] {
      var state = Fixtures.state(width: width, height: 20)
      Fixtures.send(&state, .open)
      let screen = render(state)
      let rule = state.layout.panes[.items]!
      let ruleColumn = rule.column + rule.width
      for row in (rule.row)..<(rule.row + rule.height) {
        #expect(screen[row, ruleColumn].grapheme == "│", "width \(width) row \(row)")
        #expect(!screen[row, ruleColumn].isContinuation)
      }
      for line in screen.text().split(separator: "\n") {
        #expect(DisplayWidth.of(line) <= width)
      }
    }
  }

  @Test func catalogueTextCannotInjectEscapes() {
    var state = Fixtures.state(width: 80, height: 24)
    Fixtures.send(&state, .startSearch, .insertText("\u{1b}[31m低保\u{7}"))
    let text = render(state).text()
    #expect(!text.contains("\u{1b}"))
    #expect(!text.contains("\u{7}"))
  }
}
