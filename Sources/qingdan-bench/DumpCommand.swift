import ArgumentParser
import Foundation
import QingdanCore

/// Every judged query's hits in full (items, scores to the last bit, match spans, snippets,
/// reasons), in scopes and limits as the commands and the browser ask for them: two runs
/// whose dumps are equal ranked and marked everything alike. For changes meant to leave
/// rankings alone (`diff` the dumps before and after).
struct DumpCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "dump",
    abstract: "Print every judged query's hits in full, to compare two builds' rankings.")

  @Option(help: "Catalogue files or a directory (repeatable). Default: the bundled catalogues.")
  var data: [String] = []
  @Option(help: "Judged query files. Default: those of `eval`.") var queries: [String] = []

  func run() throws {
    let paths = data.isEmpty ? try CatalogueLoader.dataPaths(explicit: []) : data
    let loaded = try CatalogueLoader.load(paths: paths)
    let engine = SearchEngine(
      catalogue: CatalogueIndex(catalogues: loaded.catalogues),
      resources: try SearchResources.loadCompiled().resources)
    let texts = try JudgedQueries.load(queries.isEmpty ? JudgedQueries.defaultPaths() : queries)
      .map(\.q)
    let township = engine.catalogue.items.first?.township
    var output = ""
    for text in texts {
      // As `qingdan search` (top 20, all marked), the browser (200, none marked here) and a
      // township's scope.
      for (label, limit, scope) in [
        ("top20", 20, SearchScope.everything), ("top200", 200, .everything),
        ("township", 20, SearchScope(township: township)),
      ] {
        output += "\(label) \(text)\n"
        let hits = engine.search(
          text, scope: scope, limit: limit, highlighted: limit == 20 ? .max : 0)
        for hit in hits {
          output += "  \(hit.item.id) \(String(Float(hit.score).bitPattern, radix: 16))"
          for match in hit.matches { output += " \(match.field.rawValue)\(match.spans)" }
          if let snippet = hit.snippet {
            output += " snippet \(snippet.field.rawValue)\(snippet.spans) \(snippet.text)"
          }
          output +=
            " why \(hit.why.map { "\($0.kind.rawValue):\($0.chain.joined(separator: ">"))" })\n"
        }
      }
    }
    FileHandle.standardOutput.write(Data(output.utf8))
  }
}
