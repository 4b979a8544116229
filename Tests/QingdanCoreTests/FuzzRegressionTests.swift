import Foundation
import Testing

@testable import QingdanCore

/// Every input a fuzz target (Fuzz/Targets) crashed on, kept in Fuzz/regressions/<target>/
/// and replayed the way the target feeds it.
@Suite("Fuzz regressions")
struct FuzzRegressionTests {
  static let regressions = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fuzz/regressions")

  static func inputs(_ target: String) -> [URL] {
    let directory = regressions.appendingPathComponent(target)
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
    return names.sorted().map { directory.appendingPathComponent($0) }
  }

  /// As SnapshotFuzz does: decode the payload, build what a start builds, search.
  @Test func snapshotInputsAreRefusedOrServe() throws {
    let inputs = Self.inputs("snapshot")
    #expect(!inputs.isEmpty)
    for input in inputs {
      let bytes = [UInt8](try Data(contentsOf: input))
      guard let (result, sections) = try? Payload.decode(bytes) else { continue }
      let itemCount = result.catalogues.reduce(0) { $0 + $1.items.count }
      let catalogue = CatalogueIndex(catalogues: result.catalogues)
      do {
        let index = try SearchEngine.storedIndex(
          sections, itemCount: itemCount, resources: EngineCacheTests.resources)
        let engine = SearchEngine(
          catalogue: catalogue, resources: EngineCacheTests.resources, index: index)
        for query in ["低保", "dibao", "zjd", "救助 临时", "长"] { _ = engine.search(query) }
      } catch {
        #expect("\(error)".contains("search index"), "\(input.lastPathComponent): \(error)")
      }
    }
  }

  /// The crashes found, each refused with its reason: an index section naming one
  /// character twice (trapped building the symbol table), and a character pair whose
  /// second character is not in the table (passed validation, trapped in a query).
  @Test(arguments: [
    ("repeated-character", "search index: repeated character"),
    ("pair-second-symbol", "search index: pair"),
  ])
  func crashInputIsRefused(name: String, reason: String) throws {
    let input = Self.regressions.appendingPathComponent("snapshot/\(name).payload")
    let (result, sections) = try Payload.decode([UInt8](try Data(contentsOf: input)))
    let itemCount = result.catalogues.reduce(0) { $0 + $1.items.count }
    do {
      _ = try SearchEngine.storedIndex(
        sections, itemCount: itemCount, resources: EngineCacheTests.resources)
      Issue.record("\(name): the stored index was accepted")
    } catch {
      #expect(error == .corrupt(reason))
    }
  }
}
