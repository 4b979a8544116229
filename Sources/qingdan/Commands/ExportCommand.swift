import ArgumentParser
import QingdanCore

struct ExportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "export", abstract: "Every item and field, as JSON or CSV.")

  enum Format: String, ExpressibleByArgument, CaseIterable {
    case json, csv
  }

  @OptionGroup var data: DataOptions
  @Option(help: "json or csv.") var format: Format = .json

  func run() throws {
    let index = try data.loadIndex()
    switch format {
    case .json:
      let sources = Dictionary(
        index.catalogues.map { ($0.township, $0.source) }, uniquingKeysWith: { first, _ in first })
      try Output.json(index.items.map { ItemRecord($0, file: sources[$0.township] ?? "") })
    case .csv:
      Output.write(CSVExport.document(index))
    }
  }
}
