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
    let sources = SourceFiles(engine.catalogue, contacts: try data.contacts(for: engine.catalogue))
    if batch {
      while let line = readLine(strippingNewline: true) {
        let hits = engine.judgedSearch(line, scope: scope, limit: limit)
        try Output.jsonLine(
          BatchResult(
            query: line, hits: hits.map { HitRecord($0, sources: sources) },
            fillerOnly: hits.isEmpty && engine.isFillerOnly(line) ? true : nil))
      }
      return
    }
    let text = query.joined(separator: " ")
    let hits = engine.judgedSearch(text, scope: scope, limit: limit)
    if json {
      try Output.json(hits.map { HitRecord($0, sources: sources) })
      return
    }
    if hits.isEmpty {
      Output.print(Self.noMatch(text, engine: engine))
      return
    }
    for (rank, hit) in hits.map(\.hit).enumerated() {
      Output.print("\(rank + 1). \(hit.item.name)")
      Output.print("   \(hit.item.handler.answer)")
      Output.print("   \(hit.item.id) · \(hit.item.category)")
      if !hit.why.isEmpty {
        Output.print("   \(hit.why.prefix(3).map(\.description).joined(separator: "; "))")
      }
    }
  }

  struct BatchResult: Encodable {
    var query: String
    var hits: [HitRecord]
    /// Present (true) when the query held nothing but filler words.
    var fillerOnly: Bool?
  }

  /// What to say when nothing matched (`search` and `who`): a query of fillers only is told
  /// to name the matter.
  static func noMatch(_ text: String, engine: SearchEngine) -> String {
    engine.isFillerOnly(text)
      ? "“\(text)” holds only filler words (怎么办、找谁、有没有…); say what the matter is, e.g. 低保, 欠工资, 狗咬人"
      : "no match for “\(text)”; try other words or pinyin"
  }
}
