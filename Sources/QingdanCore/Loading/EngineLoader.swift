/// Catalogues loaded and indexed for searching, through the snapshot cache when it is
/// valid: the one way the CLI, the browser and the benchmark start.
public struct LoadedEngine: Sendable {
  public var engine: SearchEngine
  public var result: LoadResult
  /// "cache: hit", or why the cache was not used and whether a new one was written.
  public var cacheSummary: String
}

extension SearchEngine {
  /// Loads `paths` and builds (or reads from the cache) the search index. On a miss the
  /// fresh index is stored with the catalogues for the next start; a snapshot whose index
  /// cannot be read is rebuilt and replaced, never trusted.
  public static func load(
    paths: [String], resources: SearchResources, cache: SnapshotStore = SnapshotStore(),
    progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil
  ) throws(LoadError) -> LoadedEngine {
    let loaded = try CatalogueLoader.load(
      paths: paths, cache: cache, resourcesKey: snapshotKey(resources: resources),
      writesSnapshotOnMiss: false, progress: progress)
    let catalogue = CatalogueIndex(catalogues: loaded.result.catalogues)
    if loaded.usedSnapshot {
      do {
        let engine = try SearchEngine(
          catalogue: catalogue, resources: resources, snapshotSections: loaded.sections)
        return LoadedEngine(engine: engine, result: loaded.result, cacheSummary: loaded.summary)
      } catch {
        let engine = SearchEngine(catalogue: catalogue, resources: resources)
        let written = loaded.saveSnapshot(sections: engine.snapshotSections)
        return LoadedEngine(
          engine: engine, result: loaded.result,
          cacheSummary: "cache: not used (\(error)); \(written)")
      }
    }
    let engine = SearchEngine(catalogue: catalogue, resources: resources)
    guard !loaded.result.catalogues.isEmpty, cache.directory != nil else {
      return LoadedEngine(engine: engine, result: loaded.result, cacheSummary: loaded.summary)
    }
    let written = loaded.saveSnapshot(sections: engine.snapshotSections)
    var summary = loaded
    summary.write = written
    return LoadedEngine(engine: engine, result: loaded.result, cacheSummary: summary.summary)
  }
}
