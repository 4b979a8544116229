/// What a snapshot was built from: every catalogue file's path, size and content hash, the
/// search resources, and the format. A snapshot is used only when its key equals the key of
/// the files as they are now.
public struct SnapshotKey: Sendable, Equatable {
  public struct File: Sendable, Equatable {
    /// As given; the loaded result names files this way.
    public var path: String
    /// Canonical (realpath): what the snapshot is kept and found by.
    public var absolutePath: String
    /// -1 when the file could not be read.
    public var size: Int
    public var hash: UInt64

    public init(path: String, absolutePath: String, size: Int, hash: UInt64) {
      self.path = path
      self.absolutePath = absolutePath
      self.size = size
      self.hash = hash
    }
  }

  public var files: [File]
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
        File(path: $0.path, absolutePath: $0.absolutePath, size: $0.size, hash: $0.hash)
      },
      resourcesKey: resourcesKey)
  }

  /// Names the snapshot file: one per set of catalogue files, whatever their contents.
  var fileSetHash: UInt64 {
    ContentHash.hash(files.map(\.absolutePath).joined(separator: "\n"))
  }

  /// Why a snapshot built for `stored` cannot serve this key, or nil when it can.
  func staleness(of stored: SnapshotKey) -> String? {
    if stored.formatVersion != formatVersion {
      return "written in format \(stored.formatVersion), this qingdan reads \(formatVersion)"
    }
    if stored.resourcesKey != resourcesKey { return "the search tables changed" }
    let storedPaths = Set(stored.files.map(\.absolutePath))
    let currentPaths = Set(files.map(\.absolutePath))
    if let added = files.first(where: { !storedPaths.contains($0.absolutePath) }) {
      return "\(Self.name(added.path)) was added"
    }
    if let removed = stored.files.first(where: { !currentPaths.contains($0.absolutePath) }) {
      return "\(Self.name(removed.path)) was removed"
    }
    let changed = zip(stored.files, files).filter { $0.size != $1.size || $0.hash != $1.hash }
    if let first = changed.first {
      let more = changed.count > 1 ? " (and \(changed.count - 1) more)" : ""
      return "\(Self.name(first.1.path)) changed\(more)"
    }
    // What is left is spelling (relative or absolute, through a symlink), which the
    // snapshot serves under the names given now, or the order, which decides which of
    // two files of one township is used.
    if stored.files.map(\.absolutePath) != files.map(\.absolutePath) {
      return "the catalogue files are given in another order"
    }
    return nil
  }

  private static func name(_ path: String) -> String {
    path.split(separator: "/").last.map(String.init) ?? path
  }

  func encoded() -> [UInt8] {
    var writer = BinaryWriter()
    writer.writeFixed(formatVersion)
    writer.writeFixed(resourcesKey)
    writer.writeVarint(UInt64(files.count))
    for file in files {
      writer.writeString(file.path)
      writer.writeString(file.absolutePath)
      writer.writeInt(file.size)
      writer.writeFixed(file.hash)
    }
    return writer.finish()
  }

  init(decoding bytes: [UInt8]) throws(SnapshotError) {
    var reader = try BinaryReader(bytes: bytes)
    let formatVersion = try reader.readFixed(UInt32.self)
    let resourcesKey = try reader.readFixed(UInt64.self)
    let count = try reader.readCount(minimumElementBytes: 11)
    var files: [File] = []
    files.reserveCapacity(count)
    for _ in 0..<count {
      files.append(
        File(
          path: try reader.readString(), absolutePath: try reader.readString(),
          size: try reader.readInt(), hash: try reader.readFixed(UInt64.self)))
    }
    try reader.expectEnd("the snapshot key")
    self.init(files: files, resourcesKey: resourcesKey, formatVersion: formatVersion)
  }
}
