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

  /// What the user should hear about: the cache cannot work until they act (a directory
  /// where a snapshot file belongs, a file where the cache folder belongs). Nil for misses
  /// that mend themselves (stale, damaged: rebuilt).
  public var warning: String? {
    if case .blocked(let path, let what)? = miss {
      return "\(path): warning: this is \(what), where qingdan keeps an index cache file; "
        + "loading goes on without the cache (slower starts); remove it to turn the cache "
        + "back on"
    }
    if case .skipped(let why)? = write, why.hasPrefix("cannot create"),
      let directory = store.directory
    {
      return "\(directory): warning: the index cache folder cannot be created (\(why)); "
        + "loading goes on without the cache; remove what is in the way, or set XDG_CACHE_HOME"
    }
    return nil
  }

  /// One line for logs and `--verbose`: "cache: hit" or "cache: rebuilt (stale: … changed)".
  public var summary: String {
    guard let miss else { return "cache: hit" }
    let written = write.map { "; \($0)" } ?? ""
    return "cache: not used (\(miss))\(written)"
  }

  /// Persists the result with `sections`, replacing the data set's snapshot; for a caller
  /// that builds more (the search index) after a miss. Duty texts still pending are read
  /// first: a snapshot holds whole items.
  @discardableResult
  public func saveSnapshot(sections: [String: [UInt8]]) -> SnapshotWriteOutcome {
    store.write(
      Snapshot(
        key: key, result: result.completingDutyTexts(),
        sections: sections.mapValues(SnapshotSection.init)))
  }
}

extension CatalogueLoader {
  /// Loads like `load(paths:progress:)`, through a snapshot. Every file is `stat`ed; a file
  /// whose stat is what the snapshot's key recorded keeps its recorded hash unread, the
  /// others are read and hashed (as git's index does). The snapshot is used when the key
  /// then matches; its stats are recorded anew when some differed. Otherwise the files are
  /// parsed and (when `writesSnapshotOnMiss`) a fresh snapshot is written.
  ///
  /// - Parameter resourcesKey: a hash of what the caller's sections depend on besides the
  ///   catalogues (search tables, synonyms); a different value makes the snapshot stale.
  /// - Parameter deferringDutyTexts: on a miss, leave duty texts `.pending`
  ///   (`LoadResult.completingDutyTexts`); a snapshot's items are whole.
  public static func load(
    paths: [String], cache: SnapshotStore, resourcesKey: UInt64 = 0,
    writesSnapshotOnMiss: Bool = true, deferringDutyTexts: Bool = false,
    progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil
  ) throws(LoadError) -> CachedLoad {
    let files = try files(in: paths)
    // Taken before any stat: a change after it is either seen by the stat or makes the
    // file "racy" (changed too close to this moment to trust its stat next time).
    let recordedAt = FileStat.now()
    let canonical = HashedFile.canonical(files)
    let absolutePaths = canonical.map(\.absolutePath)
    let opened = cache.open(fileSet: absolutePaths)
    let storedKey = try? opened.get().key
    let read = concurrentMap(files.count) { index in
      let stat = canonical[index].stat
      if let stat,
        let hash = storedKey?.recordedHash(
          of: absolutePaths[index], stat: stat, position: index)
      {
        return HashedFile.recorded(
          files[index], absolutePath: absolutePaths[index], stat: stat, hash: hash)
      }
      return HashedFile.read(files[index], absolutePath: absolutePaths[index], stat: stat)
    }
    var key = SnapshotKey(files: read, resourcesKey: resourcesKey)
    key.recordedAt = recordedAt
    let miss: SnapshotMiss
    switch opened.flatMap({ opened in
      Result { () throws(SnapshotMiss) in
        (opened, try opened.snapshot(for: key, itemsWhenRead: true))
      }
    }) {
    case .success(let (opened, snapshot)):
      progress?(files.count, files.count)
      var write: SnapshotWriteOutcome?
      if key.recordsNewerStats(than: snapshot.key) {
        write = cache.rewrite(opened, key: key)
      }
      return CachedLoad(
        result: snapshot.result.namingFiles(of: snapshot.key, as: key),
        sections: snapshot.sections, miss: nil, write: write, key: key, store: cache)
    case .failure(let reason):
      miss = reason
    }
    // Files trusted by their stat were not read; a miss needs their contents after all.
    let contents = concurrentMap(read.count) { index in
      read[index].contents ?? FileManager.default.contents(atPath: files[index])
    }
    // (The files' bytes, a thousand large buffers, are freed on return, at once, for the
    // index build to reuse.)
    var loaded = CachedLoad(
      result: parseAndAssemble(
        files: files, progress: progress, deferringDutyTexts: deferringDutyTexts
      ) { contents[$0] },
      sections: [:], miss: miss, write: nil, key: key, store: cache)
    if writesSnapshotOnMiss, cache.directory != nil {
      loaded.write = loaded.saveSnapshot(sections: [:])
    }
    return loaded
  }
}

extension SnapshotKey {
  /// Whether this key (of the same contents as `stored`) is worth writing over it: some
  /// file's stat changed, or a file hashed because its stat was too recent to trust can now
  /// be trusted. (A file changed within `racyMargin` of every start would otherwise cost a
  /// rewrite per start.)
  func recordsNewerStats(than stored: SnapshotKey) -> Bool {
    zip(files, stored.files).contains { current, old in
      guard current.stat == old.stat else { return true }
      guard let stat = current.stat else { return false }
      let trustedThen = max(stat.modified, stat.changed) < stored.recordedAt - Self.racyMargin
      let trustedNow = max(stat.modified, stat.changed) < recordedAt - Self.racyMargin
      return !trustedThen && trustedNow
    }
  }
}

extension LoadResult {
  /// The result as loaded from `current`'s paths: a snapshot written when the same files
  /// were named otherwise (relative or absolute, through a symlink) reports them by the
  /// names given now.
  func namingFiles(of stored: SnapshotKey, as current: SnapshotKey) -> LoadResult {
    var renames: [String: String] = [:]
    for (old, new) in zip(stored.files, current.files)
    where !ExactString.sameBytes(old.path, new.path) {
      renames[old.path] = new.path
    }
    guard !renames.isEmpty else { return self }
    func renamed(_ path: String) -> String { renames[path] ?? path }
    // A message naming an old path holds its folder: one byte search per folder (usually
    // one) rules out most messages, instead of one search per renamed file (1,000 files ×
    // 1,500 messages was two seconds of every start from another working directory).
    let renamesByFolder = Dictionary(grouping: renames) { old, _ in
      old.lastIndex(of: "/").map { String(old[...$0]) } ?? old
    }
    var result = self
    for index in result.catalogues.indices {
      result.catalogues[index].source = renamed(result.catalogues[index].source)
    }
    for index in result.files.indices {
      result.files[index].file = renamed(result.files[index].file)
      for number in result.files[index].diagnostics.indices {
        var diagnostic = result.files[index].diagnostics[number]
        diagnostic.file = renamed(diagnostic.file)
        // Messages name other files too ("already loaded from PATH").
        for (folder, folderRenames) in renamesByFolder
        where ExactString.containsBytes(diagnostic.message, folder) {
          for (old, new) in folderRenames
          where ExactString.containsBytes(diagnostic.message, old) {
            diagnostic.message = diagnostic.message.replacingOccurrences(of: old, with: new)
          }
        }
        result.files[index].diagnostics[number] = diagnostic
      }
    }
    return result
  }
}
