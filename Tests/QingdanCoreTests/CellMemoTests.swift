import Foundation
import Testing

@testable import QingdanCore
@testable import QingdanCorpus

@Suite("Cells read once per load")
struct CellMemoTests {
  private static let muleiDirectory = DepartmentDirectory(
    region: Region(prefecture: "昌吉州", county: "木垒县", township: "大石头乡"),
    namesAsWritten: ["木垒县民政局"])
  private static let qitaiDirectory = DepartmentDirectory(
    region: Region(prefecture: "昌吉州", county: "奇台县", township: "老奇台镇"),
    namesAsWritten: ["奇台县民政局"])

  /// The department a cell names is normalised by each file's own directory: a text read in
  /// one county is not handed to another.
  @Test func aCellIsReusedOnlyWhereTheDirectoryAnswersAlike() {
    let memo = CellMemo()
    let cell: Substring = "<p>县民政局</p><p>1.核实申请人情况；2.出具证明。</p>"
    func fresh(_ directory: DepartmentDirectory) -> DutyText {
      DutyTextParser(departmentSpellings: [], normalise: directory.normalise).parse([cell])
    }
    let mulei = memo.dutyText(cell, spellings: .none, normalise: Self.muleiDirectory.normalise)
    let qitai = memo.dutyText(cell, spellings: .none, normalise: Self.qitaiDirectory.normalise)
    let muleiAgain = memo.dutyText(
      cell, spellings: .none, normalise: Self.muleiDirectory.normalise)
    #expect(mulei == fresh(Self.muleiDirectory))
    #expect(qitai == fresh(Self.qitaiDirectory))
    #expect(muleiAgain == mulei)
    #expect(mulei.blocks.first == .department("木垒县民政局"))
    #expect(qitai.blocks.first == .department("奇台县民政局"))
  }

  @Test func spellingsArePartOfTheKey() {
    let memo = CellMemo()
    let cell: Substring = "木垒县民政局 指导开展工作。"
    let normalise = Self.muleiDirectory.normalise
    let plain = memo.dutyText(cell, spellings: .none, normalise: normalise)
    let split = memo.dutyText(cell, spellings: .init(["木垒县民政局"]), normalise: normalise)
    #expect(plain == DutyText(blocks: [.paragraph("木垒县民政局 指导开展工作。")]))
    #expect(split == DutyText(blocks: [.department("木垒县民政局"), .paragraph("指导开展工作。")]))
  }

  /// Townships of the same counties share most duty cells: a load with one memo for all its
  /// files gives exactly what reading every file on its own gives.
  @Test func aSharedMemoChangesNoCatalogue() throws {
    let templates = try CatalogueLoader.load(
      paths: try CatalogueLoader.dataPaths(explicit: [])
    ).catalogues
    let generator = CorpusGenerator(templates: templates, seed: 3)
    let shared = CellMemo()
    for index in 0..<24 {
      let generated = generator.township(index)
      let data = Data(generated.text.utf8)
      let alone = CatalogueParser.parse(data: data, file: generated.fileName)
      let together = CatalogueParser.parse(
        data: data, file: generated.fileName, memo: shared)
      let catalogue = try #require(together.catalogue)
      #expect(catalogue == alone.catalogue, "\(generated.fileName)")
      #expect(together.diagnostics == alone.diagnostics, "\(generated.fileName)")
      #expect(together.lineRoles == alone.lineRoles, "\(generated.fileName)")
    }
  }
}
