import ArgumentParser
import Foundation
import QingdanCore

struct LogAddCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "add",
    abstract:
      "Record an enquiry: the query, the item given and its answer, as `r` does in the browser.",
    discussion: "Example: qingdan log add --query 煤气罐 --item 大石头乡/basic/12 --note 已转办")

  @OptionGroup var data: DataOptions
  @OptionGroup var desk: DeskOptions
  @Option(help: "The query as the caller put it.") var query: String
  @Option(help: "The item id given as the answer (see `qingdan who`, `qingdan list`).")
  var item: String
  @Option(help: "A note (the caller's number, what was promised).") var note: String?
  @Option(help: "The township filter that was on.") var township: String?
  @Option(
    help: ArgumentHelp("When it was asked (default: now). \(DeskDate.help).", valueName: "date"))
  var time: String?

  func run() throws {
    try DeskOptions.check(query, "--query", limit: DeskLimits.query)
    try DeskOptions.check(note, "--note", limit: DeskLimits.note)
    let time = try PeriodOptions.date(time, "--time", as: .since) ?? Date()
    let catalogue = try data.loadCatalogue()
    guard let found = catalogue.item(id: item) else {
      throw CommandError(
        "no item “\(item)” in the loaded catalogues; ids look like 大石头乡/cooperative/66 (see `qingdan who` or `qingdan list`)",
        status: 2)
    }
    if let township, !catalogue.townships.contains(township) {
      throw CommandError(
        "no township “\(township)” loaded; loaded: \(catalogue.townships.joined(separator: ", "))",
        status: 2)
    }
    let entry = DeskEntry(
      time: time, township: township, query: query, itemID: found.id,
      answer: found.handler.answer, note: note)
    try desk.using { log throws(DeskLogError) in try log.record(entry) }
  }
}
