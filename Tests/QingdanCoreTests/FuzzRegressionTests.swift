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

  /// The crashes the snapshot target found, each refused with its reason: an index section
  /// naming one character twice (trapped building the symbol table), and a character pair
  /// whose second character is not in the table (passed validation, trapped in a query).
  /// Both lay in the search index section, kept here on its own (of a 7-item catalogue) so
  /// that a change of the catalogue section's format leaves them replayable.
  @Test(arguments: [
    ("repeated-character", "search index: repeated character"),
    ("pair-second-symbol", "search index: pair"),
  ])
  func crashInputIsRefused(name: String, reason: String) throws {
    let input = Self.regressions.appendingPathComponent("snapshot/\(name).search-index")
    let section = SnapshotSection([UInt8](try Data(contentsOf: input)))
    #expect(section.count > 0)
    do {
      _ = try SearchEngine.storedIndex(
        [SearchIndex.snapshotSection: section], itemCount: 7,
        resources: EngineCacheTests.resources)
      Issue.record("\(name): the stored index was accepted")
    } catch {
      #expect(error == .corrupt(reason))
    }
  }

  /// A payload whose item bytes are damaged but whose keys are whole (the snapshot target's
  /// first find in format 5, made again in format 6 as one flipped byte of the mini seed):
  /// refused when items are decoded at once, opened when they are decoded when read, and
  /// then every item reads back without trapping.
  @Test func damagedItemsUnderWholeKeysReadBackMarked() throws {
    let input = Self.regressions.appendingPathComponent(
      "snapshot/items-damaged-keys-intact.payload")
    let bytes = [UInt8](try Data(contentsOf: input))
    #expect((try? Payload.decode(bytes)) == nil)
    let (result, _) = try Payload.decode(bytes, itemsWhenRead: true)
    let items = result.catalogues.flatMap { Array($0.items) }
    #expect(!items.isEmpty)
    #expect(items.contains { $0.name.contains("index cache is damaged") })
  }

  /// Every payload the snapshot target crashed on, replayed as it checks them: items
  /// decoded at once, when they decode, equal those decoded when read (an item's key column
  /// moved inside its catalogue once passed at open and read another item), and items
  /// decoded when read all read back.
  @Test func crashPayloadsDecodeTheSameBothWays() throws {
    let directory = Self.regressions.appendingPathComponent("snapshot")
    let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
      .filter { $0.hasSuffix(".payload") }.sorted()
    #expect(names.count >= 2)
    for name in names {
      let bytes = [UInt8](try Data(contentsOf: directory.appendingPathComponent(name)))
      let atOnce = try? Payload.decode(bytes)
      let whenRead = try? Payload.decode(bytes, itemsWhenRead: true)
      if let atOnce { #expect(whenRead?.0 == atOnce.0, "\(name)") }
      for catalogue in whenRead?.0.catalogues ?? [] { _ = Array(catalogue.items) }
    }
  }

  /// What the snapshot target does with a payload, on its seeds made by this build: decode,
  /// build what a start builds, search.
  @Test func snapshotSeedsServe() throws {
    let seeds = Self.regressions.deletingLastPathComponent().appendingPathComponent(
      "corpus/snapshot")
    let names = try FileManager.default.contentsOfDirectory(atPath: seeds.path).sorted()
    #expect(!names.isEmpty)
    for name in names {
      let bytes = [UInt8](try Data(contentsOf: seeds.appendingPathComponent(name)))
      let (result, sections) = try Payload.decode(bytes, itemsWhenRead: true)
      let itemCount = result.catalogues.reduce(0) { $0 + $1.items.count }
      let engine = SearchEngine(
        catalogue: CatalogueIndex(catalogues: result.catalogues),
        resources: EngineCacheTests.resources,
        index: try SearchEngine.storedIndex(
          sections, itemCount: itemCount, resources: EngineCacheTests.resources))
      #expect(!engine.search("低保").isEmpty || itemCount < 50, "\(name)")
    }
  }
}
