import Foundation
import QingdanBrowser
import QingdanCore
import Synchronization

/// The small runtime around the pure browser: waits on one event queue (keys, resize,
/// signals, search results, loading), reduces, performs the effects the reducer asks for,
/// draws what `render` returns. All behaviour is in `reduce`; here are only the things
/// that take time: loading (on a background thread, with a progress screen), on a cold start
/// building the search index (on a thread of its own, after the first frame) and searching
/// (on its own thread, so typing never waits). Nothing polls: an idle browser sleeps.
public enum BrowserRuntime {
  /// What loading produced: the catalogues, their search engine or how to build it, and a
  /// note for the status bar (e.g. unreadable rows).
  public struct Loaded: Sendable {
    public var catalogue: CatalogueIndex
    public var engine: Engine
    public var contacts: ContactDirectory
    public var note: String?
    /// The enquiry log (`MemoryDeskLog` when none could be opened), and why not, if so.
    public var desk: any DeskLog
    public var deskProblem: String?

    public init(
      catalogue: CatalogueIndex, engine: Engine, contacts: ContactDirectory = .empty,
      note: String?, desk: any DeskLog = MemoryDeskLog(), deskProblem: String? = nil
    ) {
      self.catalogue = catalogue
      self.engine = engine
      self.contacts = contacts
      self.note = note
      self.desk = desk
      self.deskProblem = deskProblem
    }

    /// The search engine: read with the catalogues (a warm start), or built on a
    /// background thread once the first frame is up (a cold start: browsing need not wait
    /// for the search index). `build` returns the engine and what to do once it is in use
    /// (writing the index snapshot).
    public enum Engine: Sendable {
      case ready(SearchEngine)
      case later(build: @Sendable () -> (engine: SearchEngine, then: (@Sendable () -> Void)?))
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
    let queue = EventQueue<LoopEvent>()
    let watcher = InputWatcher(tty: STDIN_FILENO, wake: terminal.wakeDescriptor, queue: queue)
    defer { watcher.stop() }
    let loop = EventLoop(terminal: terminal, queue: queue, watcher: watcher)
    guard let (loaded, typedAhead) = try loop.waitForLoading(load) else { return }
    // Consumed: on a cold start what was loaded (its catalogue index without duty texts)
    // is freed once the engine's replaces it, not kept for the whole session.
    try loop.browse(consume loaded, typedAhead: typedAhead)
  }
}

/// The event loop, as Bubble Tea's `eventLoop`: wait on the one queue, turn each event into
/// actions, reduce, perform the effects, draw once the queue is empty.
private struct EventLoop {
  let terminal: NcursesTerminal
  let queue: EventQueue<LoopEvent>
  let watcher: InputWatcher

  /// Loads on a background thread while showing progress; `q` or Ctrl-C gives up.
  /// Returns what was loaded and the events typed meanwhile; nil when the user quit.
  func waitForLoading(_ load: @escaping BrowserRuntime.Loader) throws
    -> (BrowserRuntime.Loaded, [InputEvent])?
  {
    startLoading(load)
    var typedAhead: [InputEvent] = []
    var progress = (done: 0, total: 0)
    var outcome: Result<BrowserRuntime.Loaded, BrowserRuntime.RunError>?
    while true {
      drawLoading(progress)
      // The whole batch is handled even after `.loaded`: input read after it is typed
      // ahead too, and every `.input` must be answered (`read`) for the watcher to go on.
      for event in queue.next() {
        switch event {
        case .loaded(let result): outcome = result
        case .progress(let done, let total): progress = (done, total)
        case .hangUp: terminal.exitAfterSignal(SIGHUP)
        case .input, .signal:
          for input in read(event) {
            // After a typed-ahead "/", a "q" is part of the query, not a request to quit.
            let typingQuery = typedAhead.contains { $0.keys.contains(.character("/")) }
            switch input {
            case .key(.control("c")): return nil
            case .key(.character("q")) where !typingQuery: return nil
            case .resize: break
            default: typedAhead.append(input)
            }
          }
        case .action:
          break
        }
      }
      if let outcome { return (try outcome.get(), typedAhead) }
    }
  }

  private func startLoading(_ load: @escaping BrowserRuntime.Loader) {
    let queue = queue
    // Progress is posted when it moves by a percent or more, not for every file.
    let shown = Mutex(-1)
    let thread = Thread {
      do {
        let loaded = try load { done, total in
          let percent = total > 0 ? done * 100 / total : 0
          guard
            shown.withLock({ shown in
              defer { shown = percent }
              return shown != percent
            })
          else { return }
          queue.post(.progress(done: done, total: total))
        }
        queue.post(.loaded(.success(loaded)))
      } catch {
        queue.post(.loaded(.failure(.loadingFailed("\(error)"))))
      }
    }
    thread.stackSize = 8 << 20
    thread.start()
  }

  private func drawLoading(_ progress: (done: Int, total: Int)) {
    let (width, height) = terminal.size
    terminal.draw(
      renderLoading(done: progress.done, total: progress.total, width: width, height: height))
  }

  /// Browses until the user quits.
  func browse(_ loaded: consuming BrowserRuntime.Loaded, typedAhead: [InputEvent]) throws {
    let (width, height) = terminal.size
    let client: SearchClient
    switch loaded.engine {
    case .ready(let engine): client = SearchClient(engine: engine, contacts: loaded.contacts)
    case .later: client = SearchClient(catalogue: loaded.catalogue, contacts: loaded.contacts)
    }
    var state = BrowserState(
      client: client, width: width, height: height, colors: terminal.usesColors)
    state.message = terminal.warnings.first ?? loaded.note ?? loaded.deskProblem
    let queue = queue
    let searches = SearchRunner(client: client) { queue.post(.action($0)) }
    let desk = DeskRunner(log: loaded.desk) { queue.post(.action($0)) }
    desk.load()
    // Keys pressed while loading are not lost: "/低保" typed at once still searches.
    for input in typedAhead {
      guard
        perform(KeyMap.dispatch(input, into: &state), state: state, searches: searches, desk: desk)
      else { return }
    }
    terminal.draw(render(state))
    if case .later(let build) = loaded.engine { buildEngine(build, for: client) }
    _ = consume loaded
    while true {
      for event in queue.next() {
        let effects: [Effect]
        switch event {
        case .input, .signal:
          effects = read(event).flatMap { KeyMap.dispatch($0, into: &state) }
        case .action(let action):
          effects = reduce(&state, action)
        case .hangUp:
          terminal.exitAfterSignal(SIGHUP)
        case .progress, .loaded:
          continue
        }
        guard perform(effects, state: state, searches: searches, desk: desk) else { return }
      }
      terminal.draw(render(state))
    }
  }

  /// Builds the search engine on a thread of its own; searches typed meanwhile wait in
  /// `SearchClient.respond`, and the reducer hears `.searchIndexReady`. Quitting does not
  /// wait for it: the process ends with the thread (a snapshot being written is a
  /// temporary file until it is renamed into place whole).
  private func buildEngine(
    _ build: @escaping @Sendable () -> (engine: SearchEngine, then: (@Sendable () -> Void)?),
    for client: SearchClient
  ) {
    let queue = queue
    // Taken out to run once: what the build holds (a cold start's first catalogue index,
    // the files' rows) is let go when it returns, not when the thread ends.
    let work = Locked(Optional(build))
    let thread = Thread {
      let built: (engine: SearchEngine, then: (@Sendable () -> Void)?)
      do {
        guard let build = work.withLock({ $0.take() }) else { return }
        built = build()
      }
      let (engine, then) = built
      client.engineIsReady(engine)
      queue.post(.action(.searchIndexReady))
      then?()
      // The load's temporaries are freed by now: their heap pages go back to the system
      // (an idle browser holds little more than a warm start's).
      client.releaseIdleMemory()
    }
    thread.stackSize = 8 << 20
    thread.start()
  }

  /// Reads what the terminal has after a wake-up; the watcher then watches again.
  private func read(_ event: LoopEvent) -> [InputEvent] {
    let events = terminal.readAvailableEvents()
    if case .input = event { watcher.inputWasRead() }
    return events
  }

  /// Performs the reducer's effects: the one place they turn into work.
  /// Returns false when the browser is to quit.
  private func perform(
    _ effects: [Effect], state: BrowserState, searches: SearchRunner, desk: DeskRunner
  ) -> Bool {
    for effect in effects {
      switch effect {
      case .search(let query, let scope, let generation):
        // Only the newest query of a burst is worth running.
        guard generation == state.search?.generation else { continue }
        searches.submit(query: query, scope: scope, generation: generation)
      case .compare(let itemID):
        let client = state.client
        let queue = queue
        DispatchQueue.global(qos: .userInitiated).async {
          if let result = client.compare(itemID: itemID) { queue.post(.action(result)) }
        }
      case .copyToClipboard(let text):
        terminal.writeOSC52(text)
      case .desk(let write):
        desk.submit(write)
      case .quit:
        // What was recorded just before (a miss, the last entry) is written before leaving.
        desk.finish()
        return false
      }
    }
    return true
  }
}
