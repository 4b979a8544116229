import ArgumentParser
import QingdanCore

struct CheckCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check",
    abstract: "Parse catalogue files and print diagnostics as file:line: reason.",
    discussion: "Exit status 0 if clean, 1 if there is any warning or error.")

  @Argument(help: "Catalogue files or directories. Default: the loaded catalogues.")
  var paths: [String] = []
  @Flag(help: "Print JSON.") var json = false

  struct Report: Codable {
    var files: [FileCheck]
    var coverage: LineCoverage
  }

  struct FileCheck: Codable {
    var file: String
    var township: String?
    var items: Int
    var coverage: LineCoverage
    var diagnostics: [DiagnosticRecord]
  }

  struct DiagnosticRecord: Codable {
    var file: String
    /// The sheet or table `line` counts rows in (workbooks, documents, web pages).
    var sheet: String?
    var line: Int
    var severity: String
    var message: String
  }

  func run() throws {
    let result: LoadResult
    do {
      result = try CatalogueLoader.load(paths: try CatalogueLoader.dataPaths(explicit: paths))
    } catch {
      throw CommandError(error.description)
    }
    let total = result.files.map(\.coverage).reduce(.zero, +)
    if json {
      let itemsByFile = Dictionary(
        result.catalogues.map { ($0.source, $0.items.count) },
        uniquingKeysWith: +)
      let files = result.files.map { file in
        FileCheck(
          file: file.file, township: file.township,
          items: file.township == nil ? 0 : itemsByFile[file.file] ?? 0,
          coverage: file.coverage,
          diagnostics: file.diagnostics.map {
            DiagnosticRecord(
              file: $0.file, sheet: $0.sheet, line: $0.line, severity: $0.severity.rawValue,
              message: $0.message)
          })
      }
      try Output.json(Report(files: files, coverage: total))
    } else {
      for diagnostic in result.diagnostics { Output.print(diagnostic.description) }
      for file in result.files {
        Output.print("\(file.file): \(file.coverage.summary)")
      }
      if result.files.count > 1 { Output.print("total: \(total.summary)") }
    }
    if !result.diagnostics.isEmpty { throw ExitCode(1) }
  }
}
