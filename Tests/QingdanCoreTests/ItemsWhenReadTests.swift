import Foundation
import Testing

@testable import QingdanCore

/// A start from the cache leaves the items in the mapped snapshot and decodes each when it is
/// read; everything built from them must be what a start from the files builds.
@Suite("Items decoded when read")
struct ItemsWhenReadTests {
  static func loads() throws -> (fresh: LoadResult, cached: LoadResult) {
    let store = CacheFixtures.store()
    let paths = [CacheFixtures.sharedCorpus.path]
    let fresh = try CatalogueLoader.load(paths: paths)
    _ = try CatalogueLoader.load(paths: paths, cache: store)
    let hit = try CatalogueLoader.load(paths: paths, cache: store)
    #expect(hit.usedSnapshot, "\(hit.summary)")
    return (fresh, hit.result)
  }

  @Test func aCacheHitLeavesItemsInTheSnapshotAndReadsThemBackTheSame() throws {
    let (fresh, cached) = try Self.loads()
    #expect(cached.catalogues.allSatisfy { $0.items.isMapped })
    #expect(!fresh.catalogues.contains { $0.items.isMapped })
    #expect(cached == fresh)
  }

  @Test func theCatalogueIndexIsTheSameWithoutDecodingItems() throws {
    let (fresh, cached) = try Self.loads()
    let expected = CatalogueIndex(catalogues: fresh.catalogues)
    let index = CatalogueIndex(catalogues: cached.catalogues)
    #expect(index.items.count == expected.items.count)
    #expect(Array(index.items) == Array(expected.items))
    #expect(index.departments == expected.departments)
    #expect(index.categoryNames == expected.categoryNames)
    for position in stride(from: 0, to: index.items.count, by: 37) {
      let item = expected.items[position]
      #expect(index.items.list(at: position) == item.list)
      #expect(index.items.number(at: position) == item.number)
      #expect(index.items.category(at: position) == item.category)
      #expect(index.items.township(at: position) == item.township)
      #expect(index.position(of: item.id) == position)
    }
    for township in expected.townships {
      for list in ListKind.allCases {
        #expect(
          index.positions(township: township, list: list)
            == expected.positions(township: township, list: list))
        #expect(
          index.categories(township: township, list: list).map(\.name)
            == expected.categories(township: township, list: list).map(\.name))
      }
    }
    for department in expected.departments.prefix(20) {
      #expect(
        index.positions(department: department) == expected.positions(department: department))
    }
    let category = expected.categoryNames[0]
    #expect(
      index.positions(list: .basic, category: category)
        == expected.positions(list: .basic, category: category))
  }

  @Test func itemsOutOfNumberOrderAreOrderedTheSameWay() throws {
    let (fresh, cached) = try Self.loads()
    func shuffled(_ result: LoadResult) -> [Catalogue] {
      result.catalogues.map { catalogue in
        var catalogue = catalogue
        let order = Array(catalogue.items.indices.reversed())
        catalogue.items = CatalogueItems(order.map { catalogue.items[$0] })
        return catalogue
      }
    }
    // Reversed through the snapshot: the mapped items must be permuted, not decoded.
    let store = CacheFixtures.store()
    let key = try CatalogueLoader.load(paths: [CacheFixtures.sharedCorpus.path], cache: store).key
    store.write(Snapshot(key: key, result: LoadResult(catalogues: shuffled(fresh), files: [])))
    let reread = try store.open(fileSet: key.files.map(\.absolutePath)).get()
      .snapshot(for: key, itemsWhenRead: true).result
    #expect(reread.catalogues.allSatisfy { $0.items.isMapped })
    let expected = CatalogueIndex(catalogues: shuffled(fresh))
    let index = CatalogueIndex(catalogues: reread.catalogues)
    #expect(Array(index.items) == Array(expected.items))
    #expect(Array(index.items) == Array(CatalogueIndex(catalogues: cached.catalogues).items))
  }

  /// The keys, their summary and the file reports lie at a catalogue section's end: damage
  /// there is refused when the section is opened, whether items are decoded then or later.
  @Test func damagedKeysAreRefusedWhenOpened() throws {
    let (fresh, _) = try Self.loads()
    let catalogues = LoadResult(catalogues: fresh.catalogues, files: [])
    var bytes = CatalogueCodec.encode(catalogues)
    #expect(try CatalogueCodec.decode(bytes) == catalogues)
    var refused = 0
    for offset in stride(from: bytes.count - 1, to: bytes.count - 400, by: -1) {
      let original = bytes[offset]
      bytes[offset] = 0xFF
      defer { bytes[offset] = original }
      let whole = Result { () throws(SnapshotError) in try CatalogueCodec.decode(bytes) }
      let whenRead = Result { () throws(SnapshotError) in
        try CatalogueCodec.decode(reading: BinaryReader(bytes: bytes), itemsWhenRead: true)
      }
      switch (whole, whenRead) {
      case (.failure, .failure): refused += 1
      case (.success(let a), .success(let b)): #expect(a == b)
      default: Issue.record("byte \(offset): decoded once but not the other way")
      }
    }
    #expect(refused > 0)
  }

  /// Items are not read when a snapshot is opened: damage inside them is caught by the
  /// section's checksum, and an item read from damaged bytes anyway (a file edited in place
  /// under the mapping) says so instead of trapping.
  @Test func damagedItemsAreCaughtByTheChecksumAndNeverTrap() throws {
    let (fresh, _) = try Self.loads()
    let store = CacheFixtures.store()
    let key = try CatalogueLoader.load(paths: [CacheFixtures.sharedCorpus.path], cache: store).key
    guard let path = store.path(for: key) else { return #expect(Bool(false)) }
    var file = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    file[file.count / 3] ^= 0x5A
    try Data(file).write(to: URL(fileURLWithPath: path))
    let reopened = try CatalogueLoader.load(paths: [CacheFixtures.sharedCorpus.path], cache: store)
    #expect(!reopened.usedSnapshot)
    #expect("\(reopened.summary)".contains("checksum"), "\(reopened.summary)")

    // One byte at a time in the blob's body (after the string table): refused at open
    // (a key column) or every item still readable, some marked or different.
    let bytes = CatalogueCodec.encode(LoadResult(catalogues: fresh.catalogues, files: []))
    let bodyStart = try BinaryReader(bytes: bytes).offset
    var itemsDamaged = 0
    for offset in stride(
      from: bodyStart + 100, to: bytes.count - 400, by: (bytes.count - bodyStart) / 25)
    {
      var damaged = bytes
      damaged[offset] ^= 0xFF
      guard
        let result = try? CatalogueCodec.decode(
          reading: BinaryReader(bytes: damaged), itemsWhenRead: true)
      else { continue }
      let items = result.catalogues.flatMap { Array($0.items) }
      #expect(items.count == fresh.catalogues.reduce(0) { $0 + $1.items.count })
      if items != fresh.catalogues.flatMap({ Array($0.items) }) { itemsDamaged += 1 }
    }
    #expect(itemsDamaged > 0)
  }
}
