/// Catalogues loaded and indexed for searching, through the snapshot cache when it is
/// valid: the one way the CLI, the browser and the benchmark start.
public struct LoadedEngine: Sendable {
  public var engine: SearchEngine
  public var result: LoadResult
  /// "cache: hit", or why the cache was not used and whether a new one was written.
  public var cacheSummary: String
  /// A cache problem only the user can fix, to print once (see `CachedLoad.warning`).
  public var cacheWarning: String? = nil
  /// With `writingSnapshotLater`: the snapshot still to be written (nil on a hit).
  public var pendingSnapshot: PendingSnapshot?
}

/// A snapshot to write once the caller has shown something (the browser's first frame
/// should not wait a second for a cache file).
public struct PendingSnapshot: Sendable {
  let loaded: CachedLoad
  let engine: SearchEngine

  @discardableResult
  public func write() -> SnapshotWriteOutcome {
    loaded.saveSnapshot(sections: engine.snapshotSections)
  }
}

extension SearchEngine {
  /// Loads `paths` and builds (or reads from the cache) the search index; throws
  /// `LoadError.nothingLoaded` when no catalogue loads. On a miss the
  /// fresh index is stored with the catalogues for the next start; a snapshot whose index
  /// cannot be read is rebuilt and replaced, never trusted.
  ///
  /// - Parameter writingSnapshotLater: leave the snapshot to `pendingSnapshot` instead of
  ///   writing it before returning.
  public static func load(
    paths: [String], resources: SearchResources, cache: SnapshotStore = SnapshotStore(),
    writingSnapshotLater: Bool = false,
    progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil
  ) throws(LoadError) -> LoadedEngine {
    let loaded = try CatalogueLoader.load(
      paths: paths, cache: cache, resourcesKey: snapshotKey(resources: resources),
      writesSnapshotOnMiss: false, progress: progress)
    // Nothing is indexed over zero items; the caller says why each file gave nothing.
    guard !loaded.result.catalogues.isEmpty else {
      throw .nothingLoaded(files: loaded.result.files)
    }
    guard loaded.usedSnapshot else {
      let catalogue = CatalogueIndex(catalogues: loaded.result.catalogues)
      return built(catalogue, loaded, resources, writingSnapshotLater: writingSnapshotLater)
    }
    // The catalogue index and the stored search index do not depend on each other: one
    // core each.
    let itemCount = loaded.result.catalogues.reduce(0) { $0 + $1.items.count }
    let (catalogue, stored) = concurrently {
      CatalogueIndex(catalogues: loaded.result.catalogues)
    } and: {
      Result { () throws(SnapshotError) in
        try SearchEngine.storedIndex(loaded.sections, itemCount: itemCount, resources: resources)
      }
    }
    switch stored {
    case .success(let index):
      return LoadedEngine(
        engine: SearchEngine(catalogue: catalogue, resources: resources, index: index),
        result: loaded.result, cacheSummary: loaded.summary, pendingSnapshot: nil)
    case .failure(let error):
      var rebuilt = loaded
      rebuilt.miss = .corrupt("\(error)")
      return built(catalogue, rebuilt, resources, writingSnapshotLater: writingSnapshotLater)
    }
  }

  private static func built(
    _ catalogue: CatalogueIndex, _ loaded: CachedLoad, _ resources: SearchResources,
    writingSnapshotLater: Bool
  ) -> LoadedEngine {
    let engine = SearchEngine(catalogue: catalogue, resources: resources)
    var outcome = loaded
    guard !loaded.result.catalogues.isEmpty, loaded.store.directory != nil else {
      return LoadedEngine(
        engine: engine, result: loaded.result, cacheSummary: outcome.summary,
        cacheWarning: outcome.warning)
    }
    let pending = PendingSnapshot(loaded: loaded, engine: engine)
    if writingSnapshotLater {
      return LoadedEngine(
        engine: engine, result: loaded.result, cacheSummary: outcome.summary,
        cacheWarning: outcome.warning, pendingSnapshot: pending)
    }
    outcome.write = pending.write()
    return LoadedEngine(
      engine: engine, result: loaded.result, cacheSummary: outcome.summary,
      cacheWarning: outcome.warning)
  }
}
