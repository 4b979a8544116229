import ArgumentParser
import QingdanCore

struct ListCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "list", abstract: "One line per item, filtered.")

  @OptionGroup var data: DataOptions
  @Option(help: "Only this township, e.g. 大石头乡.") var township: String?
  @Option(help: "Only this list: basic, cooperative or recovered (or 基本, 配合, 收回).")
  var list: String?
  @Option(help: "Only this category (事项类别), e.g. 民生服务.") var category: String?
  @Option(help: "Only items this department leads or receives; part of the name is enough.")
  var department: String?
  @Flag(help: "Print JSON.") var json = false

  func run() throws {
    let index = try data.load().engine.catalogue
    let scope = try DataOptions.scope(township: township, list: list, index: index)
    var items = index.items(township: scope.township, list: scope.list, category: category)
    if let department {
      let names = Set(index.departments(matching: department))
      if names.isEmpty { throw CommandError("no department matches “\(department)”") }
      items = items.filter { $0.handler.departments.contains { names.contains($0.name) } }
    }
    if json {
      let sources = SourceFiles(index)
      try Output.json(items.map { ItemSummary(item: sources.record($0)) })
      return
    }
    for item in items {
      Output.print("\(item.id)\t\(item.category)\t\(item.name)\t\(item.handler.answer)")
    }
  }
}
