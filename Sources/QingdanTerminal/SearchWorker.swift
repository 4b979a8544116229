import Foundation
import QingdanBrowser
import QingdanCore
import Synchronization

/// Runs searches off the input loop so typing never waits for a slow query. Only the
/// newest request matters: a request that is still waiting when a newer one comes is
/// dropped, and the reducer discards results of older generations.
final class SearchWorker: Sendable {
  /// Hits whose match reasons (the browser's tags) are worked out: more than a screen holds.
  static let explainedHits = 60
  private struct Request: Sendable {
    var query: String
    var scope: SearchScope
    var generation: Int
  }

  struct Result: Sendable {
    var generation: Int
    var hits: [SearchHit]
    var highlighter: Highlighter
  }

  private let engine: SearchEngine
  private let pending = Mutex<Request?>(nil)
  private let finished = Mutex<[Result]>([])
  private let wake = DispatchSemaphore(value: 0)

  init(engine: SearchEngine) {
    self.engine = engine
    let thread = Thread { [self] in work() }
    thread.stackSize = 8 << 20
    thread.start()
  }

  func submit(query: String, scope: SearchScope, generation: Int) {
    pending.withLock { $0 = Request(query: query, scope: scope, generation: generation) }
    wake.signal()
  }

  /// Results that arrived since the last call.
  func takeResults() -> [Result] {
    finished.withLock { results in
      defer { results.removeAll() }
      return results
    }
  }

  var isBusy: Bool { pending.withLock { $0 != nil } }

  private func work() {
    while true {
      wake.wait()
      guard let request = pending.withLock({ $0 }) else { continue }
      let found = engine.searchAndHighlighter(
        request.query, scope: request.scope, limit: 200, highlighted: 0,
        explained: Self.explainedHits)
      let result = Result(
        generation: request.generation, hits: found.hits, highlighter: found.highlighter)
      finished.withLock { $0.append(result) }
      pending.withLock { current in
        if current?.generation == request.generation { current = nil }
      }
    }
  }
}
