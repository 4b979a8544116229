import Foundation
import QingdanBrowser
import QingdanCore
import Synchronization

/// The small runtime around the pure browser: reads events, reduces them, performs the
/// effects the reducer asks for, draws what `render` returns. All behaviour is in `reduce`;
/// here are only the things that take time: loading (on a background thread, with a
/// progress screen) and searching (on a worker, so typing never waits).
public enum BrowserRuntime {
  /// What loading produced: the engine, a note for the status bar (e.g. unreadable rows),
  /// and work to do in the background once the first frame is up (writing the cache).
  public struct Loaded: Sendable {
    public var engine: SearchEngine
    public var note: String?
    public var afterFirstFrame: (@Sendable () -> Void)?

    public init(
      engine: SearchEngine, note: String?, afterFirstFrame: (@Sendable () -> Void)? = nil
    ) {
      self.engine = engine
      self.note = note
      self.afterFirstFrame = afterFirstFrame
    }
  }

  public typealias Loader =
    @Sendable (_ progress: @escaping @Sendable (Int, Int) -> Void) throws ->
    Loaded

  public enum RunError: Error, CustomStringConvertible {
    case loadingFailed(String)
    public var description: String {
      switch self {
      case .loadingFailed(let message): message
      }
    }
  }

  /// Runs the browser until the user quits. The terminal is restored on every way out.
  public static func run(colors: Bool, load: @escaping Loader) throws {
    let terminal = try NcursesTerminal.start(colors: colors)
    defer { terminal.stop() }
    guard let (loaded, typedAhead) = try waitForLoading(terminal: terminal, load: load) else {
      return
    }
    let (width, height) = terminal.size
    var state = BrowserState(
      engine: loaded.engine, width: width, height: height, colors: terminal.usesColors)
    state.message = terminal.warnings.first ?? loaded.note
    let worker = SearchWorker(engine: loaded.engine)
    // Keys pressed while loading are not lost: "/低保" typed at once still searches.
    for event in typedAhead {
      perform(KeyMap.dispatch(event, into: &state), on: &state, worker: worker, terminal: terminal)
    }
    terminal.draw(render(state))
    if let work = loaded.afterFirstFrame { Thread.detachNewThread(work) }
    while !state.isQuitting {
      // Poll quickly while a search is running, so its results show as soon as they land.
      let timeout: Int32 = worker.isBusy ? 5 : 1000
      var changed = false
      if let event = terminal.readEvent(timeoutMilliseconds: timeout) {
        perform(
          KeyMap.dispatch(event, into: &state), on: &state, worker: worker, terminal: terminal)
        changed = true
      }
      for result in worker.takeResults() {
        let effects = reduce(
          &state,
          .searchResults(
            generation: result.generation, hits: result.hits, highlighter: result.highlighter))
        perform(effects, on: &state, worker: worker, terminal: terminal)
        changed = true
      }
      if changed, !state.isQuitting { terminal.draw(render(state)) }
    }
  }

  static func perform(
    _ effects: [Effect], on state: inout BrowserState, worker: SearchWorker,
    terminal: NcursesTerminal
  ) {
    for effect in effects {
      switch effect {
      case .search(let query, let scope, let generation):
        // Only the newest query of a burst is worth running.
        guard generation == state.search?.generation else { continue }
        worker.submit(query: query, scope: scope, generation: generation)
      case .copyToClipboard(let text):
        terminal.writeOSC52(text)
      case .quit:
        break
      }
    }
  }

  /// Loads on a background thread while showing progress; `q` or Ctrl-C gives up.
  /// Returns what was loaded and the events typed meanwhile; nil when the user quit.
  private static func waitForLoading(terminal: NcursesTerminal, load: @escaping Loader) throws
    -> (Loaded, [InputEvent])?
  {
    var typedAhead: [InputEvent] = []
    let progress = Mutex((done: 0, total: 0))
    let outcome = Mutex<Result<Loaded, RunError>?>(nil)
    let thread = Thread {
      do {
        let loaded = try load { done, total in progress.withLock { $0 = (done, total) } }
        outcome.withLock { $0 = .success(loaded) }
      } catch {
        outcome.withLock { $0 = .failure(.loadingFailed("\(error)")) }
      }
    }
    thread.stackSize = 8 << 20
    thread.start()
    while true {
      if let result = outcome.withLock({ $0 }) {
        switch result {
        case .success(let loaded): return (loaded, typedAhead)
        case .failure(let error): throw error
        }
      }
      let (width, height) = terminal.size
      let (done, total) = progress.withLock { $0 }
      terminal.draw(renderLoading(done: done, total: total, width: width, height: height))
      // After a typed-ahead "/", a "q" is part of the query, not a request to quit.
      let typingQuery = typedAhead.contains { $0.keys.contains(.character("/")) }
      switch terminal.readEvent(timeoutMilliseconds: 20) {
      case .key(.control("c"))?: return nil
      case .key(.character("q"))? where !typingQuery: return nil
      case .resize?, nil: break
      case let event?: typedAhead.append(event)
      }
    }
  }
}
