import QingdanCore

/// A row of the tree pane.
public enum TreeNode: Sendable, Hashable {
  /// 热点: the items asked about most in the last days (the enquiry log's records).
  case hot
  /// 常用: the items the operator marked with `m`.
  case marked
  /// Every loaded catalogue.
  case all
  case township(String)
  case list(township: String, list: ListKind)
  case category(township: String, list: ListKind, category: String)
  /// A county/city (or prefecture) in the department tree: its departments' items.
  case departmentPlace(String)
  /// A department, by its full name, under its place when it has one.
  case department(String, place: String?)

  /// The part of the catalogue this node stands for.
  public var scope: SearchScope {
    switch self {
    case .all, .department, .departmentPlace, .hot, .marked: SearchScope()
    case .township(let township): SearchScope(township: township)
    case .list(let township, let list): SearchScope(township: township, list: list)
    case .category(let township, let list, let category):
      SearchScope(township: township, list: list, category: category)
    }
  }

  var depth: Int {
    switch self {
    case .all, .township, .departmentPlace, .department(_, place: nil), .hot, .marked: 0
    case .department: 1
    case .list: 1
    case .category: 2
    }
  }

  var parent: TreeNode? {
    switch self {
    case .all, .township, .departmentPlace, .department(_, place: nil), .hot, .marked: nil
    case .department(_, let place?): .departmentPlace(place)
    case .list(let township, _): .township(township)
    case .category(let township, let list, _): .list(township: township, list: list)
    }
  }

  /// The nodes that list what the enquiry log holds.
  var isDeskNode: Bool { self == .hot || self == .marked }

  var isExpandable: Bool {
    switch self {
    case .township, .list, .departmentPlace: true
    default: false
    }
  }
}

/// One visible row of the tree, with its label and count.
public struct TreeRow: Sendable, Hashable {
  public var node: TreeNode
  public var label: String
  /// For narrow panes: "配合" for "配合履职事项".
  public var shortLabel: String
  public var count: Int
  public var depth: Int
  public var isExpanded: Bool
}

extension BrowserState {
  /// The tree's visible rows for the current mode, filters and expanded nodes, kept in
  /// `treeRows`; and how many departments have items within the filters.
  func computeTreeRows() -> (rows: [TreeRow], departments: Int) {
    switch treeMode {
    case .categories:
      return (deskRows + categoryRows, 0)
    case .departments:
      let tree = departmentRows
      return (deskRows + tree.rows, tree.departments)
    }
  }

  /// 热点 and 常用 at the top of either tree, once the log has something for them.
  private var deskRows: [TreeRow] {
    var rows: [TreeRow] = []
    if !desk.hotItems.isEmpty {
      rows.append(
        TreeRow(
          node: .hot, label: "热点 近\(DeskState.hotDays)天", shortLabel: "热点",
          count: positions(of: .hot).count, depth: 0, isExpanded: false))
    }
    if !desk.marks.isEmpty {
      rows.append(
        TreeRow(
          node: .marked, label: "常用事项", shortLabel: "常用", count: positions(of: .marked).count,
          depth: 0, isExpanded: false))
    }
    return rows
  }

  private var categoryRows: [TreeRow] {
    let total = catalogue.itemCount(township: townshipFilter, list: listFilter)
    var rows = [
      TreeRow(
        node: .all, label: "全部清单", shortLabel: "全部", count: total, depth: 0, isExpanded: true)
    ]
    for township in catalogue.townships where townshipFilter == nil || townshipFilter == township {
      let node = TreeNode.township(township)
      let open = expanded.contains(node)
      let count = catalogue.itemCount(township: township, list: listFilter)
      rows.append(
        TreeRow(
          node: node, label: township, shortLabel: township, count: count, depth: 0,
          isExpanded: open))
      guard open else { continue }
      for list in ListKind.allCases where listFilter == nil || listFilter == list {
        let listNode = TreeNode.list(township: township, list: list)
        let listOpen = expanded.contains(listNode)
        rows.append(
          TreeRow(
            node: listNode, label: list.chineseName, shortLabel: list.shortName,
            count: catalogue.itemCount(township: township, list: list),
            depth: 1, isExpanded: listOpen))
        guard listOpen else { continue }
        for category in catalogue.categories(township: township, list: list) {
          rows.append(
            TreeRow(
              node: .category(township: township, list: list, category: category.name),
              label: category.name, shortLabel: category.name, count: category.count, depth: 2,
              isExpanded: false))
        }
      }
    }
    return rows
  }

  /// Places, then (when open) their departments by the part of the name that differs.
  private var departmentRows: (rows: [TreeRow], departments: Int) {
    // Each place counts the items its departments handle, each item once.
    var countedFor = [Int](repeating: -1, count: catalogue.items.count)
    var rows: [TreeRow] = []
    var departments = 0
    for (index, group) in client.departmentGroups.groups.enumerated() {
      let members = group.members.compactMap { member -> (DepartmentGroups.Member, [Int])? in
        let positions = catalogue.positions(
          township: townshipFilter, list: listFilter, department: member.name)
        return positions.isEmpty ? nil : (member, positions)
      }
      guard !members.isEmpty else { continue }
      departments += members.count
      var depth = 0
      if let place = group.place {
        var count = 0
        for (_, positions) in members {
          for position in positions where countedFor[position] != index {
            countedFor[position] = index
            count += 1
          }
        }
        let node = TreeNode.departmentPlace(place)
        let open = expanded.contains(node)
        rows.append(
          TreeRow(
            node: node, label: place, shortLabel: place, count: count, depth: 0, isExpanded: open))
        guard open else { continue }
        depth = 1
      }
      for (member, positions) in members {
        rows.append(
          TreeRow(
            node: .department(member.name, place: group.place), label: member.body,
            shortLabel: member.body, count: positions.count, depth: depth, isExpanded: false))
      }
    }
    return (rows, departments)
  }

  /// The node under the tree cursor in the current mode.
  public var selectedNode: TreeNode {
    treeRows.indices.contains(treeList.selected) ? treeRows[treeList.selected].node : .all
  }

  /// The items a tree node lists, within the filters; kept in `listedPositions`.
  func positions(of node: TreeNode) -> ListedPositions {
    switch node {
    case .department(let name, _):
      return .listed(
        catalogue.positions(township: townshipFilter, list: listFilter, department: name))
    case .hot: return .listed(deskPositions(desk.hotItems.map(\.itemID)))
    case .marked: return .listed(deskPositions(desk.marks))
    case .departmentPlace(let place):
      let positions = client.departmentGroups.departments(in: place).flatMap {
        catalogue.positions(township: townshipFilter, list: listFilter, department: $0)
      }
      return .listed(Array(Set(positions)).sorted())
    case let node:
      let scope = node.scope
      let (township, list) = (scope.township ?? townshipFilter, scope.list ?? listFilter)
      // Items are kept catalogue by catalogue, so every item is every position.
      guard township != nil || list != nil || scope.category != nil else {
        return .all(count: catalogue.items.count)
      }
      return .listed(
        catalogue.positions(township: township, list: list, category: scope.category))
    }
  }

  /// Items named by id in the log, in its order, within the filters; ids of items no
  /// longer loaded are left out.
  private func deskPositions(_ ids: [String]) -> [Int] {
    ids.compactMap { id in
      guard let position = catalogue.position(of: id) else { return nil }
      guard townshipFilter.map({ catalogue.items.township(at: position) == $0 }) ?? true,
        listFilter.map({ catalogue.items.list(at: position) == $0 }) ?? true
      else { return nil }
      return position
    }
  }

  /// Whether the `index`-th listed item is a search hit below the confidence floor: listed,
  /// but not to be read out as the answer. Checked when asked, for the rows on screen,
  /// rather than for every hit a keystroke finds.
  public func isWeakHit(at index: Int) -> Bool {
    // Hits come from the engine, so it is there whenever there are hits to judge.
    guard isSearchActive, let search, let highlighter = search.highlighter,
      search.hits.indices.contains(index), let engine = client.engine
    else { return false }
    return !engine.isConfident(search.hits[index], highlighter: highlighter)
  }

  public var selectedItem: Item? {
    guard listedPositions.indices.contains(itemList.selected) else { return nil }
    return catalogue.items[listedPositions[itemList.selected]]
  }

  /// Where a search looks: the selected node (or everything), within the filters.
  public var searchScope: SearchScope {
    let everywhere = search?.everywhere == true || treeMode == .departments
    var scope = everywhere ? SearchScope() : selectedNode.scope
    scope.township = scope.township ?? townshipFilter
    scope.list = scope.list ?? listFilter
    return scope
  }
}
