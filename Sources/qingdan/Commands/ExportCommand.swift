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
    let index = try data.load().engine.catalogue
    switch format {
    case .json:
      let sources = SourceFiles(index)
      try Output.json(index.items.map(sources.record))
    case .csv:
      Output.write(CSVExport.document(index))
    }
  }
}
