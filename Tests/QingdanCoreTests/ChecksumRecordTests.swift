import Foundation
import Testing

@testable import QingdanCore

/// The checksum record beside a snapshot: a start skips hashing the sections only while
/// the snapshot file keeps the stat its checksums passed with, taken well after it was
/// last written.
@Suite struct ChecksumRecordTests {
  typealias Setup = SnapshotCacheTests.Setup

  private static func stat(_ url: URL) throws -> FileStat {
    try #require(FileStat(path: url.path))
  }

  private static func record(beside url: URL) -> ChecksumRecord? {
    guard let bytes = FileManager.default.contents(atPath: ChecksumRecord.path(for: url.path))
    else { return nil }
    return ChecksumRecord(decoding: [UInt8](bytes))
  }

  /// A record as a start long after the last write would leave it (tests cannot wait for
  /// the racy margin to pass).
  static func writeSettledRecord(beside url: URL) throws {
    let current = try stat(url)
    ChecksumRecord(
      file: current,
      recordedAt: max(current.modified, current.changed) + 2 * SnapshotKey.racyMargin
    ).write(for: url.path)
  }

  @Test func recordsRoundTripAndDamagedOnesAreIgnored() {
    let record = ChecksumRecord(
      file: FileStat(size: 10, modified: 1, changed: 2, inode: 3, device: 4),
      recordedAt: 5)
    let bytes = record.encoded()
    #expect(bytes.count == ChecksumRecord.size)
    #expect(ChecksumRecord(decoding: bytes) == record)
    for offset in [0, 9, 40, 63] {
      var damaged = bytes
      damaged[offset] ^= 1
      #expect(ChecksumRecord(decoding: damaged) == nil, "byte \(offset)")
    }
    #expect(ChecksumRecord(decoding: Array(bytes.dropLast())) == nil)
  }

  @Test func aRecordVouchesOnlyForTheSameStatTakenWellAfterTheLastWrite() {
    let written = FileStat(
      size: 100, modified: 50_000_000_000, changed: 50_000_000_000, inode: 7, device: 1)
    let settled = ChecksumRecord(file: written, recordedAt: 60_000_000_000)
    #expect(settled.vouches(for: written))
    // Taken within the racy margin of the write: a second write in the same clock tick
    // would have left the same stat.
    #expect(!ChecksumRecord(file: written, recordedAt: 51_000_000_000).vouches(for: written))
    var rewritten = written
    rewritten.modified += 1
    #expect(!settled.vouches(for: rewritten))
    var replaced = written
    replaced.inode += 1
    #expect(!settled.vouches(for: replaced))
    var touched = written
    touched.changed += 1
    #expect(!settled.vouches(for: touched))
  }

  /// The first start after a write hashes and records; while the record vouches, damage the
  /// stat cannot see (a failing disk) is not hashed for, and the start still answers.
  @Test func aVouchedSnapshotIsNotHashedAgain() throws {
    let setup = Setup()
    defer { setup.remove() }
    CacheFixtures.waitUntilSettled(setup.corpus)
    let expected = try setup.uncached()
    let written = try setup.load()
    let url = URL(fileURLWithPath: try #require(setup.store.path(for: written.key)))
    #expect(Self.record(beside: url) == nil, "written, not yet hashed")
    #expect(try setup.load().usedSnapshot)
    #expect(Self.record(beside: url)?.file == (try Self.stat(url)))

    // Damage an item's bytes in place (not read at open), then forge a record for the
    // damaged file's stat.
    var bytes = [UInt8](try Data(contentsOf: url))
    bytes[bytes.count / 3] ^= 0x5A
    try Data(bytes).write(to: url)
    try Self.writeSettledRecord(beside: url)
    let vouched = try setup.load()
    #expect(vouched.usedSnapshot, "\(vouched.summary)")
    #expect(vouched.result.catalogues.count == expected.catalogues.count)

    // Without the record the same bytes are hashed and refused.
    try FileManager.default.removeItem(atPath: ChecksumRecord.path(for: url.path))
    let hashed = try setup.load()
    #expect("\(hashed.summary)".contains("checksum mismatch"), "\(hashed.summary)")
    #expect(hashed.result == expected)
  }

  /// A settled record does not cover a write made after it: the stat changed, so the
  /// sections are hashed and the damage refused.
  @Test func aWriteAfterTheRecordIsHashedAndRefused() throws {
    let setup = Setup()
    defer { setup.remove() }
    let expected = try setup.uncached()
    let url = try setup.snapshotFile()
    try Self.writeSettledRecord(beside: url)
    #expect(try setup.load().usedSnapshot)

    var bytes = [UInt8](try Data(contentsOf: url))
    bytes[bytes.count - 100] ^= 0x10
    try Data(bytes).write(to: url)
    let damaged = try setup.load()
    #expect(
      "\(damaged.summary)".contains("checksum mismatch in section catalogues"),
      "\(damaged.summary)")
    #expect(damaged.result == expected)
    #expect(try setup.load().usedSnapshot, "rebuilt")
  }

  @Test func clearingTheCacheRemovesRecordsAndAHitRefreshesLastUsed() throws {
    let setup = Setup()
    defer { setup.remove() }
    _ = try setup.load()
    let url = try setup.snapshotFile()
    let recordPath = ChecksumRecord.path(for: url.path)
    #expect(FileManager.default.fileExists(atPath: recordPath))
    let longAgo = Date(timeIntervalSinceNow: -40 * 24 * 3600)
    for path in [url.path, recordPath] {
      try FileManager.default.setAttributes([.modificationDate: longAgo], ofItemAtPath: path)
    }
    #expect(try #require(setup.store.list().first).lastUsed < Date(timeIntervalSinceNow: -3600))
    #expect(try setup.load().usedSnapshot)
    #expect(try #require(setup.store.list().first).lastUsed.timeIntervalSinceNow > -60)
    // Listing shows snapshots only.
    #expect(setup.store.list().count == 1)
    _ = setup.store.clear()
    #expect(!FileManager.default.fileExists(atPath: recordPath))
  }
}
