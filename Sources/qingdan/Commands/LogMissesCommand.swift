import ArgumentParser
import Foundation
import QingdanCore

struct LogMissesCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "misses",
    abstract:
      "Missed searches (no hits, or hits left unopened), most frequent first, with the closest items.",
    discussion: """
      --tsv prints candidate lines for the synonyms file (colloquial<TAB>official) to review.

      Example: qingdan log misses --since 2026-11-01 --tsv > candidates.tsv
      """)

  @OptionGroup var data: DataOptions
  @OptionGroup var desk: DeskOptions
  @OptionGroup var period: PeriodOptions
  @Option(help: "How many queries (0: all).") var limit = 20
  @Flag(help: "Print candidate synonym lines: colloquial<TAB>official.") var tsv = false
  @Flag(help: "Print JSON.") var json = false

  /// The closest items searched for each missed query.
  static let closestCount = 3

  struct Record: Encodable {
    var query: String
    var count: Int
    var noHits: Int
    var abandoned: Int
    var last: String
    var closest: [Closest]

    struct Closest: Encodable {
      var id: String
      var name: String
      var answer: String
    }
  }

  func validate() throws {
    if json && tsv { throw ValidationError("give --json or --tsv, not both") }
  }

  func run() throws {
    let (since, until) = try period.period()
    let misses = try desk.using { log throws(DeskLogError) in
      try log.misses(since: since, until: until)
    }
    var summaries = MissSummary.grouped(misses)
    if limit > 0 { summaries = Array(summaries.prefix(limit)) }
    let engine = summaries.isEmpty ? nil : try data.load().engine
    let closest = summaries.map { summary in
      engine?.search(summary.query, limit: Self.closestCount) ?? []
    }
    if json {
      try Output.json(
        zip(summaries, closest).map { summary, items in
          Record(
            query: summary.query, count: summary.count, noHits: summary.noHits,
            abandoned: summary.abandoned, last: DeskDate.iso(summary.last),
            closest: items.map {
              Record.Closest(id: $0.item.id, name: $0.item.name, answer: $0.item.handler.answer)
            })
        })
      return
    }
    if tsv {
      let lines = zip(summaries, closest).flatMap { $0.synonymLines(closest: $1) }
      Output.print(([MissSummary.synonymsHeader] + lines).joined(separator: "\n"))
      return
    }
    if summaries.isEmpty {
      Output.warn("no missed searches\(since == nil && until == nil ? "" : " in that period")")
      return
    }
    let width = Output.terminalWidth
    for (summary, items) in zip(summaries, closest) {
      Output.print(
        "\(summary.count)×  \(summary.query)  (no hits \(summary.noHits), abandoned \(summary.abandoned); last \(DeskDate.minute(summary.last)))"
      )
      if items.isEmpty { Output.print("    nothing close") }
      for hit in items {
        Output.print(DisplayWidth.truncate("    \(hit.item.id)  \(hit.item.name)", toWidth: width))
      }
    }
  }
}
