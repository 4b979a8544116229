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
  /// For each catalogue naming a department: where the catalogue starts, and the offsets of
  /// the department's items in it (part of the catalogue's key summary).
  private typealias DepartmentParts = [(start: ItemPosition, offsets: Slice<Column<UInt32>>)]
  /// Every category name once, in order of first appearance.
  public let categoryNames: [String]
  /// Each catalogue's items are one run of positions, a run per list inside it (items are
  /// kept in list and number order): scopes are made of these runs, not of stored tables.
  private let listRuns: [ListRanges]
  /// Township → its catalogues (indexes into `catalogues`; one township name may be used
  /// in several counties). By the name's bytes: `String` hashing normalises Chinese text,
  /// a tenth of a province's start.
  private let cataloguesByTownship: [ExactString: [Int]]
  /// Each catalogue's keys summed up (`CatalogueItems.keySummary`), its names made into text
  /// when shown.
  private let summaries: [CatalogueKeys]
  /// The department table, worked out when a department is first asked for: a one-shot
  /// answer or a browser's first frame needs none of it (at 1,000 townships it is 80,000
  /// names to tell apart).
  private let departmentTable = Locked<Departments?>(nil)

  /// Departments, most items first, then by name.
  public var departments: [String] { departmentsBuilt.names }

  /// The department table, made by the first caller that needs it and shared by every
  /// copy of the index.
  private var departmentsBuilt: Departments { departmentTable.once(buildDepartments) }

  /// Built catalogue by catalogue from the items' key summaries (list runs and categories),
  /// so that items left in a snapshot are not decoded. Names are told apart by their string
  /// ids where the items lie in a snapshot: a province's category names are marked in a
  /// bitmap by id, and only the few hundred distinct ones are made into text (hashing
  /// Chinese text per item, then per catalogue, is what made this slow for a province).
  public init(catalogues: [Catalogue]) {
    self.catalogues = catalogues
    var parts: [CatalogueItems] = []
    var summaries: [CatalogueKeys] = []
    var count = 0
    var listRuns: [ListRanges] = []
    var byTownship: [ExactString: [Int]] = [:]
    var seen = SeenNames()
    var seenCategories: Set<ExactString> = []
    var categoryNames: [String] = []
    var townships: [String] = []
    parts.reserveCapacity(catalogues.count)
    summaries.reserveCapacity(catalogues.count)
    listRuns.reserveCapacity(catalogues.count)
    townships.reserveCapacity(catalogues.count)
    // Each catalogue's items in order and their key summary: a pass over every parsed
    // item, on every core. Items from a snapshot come ordered and summed up, so there the
    // threads would only add work (a warm start at 10,000 townships: 4,000 more page
    // faults, 8% slower).
    @Sendable func ordered(_ number: Int) -> (CatalogueItems, CatalogueKeys) {
      let own = catalogues[number].items.inListAndNumberOrder()
      return (own, own.keySummary())
    }
    let ordered =
      catalogues.allSatisfy(\.items.isMapped)
      ? catalogues.indices.map(ordered) : concurrentMap(catalogues.count, ordered)
    // By index: a catalogue is a large value, and copying 1,000 of them was a tenth of this.
    for number in catalogues.indices {
      let start = count
      let (own, keys) = ordered[number]
      let township = catalogues[number].township
      parts.append(own)
      summaries.append(keys)
      townships.append(township)
      count += own.count
      listRuns.append(keys.listRuns.shifted(by: start))
      byTownship[ExactString(township), default: []].append(number)
      seen.use(own)
      for list in ListKind.allCases {
        for category in keys.categories(list) where seen.insert(category.name) {
          // One text may have several keys (catalogues from different snapshots).
          let name = own.name(category.name)
          if seenCategories.insert(ExactString(name)).inserted { categoryNames.append(name) }
        }
      }
    }
    Self.releaseNamePages(parts)
    self.categoryNames = categoryNames
    self.summaries = summaries
    items = IndexedItems(parts: parts, townships: townships)
    self.listRuns = listRuns
    cataloguesByTownship = byTownship
  }

  /// Names were made from snapshot string tables here and there; those pages leave this
  /// process (shown items read a few back).
  private static func releaseNamePages(_ parts: some Sequence<CatalogueItems>) {
    var released: Set<StringTableIdentity> = []
    var last: StringTableIdentity?
    for part in parts {
      // Catalogues of one snapshot share one table: most parts cost a comparison.
      guard let table = part.nameTable, table != last else { continue }
      last = table
      if released.insert(table).inserted { part.releaseNamePages() }
    }
  }

  /// Department name → where the items it leads or receives are (see `DepartmentParts`),
  /// and the names most items first. Positions are made when a department's items are asked
  /// for.
  private struct Departments: Sendable {
    let names: [String]
    let parts: [String: DepartmentParts]
  }

  /// One text under several keys, and different spellings of one name (canonically
  /// equivalent), are one department.
  private func buildDepartments() -> Departments {
    var slots: [NameKey: Int] = [:]
    var names: [String] = []
    var partsBySlot: [DepartmentParts] = []
    for number in catalogues.indices {
      let own = items.catalogueItems(number)
      let start = items.start(ofCatalogue: number)
      for department in summaries[number].departments {
        let key = NameKey(table: own.nameTable, name: department.name)
        if let slot = slots[key] {
          partsBySlot[slot].append((start, department.offsets))
        } else {
          slots[key] = names.count
          names.append(own.name(department.name))
          partsBySlot.append([(start, department.offsets)])
        }
      }
    }
    Self.releaseNamePages(catalogues.indices.lazy.map(items.catalogueItems))
    var byName: [String: DepartmentParts] = [:]
    for (name, parts) in zip(names, partsBySlot) {
      // Most names have one key: their parts are taken as they are, not copied.
      if byName[name] == nil {
        byName[name] = parts
      } else {
        byName[name]! += parts
      }
    }
    let sorted = byName.map { (name: $0.key, count: Self.itemCount($0.value)) }
      .sorted { $0.count != $1.count ? $0.count > $1.count : $0.name < $1.name }
      .map(\.name)
    return Departments(names: sorted, parts: byName)
  }

  /// A name in a key summary as one key across catalogues: its id within its string table.
  private struct NameKey: Hashable {
    var table: StringTableIdentity?
    var name: KeyName
  }

  /// Names met so far: by id in a bitset per string table (catalogues of one snapshot share
  /// one table, so this is a word read per name), by text otherwise.
  private struct SeenNames {
    private var table: StringTableIdentity?
    private var marks: [UInt64] = []
    private var otherTables: [StringTableIdentity: [UInt64]] = [:]
    private var texts: Set<ExactString> = []

    /// Names from here on are `items`' keys.
    mutating func use(_ items: CatalogueItems) {
      guard let next = items.nameTable, next != table else { return }
      if let table { otherTables[table] = marks }
      marks =
        otherTables.removeValue(forKey: next)
        ?? Array(repeating: 0, count: (items.nameCount + 63) / 64)
      table = next
    }

    /// Whether `name` was not met before; it is from now on.
    mutating func insert(_ name: KeyName) -> Bool {
      switch name {
      case .text(let text):
        return texts.insert(text).inserted
      case .stored(let id):
        // Ids were checked against the table when the summary was read.
        let (word, bit) = (Int(id) / 64, UInt64(1) << (id % 64))
        guard table != nil, word < marks.count, marks[word] & bit == 0 else { return false }
        marks[word] |= bit
        return true
      }
    }
  }

  private static func itemCount(_ parts: DepartmentParts) -> Int {
    parts.reduce(0) { $0 + $1.offsets.count }
  }

  /// The positions of a department's items, in order.
  private func positions(ofDepartment department: String) -> [ItemPosition] {
    guard let parts = departmentsBuilt.parts[department] else { return [] }
    var positions: [ItemPosition] = []
    positions.reserveCapacity(Self.itemCount(parts))
    for part in parts {
      for offset in part.offsets { positions.append(part.start + Int(offset)) }
    }
    // Catalogue by catalogue, each department's positions come in order; only names merged
    // above can interleave.
    return zip(positions, positions.dropFirst()).allSatisfy { $0 < $1 }
      ? positions : positions.sorted()
  }

  /// The positions of the given catalogues' items, of one list or all.
  private func positions(ofCatalogues numbers: some Sequence<Int>, list: ListKind?)
    -> [ItemPosition]
  {
    var positions: [ItemPosition] = []
    for number in numbers {
      if let list {
        positions += listRuns[number][list] ?? 0..<0
      } else {
        for list in ListKind.allCases { positions += listRuns[number][list] ?? 0..<0 }
      }
    }
    return positions
  }

  public func item(id: String) -> Item? {
    position(of: id).map { items[$0] }
  }

  /// Ids are "township/list/number" and a township's list is kept in number order, so an id
  /// is found by a binary search there (no table of every id: a province has 250,000).
  public func position(of id: String) -> ItemPosition? {
    guard let (township, list, number) = ItemID.parse(id),
      let catalogues = cataloguesByTownship[ExactString(township)]
    else { return nil }
    let positions = positions(ofCatalogues: catalogues, list: list)
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
      candidates = positions(ofDepartment: department)
    } else if let township {
      candidates = positions(
        ofCatalogues: cataloguesByTownship[ExactString(township)] ?? [], list: list)
      (needsTownship, needsList) = (false, false)
    } else {
      candidates = positions(ofCatalogues: catalogues.indices, list: list)
      needsList = false
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
    let numbers =
      township.map { cataloguesByTownship[ExactString($0)] ?? [] } ?? Array(catalogues.indices)
    return numbers.reduce(0) { total, number in
      total
        + (list.map { listRuns[number][$0]?.count ?? 0 }
          ?? listRuns[number].totalCount)
    }
  }

  /// Categories of one township's list in the order they first appear, with item counts.
  public func categories(township: String, list: ListKind) -> [(name: String, count: Int)] {
    (cataloguesByTownship[ExactString(township)] ?? []).flatMap { number in
      let items = items.catalogueItems(number)
      return summaries[number].categories(list).map { (items.name($0.name), $0.count) }
    }
  }

  public func itemCount(department: String) -> Int {
    departmentsBuilt.parts[department].map(Self.itemCount) ?? 0
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

  /// Each catalogue's items as an array, in order: those it holds, not a copy, unless they
  /// lie in a snapshot.
  var partArrays: [[Item]] { parts.map(\.array) }

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

  /// The items of one catalogue (by its index in `CatalogueIndex.catalogues`).
  func catalogueItems(_ number: Int) -> CatalogueItems { parts[number] }

  /// The position of a catalogue's first item.
  func start(ofCatalogue number: Int) -> ItemPosition { starts[number] }

  /// The catalogue (its index in `CatalogueIndex.catalogues`) and the item's place in it.
  private func locate(_ position: ItemPosition) -> (part: Int, offset: Int) {
    precondition(position >= 0 && position < endIndex, "item position out of range")
    let part = starts.lowerBound { $0 <= position } - 1
    return (part, position - starts[part])
  }
}
