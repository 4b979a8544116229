import Foundation

/// Encodes a `LoadResult` (catalogues and per-file reports) into one blob and back, exactly.
///
/// Layout (inside one `BinaryWriter` blob, so all strings share one table): catalogue count,
/// one length-prefixed block per catalogue (decoded concurrently), file report count, reports.
public enum CatalogueCodec {
  public static func encode(_ result: LoadResult) -> [UInt8] {
    var writer = BinaryWriter()
    writer.writeVarint(UInt64(result.catalogues.count))
    for catalogue in result.catalogues {
      writer.writeBlock { $0.write(catalogue) }
    }
    writer.writeVarint(UInt64(result.files.count))
    for report in result.files { writer.write(report) }
    return writer.finish()
  }

  public static func decode(_ bytes: [UInt8]) throws(SnapshotError) -> LoadResult {
    try decode(reading: BinaryReader(bytes: bytes))
  }

  /// Decodes the blob `reader` reads (e.g. a snapshot section, in place). With
  /// `itemsWhenRead`, every item is read and checked but only its keys are kept (and where
  /// it starts): the items are decoded from the blob when read (`MappedItems`); the reader
  /// should then make its strings lazily.
  static func decode(
    reading blob: BinaryReader, itemsWhenRead: Bool = false
  ) throws(SnapshotError) -> LoadResult {
    var reader = blob
    let catalogueCount = try reader.readCount(minimumElementBytes: 4)
    var blocks: [BinaryReader] = []
    blocks.reserveCapacity(catalogueCount)
    for _ in 0..<catalogueCount { blocks.append(try reader.readBlock()) }
    let catalogues = try decodeConcurrently(blocks, itemsWhenRead: itemsWhenRead)
    let reportCount = try reader.readCount(minimumElementBytes: 8)
    var reports: [FileReport] = []
    reports.reserveCapacity(reportCount)
    for _ in 0..<reportCount { reports.append(try reader.readFileReport()) }
    try reader.expectEnd("the file reports")
    return LoadResult(catalogues: catalogues, files: reports)
  }

  /// Catalogues are independent: decode them on every core, keep their order. With
  /// `itemsWhenRead` only the keys are kept, and the pages read go back a run of blocks at a
  /// time (one `madvise` per block, each a TLB shootdown on every core, cost a warm start at
  /// 1,000 townships a fifth of its time).
  private static func decodeConcurrently(
    _ blocks: [BinaryReader], itemsWhenRead: Bool
  ) throws(SnapshotError) -> [Catalogue] {
    let run = 64
    let runs = concurrentMap((blocks.count + run - 1) / run) { number in
      var decoded: [Result<Catalogue, SnapshotError>] = []
      var first: BinaryReader?
      var last: BinaryReader?
      for index in number * run..<min(blocks.count, (number + 1) * run) {
        var block = blocks[index]
        first = first ?? block
        decoded.append(
          Result { () throws(SnapshotError) -> Catalogue in
            let catalogue = try block.readCatalogue(itemsWhenRead: itemsWhenRead)
            try block.expectEnd("catalogue \(index)")
            return catalogue
          })
        last = block
      }
      // Only the keys were kept: the bytes are read again when an item is.
      if itemsWhenRead, let first, let last { last.releasePages(from: first.offset) }
      return decoded
    }
    var catalogues: [Catalogue] = []
    catalogues.reserveCapacity(blocks.count)
    for result in runs.joined() { catalogues.append(try result.get()) }
    return catalogues
  }
}

// MARK: - Writing

extension BinaryWriter {
  fileprivate mutating func write(_ catalogue: Catalogue) {
    writeString(catalogue.region.prefecture)
    writeString(catalogue.region.county)
    writeString(catalogue.region.township)
    writeString(catalogue.title)
    writeOptionalString(catalogue.date)
    writeString(catalogue.source)
    writeVarint(UInt64(catalogue.items.count))
    var offsets: [UInt32] = []
    offsets.reserveCapacity(catalogue.items.count)
    writeBlock { items in
      let start = items.bodyCount
      for item in catalogue.items {
        offsets.append(UInt32(items.bodyCount - start))
        items.write(item)
      }
    }
    // The keys again as columns, so that a mapped snapshot is opened without reading items.
    var departmentStarts: [UInt32] = [0]
    var departmentIDs: [UInt32] = []
    for item in catalogue.items {
      departmentIDs += item.handler.departments.map { stringID($0.name) }
      departmentStarts.append(UInt32(departmentIDs.count))
    }
    writeAlignedArray(offsets)
    writeAlignedArray(catalogue.items.map(\.list.code))
    writeAlignedArray(catalogue.items.map { Int64($0.number) })
    writeAlignedArray(catalogue.items.map { stringID($0.category) })
    writeAlignedArray(departmentStarts)
    writeAlignedArray(departmentIDs)
    // And summed up (what `CatalogueIndex` is built from), when they are in the order the
    // summary describes.
    let ordered = catalogue.items.areInListAndNumberOrder
    writeBool(ordered)
    if ordered { write(catalogue.items.keySummary(), of: catalogue.items) }
  }

  /// Each list's run and category count, then the categories (string ids, item counts) and
  /// the departments (string ids, where each one's item offsets start, the offsets) as
  /// aligned columns.
  fileprivate mutating func write(_ keys: CatalogueKeys, of items: CatalogueItems) {
    for list in ListKind.allCases {
      guard let run = keys.listRuns[list] else {
        writeBool(false)
        continue
      }
      writeBool(true)
      writeInt(run.lowerBound)
      writeInt(run.upperBound)
      writeVarint(UInt64(keys.categories(list).count))
    }
    let categories = ListKind.allCases.flatMap { keys.categories($0) }
    writeAlignedArray(categories.map { stringID(items.name($0.name)) })
    writeAlignedArray(categories.map { UInt32($0.count) })
    let departments = keys.departments
    writeAlignedArray(departments.map { stringID(items.name($0.name)) })
    var starts: [UInt32] = [0]
    for department in departments {
      starts.append(starts.last! + UInt32(department.offsets.count))
    }
    writeAlignedArray(starts)
    writeAlignedArray(departments.flatMap { Array($0.offsets) })
  }

  fileprivate mutating func write(_ item: Item) {
    writeString(item.township)
    writeByte(item.list.code)
    writeInt(item.number)
    writeString(item.category)
    writeString(item.name)
    switch item.detail {
    case .basic:
      writeByte(0)
    case .cooperative(let cooperation):
      writeByte(1)
      write(cooperation.departments)
      write(cooperation.departmentDuties)
      write(cooperation.townshipDuties)
    case .recovered(let recovery):
      writeByte(2)
      write(recovery.receiver)
      write(recovery.method)
    }
    // The handler is almost always the one the parser derives from the list and detail; then
    // a flag suffices, and decoding shares the detail's department array instead of a copy.
    if item.handler == item.derivedHandler {
      writeByte(0)
    } else {
      writeByte(1)
      writeByte(item.handler.role.code)
      writeString(item.handler.township)
      write(item.handler.departments)
    }
    writeInt(item.sourceLine)
    writeString(item.sourceSheet)
  }

  fileprivate mutating func write(_ departments: [Department]) {
    writeVarint(UInt64(departments.count))
    for department in departments { write(department) }
  }

  fileprivate mutating func write(_ department: Department) {
    writeString(department.name)
    writeString(department.asWritten)
  }

  fileprivate mutating func write(_ text: DutyText) {
    writeVarint(UInt64(text.blocks.count))
    for block in text.blocks {
      switch block {
      case .department(let name):
        writeByte(0)
        writeString(name)
      case .heading(let heading):
        writeByte(1)
        writeString(heading)
      case .step(let label, let text):
        writeByte(2)
        writeString(label)
        writeString(text)
      case .paragraph(let paragraph):
        writeByte(3)
        writeString(paragraph)
      }
    }
  }

  fileprivate mutating func write(_ report: FileReport) {
    writeString(report.file)
    writeOptionalString(report.township)
    writeVarint(UInt64(report.diagnostics.count))
    for diagnostic in report.diagnostics {
      writeByte(diagnostic.severity.code)
      writeString(diagnostic.file)
      writeInt(diagnostic.line)
      writeString(diagnostic.message)
      writeOptionalString(diagnostic.sheet)
    }
    let coverage = report.coverage
    for count in [
      coverage.lines, coverage.inItems, coverage.structural, coverage.blank, coverage.unplaced,
    ] {
      writeInt(count)
    }
  }
}

// MARK: - Reading

extension BinaryReader {
  fileprivate mutating func readCatalogue(
    itemsWhenRead: Bool
  ) throws(SnapshotError) -> Catalogue {
    let region = Region(
      prefecture: try readString(), county: try readString(), township: try readString())
    let title = try readString()
    let date = try readOptionalString()
    let source = try readString()
    let count = try readCount(minimumElementBytes: 10)
    var block = try readBlock()
    let keys = ItemKeyColumns(
      offsets: try readColumn(UInt32.self), lists: try readColumn(UInt8.self),
      numbers: try readColumn(Int64.self), categories: try readColumn(UInt32.self),
      departmentStarts: try readColumn(UInt32.self), departmentIDs: try readColumn(UInt32.self))
    if let problem = keys.problem(
      count: count, itemsLength: block.remaining, stringCount: stringCount)
    {
      throw .corrupt("\(region.township): \(problem)")
    }
    let summary = try readBool() ? try readCatalogueKeys(count: count) : nil
    guard !itemsWhenRead else {
      return Catalogue(
        region: region, title: title, date: date, source: source,
        items: CatalogueItems(
          mapped: MappedItems(
            reader: block, keys: keys, storedSummary: summary,
            decode: { (reader: inout BinaryReader) throws(SnapshotError) -> Item in
              try reader.readItem()
            })))
    }
    // Decoded at once, the items must be where and what their key columns say: decoded when
    // read, they are found and described by those columns.
    var items: [Item] = []
    items.reserveCapacity(count)
    let itemsStart = block.offset
    for position in 0..<count {
      guard Int(keys.offsets[position]) == block.offset - itemsStart else {
        throw .corrupt("\(region.township): item \(position) is not where its key says")
      }
      let item = try block.readItem()
      guard item.list == keys.list(at: position), item.number == keys.numbers[position],
        item.category == block.string(Int(keys.categories[position])),
        item.handler.departments.map(\.name)
          == keys.departments(at: position).map({ block.string(Int($0)) })
      else { throw .corrupt("\(region.township): item \(position) differs from its keys") }
      items.append(item)
    }
    try block.expectEnd("the items of \(region.township)")
    return Catalogue(region: region, title: title, date: date, source: source, items: items)
  }

  /// A `CatalogueKeys` for `count` items, every run, id and offset checked against the
  /// count and the string table.
  private mutating func readCatalogueKeys(count: Int) throws(SnapshotError) -> CatalogueKeys {
    var runs = ListRanges()
    var ranges = ListRanges()
    var covered = 0
    var categoryTotal = 0
    for list in ListKind.allCases where try readBool() {
      let (start, end) = (try readInt(), try readInt())
      guard start == covered, start < end, end <= count else {
        throw .corrupt("the \(list) items' run \(start)..<\(end) does not fit \(count) items")
      }
      covered = end
      runs[list] = start..<end
      // Each category counts an item at least.
      let categoryCount = try readVarint()
      guard categoryCount <= UInt64(end - start) else {
        throw .corrupt("the \(list) items have more categories than items")
      }
      ranges[list] = categoryTotal..<categoryTotal + Int(categoryCount)
      categoryTotal += Int(categoryCount)
    }
    guard covered == count else { throw .corrupt("the lists' runs do not cover the items") }
    let categoryIDs = try readColumn(UInt32.self)
    let categoryCounts = try readColumn(UInt32.self)
    guard categoryIDs.count == categoryTotal, categoryCounts.count == categoryTotal,
      categoryIDs.allBelow(stringCount)
    else { throw .corrupt("the category columns do not match the lists") }
    for list in ListKind.allCases {
      guard let range = ranges[list] else { continue }
      guard range.allSatisfy({ categoryCounts[$0] > 0 }),
        range.reduce(0, { $0 + Int(categoryCounts[$1]) }) == runs[list]?.count
      else { throw .corrupt("the \(list) categories do not count the list's items") }
    }
    let departmentIDs = try readColumn(UInt32.self)
    let starts = try readColumn(UInt32.self)
    let offsets = try readColumn(UInt32.self)
    guard departmentIDs.allBelow(stringCount),
      starts.count == departmentIDs.count + 1, starts.first == 0,
      starts.last.map(Int.init) == offsets.count,
      starts.rises(strictly: false)
    else { throw .corrupt("the department columns do not fit together") }
    guard offsets.allBelow(count) else {
      throw .corrupt("a department names an item past the catalogue's \(count)")
    }
    // Copied while their pages are at hand: a summary lies among its catalogue's items, and
    // viewing 1,000 of them in place would keep their neighbours' pages resident too.
    return CatalogueKeys(
      listRuns: runs, categoryRanges: ranges, categoryNames: .stored(Column(Array(categoryIDs))),
      categoryCounts: Column(Array(categoryCounts)),
      departmentNames: .stored(Column(Array(departmentIDs))),
      departmentStarts: Column(Array(starts)),
      departmentOffsets: Column(Array(offsets)))
  }

  fileprivate mutating func readItem() throws(SnapshotError) -> Item {
    let township = try readString()
    let list = try ListKind(code: readByte())
    let number = try readInt()
    let category = try readString()
    let name = try readString()
    let detail: Item.Detail
    switch try readByte() {
    case 0:
      detail = .basic
    case 1:
      detail = .cooperative(
        Cooperation(
          departments: try readDepartments(), departmentDuties: try readDutyText(),
          townshipDuties: try readDutyText()))
    case 2:
      detail = .recovered(Recovery(receiver: try readDepartment(), method: try readDutyText()))
    case let tag:
      throw .corrupt("\(tag) is not an item detail")
    }
    var item = Item(
      township: township, list: list, number: number, category: category, name: name,
      detail: detail, handler: Handler(role: .township, township: "", departments: []),
      sourceLine: 0)
    switch try readByte() {
    case 0:
      item.handler = item.derivedHandler
    case 1:
      item.handler = Handler(
        role: try Handler.Role(code: readByte()), township: try readString(),
        departments: try readDepartments())
    case let tag:
      throw .corrupt("\(tag) is not a handler tag")
    }
    item.sourceLine = try readInt()
    item.sourceSheet = try readString()
    return item
  }

  fileprivate mutating func readDepartments() throws(SnapshotError) -> [Department] {
    let count = try readCount(minimumElementBytes: 2)
    var departments: [Department] = []
    departments.reserveCapacity(count)
    for _ in 0..<count { departments.append(try readDepartment()) }
    return departments
  }

  fileprivate mutating func readDepartment() throws(SnapshotError) -> Department {
    Department(name: try readString(), asWritten: try readString())
  }

  fileprivate mutating func readDutyText() throws(SnapshotError) -> DutyText {
    let count = try readCount(minimumElementBytes: 2)
    var blocks: [DutyBlock] = []
    blocks.reserveCapacity(count)
    for _ in 0..<count {
      switch try readByte() {
      case 0: blocks.append(.department(try readString()))
      case 1: blocks.append(.heading(try readString()))
      case 2: blocks.append(.step(label: try readString(), text: try readString()))
      case 3: blocks.append(.paragraph(try readString()))
      case let tag: throw .corrupt("\(tag) is not a duty text block")
      }
    }
    return DutyText(blocks: blocks)
  }

  fileprivate mutating func readFileReport() throws(SnapshotError) -> FileReport {
    let file = try readString()
    let township = try readOptionalString()
    let count = try readCount(minimumElementBytes: 4)
    var diagnostics: [Diagnostic] = []
    diagnostics.reserveCapacity(count)
    for _ in 0..<count {
      diagnostics.append(
        Diagnostic(
          severity: try Diagnostic.Severity(code: readByte()), file: try readString(),
          line: try readInt(), message: try readString(), sheet: try readOptionalString()))
    }
    var coverage = LineCoverage.zero
    coverage.lines = try readInt()
    coverage.inItems = try readInt()
    coverage.structural = try readInt()
    coverage.blank = try readInt()
    coverage.unplaced = try readInt()
    return FileReport(
      file: file, township: township, diagnostics: diagnostics, coverage: coverage)
  }
}

extension Item {
  /// The handler the parser gives an item of this list and detail (see `ItemBuilder`).
  fileprivate var derivedHandler: Handler {
    let departments: [Department]
    switch detail {
    case .basic: departments = []
    case .cooperative(let cooperation): departments = cooperation.departments
    case .recovered(let recovery):
      departments = recovery.receiver.name.isEmpty ? [] : [recovery.receiver]
    }
    return .of(list: list, township: township, departments: departments)
  }
}

// MARK: - Enum codes
// Fixed small numbers, independent of declaration order or raw values, so renaming a case
// does not silently change the format.

extension ListKind {
  var code: UInt8 {
    switch self {
    case .basic: 0
    case .cooperative: 1
    case .recovered: 2
    }
  }

  init(code: UInt8) throws(SnapshotError) {
    switch code {
    case 0: self = .basic
    case 1: self = .cooperative
    case 2: self = .recovered
    default: throw .corrupt("\(code) is not a list kind")
    }
  }
}

extension Handler.Role {
  fileprivate var code: UInt8 {
    switch self {
    case .township: 0
    case .departmentsLead: 1
    case .recovered: 2
    }
  }

  fileprivate init(code: UInt8) throws(SnapshotError) {
    switch code {
    case 0: self = .township
    case 1: self = .departmentsLead
    case 2: self = .recovered
    default: throw .corrupt("\(code) is not a handler role")
    }
  }
}

extension Diagnostic.Severity {
  fileprivate var code: UInt8 {
    switch self {
    case .warning: 0
    case .error: 1
    }
  }

  fileprivate init(code: UInt8) throws(SnapshotError) {
    switch code {
    case 0: self = .warning
    case 1: self = .error
    default: throw .corrupt("\(code) is not a severity")
    }
  }
}
