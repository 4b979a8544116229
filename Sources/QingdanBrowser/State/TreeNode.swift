import QingdanCore

/// A row of the tree pane.
public enum TreeNode: Sendable, Hashable {
  /// Every loaded catalogue.
  case all
  case township(String)
  case list(township: String, list: ListKind)
  case category(township: String, list: ListKind, category: String)
  case department(String)

  /// The part of the catalogue this node stands for.
  public var scope: SearchScope {
    switch self {
    case .all, .department: SearchScope()
    case .township(let township): SearchScope(township: township)
    case .list(let township, let list): SearchScope(township: township, list: list)
    case .category(let township, let list, let category):
      SearchScope(township: township, list: list, category: category)
    }
  }

  var depth: Int {
    switch self {
    case .all, .department: 0
    case .township: 0
    case .list: 1
    case .category: 2
    }
  }

  var parent: TreeNode? {
    switch self {
    case .all, .township, .department: nil
    case .list(let township, _): .township(township)
    case .category(let township, let list, _): .list(township: township, list: list)
    }
  }

  var isExpandable: Bool {
    switch self {
    case .township, .list: true
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
  /// The tree's visible rows for the current mode, filters and expanded nodes; kept in
  /// `treeRows`.
  func computeTreeRows() -> [TreeRow] {
    switch treeMode {
    case .categories: categoryRows
    case .departments: departmentRows
    }
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

  private var departmentRows: [TreeRow] {
    catalogue.departments.compactMap { name in
      let count =
        townshipFilter == nil && listFilter == nil
        ? catalogue.itemCount(department: name)
        : catalogue.positions(township: townshipFilter, list: listFilter, department: name).count
      guard count > 0 else { return nil }
      return TreeRow(
        node: .department(name), label: name, shortLabel: name, count: count, depth: 0,
        isExpanded: false)
    }
  }

  /// The node under the tree cursor in the current mode.
  public var selectedNode: TreeNode {
    treeRows.indices.contains(treeList.selected) ? treeRows[treeList.selected].node : .all
  }

  /// The items a tree node lists, within the filters; kept in `listedPositions`.
  func positions(of node: TreeNode) -> [Int] {
    switch node {
    case .department(let name):
      return catalogue.positions(township: townshipFilter, list: listFilter, department: name)
    case let node:
      let scope = node.scope
      return catalogue.positions(
        township: scope.township ?? townshipFilter, list: scope.list ?? listFilter,
        category: scope.category)
    }
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
