/// Catalogues loaded and indexed for searching, through the snapshot cache when it is
/// valid: the one way the CLI and the benchmark start (the browser starts with
/// `LoadedCatalogues`, which this is made from).
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

/// Catalogues loaded and indexed for browsing, through the snapshot cache when it is valid,
/// with their search engine ready (a snapshot hit) or still to be built (a cold start):
/// all the browser's first frame needs. The tree, the item lists, the details and "who
/// handles" work from `catalogue`; only searching waits for the engine.
public struct LoadedCatalogues: Sendable {
  public var catalogue: CatalogueIndex
  public var result: LoadResult
  /// As `LoadedEngine.cacheSummary`; on a cold start, before any snapshot is written.
  public var cacheSummary: String
  /// As `LoadedEngine.cacheWarning`.
  public var cacheWarning: String?
  public var search: EngineReadiness

  /// The engine at once: built here on a cold start (the snapshot then written, unless
  /// `writingSnapshotLater` leaves it to `pendingSnapshot`), as a command needs it.
  public func withEngine(writingSnapshotLater: Bool = false) -> LoadedEngine {
    switch search {
    case .ready(let engine):
      return LoadedEngine(
        engine: engine, result: result, cacheSummary: cacheSummary, cacheWarning: cacheWarning)
    case .toBuild(let pending):
      let built = pending.build()
      var outcome = pending.loaded
      if let snapshot = built.snapshot, !writingSnapshotLater {
        outcome.write = snapshot.write()
        return LoadedEngine(
          engine: built.engine, result: built.result, cacheSummary: outcome.summary,
          cacheWarning: outcome.warning)
      }
      return LoadedEngine(
        engine: built.engine, result: built.result, cacheSummary: outcome.summary,
        cacheWarning: outcome.warning, pendingSnapshot: built.snapshot)
    }
  }
}

/// Whether a load's search engine can be used at once.
public enum EngineReadiness: Sendable {
  /// Read from the snapshot with the catalogues (a warm start).
  case ready(SearchEngine)
  /// To build from the loaded catalogues (a cold start, or a snapshot whose index could
  /// not be read): `PendingEngine.build`, then the snapshot it returns.
  case toBuild(PendingEngine)
}

/// A search engine still to build over catalogues already loaded and indexed, so that a
/// caller can show them first (the browser's first frame) and build it on another thread.
public struct PendingEngine: Sendable {
  let catalogue: CatalogueIndex
  let loaded: CachedLoad
  let resources: SearchResources

  /// Builds the search index (the n-gram postings and the rest: about a third of a cold
  /// start), after reading the duty texts a load deferred (the engine's catalogue index
  /// then has them; `result` is the load's with them). The snapshot is not written here:
  /// the returned one is (nil without a cache directory), after the engine is in use.
  public func build() -> (engine: SearchEngine, snapshot: PendingSnapshot?, result: LoadResult) {
    var loaded = loaded
    var catalogue = catalogue
    if loaded.result.hasPendingDutyTexts {
      loaded.result = loaded.result.completingDutyTexts()
      catalogue = CatalogueIndex(catalogues: loaded.result.catalogues)
    }
    let engine = SearchEngine(catalogue: catalogue, resources: resources)
    guard loaded.store.directory != nil else { return (engine, nil, loaded.result) }
    return (engine, PendingSnapshot(loaded: loaded, engine: engine), loaded.result)
  }
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
    try loadCatalogues(paths: paths, resources: resources, cache: cache, progress: progress)
      .withEngine(writingSnapshotLater: writingSnapshotLater)
  }

  /// Loads `paths` as `load` does, but on a cold start returns as soon as the catalogues
  /// are indexed for browsing, with the search engine still to build (`PendingEngine`);
  /// on a snapshot hit the engine is ready, as with `load`.
  ///
  /// - Parameter deferringDutyTexts: on a cold start, leave duty texts `.pending` in
  ///   `catalogue` (names, departments and handlers are there); the engine's catalogue
  ///   index has them, read by `PendingEngine.build`.
  public static func loadCatalogues(
    paths: [String], resources: SearchResources, cache: SnapshotStore = SnapshotStore(),
    deferringDutyTexts: Bool = false,
    progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil
  ) throws(LoadError) -> LoadedCatalogues {
    let loaded = try CatalogueLoader.load(
      paths: paths, cache: cache, resourcesKey: snapshotKey(resources: resources),
      writesSnapshotOnMiss: false, deferringDutyTexts: deferringDutyTexts, progress: progress)
    // Nothing is indexed over zero items; the caller says why each file gave nothing.
    guard !loaded.result.catalogues.isEmpty else {
      throw .nothingLoaded(files: loaded.result.files)
    }
    guard loaded.usedSnapshot else {
      let catalogue = CatalogueIndex(catalogues: loaded.result.catalogues)
      return toBuild(catalogue, loaded, resources)
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
      return LoadedCatalogues(
        catalogue: catalogue, result: loaded.result, cacheSummary: loaded.summary,
        cacheWarning: nil,
        search: .ready(SearchEngine(catalogue: catalogue, resources: resources, index: index)))
    case .failure(let error):
      var rebuilt = loaded
      rebuilt.miss = .corrupt("\(error)")
      return toBuild(catalogue, rebuilt, resources)
    }
  }

  private static func toBuild(
    _ catalogue: CatalogueIndex, _ loaded: CachedLoad, _ resources: SearchResources
  ) -> LoadedCatalogues {
    LoadedCatalogues(
      catalogue: catalogue, result: loaded.result, cacheSummary: loaded.summary,
      cacheWarning: loaded.warning,
      search: .toBuild(PendingEngine(catalogue: catalogue, loaded: loaded, resources: resources)))
  }
}
