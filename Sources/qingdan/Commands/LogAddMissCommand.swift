import ArgumentParser
import Foundation
import QingdanCore

struct LogAddMissCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "add-miss",
    abstract:
      "Record a missed search (the browser records its own), for other front ends and scripts.")

  @OptionGroup var desk: DeskOptions
  @Option(help: "The query that found nothing, or whose hits were left unopened.") var query: String
  @Option(help: "no-hits or abandoned.") var reason: String = MissReason.noHits.rawValue
  @Option(help: "The township filter that was on.") var township: String?
  @Option(help: ArgumentHelp("When (default: now). \(DeskDate.help).", valueName: "date"))
  var time: String?

  func run() throws {
    guard let reason = MissReason(rawValue: reason) else {
      throw CommandError("--reason “\(reason)”: use no-hits or abandoned", status: 2)
    }
    try DeskOptions.check(query, "--query", limit: DeskLimits.query)
    let time = try PeriodOptions.date(time, "--time", as: .since) ?? Date()
    let miss = MissedSearch(time: time, query: query, township: township, reason: reason)
    guard !miss.bounded.query.isEmpty else {
      throw CommandError("--query is empty: a missed search needs its words", status: 2)
    }
    try desk.using { log throws(DeskLogError) in try log.recordMiss(miss) }
  }
}
