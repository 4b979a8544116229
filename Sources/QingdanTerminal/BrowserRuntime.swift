import QingdanBrowser
import QingdanCore

/// The small runtime around the pure browser: reads events, reduces them, performs the
/// effects the reducer asks for, draws what `render` returns. All behaviour is in `reduce`.
public enum BrowserRuntime {
  /// Runs the browser until the user quits. The terminal is restored on every way out.
  public static func run(engine: SearchEngine, colors: Bool) throws {
    let terminal = try NcursesTerminal.start(colors: colors)
    defer { terminal.stop() }
    let (width, height) = terminal.size
    var state = BrowserState(
      engine: engine, width: width, height: height, colors: terminal.usesColors)
    if let warning = terminal.warnings.first { state.message = warning }
    terminal.draw(render(state))
    while !state.isQuitting {
      guard let event = terminal.readEvent(timeoutMilliseconds: 1000) else { continue }
      perform(KeyMap.dispatch(event, into: &state), on: &state, engine: engine, terminal: terminal)
      if !state.isQuitting { terminal.draw(render(state)) }
    }
  }

  static func perform(
    _ effects: [Effect], on state: inout BrowserState, engine: SearchEngine,
    terminal: NcursesTerminal
  ) {
    for effect in effects {
      switch effect {
      case .search(let query, let scope, let generation):
        // Only the newest query of a burst is worth running.
        guard generation == state.search?.generation else { continue }
        // Fast enough to run inline on the bundled catalogues (p99 well under a frame).
        let hits = engine.search(query, scope: scope, limit: 200, highlighted: 0)
        let highlighter = engine.highlighter(for: query)
        let more = reduce(
          &state, .searchResults(generation: generation, hits: hits, highlighter: highlighter))
        perform(more, on: &state, engine: engine, terminal: terminal)
      case .copyToClipboard(let text):
        terminal.writeOSC52(text)
      case .quit:
        break
      }
    }
  }
}
