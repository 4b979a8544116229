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
        _ = engine.search("低保")
      } catch {
        #expect("\(error)".contains("search index"), "\(input.lastPathComponent): \(error)")
      }
    }
  }

  /// The first crash found: an index section naming one character twice.
  @Test func repeatedCharacterIsRefused() throws {
    let input = Self.regressions.appendingPathComponent("snapshot/repeated-character.payload")
    let (result, sections) = try Payload.decode([UInt8](try Data(contentsOf: input)))
    let itemCount = result.catalogues.reduce(0) { $0 + $1.items.count }
    #expect(throws: SnapshotError.corrupt("search index: repeated character")) {
      try SearchEngine.storedIndex(
        sections, itemCount: itemCount, resources: EngineCacheTests.resources)
    }
  }
}
