import ArgumentParser
import Foundation
import QingdanCore
import QingdanCorpus

/// `qingdan-bench import`: how fast each format is read into catalogues (per MB of file), and
/// optionally a folder of N townships as xlsx against the same catalogues as text.
struct ImportBenchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "import",
    abstract: "Import time per MB for each format; with --townships, an xlsx folder vs text.")

  @Option(
    help: ArgumentHelp(
      "Also compare a folder of N synthetic townships as xlsx and as text.", valueName: "n"))
  var townships: Int?
  @Option(help: "Seconds to repeat each small file for (the best run is reported).")
  var seconds = 1.0

  func run() throws {
    guard let resources = BundledResources.directory() else {
      throw ValidationError("Resources/ not found; run from the checkout")
    }
    let checkout = resources.deletingLastPathComponent()
    let fixtures = checkout.appendingPathComponent("Tests/Fixtures/import")
    let bundled = try CatalogueLoader.load(paths: try CatalogueLoader.dataPaths(explicit: []))
    var inputs: [(format: String, file: String, data: Data)] = []
    for catalogue in bundled.catalogues {
      inputs.append(
        ("txt", catalogue.source, FileManager.default.contents(atPath: catalogue.source)!))
    }
    inputs.append(
      ("xlsx (qingdan export)", "export.xlsx", try XLSXWriter.workbook(bundled.catalogues)))
    for folder in ["xlsx", "docx", "html", "csv"] {
      let directory = fixtures.appendingPathComponent(folder).path
      for name in ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
      {
        let path = (directory as NSString).appendingPathComponent(name)
        let format =
          (name as NSString).pathExtension.lowercased() + (folder == "xlsx" ? " (openpyxl)" : "")
        inputs.append((format, path, FileManager.default.contents(atPath: path)!))
      }
    }
    print(
      "format                 file                                   KB   items   best ms    ms/MB")
    var totals: [String: (bytes: Int, seconds: Double)] = [:]
    for input in inputs {
      var best = Double.infinity
      var items = 0
      let start = Date()
      repeat {
        let clock = Date()
        let result = CatalogueImport.parse(data: input.data, file: input.file)
        best = min(best, Date().timeIntervalSince(clock))
        items = result.catalogues.reduce(0) { $0 + $1.items.count }
      } while Date().timeIntervalSince(start) < seconds
      let megabytes = Double(input.data.count) / 1_048_576
      print(
        input.format.padding(toLength: 22, withPad: " ", startingAt: 0) + " "
          + String((input.file as NSString).lastPathComponent.prefix(34)).padding(
            toLength: 34, withPad: " ", startingAt: 0)
          + String(
            format: " %6d %7d %9.1f %8.0f", input.data.count / 1024, items, best * 1000,
            best * 1000 / megabytes))
      let key = input.format.components(separatedBy: " ").first!
      totals[key, default: (0, 0)].bytes += input.data.count
      totals[key, default: (0, 0)].seconds += best
    }
    print("\nper format (all files of the format): ms per MB of file")
    for (format, total) in totals.sorted(by: { $0.key < $1.key }) {
      print(
        "  \(format.padding(toLength: 5, withPad: " ", startingAt: 0)) \(String(format: "%6.0f", total.seconds * 1000 / (Double(total.bytes) / 1_048_576))) ms/MB"
      )
    }
    if let townships { try compareFolders(townships, templates: bundled.catalogues) }
  }

  /// N synthetic townships written as text, then each converted to a workbook; both folders
  /// loaded as `--data` would (every core, no cache).
  func compareFolders(_ count: Int, templates: [Catalogue]) throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent(
      "qingdan-import-bench-\(count)")
    try? FileManager.default.removeItem(at: root)
    let textFolder = root.appendingPathComponent("text")
    let xlsxFolder = root.appendingPathComponent("xlsx")
    try FileManager.default.createDirectory(at: textFolder, withIntermediateDirectories: true)
    try FileManager.default.createDirectory(at: xlsxFolder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: root) }
    _ = try CorpusGenerator(templates: templates, seed: 1).write(townships: count, to: textFolder)
    let text = try CatalogueLoader.load(paths: [textFolder.path])
    for catalogue in text.catalogues {
      let name = ((catalogue.source as NSString).lastPathComponent as NSString)
        .deletingPathExtension
      try XLSXWriter.workbook([catalogue]).write(
        to: xlsxFolder.appendingPathComponent(name + ".xlsx"))
    }
    func size(_ folder: URL) -> Int {
      ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).reduce(0) {
        $0
          + ((try? FileManager.default.attributesOfItem(
            atPath: folder.appendingPathComponent($1).path)[.size] as? Int) ?? 0)
      }
    }
    func time(_ folder: URL) throws -> (seconds: Double, items: Int) {
      let start = Date()
      let result = try CatalogueLoader.load(paths: [folder.path])
      return (Date().timeIntervalSince(start), result.catalogues.reduce(0) { $0 + $1.items.count })
    }
    let textRun = try time(textFolder)
    let xlsxRun = try time(xlsxFolder)
    print("\n\(count) townships, loaded as --data (every core, no cache):")
    print(
      String(
        format: "  text: %5.1f MB  %7d items  %.2f s", Double(size(textFolder)) / 1_048_576,
        textRun.items, textRun.seconds))
    print(
      String(
        format: "  xlsx: %5.1f MB  %7d items  %.2f s  (%.1f× text)",
        Double(size(xlsxFolder)) / 1_048_576, xlsxRun.items, xlsxRun.seconds,
        xlsxRun.seconds / textRun.seconds))
  }
}
