import Foundation
import Synchronization
import Testing

@testable import QingdanCore

/// One engine used from several threads at once, as the browser does: its search worker
/// queries while the input loop highlights and the background writer stores the snapshot.
/// Run under `swift test --sanitize=thread` this is what TSan checks.
@Suite("Concurrent use of one engine")
struct ConcurrentUseTests {
  @Test func searchesHighlightsAndTheSnapshotWriteRunTogether() throws {
    let store = CacheFixtures.store()
    let loaded = try SearchEngine.load(
      paths: [CacheFixtures.sharedCorpus.path], resources: EngineCacheTests.resources,
      cache: store, writingSnapshotLater: true)
    let engine = loaded.engine
    let pending = try #require(loaded.pendingSnapshot)
    let queries = EngineCacheTests.queries
    let expected = queries.map { engine.search($0, limit: 20).map(\.position) }
    let mismatches = Atomic<Int>(0)
    let writes = Atomic<Int>(0)
    DispatchQueue.concurrentPerform(iterations: 6) { worker in
      if worker == 0, case .written = pending.write() {
        writes.add(1, ordering: .relaxed)
        return
      }
      for round in 0..<8 {
        let index = (worker + round) % queries.count
        let (hits, highlighter) = engine.searchAndHighlighter(
          queries[index], limit: 20, highlighted: 3)
        if hits.map(\.position) != expected[index] { mismatches.add(1, ordering: .relaxed) }
        if let first = hits.first {
          _ = highlighter.matches(item: first.position, in: engine.index)
        }
      }
    }
    #expect(mismatches.load(ordering: .relaxed) == 0)
    #expect(writes.load(ordering: .relaxed) == 1)
    let again = try SearchEngine.load(
      paths: [CacheFixtures.sharedCorpus.path], resources: EngineCacheTests.resources,
      cache: store)
    #expect(again.cacheSummary == "cache: hit")
  }
}
