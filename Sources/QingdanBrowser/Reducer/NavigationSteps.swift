import QingdanCore

// The reducer's steps for moving around: cursors, panes, the tree, filters, the mouse.

/// One page less one row, so the last row of a page stays in view.
func pageSize(_ state: BrowserState) -> Int {
  state.layout.contentHeight(state.focus) - 1
}

/// Moves the cursor of `pane` (or scrolls the detail) by `delta` rows.
func move(_ state: inout BrowserState, pane: Pane, by delta: Int) {
  switch pane {
  case .tree:
    selectTreeRow(&state, saturatingAdd(state.treeList.selected, delta))
  case .items:
    let count = state.listedPositions.count
    selectItem(&state) { $0.move(by: delta, count: count) }
  case .detail:
    scrollDetail(&state, by: delta)
  }
}

func moveToTop(_ state: inout BrowserState) {
  switch state.focus {
  case .tree: selectTreeRow(&state, 0)
  case .items: selectItem(&state) { $0.selectFirst() }
  case .detail: state.detailLines = ListCursor()
  }
}

func moveToBottom(_ state: inout BrowserState) {
  let count = state.listedPositions.count
  switch state.focus {
  case .tree: selectTreeRow(&state, state.treeRows.count - 1)
  case .items: selectItem(&state) { $0.selectLast(count: count) }
  case .detail: scrollDetail(&state, by: .max)
  }
}

/// Moves the item cursor; another item's detail starts at its top.
func selectItem(_ state: inout BrowserState, _ change: (inout ListCursor) -> Void) {
  guard !state.listedPositions.isEmpty else { return }
  change(&state.itemList)
  state.detailLines = ListCursor()
}

/// Scrolls the detail text; only here is the text wrapped to know how long it is.
func scrollDetail(_ state: inout BrowserState, by delta: Int) {
  let layout = state.layout
  let count = DetailView.lines(
    for: state.selectedItem, width: layout.contentWidth(.detail), contacts: state.client.contacts
  ).count
  state.detailLines.scroll(by: delta, count: count, height: layout.contentHeight(.detail))
}

/// Selects a tree row; a different node lists other items, so the item cursor restarts.
func selectTreeRow(_ state: inout BrowserState, _ index: Int) {
  guard !state.treeRows.isEmpty else { return }
  let before = state.selectedNode
  state.treeList.select(index, count: state.treeRows.count)
  if state.selectedNode != before { resetItems(&state) }
}

/// Back to the first item, unless the list is search hits, which a tree move leaves alone.
func resetItems(_ state: inout BrowserState) {
  guard !state.isSearchActive else { return }
  state.itemList = ListCursor()
  state.detailLines = ListCursor()
}

func cycleFocus(_ state: inout BrowserState, by delta: Int) {
  let count = Pane.allCases.count
  state.focus = Pane(rawValue: ((state.focus.rawValue + delta) % count + count) % count)!
}

/// Right / l / Enter: expand a tree node, or move on to the next pane.
func open(_ state: inout BrowserState) {
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

/// Left / h: collapse a tree node or go up to its parent, or back to the previous pane.
func close(_ state: inout BrowserState) {
  switch state.focus {
  case .tree:
    let node = state.selectedNode
    if state.expanded.contains(node) {
      state.expanded.remove(node)
    } else if let parent = node.parent,
      let index = state.treeRows.firstIndex(where: { $0.node == parent })
    {
      selectTreeRow(&state, index)
    }
  case .items: state.focus = .tree
  case .detail: state.focus = .items
  }
}

func toggleTreeMode(_ state: inout BrowserState) {
  state.treeMode = state.treeMode == .categories ? .departments : .categories
  state.treeList.offset = 0
  state.focus = .tree
  resetItems(&state)
}

func toggleHelp(_ state: inout BrowserState) {
  state.overlay = state.overlay == .help ? nil : .help
  state.helpLines = ListCursor()
}

func cycleTownshipFilter(_ state: inout BrowserState) -> [Effect] {
  let node = state.selectedNode
  let townships = state.catalogue.townships
  if let current = state.townshipFilter, let index = townships.firstIndex(of: current) {
    state.townshipFilter = index + 1 < townships.count ? townships[index + 1] : nil
  } else {
    state.townshipFilter = townships.first
  }
  return filtersChanged(&state, selected: node)
}

func setListFilter(_ state: inout BrowserState, _ list: ListKind?) -> [Effect] {
  let node = state.selectedNode
  state.listFilter = list
  return filtersChanged(&state, selected: node)
}

/// After a filter changed: a tree node the filters now hide gives way to the first row,
/// and an open search runs again within the new filters.
private func filtersChanged(_ state: inout BrowserState, selected node: TreeNode) -> [Effect] {
  if !state.treeRows.contains(where: { $0.node == node }) { state.treeList.selectFirst() }
  resetItems(&state)
  return state.search == nil ? [] : queryChanged(&state)
}

/// `y`: the call note (`CallNote`), the same text as `qingdan who --note`.
func copyNote(_ state: inout BrowserState) -> [Effect] {
  guard let item = state.selectedItem else {
    state.message = "没有选中的事项"
    return []
  }
  state.message = "已复制来电记录：\(item.handler.answer)"
  state.desk.tracker.hitUsed()
  return [
    .copyToClipboard(
      CallNote.text(for: item, contacts: state.client.contacts, time: state.client.now()))
  ]
}

/// `Y`: the whole item, as `qingdan show` lays it out, unwrapped.
func copyItem(_ state: inout BrowserState) -> [Effect] {
  guard let item = state.selectedItem else {
    state.message = "没有选中的事项"
    return []
  }
  state.message = "已复制整个事项：\(item.id)"
  state.desk.tracker.hitUsed()
  return [.copyToClipboard(ItemDocument(item: item, contacts: state.client.contacts).plainText)]
}

/// Esc: close the overlay, else leave the search.
func cancel(_ state: inout BrowserState) -> [Effect] {
  if state.overlay != nil {
    state.overlay = nil
    return []
  }
  return cancelSearch(&state)
}

func resize(_ state: inout BrowserState, width: Int, height: Int) {
  state.width = max(1, width)
  state.height = max(1, height)
}

/// A click selects what it lands on and focuses its pane; the wheel scrolls the pane under
/// the pointer, wherever the focus is.
func handleMouse(_ state: inout BrowserState, _ mouse: MouseEvent) {
  guard
    let (pane, rect) = state.layout.panes.first(where: {
      $0.value.contains(row: mouse.row, column: mouse.column)
    })
  else { return }
  switch mouse.kind {
  case .press(.left):
    state.focus = pane
    let line = mouse.row - rect.row - 1
    guard line >= 0 else { return }
    click(&state, pane: pane, line: line)
  case .wheelUp: move(&state, pane: pane, by: -3)
  case .wheelDown: move(&state, pane: pane, by: 3)
  default: break
  }
}

/// A click on a pane's `line`-th content row: selects that row; a click on the selected
/// tree row opens it.
private func click(_ state: inout BrowserState, pane: Pane, line: Int) {
  switch pane {
  case .tree:
    let index = state.treeList.offset + line
    guard state.treeRows.indices.contains(index) else { return }
    if index == state.treeList.selected {
      open(&state)
    } else {
      selectTreeRow(&state, index)
    }
  case .items:
    let index = state.itemList.offset + line
    guard index < state.listedPositions.count else { return }
    selectItem(&state) { $0.selected = index }
  case .detail:
    break
  }
}
