import QingdanCore

// The reducer's search steps: opening the query line, typing and pasting, results arriving,
// history, going to the hits and leaving the search.

/// How many past queries are kept.
let historyLimit = 50

func startSearch(_ state: inout BrowserState) {
  if state.search == nil {
    state.search = SearchSession(
      previousFocus: state.focus, previousItemCursor: state.itemList.selected)
  }
  state.search?.isEditing = true
  state.search?.historyIndex = nil
}

/// Typed text goes into the query; line breaks and control characters never do.
func insertText(_ state: inout BrowserState, _ text: String) -> [Effect] {
  let clean = String(
    text.filter { !$0.isNewline && $0.asciiValue.map { $0 >= 0x20 && $0 != 0x7F } ?? true })
  state.search?.query += clean
  return queryChanged(&state)
}

/// A paste (bracketed by the terminal) is text for the query line, never keys: it opens the
/// line if needed, and each run of line breaks (CR LF, or CR as terminals send LF) becomes
/// one space, so several pasted lines stay one query.
func paste(_ state: inout BrowserState, _ text: String) -> [Effect] {
  if state.search?.isEditing != true { startSearch(&state) }
  var line = ""
  for character in text {
    let isBreak = character.isNewline || character == "\t"
    if !isBreak {
      line.append(character)
    } else if line.last != " " {
      line.append(" ")
    }
  }
  return insertText(&state, line)
}

func deleteBackward(_ state: inout BrowserState) -> [Effect] {
  guard state.search?.query.isEmpty == false else { return [] }
  state.search?.query.removeLast()
  return queryChanged(&state)
}

func clearQuery(_ state: inout BrowserState) -> [Effect] {
  state.search?.query = ""
  return queryChanged(&state)
}

func toggleSearchScope(_ state: inout BrowserState) -> [Effect] {
  state.search?.everywhere.toggle()
  return queryChanged(&state)
}

/// The query or its scope changed: a new generation of results is asked for (older ones
/// will be discarded), and the hits list starts at its top.
func queryChanged(_ state: inout BrowserState) -> [Effect] {
  guard var search = state.search else { return [] }
  search.generation += 1
  search.historyIndex = nil
  var effects: [Effect] = []
  if search.runnableQuery.isEmpty {
    search.hits = []
    search.highlighter = nil
    effects += trackQuery(&state, "", hitCount: 0)
  } else {
    effects.append(
      .search(query: search.query, scope: state.searchScope, generation: search.generation))
  }
  state.search = search
  state.itemList = ListCursor()
  state.detailLines = ListCursor()
  return effects
}

/// Results of the newest query: listed, and judged by the miss rule.
func receiveResults(
  _ state: inout BrowserState, generation: Int, hits: [SearchHit], highlighter: Highlighter
) -> [Effect] {
  guard let query = state.search?.runnableQuery, state.search?.generation == generation
  else { return [] }
  state.isBuildingSearchIndex = false
  state.search?.hits = hits
  state.search?.highlighter = highlighter
  state.itemList = ListCursor()
  state.detailLines = ListCursor()
  // Only weak matches (gibberish, a word the catalogues lack) count as none: nothing to
  // read out, and the query is one for the synonyms file.
  return trackQuery(&state, query, hitCount: state.isWeakHit(at: 0) ? 0 : hits.count)
}

/// Up/Down in the query line: older and newer queries, then an empty line.
func browseHistory(_ state: inout BrowserState, by delta: Int) -> [Effect] {
  guard let search = state.search, !state.history.isEmpty else { return [] }
  let current = search.historyIndex ?? state.history.count
  let next = clamp(current + delta, 0, state.history.count)
  let query = next == state.history.count ? "" : state.history[next]
  state.search?.query = query
  let effects = queryChanged(&state)
  state.search?.historyIndex = next
  return effects
}

/// Enter: go to the hits and remember the query (in the log too, for the next run); an
/// empty query leaves the search.
func submitQuery(_ state: inout BrowserState) -> [Effect] {
  guard let query = state.search?.runnableQuery, !query.isEmpty
  else { return cancelSearch(&state) }
  state.history.removeAll { $0 == query }
  state.history.append(query)
  if state.history.count > historyLimit { state.history.removeFirst() }
  state.search?.isEditing = false
  state.focus = .items
  return [.desk(.addQuery(query))]
}

/// Leaves the search and restores the view it was opened from; a search left without
/// using a hit is a miss.
func cancelSearch(_ state: inout BrowserState) -> [Effect] {
  guard let search = state.search else { return [] }
  state.search = nil
  state.focus = search.previousFocus
  state.itemList.selected = search.previousItemCursor
  state.detailLines = ListCursor()
  return endTrackedSearch(&state, by: .escaped)
}

/// n / N: the next or previous hit, wrapping around.
func stepHit(_ state: inout BrowserState, by delta: Int) {
  let count = state.listedPositions.count
  guard count > 0 else { return }
  let next = ((state.itemList.selected + delta) % count + count) % count
  selectItem(&state) { $0.selected = next }
  if state.focus == .tree { state.focus = .items }
}
