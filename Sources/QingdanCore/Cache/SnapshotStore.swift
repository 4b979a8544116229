import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
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
/// SnapshotHousekeeping.swift); each hit marks the snapshot used (its checksum record's
/// modification time).
///
/// The file is mapped read-only and shared, not read: the caller's sections (the search
/// index) are used where they lie, so a start reads only the pages a query touches and every
/// process on the machine shares one copy in the page cache.
///
/// File layout (little-endian): header (magic 8 bytes, format version u32, key length u32,
/// key checksum u64, table length u64, table checksum u64, payload length u64), the key,
/// zero bytes up to a multiple of 64, then the payload (see `Payload`): a section table with
/// each section's offset, length and checksum, then the sections, each 64-byte aligned.
///
/// Integrity: the header's lengths are checked against the file's size, the key and the
/// section table against their checksums, and every section's bounds against the file, at
/// every open. Every section's checksum is checked (their pages let go as the hash passes)
/// unless the checksum record beside the file vouches that the file has not been written
/// since they last passed (`ChecksumRecord`: its stat, as git trusts an index entry). The
/// catalogue section's item key columns are checked in one pass; no item is read until
/// shown (`CatalogueItems`). The readers of every section check each offset, count and id
/// against the mapping as they read (the search index: its tables at open, postings and
/// runs as a query reads them), so damage no checksum saw answers wrongly at worst; it
/// never traps.
public struct SnapshotStore: Sendable {
  public static let formatVersion: UInt32 = 6
  static let magic: [UInt8] = Array("QINGDAN\u{1A}".utf8)
  static let headerSize = 48
  /// Sections start at multiples of this, so arrays in them can be viewed in place.
  static let sectionAlignment = 64
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
    path(forFileSet: key.files.map(\.absolutePath))
  }

  /// The snapshot file for files at these canonical paths, whatever their contents.
  func path(forFileSet absolutePaths: [String]) -> String? {
    guard let directory else { return nil }
    let name =
      "catalogues-" + String(format: "%016llx", SnapshotKey.fileSetHash(absolutePaths)) + "."
      + Self.fileExtension
    return (directory as NSString).appendingPathComponent(name)
  }

  // MARK: Reading

  /// The snapshot for `key`, or why there is none to use.
  public func read(key: SnapshotKey) -> Result<Snapshot, SnapshotMiss> {
    open(fileSet: key.files.map(\.absolutePath)).flatMap { opened in
      Result { () throws(SnapshotMiss) in try opened.snapshot(for: key) }
    }
  }

  /// The mapped snapshot for files at these canonical paths, its header and key checked:
  /// what a load needs to decide which files to hash.
  func open(fileSet absolutePaths: [String]) -> Result<OpenedSnapshot, SnapshotMiss> {
    guard let path = path(forFileSet: absolutePaths) else {
      return .failure(.disabled(disabledReason ?? ""))
    }
    return Result { () throws(SnapshotMiss) in try OpenedSnapshot(path: path) }
  }

  /// The key a snapshot file was built for (its header and key only, not the payload).
  func readKey(at path: String) -> Result<SnapshotKey, SnapshotMiss> {
    Result { () throws(SnapshotMiss) in try OpenedSnapshot(path: path, markingUsed: false).key }
  }

  // MARK: Writing

  /// Writes the snapshot atomically (a temporary file in the same directory, then a rename),
  /// creating the directory if needed. Never throws: a cache that cannot be written is skipped.
  /// A process that has the old file mapped keeps reading it (the rename unlinks only its name).
  @discardableResult
  public func write(_ snapshot: Snapshot) -> SnapshotWriteOutcome {
    let catalogue = SnapshotSection(CatalogueCodec.encode(snapshot.result))
    return write(
      key: snapshot.key, payload: Payload.Parts(catalogue: catalogue, sections: snapshot.sections))
  }

  /// Where a writer puts `path`'s new bytes before renaming them onto it: beside it,
  /// hidden, unique to the process and the write (see `isTemporaryName`).
  static func temporaryPath(for path: String) -> String {
    let directory = (path as NSString).deletingLastPathComponent
    let name = (path as NSString).lastPathComponent
    return (directory as NSString).appendingPathComponent(
      ".\(name).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp")
  }

  /// Writes the payload of `opened` again under `key` (the same files, their stats recorded
  /// anew), without decoding or copying it into memory.
  @discardableResult
  func rewrite(_ opened: OpenedSnapshot, key: SnapshotKey) -> SnapshotWriteOutcome {
    write(key: key, payload: .raw(opened.payload, tableLength: opened.tableLength))
  }

  private func write(key snapshotKey: SnapshotKey, payload: Payload.Parts) -> SnapshotWriteOutcome {
    guard let directory, let path = path(for: snapshotKey) else {
      return .skipped(disabledReason ?? "no cache directory")
    }
    do {
      try FileManager.default.createDirectory(
        atPath: directory, withIntermediateDirectories: true)
    } catch {
      return .skipped("cannot create \(directory): \(error.localizedDescription)")
    }
    removeAbandonedTemporaries(in: directory)
    let key = snapshotKey.encoded()
    let keyPadding = BinaryWriter.padding(
      at: Self.headerSize + key.count, alignment: Self.sectionAlignment)
    let total = Self.headerSize + key.count + keyPadding + payload.count
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
    header.appendLittleEndian(UInt64(payload.tableLength))
    header.appendLittleEndian(payload.tableChecksum)
    header.appendLittleEndian(UInt64(payload.count))
    let temporary = Self.temporaryPath(for: path)
    do {
      let file = try SnapshotFile(creating: temporary)
      do {
        try file.write(header)
        try file.write(key + [UInt8](repeating: 0, count: keyPadding))
        var failure: SnapshotWriteError?
        payload.write { bytes in
          do throws(SnapshotWriteError) {
            try file.write(bytes)
            return true
          } catch {
            failure = error
            return false
          }
        }
        if let failure { throw failure }
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
    return .written(path: path, bytes: total)
  }
}

/// A snapshot file mapped into memory, its header, key and section table checked; the
/// sections are read from the mapping only when asked for.
struct OpenedSnapshot: Sendable {
  let path: String
  let key: SnapshotKey
  /// The payload (section table and sections) in the mapping.
  let payload: SnapshotSection
  let tableLength: Int
  /// The file's stat when opened (nil if it could not be taken) and when it was taken.
  private let stat: FileStat?
  private let statTakenAt: Int64
  /// Whether the checksum record beside the file vouches for its sections (see
  /// `ChecksumRecord`): they are not hashed again.
  let checksumsVouchedFor: Bool

  /// - Parameter markingUsed: read the checksum record and mark the snapshot used (a
  ///   start); false to read only the key (listing the cache).
  init(path: String, markingUsed: Bool = true) throws(SnapshotMiss) {
    self.path = path
    let file = try SnapshotFile(openingForReading: path)
    defer { file.close() }
    let size = try file.size()
    statTakenAt = FileStat.now()
    stat = FileStat(descriptor: file.descriptor)
    if markingUsed, let stat, let record = ChecksumRecord.readMarkingUsed(for: path) {
      checksumsVouchedFor = record.vouches(for: stat)
    } else {
      checksumsVouchedFor = false
    }
    guard size >= SnapshotStore.headerSize else {
      throw .corrupt("truncated: \(size) bytes, shorter than the header")
    }
    guard let storage = ByteStorage(mapping: file.descriptor, count: size) else {
      throw .unreadable("\(path): cannot map: \(String(cString: strerror(errno)))")
    }
    var header = BinaryReader(storage: storage, raw: 0..<SnapshotStore.headerSize)
    let layout = try Self.checked { () throws(SnapshotError) in try Header(reading: &header) }
    guard layout.magic == SnapshotStore.magic else {
      throw .corrupt("not a qingdan snapshot (wrong magic)")
    }
    guard layout.formatVersion == SnapshotStore.formatVersion else {
      throw .stale(
        "written in format \(layout.formatVersion), this qingdan reads \(SnapshotStore.formatVersion)"
      )
    }
    let keyEnd = UInt64(SnapshotStore.headerSize) + UInt64(layout.keyLength)
    let payloadStart =
      keyEnd
      + UInt64(BinaryWriter.padding(at: Int(keyEnd), alignment: SnapshotStore.sectionAlignment))
    guard layout.payloadLength <= UInt64(Int.max) - payloadStart,
      payloadStart + layout.payloadLength == UInt64(size)
    else {
      throw .corrupt("\(size) bytes on disk, the header says otherwise")
    }
    guard layout.tableLength <= layout.payloadLength else {
      throw .corrupt("the section table is longer than the payload")
    }
    let keyRange = SnapshotStore.headerSize..<Int(keyEnd)
    let keyChecksum = ContentHash.hash(UnsafeRawBufferPointer(rebasing: storage.bytes[keyRange]))
    guard keyChecksum == layout.keyChecksum else { throw .corrupt("key checksum mismatch") }
    key = try Self.checked { () throws(SnapshotError) in
      try SnapshotKey(decoding: storage.copy(keyRange))
    }
    payload = SnapshotSection(storage: storage, range: Int(payloadStart)..<size, checksum: nil)
    tableLength = Int(layout.tableLength)
    let tableRange = Int(payloadStart)..<Int(payloadStart) + tableLength
    let tableChecksum = ContentHash.hash(
      UnsafeRawBufferPointer(rebasing: storage.bytes[tableRange]))
    guard tableChecksum == layout.tableChecksum else {
      throw .corrupt("section table checksum mismatch")
    }
  }

  /// The snapshot, if it was built from the files `current` describes: every section's
  /// checksum checked (unless a checksum record vouches for them; a new record is written
  /// when they pass), the catalogues decoded, the caller's sections left in the mapping.
  ///
  /// - Parameter itemsWhenRead: leave the items in the mapping, decoded when read
  ///   (`CatalogueItems`); only their key columns are read here.
  func snapshot(
    for current: SnapshotKey, itemsWhenRead: Bool = false
  ) throws(SnapshotMiss) -> Snapshot {
    if let staleness = current.staleness(of: key) { throw .stale(staleness) }
    let (result, sections) = try Self.checked { () throws(SnapshotError) in
      try Payload.decode(
        payload, tableLength: tableLength, verifyingChecksums: !checksumsVouchedFor,
        itemsWhenRead: itemsWhenRead)
    }
    if !checksumsVouchedFor, let stat {
      ChecksumRecord(file: stat, recordedAt: statTakenAt).write(for: path)
    }
    return Snapshot(key: key, result: result, sections: sections)
  }

  static func checked<T>(_ body: () throws(SnapshotError) -> T) throws(SnapshotMiss) -> T {
    do {
      return try body()
    } catch {
      switch error {
      case .corrupt(let why): throw .corrupt(why)
      }
    }
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
  var tableLength: UInt64
  var tableChecksum: UInt64
  var payloadLength: UInt64

  init(reading reader: inout BinaryReader) throws(SnapshotError) {
    magic = try (0..<SnapshotStore.magic.count).map { _ throws(SnapshotError) in
      try reader.readByte()
    }
    formatVersion = try reader.readFixed(UInt32.self)
    keyLength = try reader.readFixed(UInt32.self)
    keyChecksum = try reader.readFixed(UInt64.self)
    tableLength = try reader.readFixed(UInt64.self)
    tableChecksum = try reader.readFixed(UInt64.self)
    payloadLength = try reader.readFixed(UInt64.self)
  }
}

/// The payload: a section table, then the sections it lists, each at a multiple of
/// `SnapshotStore.sectionAlignment` from the payload's start (so the payload can be copied
/// to another file, behind another key, as it is).
///
/// Table (a `BinaryWriter` blob): the catalogue section's entry, the number of caller
/// sections, then each one's name and entry; an entry is offset, length and checksum (u64
/// each), the offset counted from the end of the table rounded up to the alignment.
enum Payload {
  /// What is written: sections to lay out, or a payload taken whole from another file.
  enum Parts {
    case sections(table: [UInt8], sections: [SnapshotSection])
    case raw(SnapshotSection, tableLength: Int)

    init(catalogue: SnapshotSection, sections named: [String: SnapshotSection]) {
      let names = named.keys.sorted()
      let ordered = [catalogue] + names.map { named[$0]! }
      var offsets: [Int] = []
      var offset = 0
      for section in ordered {
        offsets.append(offset)
        offset += section.count
        offset += BinaryWriter.padding(at: offset, alignment: SnapshotStore.sectionAlignment)
      }
      var table = BinaryWriter()
      func entry(_ index: Int) {
        table.writeFixed(UInt64(offsets[index]))
        table.writeFixed(UInt64(ordered[index].count))
        table.writeFixed(ordered[index].checksum)
      }
      entry(0)
      table.writeVarint(UInt64(names.count))
      for (index, name) in names.enumerated() {
        table.writeString(name)
        entry(index + 1)
      }
      self = .sections(table: table.finish(), sections: ordered)
    }

    var tableLength: Int {
      switch self {
      case .sections(let table, _): table.count
      case .raw(_, let tableLength): tableLength
      }
    }

    var tableChecksum: UInt64 {
      switch self {
      case .sections(let table, _): ContentHash.hash(table)
      case .raw(let payload, let tableLength):
        payload.withBytes {
          ContentHash.hash(UnsafeRawBufferPointer(rebasing: $0[0..<tableLength]))
        }
      }
    }

    var count: Int {
      switch self {
      case .raw(let payload, _): return payload.count
      case .sections(let table, let sections):
        var total = Payload.dataStart(tableLength: table.count)
        for section in sections {
          total += section.count
          total += BinaryWriter.padding(at: total, alignment: SnapshotStore.sectionAlignment)
        }
        return total
      }
    }

    /// Hands the payload's bytes to `write` piece by piece; stops at the first piece it
    /// refuses (returns false), and returns whether every piece was taken.
    @discardableResult
    func write(_ write: (UnsafeRawBufferPointer) -> Bool) -> Bool {
      switch self {
      case .raw(let payload, _):
        return payload.withBytes(write)
      case .sections(let table, let sections):
        var written = 0
        func taken(_ piece: UnsafeRawBufferPointer) -> Bool {
          written += piece.count
          return write(piece)
        }
        func padded() -> Bool {
          let zeros = [UInt8](
            repeating: 0,
            count: BinaryWriter.padding(at: written, alignment: SnapshotStore.sectionAlignment))
          return zeros.withUnsafeBytes(taken)
        }
        guard table.withUnsafeBytes(taken), padded() else { return false }
        for section in sections {
          guard section.withBytes(taken), padded() else { return false }
        }
        return true
      }
    }
  }

  static func dataStart(tableLength: Int) -> Int {
    tableLength + BinaryWriter.padding(at: tableLength, alignment: SnapshotStore.sectionAlignment)
  }

  /// The payload as one array (the fuzzer's seeds; the store writes it piece by piece).
  static func encode(result: LoadResult, sections: [String: SnapshotSection]) -> [UInt8] {
    let parts = Parts(catalogue: SnapshotSection(CatalogueCodec.encode(result)), sections: sections)
    var bytes: [UInt8] = []
    bytes.reserveCapacity(parts.count)
    parts.write { piece in
      bytes.append(contentsOf: piece)
      return true
    }
    return bytes
  }

  /// Decodes a payload given as bytes; the checksums are not checked (the fuzzer's entry
  /// point: it cannot forge them, a damaged disk or a buggy writer can).
  static func decode(
    _ bytes: [UInt8], itemsWhenRead: Bool = false
  ) throws(SnapshotError) -> (LoadResult, [String: SnapshotSection]) {
    let storage = ByteStorage(copying: bytes)
    return try decode(
      SnapshotSection(storage: storage, range: 0..<storage.count, checksum: nil),
      tableLength: nil, verifyingChecksums: false, itemsWhenRead: itemsWhenRead)
  }

  /// The table is the first `tableLength` bytes (read from the payload when nil, for the
  /// fuzzer); every section's bounds are checked against the payload.
  static func decode(
    _ payload: SnapshotSection, tableLength: Int? = nil, verifyingChecksums: Bool,
    itemsWhenRead: Bool = false
  ) throws(SnapshotError) -> (LoadResult, [String: SnapshotSection]) {
    let (catalogue, sections) = try payload.sections(tableLength: tableLength)
    if verifyingChecksums {
      try verify(catalogue: catalogue, sections, releasingCataloguePages: itemsWhenRead)
    }
    let result =
      itemsWhenRead
      ? try CatalogueCodec.decode(
        reading: catalogue.readerMakingStringsWhenRead(), itemsWhenRead: true)
      : try CatalogueCodec.decode(reading: catalogue.reader())
    // Read through once: the pages leave this process (items shown later read a few back).
    catalogue.releasePages()
    return (result, sections)
  }

  /// Hashes every section against the section table, one core each; the caller's sections'
  /// pages (and the catalogue's, unless it is decoded next) are let go as the hash passes.
  private static func verify(
    catalogue: SnapshotSection, _ sections: [String: SnapshotSection],
    releasingCataloguePages: Bool
  ) throws(SnapshotError) {
    let named = [("catalogues", catalogue)] + sections.sorted { $0.key < $1.key }
    let outcomes = concurrentMap(named.count) { index in
      Result { () throws(SnapshotError) in
        let (name, section) = named[index]
        try section.verify(name, releasingPages: index > 0 || releasingCataloguePages)
      }
    }
    for case .failure(let error) in outcomes { throw error }
  }
}

extension SnapshotSection {
  /// The section table at the start of this payload and the sections it lists.
  fileprivate func sections(
    tableLength: Int?
  ) throws(SnapshotError) -> (SnapshotSection, [String: SnapshotSection]) {
    var table = try reader()
    func entry() throws(SnapshotError) -> (offset: UInt64, length: UInt64, checksum: UInt64) {
      (
        try table.readFixed(UInt64.self), try table.readFixed(UInt64.self),
        try table.readFixed(UInt64.self)
      )
    }
    let catalogueEntry = try entry()
    let count = try table.readCount(minimumElementBytes: 25)
    var entries: [(String, (offset: UInt64, length: UInt64, checksum: UInt64))] = []
    for _ in 0..<count { entries.append((try table.readString(), try entry())) }
    let read = table.offset - lowerBound
    let end = tableLength ?? read
    guard read <= end, end <= self.count else {
      throw .corrupt("the section table is longer than the payload")
    }
    let dataStart = Payload.dataStart(tableLength: end)
    func section(
      _ name: String, _ entry: (offset: UInt64, length: UInt64, checksum: UInt64)
    ) throws(SnapshotError) -> SnapshotSection {
      guard entry.offset % UInt64(SnapshotStore.sectionAlignment) == 0,
        entry.offset <= UInt64(self.count), entry.length <= UInt64(self.count) - entry.offset,
        UInt64(dataStart) <= UInt64(self.count) - entry.offset - entry.length
      else { throw .corrupt("section \(name) lies outside the file") }
      return subsection(
        UInt64(dataStart) + entry.offset..<UInt64(dataStart) + entry.offset + entry.length,
        checksum: entry.checksum)
    }
    var sections: [String: SnapshotSection] = [:]
    for (name, sectionEntry) in entries {
      guard sections[name] == nil else { throw .corrupt("section \(name) appears twice") }
      sections[name] = try section(name, sectionEntry)
    }
    return (try section("catalogues", catalogueEntry), sections)
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

  func write(_ bytes: [UInt8]) throws(SnapshotWriteError) {
    let failure = bytes.withUnsafeBytes { buffer -> SnapshotWriteError? in
      do throws(SnapshotWriteError) {
        try write(buffer)
        return nil
      } catch {
        return error
      }
    }
    if let failure { throw failure }
  }

  func write(_ buffer: UnsafeRawBufferPointer) throws(SnapshotWriteError) {
    if let failure = writeAll(descriptor, buffer) {
      throw SnapshotWriteError("cannot write \(path): \(String(cString: strerror(failure)))")
    }
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
