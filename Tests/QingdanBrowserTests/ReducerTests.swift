import QingdanCore
import Testing

@testable import QingdanBrowser

@Suite("reduce: sequences of actions give the expected state")
struct ReducerTests {
  @Test func startsOnAllCataloguesWithTownshipsExpanded() {
    let state = Fixtures.state()
    #expect(state.focus == .tree)
    #expect(state.selectedNode == .all)
    #expect(state.treeRows.map(\.label).prefix(3) == ["全部清单", "大西渠镇", "基本履职事项"])
    #expect(state.listedPositions.count == 489)
    // 全部 lists every position, in order, without storing them.
    #expect(state.listedPositions == .all(count: 489))
    #expect(state.listedPositions == .listed(state.catalogue.positions()))
    #expect(state.listedPositions != .listed(Array(1..<489)))
  }

  @Test func navigatesTheCategoryTree() {
    var state = Fixtures.state()
    Fixtures.send(&state, .moveDown, .moveDown)
    #expect(state.selectedNode == .list(township: "大西渠镇", list: .basic))
    Fixtures.send(&state, .open)
    #expect(state.expanded.contains(.list(township: "大西渠镇", list: .basic)))
    Fixtures.send(&state, .moveDown)
    guard case .category(_, .basic, let category) = state.selectedNode else {
      Issue.record("expected a category, got \(state.selectedNode)")
      return
    }
    #expect(category == "党的建设")
    #expect(state.listedPositions.allSatisfy { state.catalogue.items[$0].category == "党的建设" })
    Fixtures.send(&state, .close)
    #expect(state.selectedNode == .list(township: "大西渠镇", list: .basic))
    Fixtures.send(&state, .close)
    #expect(!state.expanded.contains(.list(township: "大西渠镇", list: .basic)))
    Fixtures.send(&state, .moveToBottom)
    #expect(state.selectedNode == .list(township: "大石头乡", list: .recovered))
    Fixtures.send(&state, .moveToTop)
    #expect(state.selectedNode == .all)
  }

  @Test func movesBetweenPanesAndScrollsItems() {
    var state = Fixtures.state()
    Fixtures.send(&state, .open)
    #expect(state.focus == .items)
    Fixtures.send(&state, .pageDown, .pageDown)
    #expect(state.itemList.selected == 2 * (state.layout.contentHeight(.items) - 1))
    #expect(state.itemList.offset > 0)
    #expect(state.itemList.selected - state.itemList.offset < state.layout.contentHeight(.items))
    Fixtures.send(&state, .open)
    #expect(state.focus == .detail)
    Fixtures.send(&state, .nextPane)
    #expect(state.focus == .tree)
    Fixtures.send(&state, .previousPane)
    #expect(state.focus == .detail)
    Fixtures.send(&state, .close, .close)
    #expect(state.focus == .tree)
  }

  @Test func searchesAsYouTypeAndRestoresTheViewOnEscape() {
    var state = Fixtures.state()
    Fixtures.send(&state, .open, .moveDown, .moveDown)
    let before = state.itemList.selected
    let effects = Fixtures.send(&state, .startSearch, .insertText("低"))
    #expect(effects == [.search(query: "低", scope: SearchScope(), generation: 1)])
    let typed = Fixtures.send(&state, .insertText("保"))
    #expect(typed == [.search(query: "低保", scope: SearchScope(), generation: 2)])
    let first = state.selectedItem
    #expect(first?.name.contains("最低生活保障") == true)
    #expect(state.search?.highlighter != nil)
    Fixtures.send(&state, .submitQuery)
    #expect(state.focus == .items)
    #expect(state.search?.isEditing == false)
    #expect(state.history == ["低保"])
    Fixtures.send(&state, .nextHit)
    #expect(state.itemList.selected == 1)
    Fixtures.send(&state, .previousHit, .previousHit)
    #expect(state.itemList.selected == state.listedPositions.count - 1)
    Fixtures.send(&state, .cancel)
    #expect(state.search == nil)
    #expect(state.focus == .items)
    #expect(state.itemList.selected == before)
  }

  @Test func pinyinSearchAndHistory() {
    var state = Fixtures.state()
    Fixtures.send(&state, .startSearch)
    Fixtures.type(&state, "jiuzhu")
    #expect(state.selectedItem?.name.contains("救助") == true)
    Fixtures.send(&state, .submitQuery, .startSearch, .clearQuery)
    Fixtures.type(&state, "dibao")
    Fixtures.send(&state, .submitQuery, .startSearch, .historyPrevious)
    #expect(state.search?.query == "dibao")
    Fixtures.send(&state, .historyPrevious)
    #expect(state.search?.query == "jiuzhu")
    Fixtures.send(&state, .historyNext, .historyNext)
    #expect(state.search?.query == "")
  }

  @Test func staleSearchResultsAreDiscarded() {
    var state = Fixtures.state()
    Fixtures.send(&state, .startSearch)
    _ = reduce(&state, .insertText("养犬"))
    let old = Fixtures.engine.search("养", limit: 5)
    _ = reduce(
      &state,
      .searchResults(generation: 0, hits: old, highlighter: Fixtures.engine.highlighter(for: "养")))
    #expect(state.search?.hits.isEmpty == true)
  }

  @Test func searchIsScopedToTheSelectedNode() {
    var state = Fixtures.state()
    Fixtures.send(&state, .moveDown)
    let effects = Fixtures.send(&state, .startSearch, .insertText("救助"))
    #expect(effects == [.search(query: "救助", scope: SearchScope(township: "大西渠镇"), generation: 1)])
    #expect(state.listedPositions.allSatisfy { state.catalogue.items[$0].township == "大西渠镇" })
  }

  @Test func departmentModeListsWhatADepartmentHandles() {
    var state = Fixtures.state()
    Fixtures.send(&state, .toggleTreeMode)
    #expect(state.treeMode == .departments)
    // Departments are grouped under their county/city, which are open at start.
    #expect(state.selectedNode == .departmentPlace("昌吉市"))
    #expect(
      state.listedPositions.allSatisfy { position in
        state.catalogue.items[position].handler.departments.contains { $0.name.contains("昌吉市") }
      })
    Fixtures.send(&state, .moveDown)
    guard case .department(let name, let place) = state.selectedNode else {
      Issue.record("expected a department")
      return
    }
    #expect(place == "昌吉市" && name.hasPrefix("昌吉市"))
    #expect(
      state.listedPositions.allSatisfy { position in
        state.catalogue.items[position].handler.departments.contains { $0.name == name }
      })
    let water = state.treeRows.first { $0.node == .department("木垒县水利局", place: "木垒县") }
    #expect(water?.label == "水利局" && water?.depth == 1 && water?.count == 17)
    // The prefecture's branch in a county is listed under the county.
    let branch = state.treeRows.first {
      $0.node == .department("昌吉州生态环境局木垒县分局", place: "木垒县")
    }
    #expect(branch?.label == "州生态环境局分局")
    // h on a department goes up to its place; h there closes it.
    Fixtures.send(&state, .close)
    #expect(state.selectedNode == .departmentPlace("昌吉市"))
    Fixtures.send(&state, .close)
    #expect(state.treeRows.first { $0.node == .department("昌吉市水利局", place: "昌吉市") } == nil)
    Fixtures.send(&state, .toggleTreeMode)
    #expect(state.selectedNode == .all)
  }

  @Test func filtersByTownshipAndList() {
    var state = Fixtures.state()
    Fixtures.send(&state, .cycleTownshipFilter)
    #expect(state.townshipFilter == "大西渠镇")
    #expect(state.listedPositions.count == 244)
    Fixtures.send(&state, .setListFilter(.recovered))
    #expect(state.listedPositions.count == 34)
    #expect(!state.treeRows.contains { $0.label == "大石头乡" })
    Fixtures.send(&state, .cycleTownshipFilter, .cycleTownshipFilter, .setListFilter(nil))
    #expect(state.townshipFilter == nil)
    #expect(state.listedPositions.count == 489)
  }

  @Test func resizeChangesTheLayoutAndRecovers() {
    var state = Fixtures.state()
    Fixtures.send(&state, .resize(width: 40, height: 12))
    #expect(state.layout.isSinglePane)
    #expect(state.layout.panes.keys.sorted { $0.rawValue < $1.rawValue } == [.tree])
    Fixtures.send(&state, .resize(width: 20, height: 5))
    #expect(state.layout.isTooSmall)
    #expect(render(state).text().contains("terminal too small"))
    Fixtures.send(&state, .resize(width: 120, height: 40))
    #expect(!state.layout.isTooSmall && !state.layout.isSinglePane)
    #expect(state.layout.panes.count == 3)
  }

  @Test func helpOverlayOpensAndCloses() {
    var state = Fixtures.state()
    Fixtures.send(&state, .toggleHelp)
    #expect(state.overlay == .help)
    Fixtures.send(&state, .cancel)
    #expect(state.overlay == nil)
  }

  @Test func copyAsksForTheClipboardAndSaysSo() {
    var state = Fixtures.state()
    Fixtures.send(&state, .open)
    let item = state.selectedItem!
    let effects = Fixtures.send(&state, .copyNote)
    let note = CallNote.text(for: item, contacts: .empty, time: state.client.now())
    #expect(effects == [.copyToClipboard(note)])
    #expect(state.message?.hasPrefix("已复制") == true)
    Fixtures.send(&state, .moveDown)
    #expect(state.message == nil)
  }

  @Test func yCopiesTheCallNoteWithPhonesAndCapitalYTheWholeItem() {
    var state = Fixtures.stateWithContacts()
    state.selectTreeNode(.list(township: "大石头乡", list: .cooperative))
    state.itemList.selected = 65
    let item = state.selectedItem!
    #expect(item.id == "大石头乡/cooperative/66")
    var effects: [Effect] = []
    for key in "yY" { effects += KeyMap.dispatch(.key(.character(key)), into: &state) }
    guard effects.count == 2, case .copyToClipboard(let note) = effects[0],
      case .copyToClipboard(let whole) = effects[1]
    else {
      Issue.record("expected two copies, got \(effects)")
      return
    }
    #expect(note == CallNote.text(for: item, contacts: state.client.contacts, time: Fixtures.noon))
    #expect(note.contains("电话：木垒县公安局 0000-0000001"))
    #expect(note.hasSuffix("时间：" + CallNote.timestamp(Fixtures.noon, timeZone: .current)))
    #expect(whole.hasPrefix("大石头乡/cooperative/66 · 配合履职事项"))
    #expect(whole.contains("\n木垒县公安局 0000-0000001\n"))
    #expect(whole.contains("乡镇配合职责"))
    #expect(state.message?.hasPrefix("已复制整个事项") == true)
  }

  @Test func mouseClickSelectsAndWheelScrolls() {
    var state = Fixtures.state()
    let items = state.layout.panes[.items]!
    Fixtures.send(
      &state, .mouse(MouseEvent(row: items.row + 3, column: items.column + 2, kind: .press(.left))))
    #expect(state.focus == .items)
    #expect(state.itemList.selected == 2)
    Fixtures.send(
      &state, .mouse(MouseEvent(row: items.row + 3, column: items.column + 2, kind: .wheelDown)))
    #expect(state.itemList.selected == 5)
  }

  @Test func quitting() {
    var state = Fixtures.state()
    let before = state
    #expect(Fixtures.send(&state, .quit) == [.quit])
    #expect(state == before)
  }

  @Test func keysMapByContext() {
    var state = Fixtures.state()
    _ = KeyMap.dispatch(.key(.character("j")), into: &state)
    #expect(state.selectedNode == .township("大西渠镇"))
    _ = KeyMap.dispatch(.key(.character("/")), into: &state)
    _ = KeyMap.dispatch(.key(.character("j")), into: &state)
    #expect(state.search?.query == "j")
    // An input method commits several characters at once: they stay together.
    _ = KeyMap.dispatch(.text("电动自行车"), into: &state)
    #expect(state.search?.query == "j电动自行车")
  }

  @Test("a fast burst of keys opens search and types the rest into it")
  func burstAcrossAModeChange() {
    var state = Fixtures.state()
    let effects = KeyMap.dispatch(.text("j/jiuzhu"), into: &state)
    #expect(state.selectedNode == .township("大西渠镇"))
    #expect(state.search?.query == "jiuzhu")
    #expect(effects.count == 1)
    #expect(state.expanded.contains(.township("大西渠镇")))
  }

  @Test func searchScopeTogglesBetweenTheNodeAndEverything() {
    var state = Fixtures.state()
    Fixtures.send(&state, .moveDown, .startSearch, .insertText("救助"))
    #expect(state.searchScope == SearchScope(township: "大西渠镇"))
    let effects = Fixtures.send(&state, .toggleSearchScope)
    #expect(effects == [.search(query: "救助", scope: SearchScope(), generation: 2)])
    #expect(state.listedPositions.contains { state.catalogue.items[$0].township == "大石头乡" })
  }

  @Test func helpScrollsAndHoldsOtherKeys() {
    var state = Fixtures.state(width: 80, height: 24)
    Fixtures.send(&state, .toggleHelp, .moveDown, .moveDown)
    #expect(state.helpLines.offset == 2)
    #expect(state.selectedNode == .all)
    Fixtures.send(&state, .moveToBottom)
    let last = KeyMap.mouseHelp.last!.description
    #expect(render(state).text().contains(last))
    Fixtures.send(&state, .cancel)
    #expect(state.overlay == nil)
  }

  @Test func everyBindingIsInTheHelpOverlay() {
    var state = Fixtures.state(width: 120, height: 70)
    Fixtures.send(&state, .toggleHelp)
    let text = render(state).text()
    for binding in KeyMap.bindings {
      #expect(text.contains(binding.label), "\(binding.label)")
      #expect(text.contains(binding.description), "\(binding.description)")
    }
  }
}
