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

  /// Whether the items are decoded from a mapped snapshot when read.
  public var isMapped: Bool {
    if case .mapped = storage { return true }
    return false
  }

  // MARK: Keys read without decoding an item

  public func list(at position: Int) -> ListKind {
    switch storage {
    case .owned(let items): items[position].list
    case .mapped(let mapped): mapped.lists[position]
    }
  }

  public func number(at position: Int) -> Int {
    switch storage {
    case .owned(let items): items[position].number
    case .mapped(let mapped): mapped.numbers[position]
    }
  }

  /// Calls `body` with each item's position, list, category and handling departments'
  /// names, in order; mapped items make each distinct text once.
  func forEachKey(
    _ body: (_ position: Int, _ list: ListKind, _ category: String, _ departments: [String])
      -> Void
  ) {
    switch storage {
    case .owned(let items):
      for position in items.indices {
        body(
          position, items[position].list, items[position].category,
          items[position].handler.departments.map(\.name))
      }
    case .mapped(let mapped):
      var texts: [UInt32: String] = [:]
      func text(_ id: UInt32) -> String {
        if let known = texts[id] { return known }
        let made = mapped.string(id)
        texts[id] = made
        return made
      }
      for position in 0..<mapped.count {
        body(
          position, mapped.lists[position], text(mapped.categories[position]),
          mapped.departments(at: position).map(text))
      }
    }
  }

  /// The category of the item at `position`.
  public func category(at position: Int) -> String {
    switch storage {
    case .owned(let items): items[position].category
    case .mapped(let mapped): mapped.string(mapped.categories[position])
    }
  }

  /// The same items in list and number order (parsers give them so; then nothing moves).
  func inListAndNumberOrder() -> CatalogueItems {
    let ordered = indices.dropFirst().allSatisfy {
      !((list(at: $0), number(at: $0)) < (list(at: $0 - 1), number(at: $0 - 1)))
    }
    guard !ordered else { return self }
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

/// Items of one catalogue in a mapped snapshot: where each starts in the catalogue section,
/// and the keys read in the one pass that checked them (see `CatalogueCodec`).
struct MappedItems: Sendable {
  /// The catalogue's block, its strings made when read.
  let reader: BinaryReader
  let offsets: [Int]
  let lists: [ListKind]
  let numbers: [Int]
  /// String ids of the categories.
  let categories: [UInt32]
  /// Each item's handling departments (string ids), from `departmentStarts[i]` to the next.
  let departmentStarts: [Int]
  let departmentIDs: [UInt32]
  /// Decodes an item at an offset; every item was read once through the same checks.
  let decode: @Sendable (inout BinaryReader) throws(SnapshotError) -> Item

  var count: Int { offsets.count }

  func string(_ id: UInt32) -> String { reader.string(Int(id)) }

  func departments(at position: Int) -> ArraySlice<UInt32> {
    departmentIDs[departmentStarts[position]..<departmentStarts[position + 1]]
  }

  func item(at position: Int) -> Item {
    var reader = reader
    do {
      try reader.seek(to: offsets[position])
      return try decode(&reader)
    } catch {
      // Every item was decoded through these checks when the snapshot was opened, and the
      // mapping cannot change under a rename: this needs the file edited in place.
      return Item(
        township: "", list: lists[position], number: numbers[position],
        category: string(categories[position]),
        name: "(the index cache is damaged: \(error); run qingdan again to rebuild it)",
        detail: .basic, handler: Handler(role: .township, township: "", departments: []),
        sourceLine: 0)
    }
  }

  /// The items in `order` (positions of these items).
  func permuted(_ order: [Int]) -> MappedItems {
    var starts = [0]
    var ids: [UInt32] = []
    for position in order {
      ids += departments(at: position)
      starts.append(ids.count)
    }
    return MappedItems(
      reader: reader, offsets: order.map { offsets[$0] }, lists: order.map { lists[$0] },
      numbers: order.map { numbers[$0] }, categories: order.map { categories[$0] },
      departmentStarts: starts, departmentIDs: ids, decode: decode)
  }
}
