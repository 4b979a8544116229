import Foundation

@testable import QingdanCore

/// Writes the snapshot target's seed corpus: the payloads (catalogue section and search
/// index) of the parser target's small catalogue seeds, as the cache would store them.
/// Usage: make-snapshot-seeds OUTPUT-DIR CATALOGUE...
@main
enum MakeSnapshotSeeds {
  static func main() throws {
    let arguments = CommandLine.arguments.dropFirst()
    guard let output = arguments.first, arguments.count > 1 else {
      FileHandle.standardError.write(Data("usage: make-snapshot-seeds OUTPUT-DIR CATALOGUE...\n".utf8))
      exit(2)
    }
    let resources = try SearchResources.loadDefault()
    for file in arguments.dropFirst() {
      let result = try CatalogueLoader.load(paths: [file])
      let engine = SearchEngine(
        catalogue: CatalogueIndex(catalogues: result.catalogues), resources: resources)
      let payload = Payload.encode(
        result: result, sections: engine.snapshotSections.mapValues(SnapshotSection.init))
      let name = (file as NSString).lastPathComponent.replacingOccurrences(of: ".txt", with: "")
      let path = (output as NSString).appendingPathComponent("\(name).payload")
      try Data(payload).write(to: URL(fileURLWithPath: path))
      print("\(path): \(payload.count) bytes, \(result.catalogues.first?.items.count ?? 0) items")
    }
  }
}
