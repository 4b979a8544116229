import ArgumentParser
import Foundation
import QingdanCore
import QingdanTerminal

struct SearchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "search",
    abstract: "Ranked hits for a keyword, pinyin or colloquial query, best first.",
    discussion: """
      Examples: qingdan search 低保 · qingdan search jiuzhu · qingdan search 电瓶车充电
      With --batch, reads one query per line from stdin and prints one JSON line per query.
      """)

  @OptionGroup var data: DataOptions
  @Argument(help: "What to look for.") var query: [String] = []
  @Option(help: "Only this township.") var township: String?
  @Option(help: "Only this list: basic, cooperative or recovered.") var list: String?
  @Option(help: "At most this many hits.") var limit = 10
  @Flag(help: "Read queries from stdin, one per line; print one JSON line each.") var batch = false
  @Flag(help: "Print JSON.") var json = false

  func validate() throws {
    if !batch && query.isEmpty {
      throw ValidationError("give a query, or --batch to read queries from stdin")
    }
    if batch && !query.isEmpty {
      throw ValidationError("--batch reads queries from stdin; give no query argument")
    }
    if limit < 1 { throw ValidationError("--limit must be at least 1") }
  }

  func run() throws {
    let engine = try data.loadEngine()
    let scope = try SearchSetup.scope(township: township, list: list, index: engine.catalogue)
    if batch {
      while let line = readLine(strippingNewline: true) {
        let hits = engine.search(line, scope: scope, limit: limit)
        try Output.jsonLine(BatchResult(query: line, hits: hits.map(HitRecord.init)))
      }
      return
    }
    let text = query.joined(separator: " ")
    let hits = engine.search(text, scope: scope, limit: limit)
    if json {
      try Output.json(hits.map(HitRecord.init))
      return
    }
    if hits.isEmpty {
      Output.print("no match for “\(text)”")
      return
    }
    for (rank, hit) in hits.enumerated() {
      Output.print("\(rank + 1). \(hit.item.name)")
      Output.print("   \(hit.item.handler.answer)")
      Output.print("   \(hit.item.id) · \(hit.item.category)")
    }
  }

  struct BatchResult: Codable {
    var query: String
    var hits: [HitRecord]
  }
}

struct WhoCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "who",
    abstract: "Who handles a matter: the top answers as short lines to read out.",
    discussion: "Example: qingdan who 煤气罐")

  @OptionGroup var data: DataOptions
  @Argument(help: "The matter, in the caller's words.") var matter: [String]
  @Option(help: "Only this township.") var township: String?
  @Option(help: "How many answers.") var limit = 3
  @Flag(help: "Print JSON.") var json = false

  func run() throws {
    let engine = try data.loadEngine()
    let scope = try SearchSetup.scope(township: township, list: nil, index: engine.catalogue)
    let text = matter.joined(separator: " ")
    let hits = engine.search(text, scope: scope, limit: max(1, limit))
    if json {
      try Output.json(hits.map(HitRecord.init))
      return
    }
    if hits.isEmpty {
      Output.print("no match for “\(text)”; try other words or pinyin")
      throw ExitCode(1)
    }
    for hit in hits {
      Output.print("\(hit.item.handler.answer) — \(hit.item.name) [\(hit.item.id)]")
    }
  }
}

/// Loading and scoping shared by `search` and `who`.
enum SearchSetup {
  /// Loading for the browser: nothing printed (the screen is the browser's); problems
  /// become a note for its status bar.
  static func loadForBrowser(paths: [String], progress: @escaping @Sendable (Int, Int) -> Void)
    throws -> BrowserRuntime.Loaded
  {
    let loaded = try SearchEngine.load(
      paths: paths, resources: try .loadDefault(), writingSnapshotLater: true,
      progress: progress)
    guard !loaded.result.catalogues.isEmpty else {
      throw CommandError(
        "no catalogue could be loaded: "
          + (loaded.result.errors.first?.description ?? "run `qingdan check` for details"))
    }
    let errors = loaded.result.errors.count
    let note =
      errors > 0
      ? "\(errors) 处无法读取 (qingdan check 查看)"
      : loaded.cacheWarning.map { _ in "索引缓存不可用 (qingdan cache 查看)" }
    var writeCache: (@Sendable () -> Void)? = nil
    if let pending = loaded.pendingSnapshot {
      writeCache = { pending.write() }
    }
    return BrowserRuntime.Loaded(engine: loaded.engine, note: note, afterFirstFrame: writeCache)
  }

  static func scope(township: String?, list: String?, index: CatalogueIndex) throws -> SearchScope {
    if let township, !index.townships.contains(township) {
      throw CommandError(
        "no township “\(township)” loaded; loaded: \(index.townships.joined(separator: ", "))")
    }
    let listKind = try list.map { value in
      guard let kind = ListKind(userInput: value) else {
        throw CommandError("unknown list “\(value)”; use basic, cooperative or recovered")
      }
      return kind
    }
    return SearchScope(township: township, list: listKind)
  }
}

/// The JSON shape of a hit; field names are stable.
struct HitRecord: Codable {
  var id: String
  var township: String
  var list: String
  var number: Int
  var name: String
  var category: String
  var score: Double
  var handler: HandlerRecord
  var answer: String
  var matches: [MatchRecord]
  var snippet: SnippetRecord?

  struct MatchRecord: Codable {
    var field: String
    /// [start, end) character offsets into the field's text.
    var spans: [[Int]]
  }

  struct SnippetRecord: Codable {
    var field: String
    var text: String
    var spans: [[Int]]
  }

  init(_ hit: SearchHit) {
    id = hit.item.id
    township = hit.item.township
    list = hit.item.list.rawValue
    number = hit.item.number
    name = hit.item.name
    category = hit.item.category
    score = (hit.score * 1000).rounded() / 1000
    handler = HandlerRecord(hit.item.handler)
    answer = hit.item.handler.answer
    matches = hit.matches.map {
      MatchRecord(field: $0.field.rawValue, spans: $0.spans.map { [$0.lowerBound, $0.upperBound] })
    }
    snippet = hit.snippet.map {
      SnippetRecord(
        field: $0.field.rawValue, text: $0.text,
        spans: $0.spans.map { [$0.lowerBound, $0.upperBound] })
    }
  }
}
