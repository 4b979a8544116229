import Foundation
import QingdanBrowser
import Synchronization

/// The one queue the event loop blocks on, as gitui's `QueueEvent` channel: the input
/// watcher, the search thread and the loader post to it from their threads; the loop waits
/// without a timeout, so an idle browser uses no CPU.
final class EventQueue<Event: Sendable>: Sendable {
  private let events = Mutex<[Event]>([])
  /// Signalled once per posted event.
  private let available = DispatchSemaphore(value: 0)

  func post(_ event: Event) {
    events.withLock { $0.append(event) }
    available.signal()
  }

  /// Waits until something was posted, then returns everything posted so far, oldest
  /// first, so a burst is handled before the next frame is drawn.
  func next() -> [Event] {
    available.wait()
    let taken = events.withLock { events in
      defer { events.removeAll() }
      return events
    }
    // One signal was consumed above; take those of the other events taken with it.
    for _ in taken.dropFirst() { available.wait() }
    return taken
  }
}

/// What the event loop waits for.
enum LoopEvent: Sendable {
  /// The tty has input: read it (only the loop's thread touches curses).
  case input
  /// A signal arrived (stop, suspend, resize): the terminal acts on it.
  case signal
  /// The tty hung up (the terminal closed, an SSH connection dropped).
  case hangUp
  /// An action from elsewhere: search results, the search index ready, the log's answers.
  case action(Action)
  /// Loading progress, and its outcome.
  case progress(done: Int, total: Int)
  case loaded(Result<BrowserRuntime.Loaded, BrowserRuntime.RunError>)
}
