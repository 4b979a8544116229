import ArgumentParser
import QingdanCore

struct StatsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "stats",
    abstract: "Per catalogue and list: items, categories, departments, diagnostics.")

  @OptionGroup var data: DataOptions
  @Flag(help: "Print JSON.") var json = false

  struct ListStats: Codable {
    var list: String
    var name: String
    var items: Int
    var categories: Int
    var departments: Int
  }

  struct CatalogueStats: Codable {
    var township: String
    var county: String
    var prefecture: String
    var title: String
    var date: String?
    var file: String
    var items: Int
    var diagnostics: Int
    var errors: Int
    var lists: [ListStats]
  }

  func run() throws {
    let result = try data.load().result
    let reports = Dictionary(
      result.files.map { ($0.file, $0) }, uniquingKeysWith: { first, _ in first })
    let stats = result.catalogues.map { catalogue in
      let diagnostics = reports[catalogue.source]?.diagnostics ?? []
      return CatalogueStats(
        township: catalogue.township, county: catalogue.region.county,
        prefecture: catalogue.region.prefecture, title: catalogue.title, date: catalogue.date,
        file: catalogue.source, items: catalogue.items.count, diagnostics: diagnostics.count,
        errors: diagnostics.filter { $0.severity == .error }.count,
        lists: ListKind.allCases.map { list in
          let items = catalogue.items(in: list)
          return ListStats(
            list: list.rawValue, name: list.chineseName, items: items.count,
            categories: Set(items.map(\.category)).count,
            departments: Set(items.flatMap { $0.handler.departments.map(\.name) }).count)
        })
    }
    if json {
      try Output.json(stats)
      return
    }
    for catalogue in stats {
      Output.print(
        "\(catalogue.prefecture)\(catalogue.county)\(catalogue.township)  \(catalogue.date ?? "")  "
          + "\(catalogue.items) items, \(catalogue.diagnostics) diagnostics  (\(catalogue.file))")
      for list in catalogue.lists {
        Output.print(
          "  \(list.name)  \(list.items) items, \(list.categories) categories, \(list.departments) departments"
        )
      }
    }
  }
}
