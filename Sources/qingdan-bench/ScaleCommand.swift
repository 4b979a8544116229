import ArgumentParser
import Foundation
import QingdanBrowser
import QingdanCore

/// One size of the province-scale benchmark: load a corpus, index it, time the judged
/// queries in-process and inside the browser core.
struct ScaleCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "scale",
    abstract: "Load, index and query one corpus; print its figures (use -c release).")

  @Option(help: "Catalogue files or a directory (repeatable).") var data: [String]
  @Option(help: "Judged query files. Default: the dev set and eval/queries.jsonl.")
  var queries: [String] = []
  @Option(help: "Stop repeating the query set after this many seconds.") var seconds = 10.0
  @Flag(help: "Print one JSON object.") var json = false
  @Option(help: "Also list the slowest queries.") var slowest = 0
  @Option(help: "Times to time the browser frames (each query's best is printed too).")
  var browserRounds = 1

  struct Figures: Codable {
    var townships: Int
    var items: Int
    var bytes: Int
    var load_ms: Double
    var index_ms: Double
    var rss_mb: Double
    var queries: Int
    var query_p50_ms: Double
    var query_p99_ms: Double
    var browser_p50_ms: Double
    var browser_p99_ms: Double
    var cold_start_ms: Double
    var cold_search_ready_ms: Double
    var cold_write_ms: Double
    var warm_start_ms: Double
    var warm_rss_mb: Double
    var snapshot_mb: Double
  }

  func run() throws {
    let startUp = try measureStartUp()
    let files = try CatalogueLoader.files(in: data)
    let bytes = files.reduce(0) { total, file in
      total + ((try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0)
    }
    let (loaded, loadMS) = try Measure.time { try CatalogueLoader.load(paths: data) }
    let resources = try SearchResources.loadCompiled().resources
    let (engine, indexMS) = Measure.time {
      SearchEngine(catalogue: CatalogueIndex(catalogues: loaded.catalogues), resources: resources)
    }
    let rss = Measure.residentMegabytes()
    let judged = try JudgedQueries.load(queries.isEmpty ? JudgedQueries.defaultPaths() : queries)
    let texts = judged.map(\.q)

    // In-process search, as `qingdan search` does after loading: top 20 with highlights.
    var queryTimes: [Double] = []
    var unpreemptedTimes: [Double] = []
    // Each query's best round: what the code costs, with less of what other processes on
    // a shared machine cost it.
    var bestQueryTimes = [Double](repeating: .infinity, count: texts.count)
    let deadline = Measure.clock.now + .seconds(seconds)
    repeat {
      for (number, text) in texts.enumerated() {
        let switches = Measure.preemptions()
        let time = Measure.time { _ = engine.search(text, limit: 20) }.1
        queryTimes.append(time)
        if Measure.preemptions() == switches { unpreemptedTimes.append(time) }
        bestQueryTimes[number] = min(bestQueryTimes[number], time)
      }
    } while Measure.clock.now < deadline && queryTimes.count < texts.count * 20

    // Inside the browser: the query's results reach the state and a frame is rendered,
    // highlighting the visible hits (80×24).
    var browserTimes: [Double] = []
    var unpreemptedBrowserTimes: [Double] = []
    var bestBrowserTimes = [Double](repeating: .infinity, count: texts.count)
    var state = BrowserState(engine: engine, width: 80, height: 24)
    _ = reduce(&state, .startSearch)
    for _ in 0..<max(1, browserRounds) {
      for (number, text) in texts.enumerated() {
        let switches = Measure.preemptions()
        let time = Measure.time {
          for effect in reduce(&state, .clearQuery) + reduce(&state, .insertText(text)) {
            guard case .search(let query, let scope, let generation) = effect else { continue }
            _ = reduce(
              &state, state.client.respond(query: query, scope: scope, generation: generation))
          }
          _ = render(state)
        }.1
        browserTimes.append(time)
        if Measure.preemptions() == switches { unpreemptedBrowserTimes.append(time) }
        bestBrowserTimes[number] = min(bestBrowserTimes[number], time)
      }
    }
    if slowest > 0 {
      let once = texts.map { text in (text, Measure.time { _ = engine.search(text, limit: 20) }.1) }
      for (text, ms) in once.sorted(by: { $0.1 > $1.1 }).prefix(slowest) {
        FileHandle.standardError.write(Data("slow: \(Measure.format(ms)) ms  \(text)\n".utf8))
      }
    }
    queryTimes.sort()
    browserTimes.sort()
    unpreemptedTimes.sort()
    unpreemptedBrowserTimes.sort()
    bestQueryTimes.sort()
    bestBrowserTimes.sort()
    let figures = Figures(
      townships: loaded.catalogues.count, items: engine.catalogue.items.count, bytes: bytes,
      load_ms: loadMS, index_ms: indexMS, rss_mb: rss, queries: texts.count,
      query_p50_ms: Measure.percentile(queryTimes, 0.5),
      query_p99_ms: Measure.percentile(queryTimes, 0.99),
      browser_p50_ms: Measure.percentile(browserTimes, 0.5),
      browser_p99_ms: Measure.percentile(browserTimes, 0.99),
      cold_start_ms: startUp.cold_start_ms ?? 0,
      cold_search_ready_ms: startUp.cold_search_ready_ms ?? 0,
      cold_write_ms: startUp.cold_write_ms ?? 0,
      warm_start_ms: startUp.warm_start_ms,
      warm_rss_mb: startUp.warm_rss_mb ?? 0, snapshot_mb: startUp.snapshot_mb ?? 0)
    if json {
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.sortedKeys]
      print(String(decoding: try encoder.encode(figures), as: UTF8.self))
      return
    }
    print(
      """
      townships \(figures.townships), items \(figures.items), \(bytes / 1_000_000) MB of text
      load (read + parse): \(Measure.format(loadMS)) ms
      index: \(Measure.format(indexMS)) ms
      resident memory: \(Measure.format(rss)) MB
      query p50 / p99: \(Measure.format(figures.query_p50_ms)) / \(Measure.format(figures.query_p99_ms)) ms
      browser frame p50 / p99: \(Measure.format(figures.browser_p50_ms)) / \(Measure.format(figures.browser_p99_ms)) ms
      not preempted (\(unpreemptedTimes.count) of \(queryTimes.count) queries, \(unpreemptedBrowserTimes.count) of \(browserTimes.count) frames), p50 / p99: query \(Measure.format(Measure.percentile(unpreemptedTimes, 0.5))) / \(Measure.format(Measure.percentile(unpreemptedTimes, 0.99))) ms, browser frame \(Measure.format(Measure.percentile(unpreemptedBrowserTimes, 0.5))) / \(Measure.format(Measure.percentile(unpreemptedBrowserTimes, 0.99))) ms
      each query's best round, p50 / p99: query \(Measure.format(Measure.percentile(bestQueryTimes, 0.5))) / \(Measure.format(Measure.percentile(bestQueryTimes, 0.99))) ms, browser frame \(Measure.format(Measure.percentile(bestBrowserTimes, 0.5))) / \(Measure.format(Measure.percentile(bestBrowserTimes, 0.99))) ms
      start-up to first frame, cold: \(Measure.format(figures.cold_start_ms)) ms; search ready \(Measure.format(figures.cold_search_ready_ms)) ms; then writing the cache \(Measure.format(figures.cold_write_ms)) ms
      start-up to first frame, warm (cache valid): \(Measure.format(figures.warm_start_ms)) ms
      resident memory after a warm start: \(Measure.format(figures.warm_rss_mb)) MB
      snapshot: \(Measure.format(figures.snapshot_mb)) MB
      """)
  }

  /// Cold and warm start-up through a fresh cache directory; the warm start's memory in a
  /// process of its own (this one holds more by then).
  private func measureStartUp() throws -> CacheCommand.Figures {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "qingdan-bench-scale-cache-\(UUID().uuidString)"
    ).path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let arguments =
      ["cache", "--cache-dir", directory, "--json"] + data.flatMap { ["--data", $0] }
    var figures = try CacheCommand.Figures.decoded(fromRunning: arguments + ["--rounds", "3"])
    figures.warm_rss_mb = try CacheCommand.Figures.decoded(fromRunning: arguments + ["--warm-only"])
      .warm_rss_mb
    return figures
  }
}

extension CacheCommand.Figures {
  /// Runs this benchmark executable with `arguments` and reads the JSON it prints.
  static func decoded(fromRunning arguments: [String]) throws -> Self {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
    process.arguments = arguments
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let bytes = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      throw ValidationError("qingdan-bench \(arguments.joined(separator: " ")) failed")
    }
    return try JSONDecoder().decode(Self.self, from: bytes)
  }
}

/// The browser's start-up and typing latency on the bundled catalogues (issue: browser).
struct BrowserBenchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "browser",
    abstract: "Time to first frame and keystroke-to-frame latency, in the browser core.")

  @Option(help: "Times to type the judged queries.") var rounds = 5

  func run() throws {
    // The search tables compiled beforehand, as after any earlier start.
    _ = try SearchResources.loadCompiled()
    let start = Measure.clock.now
    let loaded = try CatalogueLoader.load(paths: try CatalogueLoader.dataPaths(explicit: []))
    let engine = SearchEngine(
      catalogue: CatalogueIndex(catalogues: loaded.catalogues),
      resources: try SearchResources.loadCompiled().resources)
    var state = BrowserState(engine: engine, width: 80, height: 24)
    _ = render(state)
    let firstFrame = Measure.milliseconds(Measure.clock.now - start)

    let texts = try JudgedQueries.load(JudgedQueries.defaultPaths()).map(\.q)
    var keystrokes: [Double] = []
    for _ in 0..<rounds {
      for text in texts {
        _ = KeyMap.dispatch(.key(.character("/")), into: &state)
        for character in text {
          keystrokes.append(
            Measure.time {
              let effects = KeyMap.dispatch(.text(String(character)), into: &state)
              for case .search(let query, let scope, let generation) in effects {
                _ = reduce(
                  &state, state.client.respond(query: query, scope: scope, generation: generation))
              }
              _ = render(state)
            }.1)
        }
        _ = KeyMap.dispatch(.key(.escape), into: &state)
      }
    }
    keystrokes.sort()
    print("time to first frame (load, index, first render): \(Measure.format(firstFrame)) ms")
    print("keystrokes: \(keystrokes.count)")
    print("keystroke to frame p50: \(Measure.format(Measure.percentile(keystrokes, 0.5))) ms")
    print("keystroke to frame p99: \(Measure.format(Measure.percentile(keystrokes, 0.99))) ms")
  }
}
