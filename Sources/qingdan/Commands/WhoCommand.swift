import ArgumentParser
import QingdanCore

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
    let engine = try data.load().engine
    let scope = try DataOptions.scope(township: township, list: nil, index: engine.catalogue)
    let text = matter.joined(separator: " ")
    let hits = engine.search(text, scope: scope, limit: max(1, limit))
    if json {
      let sources = SourceFiles(engine.catalogue)
      try Output.json(hits.map { HitRecord($0, sources: sources) })
      return
    }
    if hits.isEmpty {
      Output.print("no match for “\(text)”; try other words or pinyin")
      throw ExitCode(1)
    }
    // An answer read out to a caller must rest on evidence, not on letters that happen to
    // be some characters' initials.
    let confident = hits.filter(\.isConfident)
    if confident.isEmpty {
      Output.print(
        "no confident answer for “\(text)”; try other words, Chinese characters or full pinyin "
          + "(`qingdan search` lists the weak hits)")
      throw ExitCode(1)
    }
    for hit in confident {
      Output.print("\(hit.item.handler.answer) — \(hit.item.name) [\(hit.item.id)]")
    }
  }
}
