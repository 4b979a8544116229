import ArgumentParser
import QingdanCore

struct ShowCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "show", abstract: "The whole item, e.g. qingdan show 大石头乡/cooperative/66.")

  @OptionGroup var data: DataOptions
  @Argument(help: "An item id: township/list/number.") var id: String
  @Flag(help: "Print JSON.") var json = false

  func run() throws {
    let index = try data.load().engine.catalogue
    guard let item = index.item(id: id) else {
      throw CommandError(
        "no item “\(id)”; ids look like 大石头乡/cooperative/66 (see `qingdan list`)")
    }
    if json {
      try Output.json(SourceFiles(index).record(item))
      return
    }
    for line in ItemDocument(item: item).lines(width: Output.terminalWidth) {
      Output.print(line.text)
    }
  }
}
