import Foundation
import Testing

@testable import QingdanCore

/// The search index stored with the catalogues: a second start reads it instead of building
/// it and finds exactly the same; a stored index that cannot be read is rebuilt, never used.
@Suite("Search engine through the snapshot cache")
struct EngineCacheTests {
  static let resources = try! SearchResources.loadDefault()
  static let queries = ["低保", "电瓶车充电起火", "jiuzhu", "zjd", "臨時救助", "宅基地 审批"]

  static func ids(_ engine: SearchEngine) -> [[String]] {
    queries.map { query in engine.search(query, limit: 20).map { "\($0.item.id) \($0.score)" } }
  }

  @Test func secondStartReadsTheIndexAndFindsTheSame() throws {
    let store = CacheFixtures.store()
    let paths = [CacheFixtures.sharedCorpus.path]
    let first = try SearchEngine.load(paths: paths, resources: Self.resources, cache: store)
    #expect(first.cacheSummary.contains("not used"))
    let second = try SearchEngine.load(paths: paths, resources: Self.resources, cache: store)
    #expect(second.cacheSummary == "cache: hit")
    #expect(Self.ids(second.engine) == Self.ids(first.engine))
    let uncached = SearchEngine(
      catalogue: CatalogueIndex(catalogues: try CatalogueLoader.load(paths: paths).catalogues),
      resources: Self.resources)
    #expect(Self.ids(second.engine) == Self.ids(uncached))
  }

  @Test func snapshotCanBeWrittenAfterTheFirstFrame() throws {
    let store = CacheFixtures.store()
    let paths = [CacheFixtures.sharedCorpus.path]
    let first = try SearchEngine.load(
      paths: paths, resources: Self.resources, cache: store, writingSnapshotLater: true)
    let pending = try #require(first.pendingSnapshot)
    let before = try SearchEngine.load(
      paths: paths, resources: Self.resources, cache: store, writingSnapshotLater: true)
    #expect(before.cacheSummary.contains("no cache yet"), "\(before.cacheSummary)")
    guard case .written = pending.write() else {
      Issue.record("the pending snapshot was not written")
      return
    }
    let after = try SearchEngine.load(paths: paths, resources: Self.resources, cache: store)
    #expect(after.cacheSummary == "cache: hit")
    #expect(after.pendingSnapshot == nil)
  }

  /// The browser's cold start: the catalogues indexed for browsing at once, the search
  /// engine built after; it finds what `load` finds, and its snapshot makes the next start
  /// warm with the engine ready.
  @Test func coldStartLeavesTheEngineToBuildAndItsSnapshotAfter() throws {
    let store = CacheFixtures.store()
    let paths = [CacheFixtures.sharedCorpus.path]
    let cold = try SearchEngine.loadCatalogues(
      paths: paths, resources: Self.resources, cache: store)
    #expect(cold.cacheSummary.contains("no cache yet"), "\(cold.cacheSummary)")
    guard case .toBuild(let pending) = cold.search else {
      Issue.record("a cold start had its engine ready")
      return
    }
    #expect(cold.catalogue.items.count == cold.result.catalogues.reduce(0) { $0 + $1.items.count })
    let built = pending.build()
    #expect(built.engine.catalogue.items.count == cold.catalogue.items.count)
    let whole = try SearchEngine.load(paths: paths, resources: Self.resources)
    #expect(Self.ids(built.engine) == Self.ids(whole.engine))
    // Nothing is written until the snapshot is.
    let stillCold = try SearchEngine.loadCatalogues(
      paths: paths, resources: Self.resources, cache: store)
    #expect(stillCold.cacheSummary.contains("no cache yet"), "\(stillCold.cacheSummary)")
    let snapshot = try #require(built.snapshot)
    guard case .written = snapshot.write() else {
      Issue.record("the snapshot was not written")
      return
    }
    let warm = try SearchEngine.loadCatalogues(
      paths: paths, resources: Self.resources, cache: store)
    #expect(warm.cacheSummary == "cache: hit")
    guard case .ready(let engine) = warm.search else {
      Issue.record("a warm start left its engine to build")
      return
    }
    #expect(Self.ids(engine) == Self.ids(whole.engine))
  }

  @Test func unreadableStoredIndexIsRebuiltAndReplaced() throws {
    let store = CacheFixtures.store()
    let paths = [CacheFixtures.sharedCorpus.path]
    let first = try SearchEngine.load(paths: paths, resources: Self.resources, cache: store)
    // A snapshot whose checksum is right but whose index section is damaged, as a bug in
    // an older writer would leave it.
    let loaded = try CatalogueLoader.load(
      paths: paths, cache: store, resourcesKey: SearchEngine.snapshotKey(resources: Self.resources))
    var damaged = loaded.sections[SearchIndex.snapshotSection]!.bytes
    for offset in stride(from: damaged.count / 3, to: damaged.count, by: 97) {
      damaged[offset] ^= 0x5A
    }
    loaded.saveSnapshot(sections: [SearchIndex.snapshotSection: damaged])
    let second = try SearchEngine.load(paths: paths, resources: Self.resources, cache: store)
    #expect(second.cacheSummary.contains("not used"), "\(second.cacheSummary)")
    #expect(Self.ids(second.engine) == Self.ids(first.engine))
    let third = try SearchEngine.load(paths: paths, resources: Self.resources, cache: store)
    #expect(third.cacheSummary == "cache: hit")
  }

  /// A snapshot whose checksums are right but whose index names one character twice (what
  /// a writer bug or a fuzzer makes) crashed every start in the symbol table, before the
  /// index could be validated, and was never replaced.
  @Test func inconsistentSnapshotIsRefusedAndRebuilt() throws {
    let store = CacheFixtures.store()
    let paths = [Seeds.path("大石头乡")]
    let first = try SearchEngine.load(paths: paths, resources: Self.resources, cache: store)
    let loaded = try CatalogueLoader.load(
      paths: paths, cache: store, resourcesKey: SearchEngine.snapshotKey(resources: Self.resources))
    #expect(loaded.usedSnapshot)
    let section = loaded.sections[SearchIndex.snapshotSection]!.bytes
    loaded.saveSnapshot(sections: [
      SearchIndex.snapshotSection: Self.repeatingFirstCharacter(section)
    ])
    let second = try SearchEngine.load(paths: paths, resources: Self.resources, cache: store)
    #expect(second.cacheSummary.contains("repeated character"), "\(second.cacheSummary)")
    #expect(second.cacheSummary.contains("wrote"), "\(second.cacheSummary)")
    #expect(Self.ids(second.engine) == Self.ids(first.engine))
    let third = try SearchEngine.load(paths: paths, resources: Self.resources, cache: store)
    #expect(third.cacheSummary == "cache: hit")
  }

  /// The index section with its second character code overwritten by the first. Layout: an
  /// empty string table (one 0 byte, padded to 16), the version (8 bytes), the item count
  /// (a varint), then the codes array: its count (a varint) and the codes, 4 bytes each.
  static func repeatingFirstCharacter(_ section: [UInt8]) -> [UInt8] {
    var bytes = section
    var offset = BinaryWriter.bodyAlignment + 8
    func skipVarint() { while bytes[offset] & 0x80 != 0 { offset += 1 }; offset += 1 }
    skipVarint()
    skipVarint()
    bytes.replaceSubrange(offset + 4..<offset + 8, with: bytes[offset..<offset + 4])
    return bytes
  }

  @Test func damagedIndexSectionsAreRefused() throws {
    let engine = try SearchEngine.load(
      paths: [CacheFixtures.sharedCorpus.path], resources: Self.resources,
      cache: SnapshotStore(environment: ["QINGDAN_NO_CACHE": "1"])
    ).engine
    let bytes = engine.snapshotSections[SearchIndex.snapshotSection]!
    var generator = SplitMix64(seed: 11)
    for _ in 0..<200 {
      var damaged = bytes
      switch Int.random(in: 0..<3, using: &generator) {
      case 0: damaged.removeLast(Int.random(in: 1...damaged.count, using: &generator))
      case 1:
        for _ in 0..<Int.random(in: 1...8, using: &generator) {
          damaged[Int.random(in: 0..<damaged.count, using: &generator)] = .random(
            in: 0...255, using: &generator)
        }
      default:
        damaged = (0..<Int.random(in: 0...512, using: &generator)).map { _ in
          .random(in: 0...255, using: &generator)
        }
      }
      // Either refused, or (a flip in a score) an index that answers without trapping.
      if let index = try? SearchEngine.storedIndex(
        [SearchIndex.snapshotSection: SnapshotSection(damaged)],
        itemCount: engine.catalogue.items.count, resources: Self.resources)
      {
        _ = Self.ids(
          SearchEngine(catalogue: engine.catalogue, resources: Self.resources, index: index))
      }
    }
  }
}

@Suite("Snapshot temporaries")
struct SnapshotTemporaryTests {
  @Test func abandonedTemporariesAreRemovedOnTheNextWrite() throws {
    let directory = CacheFixtures.temporaryDirectory("cache")
    let store = SnapshotStore(directory: directory.path)
    let old = directory.appendingPathComponent(".catalogues-0123456789abcdef.qdsnap.1.2.tmp")
    let fresh = directory.appendingPathComponent(".catalogues-0123456789abcdef.qdsnap.3.4.tmp")
    let unrelated = directory.appendingPathComponent(".notes.tmp")
    for file in [old, fresh, unrelated] { try Data("x".utf8).write(to: file) }
    try FileManager.default.setAttributes(
      [.modificationDate: Date(timeIntervalSinceNow: -7200)], ofItemAtPath: old.path)
    try FileManager.default.setAttributes(
      [.modificationDate: Date(timeIntervalSinceNow: -7200)], ofItemAtPath: unrelated.path)
    _ = try CatalogueLoader.load(paths: [CacheFixtures.sharedCorpus.path], cache: store)
    #expect(!FileManager.default.fileExists(atPath: old.path))
    #expect(FileManager.default.fileExists(atPath: fresh.path))
    #expect(FileManager.default.fileExists(atPath: unrelated.path))
  }
}

@Suite("Posting lists")
struct PostingListTests {
  @Test func lookupsAndBoundsAgreeWithReadingTheList() throws {
    let engine = BruteForceSearchTests.engine
    let index = engine.index
    for symbol in stride(from: 0, to: index.symbols.count, by: 7) {
      let list = index.unigrams(UInt32(symbol))
      var scores: [Int: Float] = [:]
      list.forEachDocument { document, score in
        for item in index.documentItems[Int(document)] { scores[Int(item)] = score }
      }
      #expect(scores.count == list.count)
      #expect(list.maxScore == scores.values.max() ?? 0)
      for item in stride(from: symbol % 5, to: index.itemCount, by: 53) {
        #expect(list.score(ofDocument: index.documentOfItem[item]) == scores[item])
      }
    }
  }
}
