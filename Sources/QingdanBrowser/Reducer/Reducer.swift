import QingdanCore

/// The browser's whole behaviour: state and action in, new state and effects out. No I/O.
/// Each action is one named step (here and in `NavigationSteps.swift`, `SearchSteps.swift`);
/// steps share helpers, never a call back into `reduce`.
public func reduce(_ state: inout BrowserState, _ action: Action) -> [Effect] {
  if case .tick = action {} else { state.message = nil }
  if state.overlay == .help, let handled = reduceHelp(&state, action) { return handled }
  let effects = step(&state, action)
  keepInView(&state)
  return effects
}

private func step(_ state: inout BrowserState, _ action: Action) -> [Effect] {
  switch action {
  case .moveDown: move(&state, pane: state.focus, by: 1)
  case .moveUp: move(&state, pane: state.focus, by: -1)
  case .pageDown: move(&state, pane: state.focus, by: pageSize(state))
  case .pageUp: move(&state, pane: state.focus, by: -pageSize(state))
  case .moveToTop: moveToTop(&state)
  case .moveToBottom: moveToBottom(&state)
  case .open: open(&state)
  case .close: close(&state)
  case .nextPane: cycleFocus(&state, by: 1)
  case .previousPane: cycleFocus(&state, by: -1)
  case .toggleTreeMode: toggleTreeMode(&state)
  case .toggleHelp: toggleHelp(&state)
  case .cycleTownshipFilter: return cycleTownshipFilter(&state)
  case .setListFilter(let list): return setListFilter(&state, list)
  case .copyAnswer: return copyAnswer(&state)
  case .cancel: cancel(&state)
  case .quit: return [.quit]
  case .mouse(let mouse): handleMouse(&state, mouse)
  case .resize(let width, let height): resize(&state, width: width, height: height)
  case .tick: break
  case .startSearch: startSearch(&state)
  case .nextHit: stepHit(&state, by: 1)
  case .previousHit: stepHit(&state, by: -1)
  case .insertText(let text): return insertText(&state, text)
  case .pasted(let text): return paste(&state, text)
  case .deleteBackward: return deleteBackward(&state)
  case .clearQuery: return clearQuery(&state)
  case .toggleSearchScope: return toggleSearchScope(&state)
  case .historyPrevious: return browseHistory(&state, by: -1)
  case .historyNext: return browseHistory(&state, by: 1)
  case .submitQuery: submitQuery(&state)
  case .searchResults(let generation, let hits, let highlighter):
    receiveResults(&state, generation: generation, hits: hits, highlighter: highlighter)
  }
  return []
}

/// While help is open, moving keys scroll it and other keys wait; Esc and ? close it.
/// Nil for actions that go through as usual (closing, quitting, resizing, results).
private func reduceHelp(_ state: inout BrowserState, _ action: Action) -> [Effect]? {
  let visible = max(1, state.height - 4)
  let delta: Int
  switch action {
  case .moveDown: delta = 1
  case .moveUp: delta = -1
  case .pageDown: delta = visible - 1
  case .pageUp: delta = -(visible - 1)
  case .moveToTop: delta = .min
  case .moveToBottom: delta = .max
  case .toggleHelp, .cancel, .quit, .resize, .searchResults, .tick, .mouse: return nil
  default: return []
  }
  state.helpLines.scroll(by: delta, count: HelpOverlay.lines.count, height: visible)
  return []
}

/// Keeps the tree and item cursors on screen. The detail pane's offset is kept in range
/// where it is scrolled and where it is drawn, so no step wraps the detail text for it.
private func keepInView(_ state: inout BrowserState) {
  let layout = state.layout
  state.treeList.keepVisible(height: layout.contentHeight(.tree), count: state.treeRows.count)
  state.itemList.keepVisible(
    height: layout.contentHeight(.items), count: state.listedPositions.count)
}

func clamp(_ value: Int, _ low: Int, _ high: Int) -> Int {
  min(max(value, low), high)
}
