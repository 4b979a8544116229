import ArgumentParser
import QingdanCore

struct ExportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "export", abstract: "Every item and field, as JSON or CSV; or a workbook (xlsx).")

  enum Format: String, ExpressibleByArgument, CaseIterable {
    case json, csv, xlsx
  }

  @OptionGroup var data: DataOptions
  @Option(help: "json, csv or xlsx.") var format: Format = .json
  @Option(help: "Write to this file instead of stdout (xlsx: required on a terminal).")
  var out: String?

  func run() throws {
    if out != nil, format != .xlsx {
      throw CommandError("--out is for --format xlsx; redirect JSON and CSV with > FILE")
    }
    let index = try data.load().engine.catalogue
    switch format {
    case .json:
      let sources = SourceFiles(index, contacts: try data.contacts(for: index))
      try Output.json(index.items.map(sources.record))
    case .csv:
      Output.write(CSVExport.document(index))
    case .xlsx:
      try XLSXExport.write(index.catalogues, to: out)
      return
    }
  }
}
