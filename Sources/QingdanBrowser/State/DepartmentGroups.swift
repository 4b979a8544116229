import QingdanCore

/// The department tree's shape: departments under their county/city (木垒县 ▸ 水利局), so a
/// narrow pane shows the part of a name that differs. Worked out once from the department
/// names and the catalogues' regions (`DepartmentPlaces`), not per redraw.
public struct DepartmentGroups: Sendable {
  public struct Member: Sendable, Hashable {
    /// The full name, as the index knows the department.
    public var name: String
    /// The name within its place ("水利局"); the full name when it has no place.
    public var body: String
  }

  public struct Group: Sendable {
    /// The county/city or prefecture; nil for departments of no known place, listed at the
    /// top level after the places.
    public var place: String?
    /// Most items first, as `CatalogueIndex.departments`.
    public var members: [Member]
  }

  public let groups: [Group]

  public init(departments: [String], regions: [Region]) {
    var order: [String] = []
    var seen: Set<String> = []
    for region in regions {
      for place in [region.county, region.prefecture]
      where !place.isEmpty && seen.insert(place).inserted {
        order.append(place)
      }
    }
    let places = DepartmentPlaces(regions: regions)
    var members: [String: [Member]] = [:]
    var placeless: [Member] = []
    for name in departments {
      if let (place, body) = places.split(name) {
        members[place, default: []].append(Member(name: name, body: body))
      } else {
        placeless.append(Member(name: name, body: name))
      }
    }
    var groups = order.compactMap { place in
      members[place].map { Group(place: place, members: $0) }
    }
    if !placeless.isEmpty { groups.append(Group(place: nil, members: placeless)) }
    self.groups = groups
  }

  /// The places, in the order the tree lists them.
  public var places: [String] { groups.compactMap(\.place) }

  /// The full names of a place's departments.
  public func departments(in place: String) -> [String] {
    groups.first { $0.place == place }?.members.map(\.name) ?? []
  }
}
