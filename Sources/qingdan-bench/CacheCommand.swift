import ArgumentParser
import Foundation
import QingdanBrowser
import QingdanCore

/// Start-up through the snapshot cache on one corpus: a cold start (parse and index the
/// catalogues, to the first frame; then the search index is built, as the browser builds it
/// after its first frame, timed to "search ready"; then the snapshot is written, timed
/// apart) and warm starts (read, check and decode it), each to the browser's first frame.
struct CacheCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "cache",
    abstract: "Time cold and warm start-up to the first frame (use -c release).",
    discussion: """
      Uses a temporary cache directory unless --cache-dir is given, so the user's cache is \
      never touched. With --warm-only, one warm start in this process, then its resident \
      memory: what a user's process holds after starting.
      """)

  @Option(help: "Catalogue files or a directory (repeatable).") var data: [String]
  @Option(help: "Cache directory (default: a fresh temporary one, removed afterwards).")
  var cacheDir: String?
  @Option(help: "Warm starts to time.") var rounds = 5
  @Flag(help: "Only one warm start, then resident memory (needs a filled --cache-dir).")
  var warmOnly = false
  @Flag(help: "Print one JSON object.") var json = false

  struct Figures: Codable {
    /// Parse, index the catalogues and first frame: the search index not yet built, the
    /// snapshot not yet written (the browser does both once the first frame is up).
    var cold_start_ms: Double?
    /// From the same start to the search engine built (the first frame included): when a
    /// query typed at once is answered.
    var cold_search_ready_ms: Double?
    /// Writing that snapshot, after the cold first frame.
    var cold_write_ms: Double?
    /// The first start after the snapshot was written, once the racy margin has passed: it
    /// hashes the sections and writes their checksum record.
    var first_warm_start_ms: Double?
    /// Every later start (the record vouches for the sections).
    var warm_start_ms: Double
    var warm_rss_mb: Double?
    var snapshot_mb: Double?
  }

  /// One start, as the browser makes it.
  struct Start {
    var loaded: LoadedCatalogues
    /// To the first frame.
    var firstFrameMS: Double
    /// To the search engine in use: the first frame's time on a warm start.
    var searchReadyMS: Double
    /// The snapshot a cold start has still to write (nil on a hit).
    var snapshot: PendingSnapshot?
  }

  /// Loads through `store` and renders the browser's first frame at 80×24; on a cold start
  /// (duty texts deferred, as the browser loads) then reads the duty texts and builds the
  /// search engine, as the browser does once its first frame is up. A
  /// snapshot to write is left pending, as the browser leaves it until the engine is built.
  static func start(data: [String], store: SnapshotStore) throws -> Start {
    // The search tables compiled beforehand, as after any earlier start.
    _ = try SearchResources.loadCompiled()
    let began = Measure.clock.now
    let resources = try SearchResources.loadCompiled().resources
    let loaded = try SearchEngine.loadCatalogues(
      paths: data, resources: resources, cache: store, deferringDutyTexts: true)
    let client: SearchClient
    switch loaded.search {
    case .ready(let engine): client = SearchClient(engine: engine)
    case .toBuild: client = SearchClient(catalogue: loaded.catalogue)
    }
    _ = render(BrowserState(client: client, width: 80, height: 24))
    let firstFrameMS = Measure.milliseconds(Measure.clock.now - began)
    guard case .toBuild(let pending) = loaded.search else {
      return Start(
        loaded: loaded, firstFrameMS: firstFrameMS, searchReadyMS: firstFrameMS, snapshot: nil)
    }
    let built = pending.build()
    client.engineIsReady(built.engine)
    return Start(
      loaded: loaded, firstFrameMS: firstFrameMS,
      searchReadyMS: Measure.milliseconds(Measure.clock.now - began), snapshot: built.snapshot)
  }

  func run() throws {
    let directory =
      cacheDir
      ?? FileManager.default.temporaryDirectory.appendingPathComponent(
        "qingdan-bench-cache-\(UUID().uuidString)"
      ).path
    defer {
      if cacheDir == nil { try? FileManager.default.removeItem(atPath: directory) }
    }
    // The user's cache budget applies (a 10,000-township snapshot is larger than the default).
    let store = SnapshotStore(
      directory: directory,
      limits: CacheLimits(environment: ProcessInfo.processInfo.environment))
    if warmOnly {
      let warm = try Self.start(data: data, store: store)
      guard warm.loaded.cacheSummary == "cache: hit" else {
        throw ValidationError("warm start missed: \(warm.loaded.cacheSummary)")
      }
      try report(
        Figures(
          warm_start_ms: warm.firstFrameMS, warm_rss_mb: Measure.residentMegabytes(),
          snapshot_mb: nil))
      return
    }
    // Only the figures are kept: the cold start's catalogues and engine are freed before
    // the warm starts, as they are in another process.
    let (coldMS, searchReadyMS, writeMS) = try {
      let cold = try Self.start(data: data, store: store)
      guard let pending = cold.snapshot else {
        throw ValidationError("cold start wrote no snapshot: \(cold.loaded.cacheSummary)")
      }
      let (outcome, written) = Measure.time { pending.write() }
      if !json { print("cold: \(cold.loaded.cacheSummary); \(outcome)") }
      return (cold.firstFrameMS, cold.searchReadyMS, written)
    }()
    // A snapshot's checksums are trusted only from a record taken more than the racy margin
    // after the file was written (`ChecksumRecord`): wait it out, as any start a few seconds
    // after the write would, and time the start that checks them on its own.
    Thread.sleep(forTimeInterval: 2.2)
    let firstWarmMS = try Self.start(data: data, store: store).firstFrameMS
    var warmTimes: [Double] = []
    for _ in 0..<rounds {
      let warm = try Self.start(data: data, store: store)
      guard warm.loaded.cacheSummary == "cache: hit" else {
        throw ValidationError("warm start missed: \(warm.loaded.cacheSummary)")
      }
      warmTimes.append(warm.firstFrameMS)
    }
    let snapshotBytes = (try? FileManager.default.contentsOfDirectory(atPath: directory))?
      .compactMap { name in
        try? FileManager.default.attributesOfItem(
          atPath: (directory as NSString).appendingPathComponent(name))[.size] as? Int
      }.reduce(0, +)
    try report(
      Figures(
        cold_start_ms: coldMS, cold_search_ready_ms: searchReadyMS,
        cold_write_ms: writeMS, first_warm_start_ms: firstWarmMS,
        warm_start_ms: warmTimes.sorted()[warmTimes.count / 2],
        warm_rss_mb: nil, snapshot_mb: snapshotBytes.map { Double($0) / 1e6 }))
  }

  private func report(_ figures: Figures) throws {
    if json {
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.sortedKeys]
      print(String(decoding: try encoder.encode(figures), as: UTF8.self))
      return
    }
    if let cold = figures.cold_start_ms {
      print("cold start (parse, catalogue index, first frame): \(Measure.format(cold)) ms")
    }
    if let ready = figures.cold_search_ready_ms {
      print(
        "cold start to search ready (first frame, then the search index): \(Measure.format(ready)) ms"
      )
    }
    if let write = figures.cold_write_ms {
      print("then writing the snapshot: \(Measure.format(write)) ms")
    }
    if let first = figures.first_warm_start_ms {
      print("first warm start (checks the snapshot's checksums once): \(Measure.format(first)) ms")
    }
    print(
      "warm start (read snapshot, first frame), median: \(Measure.format(figures.warm_start_ms)) ms"
    )
    if let rss = figures.warm_rss_mb {
      print("resident memory after a warm start: \(Measure.format(rss)) MB")
    }
    if let size = figures.snapshot_mb { print("snapshot: \(Measure.format(size)) MB") }
  }
}
