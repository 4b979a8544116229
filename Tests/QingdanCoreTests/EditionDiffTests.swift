import Foundation
import Testing

@testable import QingdanCore
@testable import QingdanCorpus

@Suite("Edition diff")
struct EditionDiffTests {
  static func parse(_ generated: GeneratedCatalogue) -> Catalogue {
    let result = CatalogueParser.parse(
      lines: generated.text.split(separator: "\n", omittingEmptySubsequences: false)
        .map(String.init),
      file: generated.fileName)
    return result.catalogue!
  }

  @Test func fiftyGeneratedEditionPairsReportExactlyTheRecordedEdits() {
    let generator = CorpusGenerator(templates: BundledCatalogues.all, seed: 14)
    var expectedTotal = 0
    var reportedTotal = 0
    var found = 0
    var editKinds: Set<RecordedEdit.Kind> = []
    for index in 0..<50 {
      let pair = generator.editionPair(index)
      let diff = EditionDiff(old: [Self.parse(pair.old)], new: [Self.parse(pair.new)])
      let expected = Set(
        pair.edits.map { "\($0.kind.rawValue) \($0.oldID ?? "-") \($0.newID ?? "-")" })
      let reported = Set(
        diff.flatChanges.map { "\($0.kind.rawValue) \($0.oldID ?? "-") \($0.newID ?? "-")" })
      #expect(
        expected == reported,
        "pair \(index): missed \(expected.subtracting(reported).sorted()), extra \(reported.subtracting(expected).sorted())"
      )
      expectedTotal += expected.count
      reportedTotal += reported.count
      found += expected.intersection(reported).count
      editKinds.formUnion(pair.edits.map(\.kind))
    }
    // Precision and recall 1.0, over a set of edits of every kind.
    #expect(found == expectedTotal && found == reportedTotal)
    #expect(editKinds == Set(RecordedEdit.Kind.allCases))
    #expect(expectedTotal >= 150)
  }

  @Test func aCatalogueDiffedWithItselfHasNoChanges() {
    for catalogue in BundledCatalogues.all {
      #expect(EditionDiff(old: [catalogue], new: [catalogue]).isEmpty)
    }
    #expect(EditionDiff(old: BundledCatalogues.all, new: BundledCatalogues.all).isEmpty)
  }

  @Test func editionsDifferingOnlyInLayoutAndOrderHaveNoChanges() {
    // The same items written with other cell styles and pages, some rows reordered.
    let generator = CorpusGenerator(templates: BundledCatalogues.all, seed: 3)
    let pair = generator.editionPair(0)
    let old = Self.parse(pair.old)
    var reordered = old
    reordered.items.reverse()
    #expect(EditionDiff(old: [old], new: [reordered]).isEmpty)
  }

  @Test func aMissingTownshipIsAllRemoved() {
    let diff = EditionDiff(old: BundledCatalogues.all, new: [BundledCatalogues.named("大石头乡")])
    let removed = diff.changes.filter { $0.kinds == [.removed] }
    #expect(removed.count == BundledCatalogues.named("大西渠镇").items.count)
    #expect(diff.changes.count == removed.count)
  }

  @Test func characterDiffOfAStep() {
    let segments = CharacterDiff.segments(from: "1.及时排查隐患；", to: "1.及时摸排隐患，并上报；")
    #expect(
      segments == [
        .init(.equal, "1.及时"), .init(.delete, "排查"), .init(.insert, "摸排"), .init(.equal, "隐患"),
        .init(.insert, "，并上报"), .init(.equal, "；"),
      ])
    #expect(CharacterDiff.segments(from: "", to: "") == [])
    #expect(CharacterDiff.segments(from: "同", to: "同") == [.init(.equal, "同")])
    #expect(CharacterDiff.segments(from: "", to: "新") == [.init(.insert, "新")])
    // Whatever the texts, the kept and removed parts spell the old one, kept and inserted the new.
    let old = "配合做好农村供水保障工作，及时上报问题"
    let new = "协同做好农村饮水保障，按时报送问题线索"
    let diff = CharacterDiff.segments(from: old, to: new)
    #expect(diff.filter { $0.operation != .insert }.map(\.text).joined() == old)
    #expect(diff.filter { $0.operation != .delete }.map(\.text).joined() == new)
  }

  @Test func changedStepsPairUpAndAddedStepsStandAlone() {
    let old = DutyText(blocks: [
      .step(label: "1", text: "宣传政策；"), .step(label: "2", text: "排查隐患；"),
    ])
    let new = DutyText(blocks: [
      .step(label: "1", text: "宣传政策；"), .step(label: "2", text: "摸排隐患；"),
      .step(label: "3", text: "上报情况。"),
    ])
    let changes = EditionDiff.blockChanges(from: old, to: new)
    #expect(changes.count == 2)
    #expect(changes[0].old == "2.排查隐患；" && changes[0].new == "2.摸排隐患；")
    #expect(changes[1].old == nil && changes[1].new == "3.上报情况。")
  }
}
