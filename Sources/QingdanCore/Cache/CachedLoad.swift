import Foundation

/// The outcome of a cached load: the same `LoadResult` an uncached load gives, the caller's
/// snapshot sections when the snapshot was used, and why it was or was not.
public struct CachedLoad: Sendable {
  public var result: LoadResult
  /// The sections stored with the snapshot (e.g. "search-index"); empty on a miss.
  public var sections: [String: SnapshotSection]
  /// Why the snapshot was not used; nil when it was.
  public var miss: SnapshotMiss?
  /// What writing a fresh snapshot did; nil when none was attempted (a hit, or the caller
  /// asked to save it later with `saveSnapshot(sections:)`).
  public var write: SnapshotWriteOutcome?
  /// The key of the files as they were read.
  public var key: SnapshotKey
  public var store: SnapshotStore

  public var usedSnapshot: Bool { miss == nil }

  /// One line for logs and `--verbose`: "cache: hit" or "cache: rebuilt (stale: … changed)".
  public var summary: String {
    guard let miss else { return "cache: hit" }
    let written = write.map { "; \($0)" } ?? ""
    return "cache: not used (\(miss))\(written)"
  }

  /// Persists the result with `sections`, replacing the data set's snapshot; for a caller
  /// that builds more (the search index) after a miss.
  @discardableResult
  public func saveSnapshot(sections: [String: [UInt8]]) -> SnapshotWriteOutcome {
    store.write(
      Snapshot(key: key, result: result, sections: sections.mapValues(SnapshotSection.init)))
  }
}

extension CatalogueLoader {
  /// Loads like `load(paths:progress:)`, through a snapshot: reads and hashes every file
  /// once, uses the snapshot when its key matches, otherwise parses the bytes already read
  /// and (when `writesSnapshotOnMiss`) writes a fresh snapshot.
  ///
  /// - Parameter resourcesKey: a hash of what the caller's sections depend on besides the
  ///   catalogues (search tables, synonyms); a different value makes the snapshot stale.
  public static func load(
    paths: [String], cache: SnapshotStore, resourcesKey: UInt64 = 0,
    writesSnapshotOnMiss: Bool = true,
    progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil
  ) throws(LoadError) -> CachedLoad {
    let files = try files(in: paths)
    var read = HashedFile.read(files)
    let key = SnapshotKey(files: read, resourcesKey: resourcesKey)
    let miss: SnapshotMiss
    switch cache.read(key: key) {
    case .success(let snapshot):
      progress?(files.count, files.count)
      return CachedLoad(
        result: snapshot.result, sections: snapshot.sections, miss: nil, write: nil, key: key,
        store: cache)
    case .failure(let reason):
      miss = reason
    }
    let contents = read.map(\.contents)
    read = []
    let results = parseConcurrently(count: files.count, progress: progress) { index in
      parse(file: files[index], contents: contents[index])
    }
    var loaded = CachedLoad(
      result: assemble(files: files, results: results), sections: [:], miss: miss, write: nil,
      key: key, store: cache)
    if writesSnapshotOnMiss, cache.directory != nil {
      loaded.write = loaded.saveSnapshot(sections: [:])
    }
    return loaded
  }
}
