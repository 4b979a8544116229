import QingdanCore

/// The browser's whole behaviour: state and action in, new state and effects out. No I/O.
/// Each action is one named step (here and in `NavigationSteps.swift`, `SearchSteps.swift`);
/// steps share helpers, never a call back into `reduce`.
public func reduce(_ state: inout BrowserState, _ action: Action) -> [Effect] {
  // It comes whatever is open (a prompt, an overlay) and changes only what is shown. A query
  // typed while the index was built is being answered now: the screen keeps saying it waits
  // until its results come (`receiveResults`), rather than "no results" for a moment.
  if case .searchIndexReady = action {
    let awaitingAnswer = state.isSearchActive && state.search?.highlighter == nil
    if !awaitingAnswer { state.isBuildingSearchIndex = false }
    return []
  }
  switch action {
  // Time passing and the log's answers leave the message; they set their own.
  case .tick, .deskLoaded, .deskWritten: break
  default: state.message = nil
  }
  if state.desk.notePrompt != nil, let handled = reduceNotePrompt(&state, action) {
    return handled
  }
  if state.overlay == .help, let handled = reduceHelp(&state, action) { return handled }
  if state.overlay == .compare, let handled = reduceComparison(&state, action) { return handled }
  let effects = step(&state, action)
  noteHitUse(&state)
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
  case .copyNote: return copyNote(&state)
  case .copyItem: return copyItem(&state)
  case .compareItem: return compareItem(&state)
  case .comparisonResult(let result): receiveComparison(&state, result)
  case .cancel: return cancel(&state)
  case .quit: return endTrackedSearch(&state, by: .quit) + [.quit]
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
  case .submitQuery: return submitQuery(&state)
  case .searchIndexReady: break
  case .searchResults(let generation, let hits, let highlighter):
    return receiveResults(&state, generation: generation, hits: hits, highlighter: highlighter)
  case .recordEnquiry: recordEnquiry(&state)
  case .submitNote: break
  case .toggleMark: return toggleMark(&state)
  case .showMarks: return showMarks(&state)
  case .deskLoaded(let snapshot): receiveDesk(&state, snapshot)
  case .deskWritten(let outcome): receiveDeskOutcome(&state, outcome)
  }
  return []
}

/// While help is open, moving keys scroll it and other keys wait; Esc and ? close it.
/// Nil for actions that go through as usual (closing, quitting, resizing, results).
private func reduceHelp(_ state: inout BrowserState, _ action: Action) -> [Effect]? {
  let visible = max(1, state.height - 4)
  switch action {
  case .toggleHelp, .cancel, .quit, .resize, .searchResults, .comparisonResult, .tick, .mouse,
    .deskLoaded, .deskWritten:
    return nil
  default: break
  }
  guard let delta = overlayScroll(action, visible: visible) else { return [] }
  state.helpLines.scroll(by: delta, count: HelpOverlay.lines.count, height: visible)
  return []
}

/// Scroll distance of a moving key in an overlay `visible` rows high; nil for other actions.
func overlayScroll(_ action: Action, visible: Int) -> Int? {
  switch action {
  case .moveDown: 1
  case .moveUp: -1
  case .pageDown: visible - 1
  case .pageUp: -(visible - 1)
  case .moveToTop: .min
  case .moveToBottom: .max
  default: nil
  }
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
