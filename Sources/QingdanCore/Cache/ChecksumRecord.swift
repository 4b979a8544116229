import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Beside each snapshot (and each compiled search-tables file), a record that its checksums
/// passed: the file's stat when they did, and when that was. A start whose file still has
/// that stat skips hashing it (a snapshot at 1,000 townships: 180 MB read through at every
/// start; the search tables: 5 MB of every one-shot command): a file written in
/// place since (an editor, `dd`, a partial copy) has a new modification or status-change
/// time, one replaced has a new inode, and either is hashed again. The rule is git's for
/// its index entries: a record taken too soon after the file last changed (`racyMargin`)
/// proves nothing, since a later write in the same clock tick would leave the same stat.
///
/// The record is also the snapshot's "last used" mark (its modification time, refreshed
/// at every hit): touching the snapshot itself would change its stat at every start.
///
/// Damage that changes no stat (a failing disk) is not caught by a trusted start; the
/// readers still check every offset, count and id against the mapping, so such damage
/// answers wrongly at worst and never traps, and any write of the file brings the hash back.
struct ChecksumRecord: Equatable {
  static let suffix = ".checked"
  static let magic: [UInt8] = Array("QDCHECK\u{1}".utf8)
  static let size = 64

  /// The file's stat when its checksums passed.
  var file: FileStat
  /// When they passed (nanoseconds since 1970, `FileStat.now()`).
  var recordedAt: Int64

  /// Whether a file whose stat is now `current` still has the bytes that passed.
  func vouches(for current: FileStat) -> Bool {
    current == file && max(file.modified, file.changed) < recordedAt - SnapshotKey.racyMargin
  }

  /// The record's file for the file at `filePath`.
  static func path(for filePath: String) -> String { filePath + suffix }

  func encoded() -> [UInt8] {
    var bytes = Self.magic
    for value in [
      file.size, file.modified, file.changed, Int64(bitPattern: file.inode),
      Int64(bitPattern: file.device), recordedAt,
    ] {
      Swift.withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }
    let checksum = ContentHash.hash(bytes)
    Swift.withUnsafeBytes(of: checksum.littleEndian) { bytes.append(contentsOf: $0) }
    return bytes
  }

  init(file: FileStat, recordedAt: Int64) {
    self.file = file
    self.recordedAt = recordedAt
  }

  /// Nil for anything but a whole, intact record.
  init?(decoding bytes: [UInt8]) {
    guard bytes.count == Self.size, bytes.starts(with: Self.magic) else { return nil }
    func word(_ index: Int) -> Int64 {
      bytes.withUnsafeBytes {
        Int64(littleEndian: $0.loadUnaligned(fromByteOffset: 8 * index, as: Int64.self))
      }
    }
    let body = Array(bytes[0..<Self.size - 8])
    guard UInt64(bitPattern: word(7)) == ContentHash.hash(body) else { return nil }
    self.init(
      file: FileStat(
        size: word(1), modified: word(2), changed: word(3), inode: UInt64(bitPattern: word(4)),
        device: UInt64(bitPattern: word(5))),
      recordedAt: word(6))
  }

  /// The record beside `filePath`, marked used (its modification time set to now);
  /// nil when there is none or it is damaged. Best effort: a read-only cache is read.
  static func readMarkingUsed(for filePath: String) -> ChecksumRecord? {
    let descriptor = open(path(for: filePath), O_RDONLY | O_CLOEXEC | O_NONBLOCK)
    guard descriptor >= 0 else { return nil }
    defer { _ = systemClose(descriptor) }
    var status = stat()
    guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG,
      status.st_size == Self.size
    else { return nil }
    var bytes = [UInt8](repeating: 0, count: Self.size)
    let read = bytes.withUnsafeMutableBytes { systemRead(descriptor, $0.baseAddress!, Self.size) }
    guard read == Self.size else { return nil }
    _ = futimens(descriptor, nil)
    return ChecksumRecord(decoding: bytes)
  }

  /// Writes the record beside `filePath` atomically (a temporary, then a rename, so a
  /// reader never sees half a record). Best effort: without it the next start hashes again.
  func write(for filePath: String) {
    let target = Self.path(for: filePath)
    let temporary = SnapshotStore.temporaryPath(for: target)
    let bytes = encoded()
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
    guard descriptor >= 0 else { return }
    let failure = bytes.withUnsafeBytes { writeAll(descriptor, $0) }
    _ = systemClose(descriptor)
    guard failure == nil, rename(temporary, target) == 0 else {
      _ = unlink(temporary)
      return
    }
  }
}
