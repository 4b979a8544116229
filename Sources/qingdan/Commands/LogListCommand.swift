import ArgumentParser
import Foundation
import QingdanCore

struct LogListCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "list", abstract: "The entries of the enquiry log, newest first.",
    discussion: "Example: qingdan log --since 2026-12-01 --csv > 来电登记.csv")

  @OptionGroup var desk: DeskOptions
  @OptionGroup var period: PeriodOptions
  @Flag(help: "Print one JSON array.") var json = false
  @Flag(help: "Print CSV (RFC 4180) with a header row.") var csv = false

  func validate() throws {
    if json && csv { throw ValidationError("give --json or --csv, not both") }
  }

  func run() throws {
    let (since, until) = try period.period()
    let entries = try desk.using { log throws(DeskLogError) in
      try log.entries(since: since, until: until)
    }
    if json {
      try Output.json(entries.map { DeskEntryRecord($0) })
      return
    }
    if csv {
      Output.write(DeskEntryRecord.csv(entries))
      return
    }
    if entries.isEmpty {
      Output.warn("no entries\(since == nil && until == nil ? "" : " in that period")")
      return
    }
    for entry in entries {
      let township = entry.township.map { "  [\($0)]" } ?? ""
      Output.print(
        "\(DeskDate.minute(entry.time))\(township)  \(entry.query) → \(entry.answer)  \(entry.itemID)"
      )
      if let note = entry.note { Output.print("    " + note) }
    }
  }
}
