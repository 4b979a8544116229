/// An item's position in `CatalogueIndex.items`: the handle search, the browser and the
/// commands use for an item (stable while the catalogues are loaded).
public typealias ItemPosition = Int

/// An in-memory index over all loaded catalogues: by id, by township → list → category
/// (the category tree), and by department (department → items, across townships).
public struct CatalogueIndex: Sendable {
  public let catalogues: [Catalogue]
  /// Every item, in catalogue, list and number order. Positions are stable item handles.
  /// Items from a snapshot are decoded when read: read the ones shown or returned.
  public let items: IndexedItems
  /// Department name → positions of the items it leads or receives.
  private let positionsByDepartment: [String: [ItemPosition]]
  /// Departments, most items first, then by name.
  public let departments: [String]
  /// Every category name once, in order of first appearance.
  public let categoryNames: [String]
  /// Positions by township and list, and categories in order of first appearance: the tree
  /// and the item lists read these instead of scanning every item.
  private let positionsByTownship: [String: [ItemPosition]]
  private let positionsByTownshipList: [String: [ListKind: [ItemPosition]]]
  private let positionsByList: [ListKind: [ItemPosition]]
  private let allPositions: [ItemPosition]
  private let categoriesByTownshipList: [String: [ListKind: [(name: String, count: Int)]]]

  /// Built catalogue by catalogue from the items' keys (list, category, departments), so
  /// that items left in a snapshot are not decoded: keys are hashed once per catalogue or
  /// per distinct department, not once per item (hashing Chinese text is what made this
  /// slow for a province's 250,000 items).
  public init(catalogues: [Catalogue]) {
    self.catalogues = catalogues
    var parts: [CatalogueItems] = []
    var count = 0
    var byTownship: [String: [ItemPosition]] = [:]
    var byTownshipList: [String: [ListKind: [ItemPosition]]] = [:]
    var byList: [ListKind: [ItemPosition]] = [:]
    var categories: [String: [ListKind: [(name: String, count: Int)]]] = [:]
    var departmentSlot: [ExactString: Int] = [:]
    var departmentNames: [String] = []
    var departmentPositions: [[ItemPosition]] = []
    var seenCategories: Set<ExactString> = []
    var categoryNames: [String] = []
    for catalogue in catalogues {
      let start = count
      let own = catalogue.items.inListAndNumberOrder()
      parts.append(own)
      count += own.count
      var lists: [ListKind: [ItemPosition]] = [:]
      var listCategories: [ListKind: [(name: String, count: Int)]] = [:]
      own.forEachKey { offset, list, category, departments in
        let position = start + offset
        lists[list, default: []].append(position)
        byList[list, default: []].append(position)
        listCategories[list, default: []].countOne(category)
        for department in departments {
          let key = ExactString(department)
          if let slot = departmentSlot[key] {
            departmentPositions[slot].append(position)
          } else {
            departmentSlot[key] = departmentNames.count
            departmentNames.append(department)
            departmentPositions.append([position])
          }
        }
      }
      byTownship[catalogue.township, default: []] += start..<count
      byTownshipList[catalogue.township, default: [:]].merge(lists) { $0 + $1 }
      categories[catalogue.township, default: [:]].merge(listCategories) { $0 + $1 }
      for list in ListKind.allCases {
        for category in listCategories[list] ?? []
        where seenCategories.insert(ExactString(category.name)).inserted {
          categoryNames.append(category.name)
        }
      }
    }
    self.categoryNames = categoryNames
    items = IndexedItems(parts: parts, townships: catalogues.map(\.township))
    positionsByTownship = byTownship
    positionsByTownshipList = byTownshipList
    positionsByList = byList
    allPositions = Array(0..<count)
    categoriesByTownshipList = categories
    // Different spellings of one name (canonically equivalent) are one department.
    var byDepartment: [String: [ItemPosition]] = [:]
    for (name, positions) in zip(departmentNames, departmentPositions) {
      byDepartment[name, default: []] += positions
    }
    positionsByDepartment = byDepartment.mapValues { $0.sorted() }
    departments = byDepartment.map { (name: $0.key, count: $0.value.count) }
      .sorted { $0.count != $1.count ? $0.count > $1.count : $0.name < $1.name }
      .map(\.name)
  }

  public func item(id: String) -> Item? {
    position(of: id).map { items[$0] }
  }

  /// Ids are "township/list/number" and a township's list is kept in number order, so an id
  /// is found by a binary search there (no table of every id: a province has 250,000).
  public func position(of id: String) -> ItemPosition? {
    guard let (township, list, number) = ItemID.parse(id),
      let positions = positionsByTownshipList[township]?[list]
    else { return nil }
    let at = positions.lowerBound { items.number(at: $0) < number }
    guard at < positions.endIndex, items.number(at: positions[at]) == number else { return nil }
    return positions[at]
  }

  public var townships: [String] { catalogues.map(\.township) }

  /// Items matching every filter given; nil filters match everything.
  public func items(
    township: String? = nil, list: ListKind? = nil, category: String? = nil,
    department: String? = nil
  ) -> [Item] {
    positions(township: township, list: list, category: category, department: department).map {
      items[$0]
    }
  }

  public func positions(
    township: String? = nil, list: ListKind? = nil, category: String? = nil,
    department: String? = nil
  ) -> [ItemPosition] {
    // Start from the narrowest precomputed list, then filter what is left.
    let candidates: [ItemPosition]
    var needsTownship = township != nil
    var needsList = list != nil
    if let department {
      candidates = positionsByDepartment[department] ?? []
    } else if let township, let list {
      candidates = positionsByTownshipList[township]?[list] ?? []
      (needsTownship, needsList) = (false, false)
    } else if let township {
      candidates = positionsByTownship[township] ?? []
      needsTownship = false
    } else if let list {
      candidates = positionsByList[list] ?? []
      needsList = false
    } else {
      candidates = allPositions
    }
    guard needsTownship || needsList || category != nil else { return candidates }
    return candidates.filter { position in
      (!needsTownship || items.township(at: position) == township)
        && (!needsList || items.list(at: position) == list)
        && (category == nil || items.category(at: position) == category)
    }
  }

  /// How many items a township (and list) has, without listing them.
  public func itemCount(township: String? = nil, list: ListKind? = nil) -> Int {
    switch (township, list) {
    case (let township?, let list?): positionsByTownshipList[township]?[list]?.count ?? 0
    case (let township?, nil): positionsByTownship[township]?.count ?? 0
    case (nil, let list?): positionsByList[list]?.count ?? 0
    case (nil, nil): items.count
    }
  }

  /// Categories of one township's list in the order they first appear, with item counts.
  public func categories(township: String, list: ListKind) -> [(name: String, count: Int)] {
    categoriesByTownshipList[township]?[list] ?? []
  }

  public func itemCount(department: String) -> Int {
    positionsByDepartment[department]?.count ?? 0
  }

  /// Departments whose name contains `text` ("水利局" finds 木垒县水利局 and 昌吉市水利局).
  public func departments(matching text: String) -> [String] {
    departments.filter { $0.contains(text) }
  }
}

/// The items of all loaded catalogues as one collection (`CatalogueIndex.items`): each
/// catalogue's items in list and number order, one catalogue after another. Reading an item
/// decodes it when it lies in a snapshot; the keys (`list(at:)`, `number(at:)`, …) never do.
public struct IndexedItems: RandomAccessCollection, Sendable {
  private let parts: [CatalogueItems]
  private let townships: [String]
  /// Where each catalogue's items start, and (last) the count.
  private let starts: [Int]

  init(parts: [CatalogueItems], townships: [String]) {
    self.parts = parts
    self.townships = townships
    var starts = [0]
    for part in parts { starts.append(starts.last! + part.count) }
    self.starts = starts
  }

  public var startIndex: Int { 0 }
  public var endIndex: Int { starts.last! }

  public subscript(position: ItemPosition) -> Item {
    let (part, offset) = locate(position)
    return parts[part][offset]
  }

  public func list(at position: ItemPosition) -> ListKind {
    let (part, offset) = locate(position)
    return parts[part].list(at: offset)
  }

  public func number(at position: ItemPosition) -> Int {
    let (part, offset) = locate(position)
    return parts[part].number(at: offset)
  }

  public func category(at position: ItemPosition) -> String {
    let (part, offset) = locate(position)
    return parts[part].category(at: offset)
  }

  /// The township of the catalogue the item belongs to.
  public func township(at position: ItemPosition) -> String {
    townships[locate(position).part]
  }

  /// The catalogue (its index in `CatalogueIndex.catalogues`) and the item's place in it.
  private func locate(_ position: ItemPosition) -> (part: Int, offset: Int) {
    precondition(position >= 0 && position < endIndex, "item position out of range")
    let part = starts.lowerBound { $0 <= position } - 1
    return (part, position - starts[part])
  }
}

extension Array where Element == (name: String, count: Int) {
  /// Counts one more item of `category`; categories keep their order of first appearance.
  /// Items of a category are mostly adjacent, so the last one is checked first.
  fileprivate mutating func countOne(_ category: String) {
    if let last = indices.last, self[last].name == category {
      self[last].count += 1
    } else if let index = firstIndex(where: { $0.name == category }) {
      self[index].count += 1
    } else {
      append((category, 1))
    }
  }
}
