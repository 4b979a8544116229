import Foundation
import QingdanCorpus

@testable import QingdanCore

/// Temporary catalogue and cache directories for the cache tests; never the user's cache.
enum CacheFixtures {
  static let templates: [Catalogue] = {
    try! CatalogueLoader.load(paths: try CatalogueLoader.dataPaths(explicit: [])).catalogues
  }()

  /// A fresh directory under the system's temporary directory.
  static func temporaryDirectory(_ purpose: String) -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "qingdan-\(purpose)-\(UUID().uuidString)")
    try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  /// `count` synthetic townships written to a fresh directory.
  static func corpus(townships count: Int) -> URL {
    let directory = temporaryDirectory("corpus")
    _ = try! CorpusGenerator(templates: templates, seed: 7).write(townships: count, to: directory)
    return directory
  }

  /// Waits until every catalogue under `directory` last changed more than the racy margin
  /// ago, so that a load from now on trusts their stats and the next load has none newer to
  /// record. Without it, whether a second load rewrites the snapshot depends on how long the
  /// first took (more than the margin under ThreadSanitizer on a busy machine).
  static func waitUntilSettled(_ directory: URL) {
    let files = (try? CatalogueLoader.files(in: [directory.path])) ?? []
    let lastChange =
      files.compactMap { FileStat(path: $0) }
      .map { max($0.modified, $0.changed) }.max() ?? 0
    let wait = lastChange + SnapshotKey.racyMargin + 100_000_000 - FileStat.now()
    if wait > 0 { Thread.sleep(forTimeInterval: Double(wait) / 1e9) }
  }

  /// A 10-township corpus shared by the tests that only read it.
  static let sharedCorpus: URL = corpus(townships: 10)

  /// A store in a fresh directory, found the way the app finds it: through the environment.
  static func store() -> SnapshotStore {
    SnapshotStore(environment: ["XDG_CACHE_HOME": temporaryDirectory("cache").path])
  }
}
