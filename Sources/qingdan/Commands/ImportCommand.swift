import ArgumentParser
import Foundation
import QingdanCore

/// `qingdan import FILE… [--out DIR]`: reads catalogues in any supported format and writes
/// each in the canonical text format, to be read, edited and compared.
struct ImportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "import",
    abstract: "Convert catalogues (.xlsx .docx .html .csv .tsv .txt) to the canonical text format.",
    discussion: """
      With one file and no --out, the text goes to stdout. With --out DIR, each catalogue is
      written to DIR/<prefecture><county><township>履职事项清单.txt. Diagnostics go to stderr as
      file:sheet:row: reason. Exit status 1 if a file could not be loaded.
      """)

  @Argument(help: "Catalogue files or directories.") var paths: [String]
  @Option(help: "Write each catalogue into this directory.") var out: String?

  func run() throws {
    guard !paths.isEmpty else { throw CommandError("give the catalogue files to import") }
    let files: [String]
    do {
      files = try CatalogueLoader.files(in: paths)
    } catch {
      throw CommandError(error.description)
    }
    guard out != nil || files.count == 1 else {
      throw CommandError(
        "\(files.count) files: give --out DIR to write one text file per catalogue")
    }
    if let out {
      do {
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
      } catch {
        throw CommandError("\(out): cannot create the directory (\(error.localizedDescription))")
      }
    }
    var failures = 0
    var written: Set<String> = []
    for file in files {
      let result = CatalogueLoader.parse(file: file)
      for diagnostic in result.diagnostics { Output.warn(diagnostic.description) }
      guard result.catalogue != nil else {
        failures += 1
        continue
      }
      if out == nil, result.catalogues.count > 1 {
        throw CommandError(
          "\(file) holds \(result.catalogues.count) townships; give --out DIR to write one text file each"
        )
      }
      for catalogue in result.catalogues {
        if !write(catalogue, from: file, written: &written) { failures += 1 }
      }
    }
    if failures > 0 { throw ExitCode(1) }
  }

  /// Writes one catalogue to stdout or into `out`; false if its township was written already.
  private func write(_ catalogue: Catalogue, from file: String, written: inout Set<String>) -> Bool
  {
    let text = CatalogueTextWriter.text(of: catalogue)
    guard let out else {
      Output.write(text)
      return true
    }
    let region = catalogue.region
    let name = "\(region.prefecture)\(region.county)\(region.township)履职事项清单.txt"
    let target = (out as NSString).appendingPathComponent(name)
    guard !written.contains(target) else {
      Output.warn("\(file): \(catalogue.township) was already written to \(target); skipped")
      return false
    }
    written.insert(target)
    do {
      try Data(text.utf8).write(to: URL(fileURLWithPath: target), options: .atomic)
    } catch {
      Output.warn("\(target): cannot write (\(error.localizedDescription))")
      return false
    }
    Output.warn("\(file) → \(target): \(catalogue.items.count) items")
    return true
  }
}
