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

  @Test func aDamagedItemIsRefusedBeforeAnyItemIsRead() throws {
    let (fresh, _) = try Self.loads()
    let catalogues = LoadResult(catalogues: fresh.catalogues, files: [])
    var bytes = CatalogueCodec.encode(catalogues)
    #expect(try CatalogueCodec.decode(bytes) == catalogues)
    // Each of the last 400 bytes (the last items) damaged in turn.
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
}
