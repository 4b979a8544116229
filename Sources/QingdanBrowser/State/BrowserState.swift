import QingdanCore

/// The three panes, left to right.
public enum Pane: Int, CaseIterable, Sendable, Hashable {
  case tree, items, detail

  public var title: String {
    switch self {
    case .tree: "目录"
    case .items: "事项"
    case .detail: "详情"
    }
  }
}

/// What the tree pane lists.
public enum TreeMode: Sendable, Hashable {
  /// 乡镇 → 清单 → 事项类别.
  case categories
  /// 部门 → the items it leads or receives, across townships.
  case departments
}

public enum Overlay: Sendable, Hashable {
  case help
}

/// Everything the browser shows, as a value. `reduce` changes it; `render` draws it.
public struct BrowserState: Sendable {
  public var engine: SearchEngine
  public var catalogue: CatalogueIndex { engine.catalogue }
  public var width: Int
  public var height: Int
  public var focus: Pane = .tree
  public var treeMode: TreeMode = .categories
  /// Expanded nodes of the category tree.
  public var expanded: Set<TreeNode>
  public var treeCursor: TreeNode = .all
  public var departmentCursor: TreeNode?
  public var treeScroll = 0
  public var itemCursor = 0
  public var itemScroll = 0
  public var detailScroll = 0
  /// Limits every view to one township / one list.
  public var townshipFilter: String?
  public var listFilter: ListKind?
  public var search: SearchSession?
  /// Past queries, newest last.
  public var history: [String] = []
  public var overlay: Overlay?
  /// First line of the help overlay shown (it scrolls on small terminals).
  public var helpScroll = 0
  /// A short message in the status bar ("已复制"), cleared by the next key.
  public var message: String?
  public var isQuitting = false
  /// Whether colours are used (false with NO_COLOR or a monochrome terminal).
  public var colors: Bool

  public init(engine: SearchEngine, width: Int, height: Int, colors: Bool = true) {
    self.engine = engine
    self.width = width
    self.height = height
    self.colors = colors
    // A few townships open at start; a county's or province's worth would be a wall of rows.
    let townships = engine.catalogue.townships
    expanded = townships.count <= 3 ? Set(townships.map(TreeNode.township)) : []
  }
}

/// A search in progress or being read.
public struct SearchSession: Sendable {
  public var query = ""
  /// True while typing in the query line; false once Enter moved focus to the results.
  public var isEditing = true
  public var hits: [SearchHit] = []
  public var highlighter: Highlighter?

  /// How the hit at `index` matched, when not by the characters as typed (those need no
  /// tag): its strongest reason.
  public func reason(at index: Int) -> MatchReason? {
    guard hits.indices.contains(index), let first = hits[index].why.first, first.kind != .exact
    else { return nil }
    return first
  }
  /// Results of older queries are discarded: only the newest generation is shown.
  public var generation = 0
  /// Position in `history` while browsing it with Up/Down.
  public var historyIndex: Int?
  /// Search everything loaded instead of the selected tree node.
  public var everywhere = false
  /// The view to return to on Esc.
  public var previousFocus: Pane
  public var previousItemCursor: Int
}
