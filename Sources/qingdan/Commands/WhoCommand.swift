import ArgumentParser
import Foundation
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
  @Flag(
    help:
      "Print each answer as a call note (answer, item, each department with its phone, the time), as the browser's y copies it."
  )
  var note = false

  func run() throws {
    let engine = try data.load().engine
    let contacts = try data.contacts(for: engine.catalogue)
    let scope = try DataOptions.scope(township: township, list: nil, index: engine.catalogue)
    let text = matter.joined(separator: " ")
    let hits = engine.judgedSearch(text, scope: scope, limit: max(1, limit))
    if json {
      let sources = SourceFiles(engine.catalogue, contacts: contacts)
      try Output.json(hits.map { HitRecord($0, sources: sources) })
      // Scripts get every hit with its "confident" field, and the same status as the text.
      if !hits.contains(where: \.isConfident) { throw ExitCode(1) }
      return
    }
    if hits.isEmpty {
      Output.print(SearchCommand.noMatch(text, engine: engine))
      throw ExitCode(1)
    }
    // An answer read out to a caller must rest on evidence, not on letters that happen to
    // be some characters' initials.
    let confident = hits.filter(\.isConfident).map(\.hit)
    if confident.isEmpty {
      Output.print(
        "no confident answer for “\(text)”; try other words, Chinese characters or full pinyin "
          + "(`qingdan search` lists the weak hits)")
      throw ExitCode(1)
    }
    if note {
      let now = Date()
      Output.print(
        confident.map { CallNote.text(for: $0.item, contacts: contacts, time: now) }
          .joined(separator: "\n\n"))
      return
    }
    for hit in confident {
      Output.print("\(hit.item.handler.answer) — \(hit.item.name) [\(hit.item.id)]")
      // The phones to give, receiving or leading departments first (`Handler`'s order).
      for entry in contacts.phones(for: hit.item.handler) { Output.print("  " + entry.line) }
    }
  }
}
