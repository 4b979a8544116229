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

  /// A 10-township corpus shared by the tests that only read it.
  static let sharedCorpus: URL = corpus(townships: 10)

  /// A store in a fresh directory, found the way the app finds it: through the environment.
  static func store() -> SnapshotStore {
    SnapshotStore(environment: ["XDG_CACHE_HOME": temporaryDirectory("cache").path])
  }
}
