import Foundation
import Testing

@testable import QingdanCore

#if canImport(Glibc)
  import Glibc
#endif

/// The snapshot is validated by each file's stat (size, mtime and ctime in nanoseconds,
/// inode, device), and content is hashed only where the stat cannot be trusted: it must
/// never answer from a stale snapshot, however the file was changed.
@Suite("Snapshot validation by stat")
struct StatValidationTests {
  typealias Setup = SnapshotCacheTests.Setup

  /// A catalogue file of the setup's corpus, its text with one digit changed (same size).
  static func edited(_ file: String) throws -> Data {
    var bytes = try Data(contentsOf: URL(fileURLWithPath: file))
    let index = bytes.firstIndex(of: UInt8(ascii: "1"))!
    bytes[index] = UInt8(ascii: "2")
    return bytes
  }

  /// Writes `data` into the existing file (same inode), as an editor saving in place does.
  static func overwriteInPlace(_ file: String, with data: Data) throws {
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: file))
    try handle.seek(toOffset: 0)
    try handle.write(contentsOf: data)
    try handle.truncate(atOffset: UInt64(data.count))
    try handle.close()
  }

  static func setModified(_ file: String, to stat: FileStat) {
    let seconds = stat.modified / 1_000_000_000
    let nanoseconds = stat.modified % 1_000_000_000
    var times = [
      timespec(tv_sec: Int(seconds), tv_nsec: Int(nanoseconds)),
      timespec(tv_sec: Int(seconds), tv_nsec: Int(nanoseconds)),
    ]
    #expect(utimensat(AT_FDCWD, file, &times, 0) == 0)
  }

  @Test func editInPlaceWithinTheSameSecondIsSeen() throws {
    let (setup, file) = try Self.snapshotted(file: 1)
    defer { setup.remove() }
    let before = try #require(FileStat(path: file))
    try Self.overwriteInPlace(file, with: try Self.edited(file))
    // Same inode, same size, and the modification time put back to the nanosecond.
    Self.setModified(file, to: before)
    let after = try #require(FileStat(path: file))
    #expect(after.inode == before.inode && after.size == before.size)
    #expect(after.modified == before.modified)
    try Self.expectRebuilt(setup, changed: file)
  }

  /// A corpus whose snapshot is written, and the path of its file number `index`.
  static func snapshotted(file index: Int) throws -> (Setup, String) {
    let setup = Setup()
    _ = try setup.load()
    return (setup, try setup.catalogueFiles()[index])
  }

  /// The next load finds `file` changed and answers from the files, not the snapshot.
  static func expectRebuilt(_ setup: Setup, changed file: String) throws {
    let loaded = try setup.load()
    #expect(loaded.miss == .stale("\((file as NSString).lastPathComponent) changed"))
    #expect(loaded.result == (try setup.uncached()))
  }

  @Test func touchKeepsTheSnapshotAndRecordsTheNewStat() throws {
    let (setup, file) = try Self.snapshotted(file: 0)
    defer { setup.remove() }
    var stat = try #require(FileStat(path: file))
    stat.modified += 1_000_000_000
    Self.setModified(file, to: stat)
    let touched = try setup.load()
    #expect(touched.usedSnapshot, "\(touched.summary)")
    #expect(touched.result == (try setup.uncached()))
    guard case .written? = touched.write else {
      Issue.record("the new stat was not recorded: \(touched.summary)")
      return
    }
    let again = try setup.load()
    #expect(again.usedSnapshot)
    #expect(again.key.files.map(\.stat) == touched.key.files.map(\.stat))
  }

  @Test func sameSizeSameMtimeReplacementWithAnotherInodeIsSeen() throws {
    let (setup, file) = try Self.snapshotted(file: 2)
    defer { setup.remove() }
    let before = try #require(FileStat(path: file))
    let replacement = file + ".new"
    try Self.edited(file).write(to: URL(fileURLWithPath: replacement))
    Self.setModified(replacement, to: before)
    #expect(rename(replacement, file) == 0)
    let after = try #require(FileStat(path: file))
    #expect(after.size == before.size && after.modified == before.modified)
    #expect(after.inode != before.inode)
    try Self.expectRebuilt(setup, changed: file)
  }

  /// The stat is trusted only when it is exactly the recorded one and was recorded well
  /// after the file last changed (a change in the same clock tick keeps the stat).
  @Test func recordedHashIsTrustedOnlyForAnOldUnchangedStat() {
    let stat = FileStat(
      size: 10, modified: 5_000_000_000, changed: 5_000_000_000, inode: 7, device: 1)
    var key = SnapshotKey(
      files: [SnapshotKey.File(path: "a", absolutePath: "/a", size: 10, hash: 42, stat: stat)],
      resourcesKey: 0)
    key.recordedAt = stat.modified + SnapshotKey.racyMargin + 1
    #expect(key.recordedHash(of: "/a", stat: stat) == 42)
    #expect(key.recordedHash(of: "/b", stat: stat) == nil)
    for changed in [
      FileStat(size: 11, modified: stat.modified, changed: stat.changed, inode: 7, device: 1),
      FileStat(size: 10, modified: stat.modified + 1, changed: stat.changed, inode: 7, device: 1),
      FileStat(size: 10, modified: stat.modified, changed: stat.changed + 1, inode: 7, device: 1),
      FileStat(size: 10, modified: stat.modified, changed: stat.changed, inode: 8, device: 1),
      FileStat(size: 10, modified: stat.modified, changed: stat.changed, inode: 7, device: 2),
    ] {
      #expect(key.recordedHash(of: "/a", stat: changed) == nil)
    }
    key.recordedAt = stat.modified + 1
    #expect(key.recordedHash(of: "/a", stat: stat) == nil, "racily clean: hashed again")
  }

  /// Once a file's stat is old enough to trust, the next start records it, and later
  /// starts answer from the stat alone (no rewrite each time).
  @Test func aTrustedStatIsRecordedOnce() throws {
    let setup = Setup()
    defer { setup.remove() }
    _ = try setup.load()
    Thread.sleep(forTimeInterval: Double(SnapshotKey.racyMargin) / 1e9 + 0.2)
    let recorded = try setup.load()
    #expect(recorded.usedSnapshot)
    guard case .written? = recorded.write else {
      Issue.record("the trusted stats were not recorded: \(recorded.summary)")
      return
    }
    let trusted = try setup.load()
    #expect(trusted.usedSnapshot)
    #expect(trusted.write == nil)
    #expect(trusted.result == (try setup.uncached()))
  }

  /// A process keeps searching its mapped snapshot while another replaces the file.
  @Test func anOldMappingKeepsWorkingWhileANewSnapshotIsRenamedIn() throws {
    let setup = Setup()
    defer { setup.remove() }
    let resources = EngineCacheTests.resources
    _ = try SearchEngine.load(paths: setup.paths, resources: resources, cache: setup.store)
    let old = try SearchEngine.load(paths: setup.paths, resources: resources, cache: setup.store)
    #expect(old.cacheSummary == "cache: hit")
    let before = EngineCacheTests.ids(old.engine)
    let file = try setup.catalogueFiles()[0]
    try Self.overwriteInPlace(file, with: try Self.edited(file) + Data("\n".utf8))
    let new = try SearchEngine.load(paths: setup.paths, resources: resources, cache: setup.store)
    #expect(new.cacheSummary.contains("stale"), "\(new.cacheSummary)")
    #expect(EngineCacheTests.ids(old.engine) == before)
    let fresh = try SearchEngine.load(paths: setup.paths, resources: resources, cache: setup.store)
    #expect(fresh.cacheSummary == "cache: hit")
    #expect(EngineCacheTests.ids(fresh.engine) == EngineCacheTests.ids(new.engine))
  }

  /// Two loads building the same snapshot at once both answer, and what is left is whole.
  @Test func twoBuildersAtOnceBothAnswer() throws {
    let setup = Setup()
    defer { setup.remove() }
    let resources = EngineCacheTests.resources
    let paths = setup.paths
    let store = setup.store
    let answers = concurrentMap(2) { _ in
      (try? SearchEngine.load(paths: paths, resources: resources, cache: store))
        .map { EngineCacheTests.ids($0.engine) }
    }
    let expected = EngineCacheTests.ids(
      SearchEngine(
        catalogue: CatalogueIndex(catalogues: try setup.uncached().catalogues),
        resources: resources))
    #expect(answers.allSatisfy { $0 == expected })
    let after = try SearchEngine.load(paths: paths, resources: resources, cache: store)
    #expect(after.cacheSummary == "cache: hit")
    #expect(EngineCacheTests.ids(after.engine) == expected)
  }
}
