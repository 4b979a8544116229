import ArgumentParser
import Foundation
import QingdanCore

struct LogStatsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "stats",
    abstract:
      "Hot topics (热点): enquiries counted by department, category, item or day, most first.",
    discussion:
      "department: the leading or receiving departments by the handler rule, the township for "
      + "its own duties; an item led by several departments counts for each. day: newest first.")

  @OptionGroup var data: DataOptions
  @OptionGroup var desk: DeskOptions
  @OptionGroup var period: PeriodOptions
  @Option(help: "department, category, item or day.") var by: String = DeskStats.Dimension.item
    .rawValue
  @Option(help: "How many lines (0: all).") var limit = 0
  @Flag(help: "Print JSON.") var json = false

  func run() throws {
    guard let dimension = DeskStats.Dimension(rawValue: by) else {
      throw CommandError("--by “\(by)”: use department, category, item or day", status: 2)
    }
    let (since, until) = try period.period()
    let entries = try desk.using { log throws(DeskLogError) in
      try log.entries(since: since, until: until)
    }
    // Days need no catalogue; the others name what the ids are.
    let catalogue = dimension == .day || entries.isEmpty ? nil : try data.loadCatalogue()
    var counts = DeskStats.counts(entries, by: dimension, catalogue: catalogue)
    if limit > 0 { counts = Array(counts.prefix(limit)) }
    if json {
      try Output.json(counts)
      return
    }
    if entries.isEmpty {
      Output.warn("no entries\(since == nil && until == nil ? "" : " in that period")")
      return
    }
    Output.print("\(entries.count) entries, by \(dimension.rawValue)")
    let width = String(counts.map(\.count).max() ?? 0).count
    for count in counts {
      let number =
        String(repeating: " ", count: width - String(count.count).count) + "\(count.count)"
      let line = "\(number)  \(count.key)" + (count.name.map { "  \($0)" } ?? "")
      Output.print(DisplayWidth.truncate(line, toWidth: Output.terminalWidth))
    }
  }
}
