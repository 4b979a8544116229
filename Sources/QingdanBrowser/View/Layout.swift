/// A rectangle of the screen.
public struct Rect: Sendable, Hashable {
  public var row: Int
  public var column: Int
  public var width: Int
  public var height: Int

  public func contains(row: Int, column: Int) -> Bool {
    row >= self.row && row < self.row + height && column >= self.column
      && column < self.column + width
  }
}

/// Where everything goes for a terminal size: pure, shared by `reduce` (to keep the
/// selection in view) and `render`.
public struct Layout: Sendable, Hashable {
  public static let minimumWidth = 30
  public static let minimumHeight = 8
  /// Below this width one pane is shown at a time.
  public static let singlePaneBelow = 60

  public var width: Int
  public var height: Int
  public var isTooSmall: Bool
  public var isSinglePane: Bool
  /// Each visible pane: a title row, then its content.
  public var panes: [Pane: Rect]
  /// The query line, when a search is being typed (or the note prompt of `r` is open).
  public var queryLine: Int?
  public var statusLine: Int
  /// Whether the tree is narrowed to short labels and counts.
  public var isTreeCompact = false

  /// `compactTree`: the width of the tree narrowed to short labels and counts (see
  /// `BrowserState.compactTreeWidth`), when the tree is not the focus; the item list gets
  /// the columns it gives up, and the detail keeps its width, so its text does not reflow.
  public init(width: Int, height: Int, focus: Pane, searchOpen: Bool, compactTree: Int? = nil) {
    self.width = width
    self.height = height
    isTooSmall = width < Self.minimumWidth || height < Self.minimumHeight
    isSinglePane = width < Self.singlePaneBelow
    statusLine = height - 1
    queryLine = searchOpen ? height - 2 : nil
    let top = 1
    let bottom = searchOpen ? height - 2 : height - 1
    let paneHeight = max(0, bottom - top)
    panes = [:]
    guard !isTooSmall else { return }
    if isSinglePane {
      panes[focus] = Rect(row: top, column: 0, width: width, height: paneHeight)
      return
    }
    // Tree ~20%, items ~35%, detail the rest; one column between panes for a rule.
    let fullTreeWidth = min(28, max(14, width / 5))
    let treeWidth = min(fullTreeWidth, compactTree ?? fullTreeWidth)
    isTreeCompact = treeWidth < fullTreeWidth
    let itemsWidth = min(56, max(22, width * 35 / 100)) + fullTreeWidth - treeWidth
    let detailWidth = width - treeWidth - itemsWidth - 2
    panes[.tree] = Rect(row: top, column: 0, width: treeWidth, height: paneHeight)
    panes[.items] = Rect(row: top, column: treeWidth + 1, width: itemsWidth, height: paneHeight)
    panes[.detail] = Rect(
      row: top, column: treeWidth + itemsWidth + 2, width: detailWidth, height: paneHeight)
  }

  /// Rows of content in a pane (its height less the title row).
  public func contentHeight(_ pane: Pane) -> Int {
    max(1, (panes[pane]?.height ?? height - 3) - 1)
  }

  public func contentWidth(_ pane: Pane) -> Int {
    max(1, panes[pane]?.width ?? width)
  }
}

extension BrowserState {
  public var layout: Layout {
    let editing = search?.isEditing == true
    // The tree is read when it has the focus; while searching or reading, the list is.
    let compact = focus != .tree || editing
    return Layout(
      width: width, height: height, focus: focus,
      searchOpen: editing || desk.notePrompt != nil,
      compactTree: compact ? compactTreeWidth : nil)
  }

  /// The tree narrowed to its counts: a marker, two characters of each label and the count
  /// ("▾大西 244"), wide enough for the largest count.
  public var compactTreeWidth: Int {
    let widest = treeRows.lazy.map(\.count).max() ?? 0
    return 1 + 4 + 1 + String(widest).count
  }
}
