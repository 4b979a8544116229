import QingdanCore

/// The browser's view: the whole screen as a value, computed from the state alone.
public func render(_ state: BrowserState) -> Screen {
  var screen = Screen(width: max(1, state.width), height: max(1, state.height))
  let layout = state.layout
  let theme = Theme(colors: state.colors)
  if layout.isTooSmall {
    let lines = [
      "终端太小", "terminal too small", "need \(Layout.minimumWidth)×\(Layout.minimumHeight)",
    ]
    for (offset, line) in lines.enumerated() {
      let row = state.height / 2 - 1 + offset
      screen.put(
        line, row: row, column: max(0, (state.width - DisplayWidth.of(line)) / 2),
        maxWidth: state.width)
    }
    return screen
  }
  var view = ScreenPainter(state: state, layout: layout, theme: theme, screen: screen)
  view.drawHeader()
  for pane in Pane.allCases {
    guard let rect = layout.panes[pane] else { continue }
    switch pane {
    case .tree: view.drawTree(rect)
    case .items: view.drawItems(rect)
    case .detail: view.drawDetail(rect)
    }
  }
  view.drawRules()
  view.drawQueryLine()
  view.drawStatus()
  switch state.overlay {
  case .help: view.drawHelp()
  case .compare: view.drawComparison()
  case nil: break
  }
  screen = view.screen
  return screen
}

/// Draws the parts of the screen; one method per part.
struct ScreenPainter {
  let state: BrowserState
  let layout: Layout
  let theme: Theme
  var screen: Screen

  /// Why a query has no results yet on a cold start (`BrowserState.isBuildingSearchIndex`).
  static let buildingIndexNote = "正在建立搜索索引…建好即显示结果"

  mutating func drawHeader() {
    var header = " 清单 qingdan  " + state.catalogue.townships.joined(separator: " · ")
    if layout.isSinglePane {
      header =
        " " + Pane.allCases.map { $0 == state.focus ? "[\($0.title)]" : " \($0.title) " }.joined()
        + "  Tab 切换"
    } else {
      header += state.treeMode == .departments ? "  · 按部门" : ""
    }
    screen.put(header, row: 0, column: 0, style: theme.header, maxWidth: layout.width)
  }

  mutating func drawRules() {
    guard !layout.isSinglePane else { return }
    for pane in [Pane.tree, .items] {
      guard let rect = layout.panes[pane] else { continue }
      for row in rect.row..<(rect.row + rect.height) {
        screen.put("│", row: row, column: rect.column + rect.width, style: theme.rule)
      }
    }
  }

  mutating func drawTitle(_ rect: Rect, _ pane: Pane, _ title: String) {
    let style = state.focus == pane ? theme.focusedPaneTitle : theme.paneTitle
    screen.fill(row: rect.row, column: rect.column, width: rect.width, height: 1, style: style)
    screen.put(" " + title, row: rect.row, column: rect.column, style: style, maxWidth: rect.width)
  }

  func cursorStyle(_ pane: Pane) -> Style {
    state.focus == pane ? theme.cursor : theme.inactiveCursor
  }

  mutating func drawTree(_ rect: Rect) {
    let rows = state.treeRows
    let compact = layout.isTreeCompact
    let title =
      state.treeMode == .categories ? "目录" : (compact ? "部门" : "部门 (\(state.departmentCount))")
    drawTitle(rect, .tree, title)
    let selected = state.selectedNode
    for (line, row) in rows.dropFirst(state.treeList.offset).prefix(rect.height - 1).enumerated() {
      let y = rect.row + 1 + line
      let isCursor = row.node == selected
      let style = isCursor ? cursorStyle(.tree) : Style()
      if isCursor {
        screen.fill(row: y, column: rect.column, width: rect.width, height: 1, style: style)
      }
      let count = " \(row.count)"
      let labelWidth = max(1, rect.width - DisplayWidth.of(count) - (compact ? 0 : 1))
      let label: String
      if compact {
        // The start of the short label, cut without "…": the breadcrumb has the whole name.
        let marker = row.node.isExpandable ? (row.isExpanded ? "▾" : "▸") : " "
        label = DisplayWidth.truncate(marker + row.shortLabel, toWidth: labelWidth, ellipsis: "")
      } else {
        let marker = row.node.isExpandable ? (row.isExpanded ? "▾ " : "▸ ") : "  "
        let indent = String(repeating: " ", count: row.depth * 2)
        let fits = DisplayWidth.of(indent + marker + row.label) <= labelWidth
        label = DisplayWidth.truncate(
          indent + marker + (fits ? row.label : row.shortLabel), toWidth: labelWidth)
      }
      screen.put(label, row: y, column: rect.column, style: style, maxWidth: labelWidth)
      screen.put(
        count, row: y, column: rect.column + rect.width - DisplayWidth.of(count),
        style: isCursor ? style : theme.count, maxWidth: DisplayWidth.of(count))
    }
  }

  mutating func drawItems(_ rect: Rect) {
    let positions = state.listedPositions
    let searching = state.isSearchActive
    // Hits below the confidence floor are listed as weak; when even the best one is, the
    // title says so, so that nobody reads a guess out as the answer.
    // While the search index is built, a query has no results yet, not none.
    let waiting = searching && state.isBuildingSearchIndex
    let title =
      waiting
      ? "结果 …：\(state.search!.query)"
      : searching
        ? "结果 \(positions.count)\(state.isWeakHit(at: 0) ? "（弱匹配）" : "")：\(state.search!.query)"
        : "事项 \(positions.isEmpty ? 0 : state.itemList.selected + 1)/\(positions.count)"
    drawTitle(rect, .items, title)
    if positions.isEmpty {
      let note =
        waiting ? Self.buildingIndexNote : searching ? "没有结果：换个说法或拼音" : "（无事项）"
      screen.put(
        note, row: rect.row + 1, column: rect.column + 1, style: theme.meta,
        maxWidth: rect.width - 1)
      return
    }
    let items = state.catalogue.items
    // By the items' keys: decoding 2,000 items from the snapshot cost every frame 8 ms.
    let firstTownship = items.township(at: positions[0])
    let showsTownship = positions.prefix(2000).contains { items.township(at: $0) != firstTownship }
    let highlighter = searching ? state.search?.highlighter : nil
    // 热点 says how often each item was asked about.
    let asked =
      !searching && state.selectedNode == .hot
      ? Dictionary(state.desk.hotItems.map { ($0.itemID, $0.count) }) { first, _ in first } : [:]
    for line in 0..<min(rect.height - 1, max(0, positions.count - state.itemList.offset)) {
      let index = state.itemList.offset + line
      let item = items[positions[index]]
      drawItemRow(
        item, row: rect.row + 1 + line, rect: rect,
        isCursor: index == state.itemList.selected,
        isWeak: state.isWeakHit(at: index),
        showsTownship: showsTownship, highlighter: highlighter,
        reason: searching ? state.search?.reason(at: index) : nil, asked: asked[item.id])
    }
  }

  /// One item row: township and number ("?" after the number for a weak hit), the name
  /// with its matches, at the right how a search hit matched when not as typed (同义, 纠错,
  /// 拼音…) and the list tag.
  mutating func drawItemRow(
    _ item: Item, row y: Int, rect: Rect, isCursor: Bool, isWeak: Bool, showsTownship: Bool,
    highlighter: Highlighter?, reason: MatchReason? = nil, asked: Int? = nil
  ) {
    let base = isCursor ? cursorStyle(.items) : (isWeak ? theme.weakHit : Style())
    if isCursor {
      screen.fill(row: y, column: rect.column, width: rect.width, height: 1, style: base)
    }
    // The tag tells the list (乡镇 basic, 牵头 cooperative, 收回 recovered), so the
    // number needs no list name.
    let township = showsTownship ? String(item.township.prefix(2)) : ""
    let prefix = "\(township)\(item.number)\(isWeak ? "?" : " ")"
    let tag =
      (reason.map { " " + $0.kind.tag } ?? "") + (asked.map { " \($0)次" } ?? "") + " "
      + item.handler.shortTag
    let tagWidth = DisplayWidth.of(tag)
    var x = rect.column
    x += screen.put(
      prefix, row: y, column: x, style: isCursor ? base : theme.meta, maxWidth: rect.width)
    let nameWidth = rect.width - (x - rect.column) - tagWidth
    guard nameWidth > 2 else { return }
    putHighlighted(
      item.name, spans: highlighter?.spans(in: item.name) ?? [], row: y, column: x,
      width: nameWidth, base: base)
    let tagStyle = isCursor ? base : (item.list == .recovered ? theme.recoveredTag : theme.tag)
    screen.put(
      tag, row: y, column: rect.column + rect.width - tagWidth, style: tagStyle,
      maxWidth: tagWidth)
  }

  mutating func drawDetail(_ rect: Rect) {
    let item = state.selectedItem
    // The way a search reached the item, from the typed words (工前→工钱→拖欠农民工工资).
    let reason = state.search.flatMap { search in
      search.hits.firstIndex { $0.item.id == item?.id }.flatMap { search.reason(at: $0) }
    }
    drawTitle(
      rect, .detail,
      item.map { "详情 \($0.id)" + (reason.map { " · \($0.description)" } ?? "") } ?? "详情")
    guard item != nil else {
      screen.put(
        "选择一个事项查看谁负责", row: rect.row + 1, column: rect.column + 1, style: theme.meta,
        maxWidth: rect.width - 1)
      return
    }
    let lines = DetailView.lines(for: item, width: rect.width, contacts: state.client.contacts)
    let highlighter = state.search?.highlighter
    // The reducer does not wrap the text, so it cannot know the last offset; it is kept in
    // range here, where the text is wrapped anyway.
    let first = state.detailLines.visibleOffset(height: rect.height - 1, count: lines.count)
    for (offset, line) in lines.dropFirst(first).prefix(rect.height - 1).enumerated() {
      let y = rect.row + 1 + offset
      let style = detailStyle(line.kind)
      if line.frame > 0 {
        // The boxed answer: frame, text, frame.
        screen.put(line.text, row: y, column: rect.column, style: style, maxWidth: rect.width)
        continue
      }
      putHighlighted(
        line.text, spans: highlighter?.spans(in: line.text) ?? [], row: y, column: rect.column,
        width: rect.width, base: style)
    }
    if lines.count > first + rect.height - 1 {
      screen.put(
        "↓", row: rect.row + rect.height - 1, column: rect.column + rect.width - 1,
        style: theme.meta)
    }
  }

  func detailStyle(_ kind: ItemDocument.Kind) -> Style {
    switch kind {
    case .meta: theme.meta
    case .title: theme.header
    case .answer: theme.answer
    case .section: theme.section
    case .department: theme.department
    case .heading: Style(bold: true)
    case .step, .paragraph, .blank: Style()
    }
  }

  /// Writes `text` cut to `width` with "…", the characters in `spans` in the match style.
  mutating func putHighlighted(
    _ text: String, spans: [Range<Int>], row: Int, column: Int, width: Int, base: Style
  ) {
    let shown = DisplayWidth.truncate(text, toWidth: width)
    let isCut = shown != text
    var match = theme.match
    if base.reverse { match.reverse = true }
    var x = column
    let lastIndex = shown.count - 1
    for (index, character) in shown.enumerated() {
      let inSpan = spans.contains { $0.contains(index) } && !(isCut && index == lastIndex)
      x += screen.put(
        String(character), row: row, column: x, style: inSpan ? match : base,
        maxWidth: column + width - x)
    }
  }

  /// The line typed in, above the status bar: the search line, or the note prompt of `r`.
  mutating func drawQueryLine() {
    guard let row = layout.queryLine else { return }
    if let prompt = state.desk.notePrompt {
      // What is being recorded, right-aligned, and the note typed.
      drawInputLine(
        row: row, prompt: "备注/ ", text: prompt.text, label: " 记录 \(prompt.entry.itemID)")
    } else if let search = state.search {
      // Where the search looks, right-aligned: "范围 全部 Tab" or the selected node.
      let scope = state.searchScope
      let place = [scope.township, scope.list?.shortName, scope.category].compactMap { $0 }
      drawInputLine(
        row: row, prompt: "搜索/ ", text: search.query,
        label: " 范围：" + (place.isEmpty ? "全部" : place.joined(separator: "›")) + " Tab")
    }
  }

  /// A prompt, the text typed with the cursor after it, and a right-aligned label when
  /// there is room for it.
  mutating func drawInputLine(row: Int, prompt: String, text: String, label: String) {
    screen.fill(row: row, column: 0, width: layout.width, height: 1)
    var x = screen.put(prompt, row: row, column: 0, style: theme.section)
    let labelWidth = DisplayWidth.of(label)
    let showsLabel = layout.width - x - labelWidth > 12
    if showsLabel {
      screen.put(label, row: row, column: layout.width - labelWidth, style: theme.meta)
    }
    let room = layout.width - x - 1 - (showsLabel ? labelWidth : 0)
    // Keep the end of a long text, where the user is typing, in view.
    var shown = text
    while DisplayWidth.of(shown) > room, !shown.isEmpty { shown.removeFirst() }
    x += screen.put(shown, row: row, column: x, maxWidth: room)
    screen.put(" ", row: row, column: x, style: theme.cursor)
  }

  mutating func drawStatus() {
    let row = layout.statusLine
    screen.fill(row: row, column: 0, width: layout.width, height: 1, style: theme.status)
    let hints =
      state.desk.notePrompt != nil
      ? "Enter 保存  Esc 不记录"
      : state.search?.isEditing == true ? "Enter 看结果  Esc 取消  ↑↓ 历史" : "? 帮助  / 搜索  y 复制  q 退出"
    var left: String
    if let message = state.message {
      left = message
    } else if let prompt = state.desk.notePrompt {
      left = "备注可空：" + prompt.entry.answer
    } else if state.search != nil, state.isBuildingSearchIndex {
      left = Self.buildingIndexNote
    } else if state.isWeakHit(at: state.itemList.selected) {
      left = "弱匹配：未必是要找的事项，请核对"
    } else if layout.isSinglePane, let item = state.selectedItem {
      left = item.handler.answer
    } else {
      left = breadcrumb
    }
    var filters: [String] = []
    if let township = state.townshipFilter { filters.append(township) }
    if let list = state.listFilter { filters.append(list.shortName) }
    if !filters.isEmpty { left += "  [筛选：\(filters.joined(separator: "·"))]" }
    let hintWidth = DisplayWidth.of(hints)
    // A message (a confirmation, what went wrong) has the whole line; the hints come back
    // with the next key.
    let showsHints = state.message == nil && layout.width - hintWidth > 30
    let leftWidth = layout.width - (showsHints ? hintWidth + 2 : 0)
    screen.put(
      " " + DisplayWidth.truncate(left, toWidth: max(1, leftWidth - 1)), row: row, column: 0,
      style: theme.status, maxWidth: leftWidth)
    if leftWidth < layout.width {
      screen.put(hints, row: row, column: layout.width - hintWidth - 1, style: theme.status)
    }
  }

  var breadcrumb: String {
    var parts: [String] = []
    switch state.selectedNode {
    case .all: parts.append("全部清单")
    case .township(let township): parts.append(township)
    case .list(let township, let list): parts += [township, list.chineseName]
    case .category(let township, let list, let category):
      parts += [township, list.chineseName, category]
    case .hot: parts.append("热点（近\(DeskState.hotDays)天）")
    case .marked: parts.append("常用事项")
    case .departmentPlace(let place): parts.append(place)
    case .department(let name, _): parts.append(name)
    }
    if let item = state.selectedItem, state.focus != .tree {
      parts.append("\(item.list.shortName)\(item.number)")
    }
    return parts.joined(separator: " › ")
  }

  mutating func drawHelp() {
    let lines = HelpOverlay.lines
    let labelWidth = lines.map { DisplayWidth.of($0.label) }.max() ?? 0
    let descriptionWidth = lines.map { DisplayWidth.of($0.description) }.max() ?? 0
    let width = min(layout.width - 2, labelWidth + descriptionWidth + 6)
    let height = min(layout.height - 2, lines.count + 2)
    let top = (layout.height - height) / 2
    let left = (layout.width - width) / 2
    let visible = height - 2
    let scroll = state.helpLines.visibleOffset(height: visible, count: lines.count)
    screen.fill(row: top, column: left, width: width, height: height)
    screen.box(
      row: top, column: left, width: width, height: height, title: "帮助 help — Esc 关闭",
      titleStyle: theme.section)
    for (offset, line) in lines.dropFirst(scroll).prefix(visible).enumerated() {
      let y = top + 1 + offset
      let x = left + 2
      screen.put(line.label, row: y, column: x, style: theme.section, maxWidth: labelWidth)
      screen.put(
        line.description, row: y, column: x + labelWidth + 2, maxWidth: width - labelWidth - 5)
    }
    if scroll + visible < lines.count {
      screen.put("↓ j", row: top + height - 1, column: left + width - 5, style: theme.meta)
    }
    if scroll > 0 {
      screen.put("↑ k", row: top, column: left + width - 5, style: theme.meta)
    }
  }
}

/// The help overlay's lines, straight from the key map.
enum HelpOverlay {
  static let lines: [(label: String, description: String)] = {
    var lines: [(label: String, description: String)] = []
    for context in KeyBinding.Context.allCases {
      lines.append(("", "【\(context.rawValue)】"))
      for binding in KeyMap.bindings where binding.context == context {
        lines.append((binding.label, binding.description))
      }
    }
    lines.append(("", "【鼠标 mouse】"))
    lines += KeyMap.mouseHelp.map { ($0.label, $0.description) }
    return lines
  }()
}
