import QingdanCore

// The reducer's desk steps: `r` and its note prompt, marks, what the enquiry log sends
// back, and the miss rule fed as searches go. Writes are `.desk` effects; nothing here
// touches the log.

/// r: the selected item as an enquiry, as it is shown now; the note prompt opens first.
func recordEnquiry(_ state: inout BrowserState) {
  guard let item = state.selectedItem else {
    state.message = "没有选中的事项"
    return
  }
  let entry = DeskEntry(
    time: state.client.now(), township: state.townshipFilter,
    query: state.isSearchActive ? state.search?.query ?? "" : "", itemID: item.id,
    answer: item.handler.answer)
  state.desk.notePrompt = NotePrompt(entry: entry)
}

/// While the note prompt is open it takes the typing; Enter saves, Esc cancels. Nil for
/// actions that go through as usual (quitting, resizing, results arriving).
func reduceNotePrompt(_ state: inout BrowserState, _ action: Action) -> [Effect]? {
  switch action {
  case .insertText(let text), .pasted(let text):
    let line = text.map { $0.isNewline || $0 == "\t" ? " " : $0 }
      .filter { $0.asciiValue.map { $0 >= 0x20 && $0 != 0x7F } ?? true }
    let room = max(0, DeskLimits.note - (state.desk.notePrompt?.text.count ?? 0))
    state.desk.notePrompt?.text += String(line.prefix(room))
  case .deleteBackward:
    if state.desk.notePrompt?.text.isEmpty == false { state.desk.notePrompt?.text.removeLast() }
  case .clearQuery:
    state.desk.notePrompt?.text = ""
  case .submitNote:
    return submitNote(&state)
  case .cancel:
    state.desk.notePrompt = nil
    state.message = "未记录（已取消）"
  case .quit, .resize, .tick, .searchResults, .comparisonResult, .deskLoaded, .deskWritten:
    return nil
  default:
    break
  }
  return []
}

/// Enter in the note prompt: the entry, with its note, goes to the log; the search it
/// answers is no miss.
private func submitNote(_ state: inout BrowserState) -> [Effect] {
  guard let prompt = state.desk.notePrompt else { return [] }
  state.desk.notePrompt = nil
  var entry = prompt.entry
  let note = prompt.text.trimmingCharacters(in: .whitespaces)
  entry.note = note.isEmpty ? nil : note
  state.desk.tracker.hitUsed()
  state.message = "正在记录…"
  return [.desk(.record(entry))]
}

/// m: marks the selected item, or unmarks it; the 常用 node lists the marks.
func toggleMark(_ state: inout BrowserState) -> [Effect] {
  guard let item = state.selectedItem else {
    state.message = "没有选中的事项"
    return []
  }
  let marked = !state.desk.marks.contains(item.id)
  state.desk.marks.removeAll { $0 == item.id }
  if marked { state.desk.marks.insert(item.id, at: 0) }
  state.message = marked ? "已加入常用：\(item.name)" : "已移出常用：\(item.name)"
  return [.desk(.setMark(itemID: item.id, marked: marked))]
}

/// ': the marked items in the item list (the 常用 node), leaving a search.
func showMarks(_ state: inout BrowserState) -> [Effect] {
  guard !state.desk.marks.isEmpty else {
    state.message = "还没有常用事项：选中事项后按 m 加入"
    return []
  }
  let effects = cancelSearch(&state)
  state.overlay = nil
  state.selectTreeNode(.marked)
  resetItems(&state)
  state.focus = .items
  return effects
}

/// What the log holds arrived (at start). Queries searched before it came stay newest.
func receiveDesk(_ state: inout BrowserState, _ snapshot: DeskSnapshot) {
  state.desk.hotItems = snapshot.hotItems
  state.desk.marks = snapshot.marks
  let typed = state.history
  var history = Array(snapshot.recentQueries.prefix(historyLimit).reversed())
  history.removeAll { typed.contains($0) }
  state.history = Array((history + typed).suffix(historyLimit))
  if let problem = snapshot.problem { state.message = problem }
}

/// A write's outcome: a record is confirmed (and 热点 updated); a failure is the log's
/// one line in the status bar, and browsing goes on.
func receiveDeskOutcome(_ state: inout BrowserState, _ outcome: DeskWriteOutcome) {
  switch outcome {
  case .done(.record(let entry), let hotItems, let notice):
    if let hotItems { state.desk.hotItems = hotItems }
    state.message =
      notice.map { "已记录，记录日志文件已新建：\($0)" } ?? "已记录：\(entry.itemID) \(entry.answer)"
  case .done(_, _, let notice?):
    state.message = "记录日志文件已新建：\(notice)"
  case .done:
    break
  case .failed(_, let line):
    state.message = "记录失败 (qingdan log 看原因)：\(line)"
  }
}

/// The miss rule's side of a search result or a cleared line: the search before, if this
/// one ends it unanswered, is a miss to log.
func trackQuery(_ state: inout BrowserState, _ query: String, hitCount: Int) -> [Effect] {
  state.desk.tracker.queryChanged(
    to: query, hitCount: hitCount, township: state.townshipFilter, at: state.client.now()
  ).map { [.desk(.recordMiss($0))] } ?? []
}

/// The search ends (Esc, leaving for the marks, quitting): its miss, if it is one.
func endTrackedSearch(_ state: inout BrowserState, by end: SearchAttempt.End) -> [Effect] {
  state.desk.tracker.ended(by: end).map { [.desk(.recordMiss($0))] } ?? []
}

/// Reading a hit's detail, or copying it, answers the search.
func noteHitUse(_ state: inout BrowserState) {
  if state.focus == .detail, state.search?.isEditing == false, state.isSearchActive {
    state.desk.tracker.hitUsed()
  }
}
