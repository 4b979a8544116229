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

  /// `../shared/eval/dev.jsonl` beside the checkout, and the project's own `eval/queries.jsonl`.
  static func defaultPaths() -> [String] {
    guard let resources = BundledResources.directory() else { return [] }
    let checkout = resources.deletingLastPathComponent()
    return [
      checkout.appendingPathComponent("../shared/eval/dev.jsonl").standardized.path,
      checkout.appendingPathComponent("eval/queries.jsonl").path,
    ].filter { FileManager.default.fileExists(atPath: $0) }
  }
}

func makeEngine() throws -> SearchEngine {
  let loaded = try CatalogueLoader.load(paths: try CatalogueLoader.dataPaths(explicit: []))
  return SearchEngine(
    catalogue: CatalogueIndex(catalogues: loaded.catalogues), resources: try .loadDefault())
}

struct EvalCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "eval", abstract: "Hit@1, Hit@5 and MRR by query kind on judged queries.")

  @Argument(
    help: "Judged query files (.jsonl). Default: ../shared/eval/dev.jsonl and eval/queries.jsonl.")
  var files: [String] = []
  @Flag(help: "List every query that misses the top 5.") var misses = false

  func run() throws {
    let paths = files.isEmpty ? JudgedQueries.defaultPaths() : files
    let engine = try makeEngine()
    for path in paths {
      let queries = try JudgedQueries.load([path])
      print("\n\(path) (\(queries.count) queries)")
      var rows: [String: (count: Int, hit1: Int, hit5: Int, reciprocal: Double)] = [:]
      for query in queries {
        let hits = engine.search(query.q, limit: 10).map(\.item.id)
        let rank = hits.firstIndex(where: query.relevant.contains).map { $0 + 1 }
        for kind in [query.kind, "all"] {
          var row = rows[kind] ?? (0, 0, 0, 0)
          row.count += 1
          if rank == 1 { row.hit1 += 1 }
          if let rank, rank <= 5 { row.hit5 += 1 }
          if let rank { row.reciprocal += 1 / Double(rank) }
          rows[kind] = row
        }
        if misses, rank.map({ $0 > 5 }) ?? true {
          print("  miss: \(query.q) [\(query.kind)] → \(hits.prefix(3).joined(separator: " "))")
        }
      }
      print("kind            n   Hit@1  Hit@5    MRR")
      for kind in rows.keys.sorted(by: { ($0 == "all" ? "~" : $0) < ($1 == "all" ? "~" : $1) }) {
        let row = rows[kind]!
        let n = Double(row.count)
        print(
          kind.padding(toLength: 12, withPad: " ", startingAt: 0)
            + String(
              format: "%5d  %5.3f  %5.3f  %5.3f", row.count, Double(row.hit1) / n,
              Double(row.hit5) / n, row.reciprocal / n))
      }
    }
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
    let resourcesStart = clock.now
    let resources = try SearchResources.loadDefault()
    let resourcesTime = clock.now - resourcesStart
    var buildTimes: [Duration] = []
    var engine: SearchEngine? = nil
    for _ in 0..<10 {
      let start = clock.now
      engine = SearchEngine(
        catalogue: CatalogueIndex(catalogues: loaded.catalogues), resources: resources)
      buildTimes.append(clock.now - start)
    }
    let queries = try JudgedQueries.load(JudgedQueries.defaultPaths()).map(\.q)
    var latencies: [Duration] = []
    for _ in 0..<rounds {
      for query in queries {
        let start = clock.now
        _ = engine!.search(query, limit: 20)
        latencies.append(clock.now - start)
      }
    }
    latencies.sort()
    buildTimes.sort()
    func ms(_ duration: Duration) -> String {
      String(
        format: "%.3f ms",
        Double(duration.components.attoseconds) / 1e15 + Double(duration.components.seconds) * 1000)
    }
    let items = loaded.catalogues.reduce(0) { $0 + $1.items.count }
    print("catalogues: \(loaded.catalogues.count), items: \(items)")
    print("read + parse: \(ms(parseTime))")
    print("search tables (pinyin, folding, synonyms): \(ms(resourcesTime))")
    print("index build (median of 10): \(ms(buildTimes[buildTimes.count / 2]))")
    print("queries: \(queries.count) × \(rounds)")
    print("query p50: \(ms(latencies[latencies.count / 2]))")
    print("query p99: \(ms(latencies[latencies.count * 99 / 100]))")
    print("query max: \(ms(latencies.last!))")
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
