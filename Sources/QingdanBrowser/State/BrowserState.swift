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
  /// The selected item in the other townships (`comparison`).
  case compare
}

/// Everything the browser shows, as a value. `reduce` changes it; `render` draws it.
///
/// The tree's rows and the item pane's list are derived from the rest; they are computed
/// once whenever what they depend on changes (the observers below) and kept here, so
/// every reader sees the same rows without recomputing them.
public struct BrowserState: Sendable, Equatable {
  /// The catalogues and their search, shared by reference (compared by identity).
  public let client: SearchClient
  public var catalogue: CatalogueIndex { client.catalogue }
  public var width: Int
  public var height: Int
  public var focus: Pane = .tree
  public var treeMode: TreeMode = .categories {
    didSet { refreshTree(keepingSelection: false) }
  }
  /// Expanded nodes of the category tree.
  public var expanded: Set<TreeNode> {
    didSet { refreshTree() }
  }
  /// The tree's cursor in each mode; `treeList` is the current one.
  public var categoryList = ListCursor() {
    didSet { refreshListed() }
  }
  public var departmentList = ListCursor() {
    didSet { refreshListed() }
  }
  /// The item pane's cursor over `listedPositions`.
  public var itemList = ListCursor()
  /// The detail pane: its offset is the first line shown (nothing is selected there).
  public var detailLines = ListCursor()
  /// Limits every view to one township / one list.
  public var townshipFilter: String? {
    didSet { refreshTree() }
  }
  public var listFilter: ListKind? {
    didSet { refreshTree() }
  }
  public var search: SearchSession? {
    didSet { refreshListed() }
  }
  /// Past queries, newest last (kept across runs by the enquiry log).
  public var history: [String] = []
  /// The operator's desk: 热点, marks, the miss rule's search, the note prompt.
  public var desk = DeskState() {
    didSet {
      if desk.hotItems != oldValue.hotItems || desk.marks != oldValue.marks { refreshTree() }
    }
  }
  public var overlay: Overlay?
  /// The help overlay: its offset is the first line shown (it scrolls on small terminals).
  public var helpLines = ListCursor()
  /// What the compare overlay shows, and its scroll (offset as for help).
  public var comparison: Counterparts?
  public var compareLines = ListCursor()
  /// A short message in the status bar ("已复制"), cleared by the next key.
  public var message: String?
  /// Whether colours are used (false with NO_COLOR or a monochrome terminal).
  public var colors: Bool
  /// True from a cold start's first frame until `.searchIndexReady` (or, for a query typed
  /// before it, until that query's results): the search index is still being built, so a
  /// query waits (and the screen says so).
  public var isBuildingSearchIndex: Bool

  /// The tree's visible rows for the current mode, filters and expanded nodes.
  public private(set) var treeRows: [TreeRow] = []
  /// How many departments the department tree lists (open or not), for its title.
  public private(set) var departmentCount = 0
  /// Positions (in `catalogue.items`) of the items the item pane lists, in order: the
  /// search hits while searching, else the selected node's items.
  public private(set) var listedPositions = ListedPositions.listed([])
  /// What `listedPositions` was computed from, to skip recomputing it for the same node.
  private var listedSource: ListedSource?

  public init(client: SearchClient, width: Int, height: Int, colors: Bool = true) {
    self.client = client
    self.width = width
    self.height = height
    self.colors = colors
    isBuildingSearchIndex = client.engine == nil
    // A few townships open at start; a county's or province's worth would be a wall of rows.
    let townships = client.catalogue.townships
    expanded = townships.count <= 3 ? Set(townships.map(TreeNode.township)) : []
    // A few places open too. The department tree is worked out only when few counties and
    // prefectures are named (a province's is left until it is shown; it opens closed).
    if Self.namesAtMost(
      8, client.catalogue.catalogues.lazy.flatMap { [$0.region.county, $0.region.prefecture] })
    {
      let places = client.departmentGroups.places
      if places.count <= 3 { expanded.formUnion(places.map(TreeNode.departmentPlace)) }
    }
    refreshTree()
  }

  /// Whether `names` holds at most `limit` distinct non-empty names; stops at the one past
  /// (a province's 20,000 place names need not all be hashed to say "many").
  private static func namesAtMost(_ limit: Int, _ names: some Sequence<String>) -> Bool {
    var distinct: Set<String> = []
    for name in names where !name.isEmpty {
      distinct.insert(name)
      if distinct.count > limit { return false }
    }
    return true
  }

  public init(engine: SearchEngine, width: Int, height: Int, colors: Bool = true) {
    self.init(client: SearchClient(engine: engine), width: width, height: height, colors: colors)
  }

  /// The tree cursor of the current mode.
  public var treeList: ListCursor {
    get { treeMode == .categories ? categoryList : departmentList }
    set {
      switch treeMode {
      case .categories: categoryList = newValue
      case .departments: departmentList = newValue
      }
    }
  }

  /// Whether the item pane shows search hits: a search is open with a query to run.
  public var isSearchActive: Bool {
    search?.runnableQuery.isEmpty == false
  }

  /// Puts the tree cursor on `node` if it is a visible row.
  public mutating func selectTreeNode(_ node: TreeNode) {
    guard let index = treeRows.firstIndex(where: { $0.node == node }) else { return }
    treeList.selected = index
  }

  private enum ListedSource: Hashable {
    case node(TreeNode, township: String?, list: ListKind?)
  }

  /// Recomputes the rows and keeps the cursor on the node it was on, or on the nearest
  /// visible ancestor when a collapse or a filter hid it.
  private mutating func refreshTree(keepingSelection: Bool = true) {
    let previous = treeRows.indices.contains(treeList.selected) ? treeRows[treeList.selected] : nil
    (treeRows, departmentCount) = computeTreeRows()
    var cursor = treeList
    if keepingSelection, var node = previous?.node {
      while !treeRows.contains(where: { $0.node == node }), let parent = node.parent {
        node = parent
      }
      cursor.selected = treeRows.firstIndex { $0.node == node } ?? 0
    }
    cursor.select(cursor.selected, count: treeRows.count)
    treeList = cursor
    refreshListed()
  }

  private mutating func refreshListed() {
    if let search, isSearchActive {
      listedSource = nil
      listedPositions = .listed(search.hits.map(\.position))
      return
    }
    let source = ListedSource.node(selectedNode, township: townshipFilter, list: listFilter)
    // 热点 and 常用 list what the log gave, which changes under the same node.
    guard source != listedSource || selectedNode.isDeskNode else { return }
    listedSource = source
    listedPositions = positions(of: selectedNode)
  }
}

/// A search in progress or being read.
public struct SearchSession: Sendable, Equatable {
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

  /// The query as it is searched and remembered: without surrounding spaces. Empty means
  /// there is nothing to search, and the items of the tree node are listed.
  public var runnableQuery: String {
    query.trimmingCharacters(in: .whitespaces)
  }

  public init(previousFocus: Pane, previousItemCursor: Int) {
    self.previousFocus = previousFocus
    self.previousItemCursor = previousItemCursor
  }

  /// Hits are equal when they name the same items with the same scores, and a highlighter
  /// is compared by presence: both are computed from the query, which is compared.
  public static func == (left: SearchSession, right: SearchSession) -> Bool {
    left.query == right.query && left.isEditing == right.isEditing
      && left.generation == right.generation && left.historyIndex == right.historyIndex
      && left.everywhere == right.everywhere && left.previousFocus == right.previousFocus
      && left.previousItemCursor == right.previousItemCursor
      && left.hits.map(\.position) == right.hits.map(\.position)
      && left.hits.map(\.score) == right.hits.map(\.score)
      && (left.highlighter == nil) == (right.highlighter == nil)
  }
}
