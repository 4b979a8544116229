/// A catalogue's items: an array a parser built, or items left in a mapped snapshot and
/// decoded one by one when read (`MappedItems`), so that a start from the cache holds only
/// the few columns scopes, counts and the tree need. Reads the same either way; writing an
/// item first turns mapped items into an array.
public struct CatalogueItems: RandomAccessCollection, MutableCollection, Hashable, Sendable,
  ExpressibleByArrayLiteral
{
  private enum Storage: Sendable {
    case owned([Item])
    case mapped(MappedItems)
  }

  private var storage: Storage

  public init(_ items: [Item]) {
    storage = .owned(items)
  }

  public init(arrayLiteral items: Item...) {
    self.init(items)
  }

  init(mapped: MappedItems) {
    storage = .mapped(mapped)
  }

  public var startIndex: Int { 0 }
  public var endIndex: Int {
    switch storage {
    case .owned(let items): items.count
    case .mapped(let mapped): mapped.count
    }
  }

  public subscript(position: Int) -> Item {
    get {
      switch storage {
      case .owned(let items): items[position]
      case .mapped(let mapped): mapped.item(at: position)
      }
    }
    set {
      var items: [Item]
      switch storage {
      case .owned(let owned): items = owned
      case .mapped: items = Array(self)
      }
      // Unshared while it is changed, so the write is in place.
      storage = .owned([])
      items[position] = newValue
      storage = .owned(items)
    }
  }

  /// The items as an array: the one they are held in, or decoded from the snapshot.
  var array: [Item] {
    switch storage {
    case .owned(let items): items
    case .mapped: Array(self)
    }
  }

  /// Whether the items are decoded from a mapped snapshot when read.
  public var isMapped: Bool {
    if case .mapped = storage { return true }
    return false
  }

  // MARK: Keys read without decoding an item

  public func list(at position: Int) -> ListKind {
    switch storage {
    case .owned(let items): items[position].list
    case .mapped(let mapped): mapped.list(at: position)
    }
  }

  public func number(at position: Int) -> Int {
    switch storage {
    case .owned(let items): items[position].number
    case .mapped(let mapped): mapped.number(at: position)
    }
  }

  /// The handling departments' names, each once, in order of first appearance (whatever
  /// the items' order); items left in a snapshot are not decoded.
  var departmentNames: [String] {
    keySummary().departments.map { name($0.name) }
  }

  /// The lists' runs of positions, the categories of each list with their item counts (in
  /// order of first appearance) and the departments with their items' positions (in order
  /// of first appearance), for items in list and number order (the departments alone for
  /// items in any order). Mapped items are counted by string id and no name is made (see
  /// `name(_:)`).
  func keySummary() -> CatalogueKeys {
    switch storage {
    case .owned(let items):
      return CatalogueKeys(
        count: items.count, list: { items[$0].list }, category: { ExactString(items[$0].category) },
        departments: { items[$0].handler.departments.map { ExactString($0.name) } },
        names: KeyNames.text)
    case .mapped(let mapped):
      return mapped.storedSummary
        ?? CatalogueKeys(
          count: mapped.count, list: { mapped.list(at: $0) },
          category: { mapped.category(at: $0) }, departments: { mapped.departments(at: $0) },
          names: { KeyNames.stored(Column($0)) })
    }
  }

  /// The text of a name in this catalogue's key summary.
  func name(_ key: KeyName) -> String {
    switch (key, storage) {
    case (.text(let text), _): text.string
    case (.stored(let id), .mapped(let mapped)): mapped.string(id)
    // Parsed items' summaries name by text.
    case (.stored, .owned): ""
    }
  }

  /// Lets go of the pages names were read from (see `BinaryReader.releaseStringTablePages`).
  func releaseNamePages() {
    if case .mapped(let mapped) = storage { mapped.reader.releaseStringTablePages() }
  }

  /// Names of one table read the same: what makes a summary's name one key across
  /// catalogues (the string table of the snapshot the items lie in; nil for parsed items,
  /// named by text).
  var nameTable: StringTableIdentity? {
    if case .mapped(let mapped) = storage { return mapped.reader.stringTableIdentity }
    return nil
  }

  /// How many strings `nameTable` holds (0 for parsed items).
  var nameCount: Int {
    if case .mapped(let mapped) = storage { return mapped.reader.stringCount }
    return 0
  }

  /// The category of the item at `position`.
  public func category(at position: Int) -> String {
    switch storage {
    case .owned(let items): items[position].category
    case .mapped(let mapped): mapped.string(mapped.category(at: position))
    }
  }

  /// Whether the items are in list and number order (parsers give them so).
  var areInListAndNumberOrder: Bool {
    if case .mapped(let mapped) = storage, mapped.storedSummary != nil { return true }
    return indices.dropFirst().allSatisfy {
      !((list(at: $0), number(at: $0)) < (list(at: $0 - 1), number(at: $0 - 1)))
    }
  }

  /// The same items in list and number order (then nothing moves).
  func inListAndNumberOrder() -> CatalogueItems {
    guard !areInListAndNumberOrder else { return self }
    let order = indices.sorted {
      (list(at: $0), number(at: $0), $0) < (list(at: $1), number(at: $1), $1)
    }
    switch storage {
    case .owned(let items): return CatalogueItems(order.map { items[$0] })
    case .mapped(let mapped): return CatalogueItems(mapped: mapped.permuted(order))
    }
  }

  public static func == (lhs: CatalogueItems, rhs: CatalogueItems) -> Bool {
    lhs.count == rhs.count && lhs.elementsEqual(rhs)
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(count)
    for item in self { hasher.combine(item) }
  }
}

/// Items of one catalogue in a mapped snapshot: where each starts in the catalogue's items
/// block, and the keys the writer stored beside them as columns (see `CatalogueCodec`),
/// viewed in place and checked once when the snapshot is opened.
///
/// A class, immutable: a catalogue's items are copied whole several times per start (into
/// the catalogue index, its parts, the scopes), and a copy of this many columns and readers
/// was a retain of each (some 40% of a warm start's catalogue index at 1,000 townships).
final class MappedItems: Sendable {
  /// The catalogue's items block, its strings made when read.
  let reader: BinaryReader
  let keys: ItemKeyColumns
  /// The keys summed up, as the writer stored them for items in list and number order.
  let storedSummary: CatalogueKeys?
  /// Decodes an item at an offset; the block's bytes passed the section checksum.
  let decode: @Sendable (inout BinaryReader) throws(SnapshotError) -> Item

  init(
    reader: BinaryReader, keys: ItemKeyColumns, storedSummary: CatalogueKeys?,
    decode: @escaping @Sendable (inout BinaryReader) throws(SnapshotError) -> Item
  ) {
    self.reader = reader
    self.keys = keys
    self.storedSummary = storedSummary
    self.decode = decode
  }

  var count: Int { keys.count }

  func string(_ id: UInt32) -> String { reader.string(Int(id)) }

  func list(at position: Int) -> ListKind { keys.list(at: position) }
  func number(at position: Int) -> Int { Int(keys.numbers[position]) }
  func category(at position: Int) -> UInt32 { keys.categories[position] }
  func departments(at position: Int) -> Slice<Column<UInt32>> { keys.departments(at: position) }

  func item(at position: Int) -> Item {
    var reader = reader
    do {
      try reader.seek(to: reader.offset + Int(keys.offsets[position]))
      return try decode(&reader)
    } catch {
      // The bytes passed the checksum when the snapshot was opened, and the mapping cannot
      // change under a rename: this needs the file edited in place.
      return Item(
        township: "", list: list(at: position), number: number(at: position),
        category: string(category(at: position)),
        name: "(the index cache is damaged: \(error); run qingdan again to rebuild it)",
        detail: .basic, handler: Handler(role: .township, township: "", departments: []),
        sourceLine: 0)
    }
  }

  /// The items in `order` (positions of these items).
  func permuted(_ order: [Int]) -> MappedItems {
    MappedItems(reader: reader, keys: keys.permuted(order), storedSummary: nil, decode: decode)
  }
}

/// The keys of a catalogue's items, one column each: where each item starts in the items
/// block, its list (code), number, category (string id) and handling departments (string
/// ids, item i's from `departmentStarts[i]` to the next). Written by `CatalogueCodec` so that
/// opening a snapshot reads no item.
struct ItemKeyColumns: Sendable {
  var offsets: Column<UInt32>
  var lists: Column<UInt8>
  var numbers: Column<Int64>
  var categories: Column<UInt32>
  var departmentStarts: Column<UInt32>
  var departmentIDs: Column<UInt32>

  var count: Int { offsets.count }

  func list(at position: Int) -> ListKind {
    // Every code was checked by `problem` when the snapshot was opened.
    (try? ListKind(code: lists[position])) ?? .basic
  }

  func departments(at position: Int) -> Slice<Column<UInt32>> {
    departmentIDs[Int(departmentStarts[position])..<Int(departmentStarts[position + 1])]
  }

  /// Why these columns cannot describe `count` items of an items block `itemsLength` bytes
  /// long whose blob has `stringCount` strings; nil when they can. One pass over the
  /// columns (a few bytes an item), so that no later read of them can go out of bounds.
  func problem(count: Int, itemsLength: Int, stringCount: Int) -> String? {
    guard offsets.count == count, lists.count == count, numbers.count == count,
      categories.count == count, departmentStarts.count == count + 1
    else { return "the item key columns do not have one entry per item" }
    // Whole-column passes the compiler vectorises: this check runs at every start, over
    // every item. List codes are 0...2, so the largest is valid when all are.
    guard lists.maximum.map({ (try? ListKind(code: $0)) != nil }) ?? true else {
      return "an item has no valid list"
    }
    guard offsets.rises(strictly: true), offsets.last.map({ Int($0) < itemsLength }) ?? true
    else { return "an item's offset lies outside its catalogue" }
    guard categories.allBelow(stringCount), departmentIDs.allBelow(stringCount) else {
      return "an item key names a string not in the table"
    }
    guard departmentStarts.first == 0, departmentStarts.last.map(Int.init) == departmentIDs.count,
      departmentStarts.rises(strictly: false)
    else { return "the item departments' starts are out of order" }
    return nil
  }

  func permuted(_ order: [Int]) -> ItemKeyColumns {
    var starts: [UInt32] = [0]
    var ids: [UInt32] = []
    for position in order {
      ids += departments(at: position)
      starts.append(UInt32(ids.count))
    }
    return ItemKeyColumns(
      offsets: Column(order.map { offsets[$0] }), lists: Column(order.map { lists[$0] }),
      numbers: Column(order.map { numbers[$0] }), categories: Column(order.map { categories[$0] }),
      departmentStarts: Column(starts), departmentIDs: Column(ids))
  }
}

/// A name in a catalogue's key summary: an id in the string table of the snapshot the items
/// lie in (made into text only when shown: a province's summaries name 80,000 categories and
/// departments, a few hundred of them distinct), or the text of parsed items.
enum KeyName: Hashable, Sendable {
  case stored(UInt32)
  case text(ExactString)
}

/// One catalogue's keys, summed up for `CatalogueIndex` (see `CatalogueItems.keySummary`):
/// each list's run of positions, its categories with their item counts, and each
/// department's items. Columns of 32-bit ids, counts and offsets (a province's 1,000
/// summaries name 80,000 categories and departments: as arrays of tuples they cost every
/// process 8 MB, as columns 2).
struct CatalogueKeys: Sendable {
  let listRuns: ListRanges
  /// Each list's categories: a range of `categoryNames` and `categoryCounts`.
  private let categoryRanges: ListRanges
  private let categoryNames: KeyNames
  private let categoryCounts: Column<UInt32>
  private let departmentNames: KeyNames
  /// Department d's items are `departmentOffsets[departmentStarts[d]..<departmentStarts[d + 1]]`.
  private let departmentStarts: Column<UInt32>
  private let departmentOffsets: Column<UInt32>

  init(
    listRuns: ListRanges, categoryRanges: ListRanges,
    categoryNames: KeyNames, categoryCounts: Column<UInt32>, departmentNames: KeyNames,
    departmentStarts: Column<UInt32>, departmentOffsets: Column<UInt32>
  ) {
    self.listRuns = listRuns
    self.categoryRanges = categoryRanges
    self.categoryNames = categoryNames
    self.categoryCounts = categoryCounts
    self.departmentNames = departmentNames
    self.departmentStarts = departmentStarts
    self.departmentOffsets = departmentOffsets
  }

  /// A list's categories in order of first appearance, with their item counts.
  func categories(_ list: ListKind) -> [(name: KeyName, count: Int)] {
    (categoryRanges[list] ?? 0..<0).map { (categoryNames[$0], Int(categoryCounts[$0])) }
  }

  /// Each department and its items' offsets, in order of first appearance; read in place.
  var departments: LazyMapCollection<Range<Int>, (name: KeyName, offsets: Slice<Column<UInt32>>)> {
    (0..<departmentNames.count).lazy.map { index in
      (
        departmentNames[index],
        departmentOffsets[Int(departmentStarts[index])..<Int(departmentStarts[index + 1])]
      )
    }
  }

  /// Counts by `Key` (a string id, or the text itself), naming each distinct key once.
  init<Key: Hashable, Departments: Sequence<Key>>(
    count: Int, list: (Int) -> ListKind, category: (Int) -> Key,
    departments: (Int) -> Departments, names: ([Key]) -> KeyNames
  ) {
    // Items come list by list and a category's items mostly together: the current list's
    // and category's slots are kept at hand, so most items cost no hashing.
    var currentList: ListKind?
    var runStart = 0
    var listStart = 0
    var categoryKeys: [Key] = []
    var counts: [UInt32] = []
    var categorySlots: [Key: Int] = [:]
    var current: (category: Key, slot: Int)?
    var departmentSlots: [Key: Int] = [:]
    var departmentKeys: [Key] = []
    var departmentOffsets: [[UInt32]] = []
    var runs = ListRanges()
    var ranges = ListRanges()
    func closeList(at end: Int) {
      guard let currentList else { return }
      runs[currentList] = runStart..<end
      ranges[currentList] = listStart..<categoryKeys.count
    }
    for offset in 0..<count {
      let list = list(offset)
      if list != currentList {
        closeList(at: offset)
        (currentList, runStart, listStart, categorySlots, current) = (
          list, offset, categoryKeys.count, [:], nil
        )
      }
      let category = category(offset)
      if let current, current.category == category {
        counts[current.slot] += 1
      } else if let slot = categorySlots[category] {
        counts[slot] += 1
        current = (category, slot)
      } else {
        categorySlots[category] = categoryKeys.count
        current = (category, categoryKeys.count)
        categoryKeys.append(category)
        counts.append(1)
      }
      for department in departments(offset) {
        if let slot = departmentSlots[department] {
          // An item names a department once; twice would be a duplicate position.
          if departmentOffsets[slot].last != UInt32(offset) {
            departmentOffsets[slot].append(UInt32(offset))
          }
        } else {
          departmentSlots[department] = departmentKeys.count
          departmentKeys.append(department)
          departmentOffsets.append([UInt32(offset)])
        }
      }
    }
    closeList(at: count)
    var starts: [UInt32] = [0]
    for offsets in departmentOffsets { starts.append(starts.last! + UInt32(offsets.count)) }
    self.init(
      listRuns: runs, categoryRanges: ranges, categoryNames: names(categoryKeys),
      categoryCounts: Column(counts), departmentNames: names(departmentKeys),
      departmentStarts: Column(starts), departmentOffsets: Column(departmentOffsets.flatMap { $0 }))
  }
}

/// A range per list, or none for a list a catalogue lacks: three slots (a dictionary cost
/// each of a province's catalogues two allocations and hashing at every start).
struct ListRanges: Sendable, Equatable {
  private var basic: Range<Int>?
  private var cooperative: Range<Int>?
  private var recovered: Range<Int>?

  subscript(list: ListKind) -> Range<Int>? {
    get {
      switch list {
      case .basic: basic
      case .cooperative: cooperative
      case .recovered: recovered
      }
    }
    set {
      switch list {
      case .basic: basic = newValue
      case .cooperative: cooperative = newValue
      case .recovered: recovered = newValue
      }
    }
  }

  /// Every range moved by `offset`.
  func shifted(by offset: Int) -> ListRanges {
    var shifted = self
    for list in ListKind.allCases {
      shifted[list] = self[list].map { ($0.lowerBound + offset)..<($0.upperBound + offset) }
    }
    return shifted
  }

  /// The ranges' lengths summed.
  var totalCount: Int { ListKind.allCases.reduce(0) { $0 + (self[$1]?.count ?? 0) } }
}

/// The names of a key summary: string ids (see `KeyName.stored`) or texts.
enum KeyNames: Sendable {
  case stored(Column<UInt32>)
  case text([ExactString])

  var count: Int {
    switch self {
    case .stored(let ids): ids.count
    case .text(let texts): texts.count
    }
  }

  subscript(index: Int) -> KeyName {
    switch self {
    case .stored(let ids): .stored(ids[index])
    case .text(let texts): .text(texts[index])
    }
  }
}
