#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// What a snapshot was built from: every catalogue file's path, size and content hash, the
/// search resources, and the format. A snapshot is used only when its key equals the key of
/// the files as they are now.
///
/// Each file's `stat` is kept too, as git's index keeps it: a file whose stat is unchanged
/// since the key was recorded keeps its recorded hash without being read (see
/// `recordedHash(of:)`), so a warm start costs one `stat` per file, not a read of every file.
public struct SnapshotKey: Sendable, Equatable {
  public struct File: Sendable, Equatable {
    /// As given; the loaded result names files this way.
    public var path: String
    /// Canonical (realpath): what the snapshot is kept and found by.
    public var absolutePath: String
    /// -1 when the file could not be read.
    public var size: Int
    public var hash: UInt64
    /// The file's stat when `hash` was taken; nil when it could not be had.
    public var stat: FileStat?

    public init(
      path: String, absolutePath: String, size: Int, hash: UInt64, stat: FileStat? = nil
    ) {
      self.path = path
      self.absolutePath = absolutePath
      self.size = size
      self.hash = hash
      self.stat = stat
    }
  }

  public var files: [File]
  /// When the stats were taken (nanoseconds since 1970): a file changed within a clock
  /// tick of that moment may have the same stat before and after ("racily clean" in git),
  /// so its hash is not trusted from its stat.
  public var recordedAt: Int64 = 0
  /// Supplied by the caller: a hash of whatever else the snapshot's sections were built with
  /// (search tables, synonyms), so that changing them invalidates the snapshot.
  public var resourcesKey: UInt64
  public var formatVersion: UInt32

  public init(
    files: [File], resourcesKey: UInt64, formatVersion: UInt32 = SnapshotStore.formatVersion
  ) {
    self.files = files
    self.resourcesKey = resourcesKey
    self.formatVersion = formatVersion
  }

  public init(files: [HashedFile], resourcesKey: UInt64) {
    self.init(
      files: files.map {
        File(
          path: $0.path, absolutePath: $0.absolutePath, size: $0.size, hash: $0.hash,
          stat: $0.stat)
      },
      resourcesKey: resourcesKey)
  }

  /// Files changed this close to `recordedAt` are hashed again: timestamps are coarser
  /// than the clock on some file systems, so a change right after the stat can keep it.
  static let racyMargin: Int64 = 2_000_000_000

  /// The hash recorded for the file at `absolutePath` when its stat is still `current`
  /// and was not taken too close to a change; nil when the file must be read and hashed.
  /// `position` is where the file is expected (the same files are usually named in the same
  /// order): looked at first, so that a thousand files cost a thousand comparisons, not half
  /// a million.
  func recordedHash(of absolutePath: String, stat current: FileStat, position: Int? = nil)
    -> UInt64?
  {
    // By bytes: a path's `==` would normalise it as Unicode text.
    let isThisFile = { (file: File) in ExactString.sameBytes(file.absolutePath, absolutePath)
    }
    let expected = position.flatMap { files.indices.contains($0) ? files[$0] : nil }
    guard
      let file = expected.flatMap({ isThisFile($0) ? $0 : nil }) ?? files.first(where: isThisFile),
      let stat = file.stat, stat == current, file.size == Int(current.size),
      max(stat.modified, stat.changed) < recordedAt - Self.racyMargin
    else { return nil }
    return file.hash
  }

  /// Names the snapshot file: one per set of catalogue files, whatever their contents.
  var fileSetHash: UInt64 { Self.fileSetHash(files.map(\.absolutePath)) }

  static func fileSetHash(_ absolutePaths: [String]) -> UInt64 {
    ContentHash.hash(absolutePaths.joined(separator: "\n"))
  }

  /// Why a snapshot built for `stored` cannot serve this key, or nil when it can.
  func staleness(of stored: SnapshotKey) -> String? {
    if stored.formatVersion != formatVersion {
      return "written in format \(stored.formatVersion), this qingdan reads \(formatVersion)"
    }
    if stored.resourcesKey != resourcesKey { return "the search tables changed" }
    // The usual start: the same files in the same order, only their sizes and hashes to
    // compare (sets of a province's paths would hash 2,000 strings).
    if stored.files.count == files.count,
      zip(stored.files, files).allSatisfy({
        ExactString.sameBytes($0.absolutePath, $1.absolutePath)
      })
    {
      return changedFiles(since: stored)
    }
    let storedPaths = Set(stored.files.map(\.absolutePath))
    let currentPaths = Set(files.map(\.absolutePath))
    if let added = files.first(where: { !storedPaths.contains($0.absolutePath) }) {
      return "\(Self.name(added.path)) was added"
    }
    if let removed = stored.files.first(where: { !currentPaths.contains($0.absolutePath) }) {
      return "\(Self.name(removed.path)) was removed"
    }
    if let changed = changedFiles(since: stored) { return changed }
    // What is left is spelling (relative or absolute, through a symlink), which the
    // snapshot serves under the names given now, or the order, which decides which of
    // two files of one township is used.
    if stored.files.map(\.absolutePath) != files.map(\.absolutePath) {
      return "the catalogue files are given in another order"
    }
    return nil
  }

  /// Which files' contents differ from `stored`'s, file by file; nil when none does.
  private func changedFiles(since stored: SnapshotKey) -> String? {
    let changed = zip(stored.files, files).filter { $0.size != $1.size || $0.hash != $1.hash }
    guard let first = changed.first else { return nil }
    let more = changed.count > 1 ? " (and \(changed.count - 1) more)" : ""
    return "\(Self.name(first.1.path)) changed\(more)"
  }

  private static func name(_ path: String) -> String {
    path.split(separator: "/").last.map(String.init) ?? path
  }

  func encoded() -> [UInt8] {
    var writer = BinaryWriter()
    writer.writeFixed(formatVersion)
    writer.writeFixed(resourcesKey)
    writer.writeVarint(UInt64(files.count))
    writer.writeFixed(recordedAt)
    for file in files {
      writer.writeString(file.path)
      writer.writeString(file.absolutePath)
      writer.writeInt(file.size)
      writer.writeFixed(file.hash)
      writer.writeBool(file.stat != nil)
      if let stat = file.stat {
        for field in [stat.size, stat.modified, stat.changed] { writer.writeFixed(field) }
        writer.writeFixed(stat.inode)
        writer.writeFixed(stat.device)
      }
    }
    return writer.finish()
  }

  init(decoding bytes: [UInt8]) throws(SnapshotError) {
    var reader = try BinaryReader(bytes: bytes)
    let formatVersion = try reader.readFixed(UInt32.self)
    let resourcesKey = try reader.readFixed(UInt64.self)
    let count = try reader.readCount(minimumElementBytes: 12)
    let recordedAt = try reader.readFixed(Int64.self)
    var files: [File] = []
    files.reserveCapacity(count)
    for _ in 0..<count {
      var file = File(
        path: try reader.readString(), absolutePath: try reader.readString(),
        size: try reader.readInt(), hash: try reader.readFixed(UInt64.self))
      if try reader.readBool() {
        file.stat = FileStat(
          size: try reader.readFixed(Int64.self), modified: try reader.readFixed(Int64.self),
          changed: try reader.readFixed(Int64.self), inode: try reader.readFixed(UInt64.self),
          device: try reader.readFixed(UInt64.self))
      }
      files.append(file)
    }
    try reader.expectEnd("the snapshot key")
    self.init(files: files, resourcesKey: resourcesKey, formatVersion: formatVersion)
    self.recordedAt = recordedAt
  }
}

/// What `stat(2)` says about a file, as far as telling whether it changed: size, modification
/// and status-change times in nanoseconds, inode and device. Replacing a file by another
/// (a new inode), writing it (mtime and ctime) or even resetting its mtime (ctime) changes it.
public struct FileStat: Sendable, Equatable {
  public var size: Int64
  /// Nanoseconds since 1970.
  public var modified: Int64
  public var changed: Int64
  public var inode: UInt64
  public var device: UInt64

  public init(size: Int64, modified: Int64, changed: Int64, inode: UInt64, device: UInt64) {
    self.size = size
    self.modified = modified
    self.changed = changed
    self.inode = inode
    self.device = device
  }

  /// The stat of the regular file at `path`, following symlinks; nil when there is none.
  public init?(path: String) {
    var status = stat()
    guard stat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return nil }
    self.init(status)
  }

  /// The stat of the regular file open as `descriptor`; nil when it is not one.
  init?(descriptor: Int32) {
    var status = stat()
    guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return nil }
    self.init(status)
  }

  fileprivate init(_ status: stat) {
    #if canImport(Darwin)
      let modified = status.st_mtimespec
      let changed = status.st_ctimespec
    #else
      let modified = status.st_mtim
      let changed = status.st_ctim
    #endif
    self.init(
      size: Int64(status.st_size),
      modified: Int64(modified.tv_sec) * 1_000_000_000 + Int64(modified.tv_nsec),
      changed: Int64(changed.tv_sec) * 1_000_000_000 + Int64(changed.tv_nsec),
      inode: UInt64(status.st_ino), device: UInt64(status.st_dev))
  }

  /// What is at `path` itself (a symlink not followed): a regular file with its stat, a
  /// symlink, or something else (nothing, a folder, a device).
  enum Entry {
    case regularFile(FileStat)
    case symbolicLink
    case other
  }

  static func entry(at path: String) -> Entry {
    var status = stat()
    guard lstat(path, &status) == 0 else { return .other }
    switch status.st_mode & S_IFMT {
    case S_IFREG: return .regularFile(FileStat(status))
    case S_IFLNK: return .symbolicLink
    default: return .other
    }
  }

  /// Now, in the same clock and unit as the times.
  static func now() -> Int64 {
    var time = timespec()
    clock_gettime(CLOCK_REALTIME, &time)
    return Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
  }
}
