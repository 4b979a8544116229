import QingdanCore

/// The browser's whole behaviour: state and action in, new state and effects out. No I/O.
public func reduce(_ state: inout BrowserState, _ action: Action) -> [Effect] {
  if case .tick = action {} else { state.message = nil }
  if state.overlay == .help, let handled = reduceHelp(&state, action) { return handled }
  var effects: [Effect] = []
  switch action {
  case .moveDown: move(&state, by: 1)
  case .moveUp: move(&state, by: -1)
  case .pageDown: move(&state, by: state.layout.contentHeight(state.focus) - 1)
  case .pageUp: move(&state, by: -(state.layout.contentHeight(state.focus) - 1))
  case .moveToTop: move(&state, by: -Int.max / 2)
  case .moveToBottom: move(&state, by: Int.max / 2)
  case .open: open(&state)
  case .close: close(&state)
  case .nextPane: state.focus = Pane(rawValue: (state.focus.rawValue + 1) % 3)!
  case .previousPane: state.focus = Pane(rawValue: (state.focus.rawValue + 2) % 3)!
  case .toggleTreeMode:
    state.treeMode = state.treeMode == .categories ? .departments : .categories
    state.treeScroll = 0
    state.focus = .tree
    resetItems(&state)
  case .toggleHelp:
    state.overlay = state.overlay == .help ? nil : .help
    state.helpScroll = 0
  case .startSearch:
    if state.search == nil {
      state.search = SearchSession(
        previousFocus: state.focus, previousItemCursor: state.itemCursor)
    }
    state.search?.isEditing = true
    state.search?.historyIndex = nil
  case .nextHit: stepHit(&state, by: 1)
  case .previousHit: stepHit(&state, by: -1)
  case .cycleTownshipFilter:
    let townships = state.catalogue.townships
    if let current = state.townshipFilter, let index = townships.firstIndex(of: current) {
      state.townshipFilter = index + 1 < townships.count ? townships[index + 1] : nil
    } else {
      state.townshipFilter = townships.first
    }
    filtersChanged(&state, &effects)
  case .setListFilter(let list):
    state.listFilter = list
    filtersChanged(&state, &effects)
  case .copyAnswer:
    if let item = state.selectedItem {
      effects.append(.copyToClipboard("\(item.handler.answer) — \(item.name)"))
      state.message = "已复制：\(item.handler.answer)"
    } else {
      state.message = "没有选中的事项"
    }
  case .cancel:
    if state.overlay != nil {
      state.overlay = nil
    } else if let search = state.search {
      state.search = nil
      state.focus = search.previousFocus
      state.itemCursor = search.previousItemCursor
      state.detailScroll = 0
    }
  case .quit:
    state.isQuitting = true
    effects.append(.quit)
  case .insertText(let text):
    let clean = String(
      text.filter { !$0.isNewline && $0.asciiValue.map { $0 >= 0x20 && $0 != 0x7F } ?? true })
    state.search?.query += clean
    queryChanged(&state, &effects)
  case .deleteBackward:
    if state.search?.query.isEmpty == false {
      state.search?.query.removeLast()
      queryChanged(&state, &effects)
    }
  case .clearQuery:
    state.search?.query = ""
    queryChanged(&state, &effects)
  case .toggleSearchScope:
    state.search?.everywhere.toggle()
    queryChanged(&state, &effects)
  case .historyPrevious: browseHistory(&state, &effects, by: -1)
  case .historyNext: browseHistory(&state, &effects, by: 1)
  case .submitQuery:
    guard let query = state.search?.query.trimmingCharacters(in: .whitespaces), !query.isEmpty
    else {
      _ = reduce(&state, .cancel)
      return effects
    }
    state.history.removeAll { $0 == query }
    state.history.append(query)
    if state.history.count > 50 { state.history.removeFirst() }
    state.search?.isEditing = false
    state.focus = .items
  case .mouse(let mouse): handleMouse(&state, mouse)
  case .resize(let width, let height):
    state.width = max(1, width)
    state.height = max(1, height)
  case .tick:
    break
  case .searchResults(let generation, let hits, let highlighter):
    guard state.search?.generation == generation else { return [] }
    state.search?.hits = hits
    state.search?.highlighter = highlighter
    state.itemCursor = 0
    state.itemScroll = 0
    state.detailScroll = 0
  }
  keepInView(&state)
  return effects
}

/// While help is open, moving keys scroll it and other keys wait; Esc and ? close it.
/// Nil for actions that go through as usual (closing, quitting, resizing, results).
private func reduceHelp(_ state: inout BrowserState, _ action: Action) -> [Effect]? {
  let visible = max(1, state.height - 4)
  let maximum = max(0, HelpOverlay.lines.count - visible)
  switch action {
  case .moveDown: state.helpScroll += 1
  case .moveUp: state.helpScroll -= 1
  case .pageDown: state.helpScroll += visible - 1
  case .pageUp: state.helpScroll -= visible - 1
  case .moveToTop: state.helpScroll = 0
  case .moveToBottom: state.helpScroll = maximum
  case .toggleHelp, .cancel, .quit, .resize, .searchResults, .tick, .mouse: return nil
  default: return []
  }
  state.helpScroll = clamp(state.helpScroll, 0, maximum)
  return []
}

private func move(_ state: inout BrowserState, by delta: Int) {
  switch state.focus {
  case .tree:
    let rows = state.treeRows
    guard !rows.isEmpty else { return }
    let current = rows.firstIndex { $0.node == state.selectedNode } ?? 0
    let next = clamp(current.addingReportingOverflow(delta).partialValue, 0, rows.count - 1)
    selectTreeRow(&state, rows[next].node)
  case .items:
    let count = state.listedPositions.count
    guard count > 0 else { return }
    state.itemCursor = clamp(
      state.itemCursor.addingReportingOverflow(delta).partialValue, 0, count - 1)
    state.detailScroll = 0
  case .detail:
    state.detailScroll = max(0, state.detailScroll.addingReportingOverflow(delta).partialValue)
  }
}

private func selectTreeRow(_ state: inout BrowserState, _ node: TreeNode) {
  guard node != state.selectedNode else { return }
  switch state.treeMode {
  case .categories: state.treeCursor = node
  case .departments: state.departmentCursor = node
  }
  resetItems(&state)
}

private func resetItems(_ state: inout BrowserState) {
  if let search = state.search, !search.query.isEmpty { return }
  state.itemCursor = 0
  state.itemScroll = 0
  state.detailScroll = 0
}

private func open(_ state: inout BrowserState) {
  switch state.focus {
  case .tree:
    let node = state.selectedNode
    if node.isExpandable, !state.expanded.contains(node) {
      state.expanded.insert(node)
    } else {
      state.focus = .items
    }
  case .items:
    if state.selectedItem != nil { state.focus = .detail }
  case .detail:
    break
  }
}

private func close(_ state: inout BrowserState) {
  switch state.focus {
  case .tree:
    let node = state.selectedNode
    if state.expanded.contains(node) {
      state.expanded.remove(node)
    } else if let parent = node.parent {
      selectTreeRow(&state, parent)
    }
  case .items: state.focus = .tree
  case .detail: state.focus = .items
  }
}

private func stepHit(_ state: inout BrowserState, by delta: Int) {
  let count = state.listedPositions.count
  guard count > 0 else { return }
  state.itemCursor = ((state.itemCursor + delta) % count + count) % count
  state.detailScroll = 0
  if state.focus == .tree { state.focus = .items }
}

private func filtersChanged(_ state: inout BrowserState, _ effects: inout [Effect]) {
  // The tree cursor may point at a node the filters now hide.
  let rows = state.treeRows
  if !rows.contains(where: { $0.node == state.selectedNode }) {
    state.treeCursor = .all
    state.departmentCursor = nil
  }
  resetItems(&state)
  if state.search != nil { queryChanged(&state, &effects) }
}

private func queryChanged(_ state: inout BrowserState, _ effects: inout [Effect]) {
  guard var search = state.search else { return }
  search.generation += 1
  search.historyIndex = nil
  state.itemCursor = 0
  state.itemScroll = 0
  state.detailScroll = 0
  if search.query.trimmingCharacters(in: .whitespaces).isEmpty {
    search.hits = []
    search.highlighter = nil
  } else {
    effects.append(
      .search(query: search.query, scope: state.searchScope, generation: search.generation))
  }
  state.search = search
}

private func browseHistory(_ state: inout BrowserState, _ effects: inout [Effect], by delta: Int) {
  guard let search = state.search, !state.history.isEmpty else { return }
  let current = search.historyIndex ?? state.history.count
  let next = clamp(current + delta, 0, state.history.count)
  let query = next == state.history.count ? "" : state.history[next]
  state.search?.query = query
  queryChanged(&state, &effects)
  state.search?.historyIndex = next
}

private func handleMouse(_ state: inout BrowserState, _ mouse: MouseEvent) {
  let layout = state.layout
  guard
    let (pane, rect) = layout.panes.first(where: {
      $0.value.contains(row: mouse.row, column: mouse.column)
    })
  else { return }
  switch mouse.kind {
  case .press(.left):
    state.focus = pane
    let line = mouse.row - rect.row - 1
    guard line >= 0 else { return }
    switch pane {
    case .tree:
      let rows = state.treeRows
      let index = state.treeScroll + line
      if rows.indices.contains(index) {
        if rows[index].node == state.selectedNode {
          _ = reduce(&state, .open)
        } else {
          selectTreeRow(&state, rows[index].node)
        }
      }
    case .items:
      let index = state.itemScroll + line
      if index < state.listedPositions.count {
        state.itemCursor = index
        state.detailScroll = 0
      }
    case .detail:
      break
    }
  case .wheelUp, .wheelDown:
    let delta = mouse.kind == .wheelDown ? 3 : -3
    let focus = state.focus
    state.focus = pane
    move(&state, by: delta)
    state.focus = focus
  default:
    break
  }
}

/// Clamps cursors to their lists and scrolls each pane so its cursor is visible.
private func keepInView(_ state: inout BrowserState) {
  let layout = state.layout
  let rows = state.treeRows
  if state.treeMode == .categories, !rows.contains(where: { $0.node == state.treeCursor }) {
    // A collapsed parent hides the cursor: move it to the nearest visible ancestor.
    var node: TreeNode? = state.treeCursor
    while let current = node, !rows.contains(where: { $0.node == current }) {
      node = current.parent
    }
    state.treeCursor = node ?? .all
  }
  let treeIndex = rows.firstIndex { $0.node == state.selectedNode } ?? 0
  state.treeScroll = scrolled(
    state.treeScroll, cursor: treeIndex, count: rows.count, height: layout.contentHeight(.tree))
  let itemCount = state.listedPositions.count
  state.itemCursor = clamp(state.itemCursor, 0, max(0, itemCount - 1))
  state.itemScroll = scrolled(
    state.itemScroll, cursor: state.itemCursor, count: itemCount,
    height: layout.contentHeight(.items))
  let detailLines = DetailView.lines(for: state.selectedItem, width: layout.contentWidth(.detail))
    .count
  state.detailScroll = clamp(
    state.detailScroll, 0, max(0, detailLines - layout.contentHeight(.detail)))
}

/// The scroll offset that keeps `cursor` on screen, moving as little as possible.
func scrolled(_ scroll: Int, cursor: Int, count: Int, height: Int) -> Int {
  var scroll = min(scroll, cursor)
  if cursor >= scroll + height { scroll = cursor - height + 1 }
  return clamp(scroll, 0, max(0, count - height))
}

func clamp(_ value: Int, _ low: Int, _ high: Int) -> Int {
  min(max(value, low), high)
}
