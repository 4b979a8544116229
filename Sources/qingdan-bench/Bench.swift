import ArgumentParser
import Foundation
import QingdanBrowser
import QingdanCore

@main
struct Bench: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "qingdan-bench",
    abstract: "Measure qingdan: search quality on judged queries, and timings.",
    subcommands: [
      EvalCommand.self, PerfCommand.self, ScaleCommand.self, BrowserBenchCommand.self,
      KeysCommand.self, CorpusCommand.self, CacheCommand.self, ImportBenchCommand.self,
      DumpCommand.self,
    ])
}

/// A judged query: `{"q": …, "kind": …, "relevant": [item ids]}`.
struct JudgedQuery: Codable {
  var q: String
  var kind: String
  var relevant: [String]
}

enum JudgedQueries {
  static func load(_ paths: [String]) throws -> [JudgedQuery] {
    var queries: [JudgedQuery] = []
    for path in paths {
      guard let data = FileManager.default.contents(atPath: path) else {
        throw ValidationError("\(path): cannot read the judged queries")
      }
      for (offset, line) in String(decoding: data, as: UTF8.self).split(separator: "\n")
        .enumerated()
      where !line.trimmingCharacters(in: .whitespaces).isEmpty {
        do {
          queries.append(try JSONDecoder().decode(JudgedQuery.self, from: Data(line.utf8)))
        } catch {
          throw ValidationError("\(path):\(offset + 1): not a judged query line: \(error)")
        }
      }
    }
    return queries
  }

  /// The shared judged sets beside the checkout (`../shared/eval/dev.jsonl`, `dev2.jsonl`,
  /// `dev3.jsonl`) and the project's own (`eval/queries.jsonl`, `callers.jsonl`,
  /// `workorders.jsonl`, and `holdout.jsonl` and `holdout2.jsonl`, each written before a
  /// round of tuning and never tuned on), those that exist.
  static func defaultPaths() -> [String] {
    guard let resources = BundledResources.directory() else { return [] }
    let checkout = resources.deletingLastPathComponent()
    let shared = ["dev", "dev2", "dev3"].map {
      checkout.appendingPathComponent("../shared/eval/\($0).jsonl").standardized.path
    }
    let own = ["queries", "callers", "workorders", "holdout", "holdout2"].map {
      checkout.appendingPathComponent("eval/\($0).jsonl").path
    }
    return (shared + own).filter { FileManager.default.fileExists(atPath: $0) }
  }
}

struct EvalCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "eval",
    abstract:
      "Hit@1, Hit@5 and MRR by query kind on judged queries, beside a plain bigram BM25 baseline."
  )

  @Argument(
    help:
      "Judged query files (.jsonl). Default: ../shared/eval/{dev,dev2,dev3}.jsonl and eval/{queries,callers,workorders,holdout,holdout2}.jsonl."
  )
  var files: [String] = []
  @Flag(help: "List every query that misses the top 5.") var misses = false
  @Flag(help: "List every query with its rank and the baseline's (- past 10), to compare runs.")
  var ranks = false

  func run() throws {
    let paths = files.isEmpty ? JudgedQueries.defaultPaths() : files
    let loaded = try CatalogueLoader.load(paths: try CatalogueLoader.dataPaths(explicit: []))
    let catalogue = CatalogueIndex(catalogues: loaded.catalogues)
    let engine = SearchEngine(catalogue: catalogue, resources: try .loadDefault())
    let baseline = BaselineBM25(catalogue: catalogue)
    for path in paths {
      let queries = try JudgedQueries.load([path])
      print("\n\(path) (\(queries.count) queries)")
      var rows: [String: (qingdan: QualityRow, baseline: QualityRow)] = [:]
      for query in queries {
        let hits = engine.search(query.q, limit: 10).map(\.item.id)
        let rank = hits.firstIndex(where: query.relevant.contains).map { $0 + 1 }
        let baseHits = baseline.search(query.q, limit: 10)
        let baseRank = baseHits.firstIndex(where: query.relevant.contains).map { $0 + 1 }
        for kind in [query.kind, "all"] {
          var row = rows[kind] ?? (QualityRow(), QualityRow())
          row.qingdan.add(rank: rank)
          row.baseline.add(rank: baseRank)
          rows[kind] = row
        }
        if ranks {
          print(
            "  rank \(rank.map(String.init) ?? "-") base \(baseRank.map(String.init) ?? "-")"
              + " [\(query.kind)] \(query.q) → \(hits.prefix(3).joined(separator: " "))")
        }
        if misses, rank.map({ $0 > 5 }) ?? true {
          print("  miss: \(query.q) [\(query.kind)] → \(hits.prefix(3).joined(separator: " "))")
        }
      }
      print("kind              n   Hit@1  Hit@5    MRR | base Hit@1  Hit@5    MRR")
      for kind in rows.keys.sorted(by: { ($0 == "all" ? "~" : $0) < ($1 == "all" ? "~" : $1) }) {
        let row = rows[kind]!
        print(
          kind.padding(toLength: 14, withPad: " ", startingAt: 0)
            + String(format: "%5d  ", row.qingdan.count) + row.qingdan.formatted + " |      "
            + row.baseline.formatted)
      }
    }
  }
}

/// Hit@1, Hit@5 and MRR accumulated over queries (a rank past 10 or none counts 0).
struct QualityRow {
  var count = 0
  var hit1 = 0
  var hit5 = 0
  var reciprocal = 0.0

  mutating func add(rank: Int?) {
    count += 1
    if rank == 1 { hit1 += 1 }
    if let rank, rank <= 5 { hit5 += 1 }
    if let rank { reciprocal += 1 / Double(rank) }
  }

  var formatted: String {
    let n = Double(max(count, 1))
    return String(
      format: "%5.3f  %5.3f  %5.3f", Double(hit1) / n, Double(hit5) / n, reciprocal / n)
  }
}

struct PerfCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "perf",
    abstract:
      "Index build time and query latency p50/p99 on the bundled catalogues (use -c release).")

  @Option(help: "Repetitions of the whole judged query set.") var rounds = 50

  func run() throws {
    let clock = ContinuousClock()
    let loadStart = clock.now
    let loaded = try CatalogueLoader.load(paths: try CatalogueLoader.dataPaths(explicit: []))
    let parseTime = clock.now - loadStart
    // First start (or after a table changed): parse and compile; every other start maps
    // the compiled file.
    let compileTime = try clock.measure { _ = try SearchResources.loadDefault() }
    _ = try SearchResources.loadCompiled()
    var mapTimes: [Duration] = []
    var resources: SearchResources? = nil
    var tablesSummary = ""
    for _ in 0..<10 {
      let start = clock.now
      let opened = try SearchResources.loadCompiled()
      mapTimes.append(clock.now - start)
      (resources, tablesSummary) = (opened.resources, opened.summary)
    }
    mapTimes.sort()
    var buildTimes: [Duration] = []
    var engine: SearchEngine? = nil
    for _ in 0..<10 {
      let start = clock.now
      engine = SearchEngine(
        catalogue: CatalogueIndex(catalogues: loaded.catalogues), resources: resources!)
      buildTimes.append(clock.now - start)
    }
    let queries = try JudgedQueries.load(JudgedQueries.defaultPaths()).map(\.q)
    var latencies: [Duration] = []
    var unpreempted: [Duration] = []
    var slowest: [String: Duration] = [:]
    for _ in 0..<rounds {
      for query in queries {
        let switches = Measure.preemptions()
        let start = clock.now
        _ = engine!.search(query, limit: 20)
        let latency = clock.now - start
        latencies.append(latency)
        if Measure.preemptions() == switches { unpreempted.append(latency) }
        slowest[query] = min(slowest[query] ?? latency, latency)
      }
    }
    latencies.sort()
    unpreempted.sort()
    buildTimes.sort()
    func ms(_ duration: Duration) -> String {
      String(
        format: "%.3f ms",
        Double(duration.components.attoseconds) / 1e15 + Double(duration.components.seconds) * 1000)
    }
    let items = loaded.catalogues.reduce(0) { $0 + $1.items.count }
    print("catalogues: \(loaded.catalogues.count), items: \(items)")
    print("read + parse: \(ms(parseTime))")
    print(
      "search tables (pinyin, folding, synonyms, lexicon, thesaurus, words, query compiler's):")
    print("  compiled from the sources (first start, or a table changed): \(ms(compileTime))")
    print("  read in place from the compiled file (median of 10): \(ms(mapTimes[5]))")
    print("  \(tablesSummary)")
    print("index build (median of 10): \(ms(buildTimes[buildTimes.count / 2]))")
    print("queries: \(queries.count) × \(rounds)")
    print("query p50: \(ms(latencies[latencies.count / 2]))")
    print("query p99: \(ms(latencies[latencies.count * 99 / 100]))")
    print("query max: \(ms(latencies.last!))")
    // Samples during which another process had the core measure the machine, not the code.
    print(
      "query p50 / p99 of the \(unpreempted.count) samples not preempted"
        + " (\(latencies.count - unpreempted.count) were): "
        + "\(ms(unpreempted[unpreempted.count / 2])) / \(ms(unpreempted[unpreempted.count * 99 / 100]))"
    )
    // Each query's best of the rounds: what the code costs, with less of what other
    // processes on a shared machine cost it.
    let best = slowest.values.sorted()
    print(
      "query p50 / p99, best of the rounds: \(ms(best[best.count / 2])) / \(ms(best[best.count * 99 / 100]))"
    )
    print("slowest queries (best of the rounds):")
    for (query, time) in slowest.sorted(by: { $0.value > $1.value }).prefix(5) {
      print("  \(ms(time))  \(query)")
    }
  }
}

/// Prints the browser's key table as Markdown, for the README.
struct KeysCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "keys", abstract: "The browser's key table as Markdown (for the README).")

  func run() {
    print(KeyMap.markdownTable())
  }
}
