import Foundation
import Testing

@testable import QingdanCore

/// The cache is kept by canonical paths, bounded (age and size budget, at write time),
/// listable, and says so when something blocks it.
@Suite("Cache housekeeping")
struct CacheHousekeepingTests {
  static let corpus = CacheFixtures.sharedCorpus

  static func catalogueFiles() throws -> [String] {
    try CatalogueLoader.files(in: [corpus.path])
  }

  /// Sets a file's modification time (what eviction reads as "last used").
  static func setLastUsed(_ path: String, _ date: Date) throws {
    try FileManager.default.setAttributes([.modificationDate: date], ofItemAtPath: path)
  }

  @Test func relativeAndAbsolutePathsShareOneSnapshot() throws {
    let store = CacheFixtures.store()
    let absolute = try Self.catalogueFiles()[0]
    let directory = (absolute as NSString).deletingLastPathComponent
    let name = (absolute as NSString).lastPathComponent
    // Relative to the working directory, through "..": the same file.
    let current = FileManager.default.currentDirectoryPath
    let ups = current.split(separator: "/").map { _ in ".." }.joined(separator: "/")
    let relative = ups + directory + "/./" + name
    let first = try CatalogueLoader.load(paths: [absolute], cache: store)
    #expect(!first.usedSnapshot)
    let second = try CatalogueLoader.load(paths: [relative], cache: store)
    #expect(second.usedSnapshot, "\(second.summary)")
    #expect(store.path(for: first.key) == store.path(for: second.key))
    // Served under the name given now.
    #expect(second.result.files.map(\.file) == [relative])
    #expect(second.result.catalogues.map(\.source) == [relative])
    #expect(second.result == (try CatalogueLoader.load(paths: [relative])))
    #expect(try CatalogueLoader.load(paths: [absolute], cache: store).usedSnapshot)
    #expect(store.list().count == 1)
  }

  /// Many paths resolved at once (each folder once) name what realpath(3) names one by one:
  /// relative, through "." and "..", a symlinked file and folder, a missing file, a folder.
  @Test func pathsResolvedTogetherAreTheCanonicalOnes() throws {
    let files = try Self.catalogueFiles()
    let directory = (files[0] as NSString).deletingLastPathComponent
    let links = CacheFixtures.temporaryDirectory("links")
    defer { try? FileManager.default.removeItem(at: links) }
    let linkedFolder = links.appendingPathComponent("folder").path
    let linkedFile = links.appendingPathComponent("file.txt").path
    try FileManager.default.createSymbolicLink(atPath: linkedFolder, withDestinationPath: directory)
    try FileManager.default.createSymbolicLink(atPath: linkedFile, withDestinationPath: files[1])
    let name = (files[0] as NSString).lastPathComponent
    let current = FileManager.default.currentDirectoryPath
    let ups = current.split(separator: "/").map { _ in ".." }.joined(separator: "/")
    let paths = [
      files[0], ups + directory + "/./" + name, linkedFolder + "/" + name, linkedFile,
      directory + "/missing.txt", directory, linkedFolder + "/../" + name, "relative.txt",
    ]
    let together = HashedFile.canonical(paths)
    #expect(together.map(\.absolutePath) == paths.map { HashedFile.absolute($0) })
    #expect(together.map(\.stat) == paths.map { FileStat(path: $0) })
    #expect(together[2].absolutePath == together[0].absolutePath)
  }

  @Test func aSymlinkSharesTheSnapshotOfItsTarget() throws {
    let store = CacheFixtures.store()
    let target = try Self.catalogueFiles()[1]
    let links = CacheFixtures.temporaryDirectory("links")
    defer { try? FileManager.default.removeItem(at: links) }
    let link = links.appendingPathComponent("link.txt").path
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
    _ = try CatalogueLoader.load(paths: [target], cache: store)
    #expect(try CatalogueLoader.load(paths: [link], cache: store).usedSnapshot)
  }

  /// The order decides which of two files of one township is used: not served from the
  /// snapshot of the other order.
  @Test func filesInAnotherOrderAreNotServedTheOtherOrdersSnapshot() throws {
    let store = CacheFixtures.store()
    let files = try Self.catalogueFiles()
    _ = try CatalogueLoader.load(paths: [files[0], files[1]], cache: store)
    let swapped = try CatalogueLoader.load(paths: [files[1], files[0]], cache: store)
    #expect(!swapped.usedSnapshot)
    #expect(swapped.result == (try CatalogueLoader.load(paths: [files[1], files[0]])))
  }

  @Test func aDirectoryInTheSnapshotsPlaceIsReported() throws {
    let store = CacheFixtures.store()
    let paths = [try Self.catalogueFiles()[0]]
    let first = try CatalogueLoader.load(paths: paths, cache: store)
    #expect(first.warning == nil)
    let path = store.path(for: first.key)!
    try FileManager.default.removeItem(atPath: path)
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
    let blocked = try CatalogueLoader.load(paths: paths, cache: store)
    #expect(blocked.result == (try CatalogueLoader.load(paths: paths)))
    #expect(blocked.miss == .blocked(path: path, what: "a directory"))
    let warning = try #require(blocked.warning)
    #expect(warning.hasPrefix("\(path): warning: this is a directory"))
    #expect(store.list().first?.problem?.contains("a directory") == true)
    // `cache clear` removes an empty one, and the cache works again.
    _ = store.clear()
    _ = try CatalogueLoader.load(paths: paths, cache: store)
    #expect(try CatalogueLoader.load(paths: paths, cache: store).usedSnapshot)
  }

  @Test func engineLoadCarriesTheWarning() throws {
    let store = CacheFixtures.store()
    let paths = [try Self.catalogueFiles()[0]]
    let resources = EngineCacheTests.resources
    let first = try SearchEngine.load(paths: paths, resources: resources, cache: store)
    #expect(first.cacheWarning == nil)
    let loaded = try CatalogueLoader.load(paths: paths, cache: store)
    let path = store.path(for: loaded.key)!
    try FileManager.default.removeItem(atPath: path)
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
    let second = try SearchEngine.load(paths: paths, resources: resources, cache: store)
    #expect(second.cacheWarning?.contains("a directory") == true)
    #expect(!second.engine.search("低保").isEmpty)
  }

  @Test func listShowsEachSnapshotWithItsFiles() throws {
    let store = CacheFixtures.store()
    let files = try Self.catalogueFiles()
    _ = try CatalogueLoader.load(paths: [files[0]], cache: store)
    _ = try CatalogueLoader.load(paths: [files[1], files[2]], cache: store)
    let listed = store.list()
    #expect(listed.count == 2)
    #expect(
      Set(listed.map(\.files)) == [
        [HashedFile.absolute(files[0])],
        [HashedFile.absolute(files[1]), HashedFile.absolute(files[2])],
      ])
    #expect(listed.allSatisfy { $0.bytes > 0 && $0.problem == nil })
    let (removed, failures) = store.clear()
    #expect(removed.count == 2 && failures.isEmpty)
    #expect(store.list().isEmpty)
  }

  @Test func aHitMarksTheSnapshotUsed() throws {
    let store = CacheFixtures.store()
    let paths = [try Self.catalogueFiles()[0]]
    let first = try CatalogueLoader.load(paths: paths, cache: store)
    let path = store.path(for: first.key)!
    let longAgo = Date(timeIntervalSinceNow: -40 * 24 * 3600)
    try Self.setLastUsed(path, longAgo)
    #expect(try CatalogueLoader.load(paths: paths, cache: store).usedSnapshot)
    let lastUsed = try #require(store.list().first?.lastUsed)
    #expect(lastUsed.timeIntervalSinceNow > -60)
  }

  /// Writing keeps the directory within its budget by removing the least recently used.
  @Test func evictionKeepsTheCacheUnderItsBudget() throws {
    let files = try Self.catalogueFiles()
    let probe = CacheFixtures.store()
    _ = try CatalogueLoader.load(paths: [files[0]], cache: probe)
    let oneSnapshot = try #require(probe.list().first).bytes
    // Room for two snapshots of this size, not three.
    var store = CacheFixtures.store()
    store.limits = CacheLimits(budget: oneSnapshot * 5 / 2)
    var written: [String] = []
    for (index, file) in files.prefix(4).enumerated() {
      let loaded = try CatalogueLoader.load(paths: [file], cache: store)
      let path = store.path(for: loaded.key)!
      written.append(path)
      // Distinct, increasing "last used" times, older than now.
      try Self.setLastUsed(path, Date(timeIntervalSinceNow: Double(index - 10) * 60))
      let total = store.list().reduce(0) { $0 + $1.bytes }
      #expect(total <= store.limits.budget, "after \(index + 1) writes: \(total)")
    }
    let kept = Set(store.list().map(\.path))
    #expect(kept == Set(written.suffix(2)), "the two most recently used are kept")
  }

  @Test func snapshotsUnusedFor30DaysAreEvictedAtTheNextWrite() throws {
    let store = CacheFixtures.store()
    let files = try Self.catalogueFiles()
    let old = try CatalogueLoader.load(paths: [files[0]], cache: store)
    let recent = try CatalogueLoader.load(paths: [files[1]], cache: store)
    try Self.setLastUsed(store.path(for: old.key)!, Date(timeIntervalSinceNow: -31 * 24 * 3600))
    try Self.setLastUsed(store.path(for: recent.key)!, Date(timeIntervalSinceNow: -29 * 24 * 3600))
    _ = try CatalogueLoader.load(paths: [files[2]], cache: store)
    let kept = Set(store.list().map(\.path))
    #expect(!kept.contains(store.path(for: old.key)!))
    #expect(kept.contains(store.path(for: recent.key)!))
    #expect(kept.count == 2)
  }

  /// Compiled search tables of another format or install are never opened again: they go
  /// once unused for the maximum age (a recent one stays), and `cache clear` takes all.
  @Test func unusedSearchTablesFilesGoWithTheCache() throws {
    let store = CacheFixtures.store()
    let directory = try #require(store.directory)
    try FileManager.default.createDirectory(
      atPath: directory, withIntermediateDirectories: true)
    func tables(_ name: String, lastUsed days: Double) throws -> String {
      let path = (directory as NSString).appendingPathComponent(name)
      try Data(repeating: 7, count: 100).write(to: URL(fileURLWithPath: path))
      try Data(repeating: 1, count: ChecksumRecord.size).write(
        to: URL(fileURLWithPath: ChecksumRecord.path(for: path)))
      for file in [path, ChecksumRecord.path(for: path)] {
        try Self.setLastUsed(file, Date(timeIntervalSinceNow: -days * 24 * 3600))
      }
      return path
    }
    let stale = try tables("search-tables-00000000000000aa.qdtab", lastUsed: 31)
    let recent = try tables("search-tables-00000000000000bb.qdtab", lastUsed: 29)
    let unrelated = (directory as NSString).appendingPathComponent("notes.qdtab.txt")
    try Data().write(to: URL(fileURLWithPath: unrelated))
    _ = try CatalogueLoader.load(paths: [try Self.catalogueFiles()[0]], cache: store)
    let fileManager = FileManager.default
    #expect(!fileManager.fileExists(atPath: stale))
    #expect(!fileManager.fileExists(atPath: ChecksumRecord.path(for: stale)))
    #expect(fileManager.fileExists(atPath: recent))
    #expect(fileManager.fileExists(atPath: unrelated))
    let (removed, failures) = store.clear()
    #expect(failures.isEmpty)
    #expect(Set(removed.map(\.path)).contains(recent) && removed.count == 2)
    #expect(!fileManager.fileExists(atPath: recent))
    #expect(!fileManager.fileExists(atPath: ChecksumRecord.path(for: recent)))
    #expect(fileManager.fileExists(atPath: unrelated))
  }

  @Test func aSnapshotLargerThanTheBudgetIsNotWritten() throws {
    let store = SnapshotStore(environment: [
      "XDG_CACHE_HOME": CacheFixtures.temporaryDirectory("cache").path,
      "QINGDAN_CACHE_BUDGET": "1K",
    ])
    #expect(store.limits.budget == 1024)
    let loaded = try CatalogueLoader.load(paths: [try Self.catalogueFiles()[0]], cache: store)
    guard case .skipped(let why)? = loaded.write else {
      Issue.record("expected a skipped write, got \(loaded.summary)")
      return
    }
    #expect(why.contains("larger than the cache budget"))
    #expect(store.list().isEmpty)
  }

  @Test(arguments: [
    ("1048576", 1_048_576), ("512K", 524_288), ("500M", 524_288_000), ("2G", 2_147_483_648),
    ("2gib", 2_147_483_648), ("0", 0), (" 1G ", 1_073_741_824),
  ])
  func budgetSizes(text: String, bytes: Int) {
    #expect(CacheLimits.size(text) == bytes)
  }

  @Test(arguments: ["", "lots", "-1", "1.5G", "99999999999T"])
  func badBudgetsKeepTheDefault(text: String) {
    let limits = CacheLimits(environment: ["QINGDAN_CACHE_BUDGET": text])
    #expect(limits.budget == CacheLimits.defaultBudget)
    #expect((limits.problem != nil) == !text.isEmpty)
  }
}
