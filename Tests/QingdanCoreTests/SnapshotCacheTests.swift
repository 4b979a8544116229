import Foundation
import Testing

@testable import QingdanCore

/// The persisted cache: used only when it matches the files exactly, rebuilt otherwise,
/// and never a reason for a load to fail.
@Suite("Snapshot cache")
struct SnapshotCacheTests {
  /// A private three-township corpus and an empty cache, removed afterwards.
  struct Setup {
    let corpus = CacheFixtures.corpus(townships: 3)
    let store = CacheFixtures.store()
    var paths: [String] { [corpus.path] }

    func uncached() throws -> LoadResult { try CatalogueLoader.load(paths: paths) }

    func load(resourcesKey: UInt64 = 1) throws -> CachedLoad {
      try CatalogueLoader.load(paths: paths, cache: store, resourcesKey: resourcesKey)
    }

    /// The one snapshot file in the store.
    func snapshotFile() throws -> URL {
      let key = try load().key
      return URL(fileURLWithPath: store.path(for: key)!)
    }

    func catalogueFiles() throws -> [String] { try CatalogueLoader.files(in: paths) }

    func remove() {
      try? FileManager.default.removeItem(at: corpus)
      if let directory = store.directory {
        try? FileManager.default.removeItem(
          at: URL(fileURLWithPath: directory).deletingLastPathComponent())
      }
    }
  }

  @Test func firstLoadWritesSecondLoadHitsWithTheSameResult() throws {
    let setup = Setup()
    defer { setup.remove() }
    CacheFixtures.waitUntilSettled(setup.corpus)
    let expected = try setup.uncached()
    let first = try setup.load()
    #expect(first.miss == .noSnapshot)
    #expect(first.result == expected)
    guard case .written(let path, let bytes)? = first.write else {
      Issue.record("no snapshot written: \(first.summary)")
      return
    }
    #expect(path.hasPrefix(setup.store.directory! + "/"))
    #expect(bytes > 0)
    let second = try setup.load()
    #expect(second.usedSnapshot, "\(second.summary)")
    #expect(second.write == nil)
    #expect(second.result == expected)
    #expect(second.sections.isEmpty)
  }

  @Test func callerSectionsAreStoredAndReturned() throws {
    let setup = Setup()
    defer { setup.remove() }
    let first = try CatalogueLoader.load(
      paths: setup.paths, cache: setup.store, resourcesKey: 1, writesSnapshotOnMiss: false)
    #expect(first.write == nil)
    #expect(try setup.load(resourcesKey: 1).miss == .noSnapshot)
    let index: [UInt8] = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 * 7) }
    let outcome = first.saveSnapshot(sections: ["search-index": index, "other": []])
    guard case .written = outcome else {
      Issue.record("\(outcome)")
      return
    }
    let second = try setup.load(resourcesKey: 1)
    #expect(second.usedSnapshot)
    #expect(second.sections.mapValues(\.bytes) == ["search-index": index, "other": []])
    #expect(second.result == first.result)
  }

  @Test func changedResourcesMakeTheSnapshotStale() throws {
    let setup = Setup()
    defer { setup.remove() }
    _ = try setup.load(resourcesKey: 1)
    let changed = try setup.load(resourcesKey: 2)
    #expect(changed.miss == .stale("the search tables changed"))
    #expect(try setup.load(resourcesKey: 2).usedSnapshot)
  }

  @Test func oneChangedByteMakesItStaleAndItIsRebuilt() throws {
    let setup = Setup()
    defer { setup.remove() }
    _ = try setup.load()
    let file = try setup.catalogueFiles()[1]
    var bytes = try Data(contentsOf: URL(fileURLWithPath: file))
    // Swap two digits of a 序号 so the text stays valid and the size stays the same.
    let index = bytes.firstIndex(of: UInt8(ascii: "1"))!
    bytes[index] = UInt8(ascii: "2")
    try bytes.write(to: URL(fileURLWithPath: file))

    let stale = try setup.load()
    let name = (file as NSString).lastPathComponent
    #expect(stale.miss == .stale("\(name) changed"))
    #expect("\(stale.miss!)" == "stale: \(name) changed")
    #expect(stale.result == (try setup.uncached()))
    guard case .written? = stale.write else {
      Issue.record("not rewritten: \(stale.summary)")
      return
    }
    let again = try setup.load()
    #expect(again.usedSnapshot)
    #expect(again.result == (try setup.uncached()))
  }

  @Test func addedAndRemovedFilesMakeItStale() throws {
    let setup = Setup()
    defer { setup.remove() }
    let files = try setup.catalogueFiles()
    let store = setup.store
    _ = try CatalogueLoader.load(paths: files, cache: store)
    // A subset of the files is another data set, with its own snapshot file.
    let fewer = try CatalogueLoader.load(paths: Array(files.dropLast()), cache: store)
    #expect(fewer.miss == .noSnapshot)
    #expect(try CatalogueLoader.load(paths: files, cache: store).usedSnapshot)
    // A snapshot whose key lists other files is stale (its name can only collide by accident,
    // so compare keys directly).
    let key = try CatalogueLoader.load(paths: files, cache: store).key
    var smaller = key
    smaller.files.removeLast()
    #expect(key.staleness(of: smaller)?.hasSuffix("was added") == true)
    #expect(smaller.staleness(of: key)?.hasSuffix("was removed") == true)
  }

  /// Every kind of damage is caught, reported, and repaired by the next load.
  @Test(arguments: [
    "truncated", "flipped payload byte", "wrong magic", "wrong version", "garbage", "empty",
    "header only",
  ])
  func damagedSnapshotIsRejectedAndRebuilt(damage: String) throws {
    let setup = Setup()
    defer { setup.remove() }
    let expected = try setup.uncached()
    _ = try setup.load()
    let url = try setup.snapshotFile()
    var bytes = [UInt8](try Data(contentsOf: url))
    switch damage {
    case "truncated": bytes.removeLast(bytes.count / 3)
    case "flipped payload byte": bytes[bytes.count - 100] ^= 0x10
    case "wrong magic": bytes[0] = UInt8(ascii: "X")
    case "wrong version": bytes[8] &+= 1
    case "garbage":
      var random = SplitMix64(seed: 3)
      bytes = (0..<5000).map { _ in UInt8.random(in: 0...255, using: &random) }
    case "empty": bytes = []
    default: bytes.removeLast(bytes.count - SnapshotStore.headerSize)
    }
    try Data(bytes).write(to: url)

    let damaged = try setup.load()
    #expect(damaged.result == expected)
    let reason = "\(damaged.miss.map(String.init(describing:)) ?? "used")"
    let expectedPrefix = damage == "wrong version" ? "stale:" : "corrupt:"
    #expect(reason.hasPrefix(expectedPrefix), "\(damage): \(reason)")
    if damage == "flipped payload byte" {
      #expect(reason == "corrupt: checksum mismatch in section catalogues")
    }
    #expect(try setup.load().usedSnapshot, "\(damage): rebuilt")
  }

  @Test func unwritableCacheDirectoryStillLoads() throws {
    let setup = Setup()
    defer { setup.remove() }
    // A regular file where the cache directory's parent should be: nothing can be created
    // below it, even by root.
    let blocker = CacheFixtures.temporaryDirectory("blocked").appendingPathComponent("file")
    try Data("x".utf8).write(to: blocker)
    defer { try? FileManager.default.removeItem(at: blocker.deletingLastPathComponent()) }
    let store = SnapshotStore(environment: ["XDG_CACHE_HOME": blocker.path])
    let loaded = try CatalogueLoader.load(paths: setup.paths, cache: store)
    #expect(loaded.result == (try setup.uncached()))
    guard case .skipped(let why)? = loaded.write else {
      Issue.record("expected a skipped write, got \(loaded.summary)")
      return
    }
    #expect(why.contains("cannot create"))
    #expect(!FileManager.default.fileExists(atPath: store.directory!))
  }

  @Test func aDirectoryWhereTheSnapshotBelongsIsReportedNotFollowed() throws {
    let setup = Setup()
    defer { setup.remove() }
    let path = try setup.snapshotFile().path
    try FileManager.default.removeItem(atPath: path)
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    let loaded = try setup.load()
    #expect(loaded.result == (try setup.uncached()))
    #expect("\(loaded.miss!)".hasPrefix("blocked:"), "\(loaded.summary)")
    guard case .skipped? = loaded.write else {
      Issue.record("expected a skipped write, got \(loaded.summary)")
      return
    }
  }

  @Test func noCacheSwitchDisablesReadingAndWriting() throws {
    let setup = Setup()
    defer { setup.remove() }
    let cache = CacheFixtures.temporaryDirectory("nocache")
    defer { try? FileManager.default.removeItem(at: cache) }
    let store = SnapshotStore(environment: ["XDG_CACHE_HOME": cache.path, "QINGDAN_NO_CACHE": "1"])
    #expect(store.directory == nil)
    let loaded = try CatalogueLoader.load(paths: setup.paths, cache: store)
    #expect(loaded.miss == .disabled("QINGDAN_NO_CACHE is set"))
    #expect(loaded.write == nil)
    #expect(loaded.result == (try setup.uncached()))
    #expect(try FileManager.default.contentsOfDirectory(atPath: cache.path).isEmpty)
  }

  @Test func cacheDirectoryComesFromTheEnvironment() {
    #expect(
      SnapshotStore(environment: ["XDG_CACHE_HOME": "/x", "HOME": "/h"]).directory == "/x/qingdan")
    #expect(SnapshotStore(environment: ["HOME": "/h"]).directory == "/h/.cache/qingdan")
    #expect(
      SnapshotStore(environment: ["XDG_CACHE_HOME": "relative", "HOME": "/h"]).directory
        == "/h/.cache/qingdan")
    #expect(
      SnapshotStore(environment: ["QINGDAN_NO_CACHE": "0", "HOME": "/h"]).directory
        == "/h/.cache/qingdan")
    let homeless = SnapshotStore(environment: [:])
    #expect(homeless.directory == nil)
    #expect(homeless.disabledReason != nil)
    let outcome = homeless.write(
      Snapshot(
        key: SnapshotKey(files: [], resourcesKey: 0), result: LoadResult(catalogues: [], files: []))
    )
    #expect(outcome == .skipped(homeless.disabledReason!))
  }

  @Test func differentDataSetsKeepSeparateSnapshots() throws {
    let setup = Setup()
    defer { setup.remove() }
    let files = try setup.catalogueFiles()
    let one = try CatalogueLoader.load(paths: [files[0]], cache: setup.store)
    let two = try CatalogueLoader.load(paths: [files[1]], cache: setup.store)
    #expect(setup.store.path(for: one.key) != setup.store.path(for: two.key))
    #expect(try CatalogueLoader.load(paths: [files[0]], cache: setup.store).usedSnapshot)
    #expect(try CatalogueLoader.load(paths: [files[1]], cache: setup.store).usedSnapshot)
  }

  /// The same files named another way (through a symlinked folder) use the snapshot and
  /// report every file, and every message naming one, by the names given now.
  @Test func theSameFilesNamedAnotherWayReportTheNewNames() throws {
    let setup = Setup()
    defer { setup.remove() }
    let files = try setup.catalogueFiles()
    // A second edition of the first township: its warnings name the other file.
    let copy = setup.corpus.appendingPathComponent("copy-of-first.txt").path
    try FileManager.default.copyItem(atPath: files[0], toPath: copy)
    let link = setup.corpus.path + "-link"
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: setup.corpus.path)
    defer { try? FileManager.default.removeItem(atPath: link) }

    _ = try setup.load()
    let throughLink = try CatalogueLoader.load(paths: [link], cache: setup.store, resourcesKey: 1)
    #expect(throughLink.usedSnapshot)
    let expected = try CatalogueLoader.load(paths: [link])
    #expect(throughLink.result == expected)
    let messages = expected.files.flatMap(\.diagnostics).map(\.message)
    #expect(messages.contains { $0.contains(link + "/") }, "no message names a file")
    #expect(!messages.contains { $0.contains(setup.corpus.path + "/") })
  }

  /// Random truncations and byte flips of a real snapshot file: always a miss with a reason
  /// (or, for a flip in an unchecked spot, a correct hit), never a trap.
  @Test func damagedSnapshotFilesNeverTrap() throws {
    let setup = Setup()
    defer { setup.remove() }
    let expected = try setup.uncached()
    let first = try setup.load()
    let url = try setup.snapshotFile()
    let valid = [UInt8](try Data(contentsOf: url))
    var random = SplitMix64(seed: 99)
    for round in 0..<60 {
      var bytes = valid
      if round % 2 == 0 {
        bytes.removeLast(Int.random(in: 1...bytes.count, using: &random))
      } else {
        for _ in 0..<Int.random(in: 1...3, using: &random) {
          bytes[Int.random(in: 0..<bytes.count, using: &random)] ^= UInt8.random(
            in: 1...255, using: &random)
        }
      }
      try Data(bytes).write(to: url)
      switch setup.store.read(key: first.key) {
      case .success(let snapshot): #expect(snapshot.result == expected, "round \(round)")
      case .failure(let miss): #expect(miss != .noSnapshot, "round \(round)")
      }
    }
  }
}
