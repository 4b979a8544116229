import Foundation
import QingdanBrowser
import QingdanCore
import Synchronization

/// Runs the reducer's `.search` effects off the event loop, so typing never waits for a
/// slow query, and posts each result to the loop as an action. The search itself is the
/// shared `SearchClient.respond`. Only the newest request matters: one still waiting when
/// a newer one comes is dropped, and the reducer discards results of older generations.
final class SearchRunner: Sendable {
  private struct Request: Sendable {
    var query: String
    var scope: SearchScope
    var generation: Int
  }

  private let pending = Mutex<Request?>(nil)
  private let wake = DispatchSemaphore(value: 0)

  init(client: SearchClient, deliver: @escaping @Sendable (Action) -> Void) {
    let thread = Thread { [self] in work(client: client, deliver: deliver) }
    thread.stackSize = 8 << 20
    thread.start()
  }

  func submit(query: String, scope: SearchScope, generation: Int) {
    pending.withLock { $0 = Request(query: query, scope: scope, generation: generation) }
    wake.signal()
  }

  /// How long after its last search the runner gives back the search's working memory.
  static let idleRelease: DispatchTimeInterval = .seconds(2)

  private func work(client: SearchClient, deliver: @Sendable (Action) -> Void) {
    var searchedSinceRelease = false
    while true {
      // Once searching has paused, the memory it worked in goes back (many operators'
      // browsers share one machine and mostly sit idle between calls).
      if searchedSinceRelease, wake.wait(timeout: .now() + Self.idleRelease) == .timedOut {
        client.releaseIdleMemory()
        searchedSinceRelease = false
        continue
      }
      if !searchedSinceRelease { wake.wait() }
      guard let request = pending.withLock({ $0.take() }) else { continue }
      deliver(
        client.respond(
          query: request.query, scope: request.scope, generation: request.generation))
      searchedSinceRelease = true
    }
  }
}
