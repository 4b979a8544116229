import Foundation

#if canImport(Glibc)
  import Glibc
  private let systemClose = Glibc.close
  private let systemRead = Glibc.read
  private let systemWrite = Glibc.write
#elseif canImport(Darwin)
  import Darwin
  private let systemClose = Darwin.close
  private let systemRead = Darwin.read
  private let systemWrite = Darwin.write
#endif

/// A loaded data set as persisted: the key it was built for, the load result, and any
/// sections the caller added (e.g. "search-index"), each an opaque blob.
public struct Snapshot: Sendable, Equatable {
  public var key: SnapshotKey
  public var result: LoadResult
  public var sections: [String: SnapshotSection]

  public init(key: SnapshotKey, result: LoadResult, sections: [String: SnapshotSection] = [:]) {
    self.key = key
    self.result = result
    self.sections = sections
  }
}

/// Why no snapshot was used.
public enum SnapshotMiss: Error, Sendable, Equatable, CustomStringConvertible {
  /// `QINGDAN_NO_CACHE` is set, or there is nowhere to keep a cache.
  case disabled(String)
  case noSnapshot
  /// Built from other files, other search tables or another format.
  case stale(String)
  /// Damaged: truncated, wrong magic, checksum mismatch, undecodable.
  case corrupt(String)
  /// Present but could not be read (permissions, I/O error).
  case unreadable(String)
  /// Something that is not a snapshot file (a directory, a FIFO) is where the snapshot
  /// belongs: the cache cannot work until it is removed, so the user is told.
  case blocked(path: String, what: String)

  public var description: String {
    switch self {
    case .disabled(let why): "cache disabled: \(why)"
    case .noSnapshot: "no cache yet"
    case .stale(let why): "stale: \(why)"
    case .corrupt(let why): "corrupt: \(why)"
    case .unreadable(let why): "unreadable: \(why)"
    case .blocked(let path, let what): "blocked: \(path) is \(what)"
    }
  }
}

/// What became of a snapshot write. A cache that cannot be written is not an error.
public enum SnapshotWriteOutcome: Sendable, Equatable, CustomStringConvertible {
  case written(path: String, bytes: Int)
  case skipped(String)

  public var description: String {
    switch self {
    case .written(let path, let bytes): "wrote \(bytes) bytes to \(path)"
    case .skipped(let why): "cache not written: \(why)"
    }
  }
}

/// Snapshot files in `$XDG_CACHE_HOME/qingdan/` (else `~/.cache/qingdan/`), one per set of
/// catalogue files (by canonical path). A snapshot is returned only when its magic, format
/// version, key, length and checksums all match and it decodes; anything else is a miss
/// with a reason. Each write evicts what `limits` no longer allows (see
/// SnapshotHousekeeping.swift); each hit marks the snapshot used.
///
/// File layout: header (magic 8 bytes, format version u32, key length u32, key checksum u64,
/// payload length u64, payload checksum u64; little-endian), key, payload. The payload is a
/// `BinaryWriter` blob: the catalogue section, then the caller's sections by name.
public struct SnapshotStore: Sendable {
  public static let formatVersion: UInt32 = 3
  static let magic: [UInt8] = Array("QINGDAN\u{1A}".utf8)
  static let headerSize = 40
  static let fileExtension = "qdsnap"

  /// Where snapshots live; nil when caching is disabled (`disabledReason` says why).
  public let directory: String?
  public let disabledReason: String?
  /// The size budget and the age after which unused snapshots are evicted.
  public var limits: CacheLimits

  /// The cache directory from the environment: none when `QINGDAN_NO_CACHE` is set (to
  /// anything but "0"), else `$XDG_CACHE_HOME/qingdan`, else `$HOME/.cache/qingdan`.
  /// Tests pass their own environment so they never touch the user's cache.
  public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
    limits = CacheLimits(environment: environment)
    if let noCache = environment["QINGDAN_NO_CACHE"], !noCache.isEmpty, noCache != "0" {
      directory = nil
      disabledReason = "QINGDAN_NO_CACHE is set"
    } else if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") {
      directory = (xdg as NSString).appendingPathComponent("qingdan")
      disabledReason = nil
    } else if let home = environment["HOME"], home.hasPrefix("/") {
      directory = (home as NSString).appendingPathComponent(".cache/qingdan")
      disabledReason = nil
    } else {
      directory = nil
      disabledReason = "neither XDG_CACHE_HOME nor HOME is set to an absolute path"
    }
  }

  public init(directory: String, limits: CacheLimits = CacheLimits()) {
    self.directory = directory
    disabledReason = nil
    self.limits = limits
  }

  /// The snapshot file for the key's set of files.
  public func path(for key: SnapshotKey) -> String? {
    guard let directory else { return nil }
    let name =
      "catalogues-" + String(format: "%016llx", key.fileSetHash) + "."
      + Self.fileExtension
    return (directory as NSString).appendingPathComponent(name)
  }

  // MARK: Reading

  /// The snapshot for `key`, or why there is none to use.
  public func read(key: SnapshotKey) -> Result<Snapshot, SnapshotMiss> {
    guard let path = path(for: key) else { return .failure(.disabled(disabledReason ?? "")) }
    do {
      return .success(try readSnapshot(at: path, key: key))
    } catch {
      return .failure(error)
    }
  }

  private func readSnapshot(at path: String, key: SnapshotKey) throws(SnapshotMiss) -> Snapshot {
    let file = try SnapshotFile(openingForReading: path)
    defer { file.close() }
    let size = try file.size()
    guard size >= Self.headerSize else {
      throw .corrupt("truncated: \(size) bytes, shorter than the header")
    }
    var header = BinaryReader(rawBytes: try file.read(count: Self.headerSize))
    let layout = try checked { () throws(SnapshotError) in try Header(reading: &header) }
    guard layout.magic == Self.magic else { throw .corrupt("not a qingdan snapshot (wrong magic)") }
    guard layout.formatVersion == Self.formatVersion else {
      throw .stale(
        "written in format \(layout.formatVersion), this qingdan reads \(Self.formatVersion)")
    }
    let expectedSize = UInt64(Self.headerSize) + UInt64(layout.keyLength) + layout.payloadLength
    guard expectedSize == UInt64(size) else {
      throw .corrupt("\(size) bytes on disk, the header says \(expectedSize)")
    }
    let keyBytes = try file.read(count: Int(layout.keyLength))
    guard ContentHash.hash(keyBytes) == layout.keyChecksum else {
      throw .corrupt("key checksum mismatch")
    }
    let storedKey = try checked { () throws(SnapshotError) in
      try SnapshotKey(decoding: keyBytes)
    }
    if let staleness = key.staleness(of: storedKey) { throw .stale(staleness) }
    let payload = try file.read(count: Int(layout.payloadLength))
    guard ContentHash.hash(payload) == layout.payloadChecksum else {
      throw .corrupt("checksum mismatch")
    }
    let snapshot = try checked { () throws(SnapshotError) in
      let (result, sections) = try Payload.decode(payload)
      return Snapshot(key: storedKey, result: result, sections: sections)
    }
    file.markUsed()
    return snapshot
  }

  /// The key a snapshot file was built for (its header and key only, not the payload).
  func readKey(at path: String) -> Result<SnapshotKey, SnapshotMiss> {
    do {
      let file = try SnapshotFile(openingForReading: path)
      defer { file.close() }
      let size = try file.size()
      guard size >= Self.headerSize else { throw SnapshotMiss.corrupt("truncated") }
      var header = BinaryReader(rawBytes: try file.read(count: Self.headerSize))
      let layout = try checked { () throws(SnapshotError) in try Header(reading: &header) }
      guard layout.magic == Self.magic else { throw SnapshotMiss.corrupt("wrong magic") }
      guard layout.formatVersion == Self.formatVersion else {
        throw SnapshotMiss.stale("format \(layout.formatVersion)")
      }
      guard UInt64(layout.keyLength) + UInt64(Self.headerSize) <= UInt64(size) else {
        throw SnapshotMiss.corrupt("truncated")
      }
      let keyBytes = try file.read(count: Int(layout.keyLength))
      guard ContentHash.hash(keyBytes) == layout.keyChecksum else {
        throw SnapshotMiss.corrupt("key checksum mismatch")
      }
      return .success(
        try checked { () throws(SnapshotError) in try SnapshotKey(decoding: keyBytes) })
    } catch let miss as SnapshotMiss {
      return .failure(miss)
    } catch {
      return .failure(.unreadable("\(error)"))
    }
  }

  private func checked<T>(_ body: () throws(SnapshotError) -> T) throws(SnapshotMiss) -> T {
    do {
      return try body()
    } catch {
      switch error {
      case .corrupt(let why): throw .corrupt(why)
      }
    }
  }

  // MARK: Writing

  /// Writes the snapshot atomically (a temporary file in the same directory, then a rename),
  /// creating the directory if needed. Never throws: a cache that cannot be written is skipped.
  @discardableResult
  public func write(_ snapshot: Snapshot) -> SnapshotWriteOutcome {
    guard let directory, let path = path(for: snapshot.key) else {
      return .skipped(disabledReason ?? "no cache directory")
    }
    do {
      try FileManager.default.createDirectory(
        atPath: directory, withIntermediateDirectories: true)
    } catch {
      return .skipped("cannot create \(directory): \(error.localizedDescription)")
    }
    removeAbandonedTemporaries(in: directory)
    let key = snapshot.key.encoded()
    let payload = Payload.encode(result: snapshot.result, sections: snapshot.sections)
    let total = Self.headerSize + key.count + payload.count
    guard total <= limits.budget else {
      evict(keeping: nil)
      return .skipped(
        "the snapshot (\(CacheLimits.describe(bytes: total))) is larger than the cache budget "
          + "(\(CacheLimits.describe(bytes: limits.budget)), \(CacheLimits.budgetVariable))")
    }
    var header = Self.magic
    header.appendLittleEndian(Self.formatVersion)
    header.appendLittleEndian(UInt32(key.count))
    header.appendLittleEndian(ContentHash.hash(key))
    header.appendLittleEndian(UInt64(payload.count))
    header.appendLittleEndian(ContentHash.hash(payload))
    let temporary =
      (directory as NSString).appendingPathComponent(
        ".\((path as NSString).lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
      )
    do {
      let file = try SnapshotFile(creating: temporary)
      do {
        try file.write(header)
        try file.write(key)
        try file.write(payload)
        file.close()
      } catch {
        file.close()
        _ = unlink(temporary)
        throw error
      }
      guard rename(temporary, path) == 0 else {
        let why = String(cString: strerror(errno))
        _ = unlink(temporary)
        return .skipped("cannot rename into \(path): \(why)")
      }
    } catch {
      return .skipped(String(describing: error))
    }
    evict(keeping: path)
    return .written(path: path, bytes: header.count + key.count + payload.count)
  }
}

extension SnapshotStore {
  /// A write cut short (the process killed mid-write) leaves its temporary file behind;
  /// one untouched for an hour belongs to no running writer.
  fileprivate func removeAbandonedTemporaries(in directory: String) {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    let anHourAgo = Date(timeIntervalSinceNow: -3600)
    for name in names where Self.isTemporaryName(name) {
      let path = (directory as NSString).appendingPathComponent(name)
      guard
        let modified = try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate]
          as? Date, modified < anHourAgo
      else { continue }
      try? FileManager.default.removeItem(atPath: path)
    }
  }
}

/// The fixed-size start of a snapshot file.
private struct Header {
  var magic: [UInt8]
  var formatVersion: UInt32
  var keyLength: UInt32
  var keyChecksum: UInt64
  var payloadLength: UInt64
  var payloadChecksum: UInt64

  init(reading reader: inout BinaryReader) throws(SnapshotError) {
    magic = try (0..<SnapshotStore.magic.count).map { _ throws(SnapshotError) in
      try reader.readByte()
    }
    formatVersion = try reader.readFixed(UInt32.self)
    keyLength = try reader.readFixed(UInt32.self)
    keyChecksum = try reader.readFixed(UInt64.self)
    payloadLength = try reader.readFixed(UInt64.self)
    payloadChecksum = try reader.readFixed(UInt64.self)
  }
}

/// The payload: the catalogue section, then the caller's named sections, each length-prefixed.
enum Payload {
  static func encode(result: LoadResult, sections: [String: SnapshotSection]) -> [UInt8] {
    var writer = BinaryWriter()
    writer.writeBytes(CatalogueCodec.encode(result))
    writer.writeVarint(UInt64(sections.count))
    for name in sections.keys.sorted() {
      writer.writeString(name)
      writer.writeBytes(sections[name]!.bytes)
    }
    return writer.finish()
  }

  static func decode(
    _ bytes: [UInt8]
  ) throws(SnapshotError) -> (LoadResult, [String: SnapshotSection]) {
    var reader = try BinaryReader(bytes: bytes)
    let result = try CatalogueCodec.decode(reading: reader.readSection().reader())
    let count = try reader.readCount(minimumElementBytes: 2)
    var sections: [String: SnapshotSection] = [:]
    for _ in 0..<count {
      let name = try reader.readString()
      guard sections[name] == nil else { throw .corrupt("section \(name) appears twice") }
      sections[name] = try reader.readSection()
    }
    try reader.expectEnd("the sections")
    return (result, sections)
  }
}

/// A file descriptor with the few operations the store needs; errors are reasons.
private struct SnapshotFile {
  let descriptor: Int32
  let path: String

  init(openingForReading path: String) throws(SnapshotMiss) {
    self.path = path
    // Non-blocking, so that a FIFO put in its place cannot hang the load; `size` then
    // insists on a regular file.
    descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
    guard descriptor >= 0 else {
      if errno == ENOENT { throw .noSnapshot }
      throw .unreadable("\(path): \(String(cString: strerror(errno)))")
    }
  }

  init(creating path: String) throws(SnapshotWriteError) {
    self.path = path
    descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
    guard descriptor >= 0 else {
      throw SnapshotWriteError("cannot create \(path): \(String(cString: strerror(errno)))")
    }
  }

  func close() {
    _ = systemClose(descriptor)
  }

  /// Sets the modification time to now: eviction removes the snapshots used least
  /// recently. Best effort (a read-only cache stays as it is).
  func markUsed() {
    _ = futimens(descriptor, nil)
  }

  func size() throws(SnapshotMiss) -> Int {
    var status = stat()
    guard fstat(descriptor, &status) == 0 else {
      throw .unreadable("\(path): \(String(cString: strerror(errno)))")
    }
    switch status.st_mode & S_IFMT {
    case S_IFREG: break
    case S_IFDIR: throw .blocked(path: path, what: "a directory")
    default: throw .blocked(path: path, what: "not a regular file")
    }
    return Int(status.st_size)
  }

  /// Exactly `count` bytes; `count` has been checked against the file's size.
  func read(count: Int) throws(SnapshotMiss) -> [UInt8] {
    var failure: SnapshotMiss?
    let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
      var done = 0
      while done < count {
        let got = systemRead(descriptor, buffer.baseAddress! + done, count - done)
        if got > 0 {
          done += got
        } else if got < 0 && errno == EINTR {
          continue
        } else {
          failure =
            got == 0
            ? .corrupt("truncated while reading")
            : .unreadable("\(path): \(String(cString: strerror(errno)))")
          break
        }
      }
      initialized = done
    }
    if let failure { throw failure }
    return bytes
  }

  func write(_ bytes: [UInt8]) throws(SnapshotWriteError) {
    var failure: String?
    bytes.withUnsafeBytes { buffer in
      var done = 0
      while done < buffer.count {
        let wrote = systemWrite(descriptor, buffer.baseAddress! + done, buffer.count - done)
        if wrote > 0 {
          done += wrote
        } else if wrote < 0 && errno == EINTR {
          continue
        } else {
          failure = "cannot write \(path): \(String(cString: strerror(errno)))"
          return
        }
      }
    }
    if let failure { throw SnapshotWriteError(failure) }
  }
}

private struct SnapshotWriteError: Error, CustomStringConvertible {
  let description: String
  init(_ description: String) { self.description = description }
}

extension [UInt8] {
  fileprivate mutating func appendLittleEndian<T: FixedWidthInteger>(_ value: T) {
    Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
  }
}
