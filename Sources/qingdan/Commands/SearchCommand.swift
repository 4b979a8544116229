import ArgumentParser
import QingdanCore

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
    let loaded = try data.load()
    let engine = loaded.engine
    let scope = try DataOptions.scope(township: township, list: list, index: engine.catalogue)
    let sources = SourceFiles(engine.catalogue)
    if batch {
      while let line = readLine(strippingNewline: true) {
        let hits = engine.search(line, scope: scope, limit: limit)
        try Output.jsonLine(
          BatchResult(query: line, hits: hits.map { HitRecord($0, sources: sources) }))
      }
      return
    }
    let text = query.joined(separator: " ")
    let hits = engine.search(text, scope: scope, limit: limit)
    if json {
      try Output.json(hits.map { HitRecord($0, sources: sources) })
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

  struct BatchResult: Encodable {
    var query: String
    var hits: [HitRecord]
  }
}
