/// An in-memory index over all loaded catalogues: by id, by township → list → category
/// (the category tree), and by department (department → items, across townships).
public struct CatalogueIndex: Sendable {
  public let catalogues: [Catalogue]
  /// Every item, in catalogue, list and number order. Positions are stable item handles.
  public let items: [Item]
  private let positionByID: [String: Int]
  /// Department name → positions of the items it leads or receives.
  private let positionsByDepartment: [String: [Int]]
  /// Departments, most items first, then by name.
  public let departments: [String]

  public init(catalogues: [Catalogue]) {
    self.catalogues = catalogues
    var items: [Item] = []
    for catalogue in catalogues {
      items += catalogue.items.sorted { ($0.list, $0.number) < ($1.list, $1.number) }
    }
    self.items = items
    var positionByID: [String: Int] = [:]
    var byDepartment: [String: [Int]] = [:]
    for (position, item) in items.enumerated() {
      positionByID[item.id] = position
      for department in item.handler.departments {
        byDepartment[department.name, default: []].append(position)
      }
    }
    self.positionByID = positionByID
    positionsByDepartment = byDepartment
    departments = byDepartment.keys.sorted {
      let (left, right) = (byDepartment[$0]!.count, byDepartment[$1]!.count)
      return left != right ? left > right : $0 < $1
    }
  }

  public func item(id: String) -> Item? {
    positionByID[id].map { items[$0] }
  }

  public func position(of id: String) -> Int? { positionByID[id] }

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
  ) -> [Int] {
    let candidates = department.map { positionsByDepartment[$0] ?? [] } ?? Array(items.indices)
    return candidates.filter { position in
      let item = items[position]
      return (township == nil || item.township == township) && (list == nil || item.list == list)
        && (category == nil || item.category == category)
    }
  }

  /// Categories of one township's list in the order they first appear, with item counts.
  public func categories(township: String, list: ListKind) -> [(name: String, count: Int)] {
    var order: [String] = []
    var counts: [String: Int] = [:]
    for item in items where item.township == township && item.list == list {
      if counts[item.category] == nil { order.append(item.category) }
      counts[item.category, default: 0] += 1
    }
    return order.map { ($0, counts[$0]!) }
  }

  public func itemCount(department: String) -> Int {
    positionsByDepartment[department]?.count ?? 0
  }

  /// Departments whose name contains `text` ("水利局" finds 木垒县水利局 and 昌吉市水利局).
  public func departments(matching text: String) -> [String] {
    departments.filter { $0.contains(text) }
  }
}
