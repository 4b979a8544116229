import Foundation
import Testing

@testable import QingdanCore
@testable import QingdanCorpus

/// A browser's cold start parses without reading duty texts, draws its first frame, and reads
/// them with the search index: what it finally holds must be what a whole parse gives.
@Suite("Duty texts read after the first frame")
struct DeferredDutyTextsTests {
  /// Rows of every shape the item builder repairs: extra columns on each list, duty text
  /// leaked into the departments cell, a 承接部门 cell without a department, a short row, a
  /// department named in running text, steps and headings.
  static let damaged = """
    昌吉州木垒县大石头乡基本履职事项清单
    序号\t事项类别\t事项名称
    1\t党的建设\t落实党建工作责任制
    2\t党的建设\t组织开展主题教育\t多出的一列
    昌吉州木垒县大石头乡配合履职事项清单
    序号\t事项类别\t事项名称\t对应上级部门\t上级部门职责\t乡镇配合职责
    1\t民政\t最低生活保障审核\t县民政局\t1.制定低保政策；2.审批低保申请。\t1.受理申请；2.入户调查。
    2\t文化\t图书整理\t市委宣传部 县文化体育广播电视和旅游局 指导大石头乡分类整理图书编目。\t县文化体育广播电视和旅游局 负责业务指导。\t配合整理图书。
    3\t应急\t防灾减灾\t县应急管理局、县民政局\t一、宣传 1.开展防灾减灾宣传；2.组织演练。 县民政局 做好救助。\t1.协助宣传；\t2.组织群众参加演练。
    4\t民政\t临时救助\t县民政局\t审批临时救助。
    5\t农业\t秸秆利用\t\t指导秸秆综合利用。\t宣传秸秆禁烧。
    昌吉州木垒县大石头乡上级部门收回事项清单
    序号\t事项类别\t事项名称\t承接部门及工作方式
    1\t民政\t婚姻登记\t县民政局：依据婚姻登记历史档案，出具婚姻登记记录证明。
    2\t民政\t收养登记\t由上级部门统一办理。
    3\t城建\t农村危房改造\t县住房和城乡建设局：组织鉴定；\t多出的工作方式。
    """

  /// Every file parsed whole, and parsed deferring duty texts then completed.
  static func loads(_ texts: [(file: String, text: String)]) -> (
    whole: LoadResult, deferred: LoadResult
  ) {
    let files = texts.map(\.file)
    let contents = texts.map { Data($0.text.utf8) }
    func load(deferring: Bool) -> LoadResult {
      CatalogueLoader.parseAndAssemble(
        files: files, progress: nil, deferringDutyTexts: deferring
      ) { contents[$0] }
    }
    return (load(deferring: false), load(deferring: true))
  }

  static func generated(count: Int) throws -> [(file: String, text: String)] {
    let templates = try CatalogueLoader.load(
      paths: try CatalogueLoader.dataPaths(explicit: [])
    ).catalogues
    let generator = CorpusGenerator(templates: templates, seed: 11)
    return (0..<count).map { index in
      let township = generator.township(index)
      return (township.fileName, township.text)
    }
  }

  static var bundled: [(file: String, text: String)] {
    ["大石头乡", "大西渠镇"].map { township in
      let path = Seeds.path(township)
      return (path, (try? String(contentsOfFile: path, encoding: .utf8)) ?? "")
    }
  }

  @Test func completingGivesWhatAWholeParseGives() throws {
    let texts = Self.bundled + [("damaged.txt", Self.damaged)] + (try Self.generated(count: 12))
    let (whole, deferred) = Self.loads(texts)
    #expect(deferred.hasPendingDutyTexts)
    #expect(!whole.hasPendingDutyTexts)
    let completed = deferred.completingDutyTexts()
    #expect(!completed.hasPendingDutyTexts)
    #expect(completed.catalogues.count == whole.catalogues.count)
    for (read, expected) in zip(completed.catalogues, whole.catalogues) {
      #expect(Array(read.items) == Array(expected.items), "\(expected.source)")
    }
    #expect(completed == whole)
  }

  /// Before the duty texts are read, everything else is there: names, departments, handlers,
  /// every diagnostic and line role.
  @Test func theOutlineHasAllButDutyTexts() {
    let (whole, deferred) = Self.loads(Self.bundled + [("damaged.txt", Self.damaged)])
    #expect(deferred.files == whole.files)
    for (outline, expected) in zip(deferred.catalogues, whole.catalogues) {
      #expect(outline.items.count == expected.items.count)
      for (item, full) in zip(outline.items, expected.items) {
        #expect(item.id == full.id)
        #expect(item.name == full.name)
        #expect(item.category == full.category)
        #expect(item.handler == full.handler)
        switch (item.detail, full.detail) {
        case (.basic, .basic):
          break
        case (.cooperative(let cooperation), .cooperative(let fullCooperation)):
          #expect(cooperation.departments == fullCooperation.departments)
          #expect(cooperation.departmentDuties == .pending)
          #expect(cooperation.townshipDuties == .pending)
        case (.recovered(let recovery), .recovered(let fullRecovery)):
          #expect(recovery.receiver == fullRecovery.receiver)
          #expect(recovery.method == .pending)
        default:
          Issue.record("\(item.id): the outline's list differs")
        }
      }
    }
  }

  /// The damaged file's repairs are all in the duty texts read later (the leaked text kept
  /// under its department, extra columns appended, the unlabelled first section labelled).
  @Test func repairsSurviveTheDeferral() throws {
    let (_, deferred) = Self.loads([("damaged.txt", Self.damaged)])
    let catalogue = try #require(deferred.completingDutyTexts().catalogues.first)
    let leaked = try #require(catalogue.items.first { $0.id.hasSuffix("cooperative/2") })
    let duties = try #require(leaked.cooperation?.departmentDuties.plainText)
    #expect(duties.contains("指导大石头乡分类整理图书编目"))
    let extra = try #require(catalogue.items.first { $0.id.hasSuffix("cooperative/3") })
    #expect(extra.cooperation?.townshipDuties.stepCount == 2)
    let noDepartment = try #require(catalogue.items.first { $0.id.hasSuffix("recovered/2") })
    #expect(noDepartment.recovery?.method.plainText == "由上级部门统一办理。")
  }

  /// A browser's cold start: the catalogue index it draws from has pending texts, the
  /// engine's has them read, item for item in the same positions, and the snapshot written
  /// after it holds whole items.
  @Test func theEngineAndTheSnapshotHaveEveryText() throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("qingdan-deferred-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let data = folder.appendingPathComponent("data")
    try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
    try Self.damaged.write(
      to: data.appendingPathComponent("damaged.txt"), atomically: true, encoding: .utf8)
    let store = SnapshotStore(directory: folder.appendingPathComponent("cache").path)
    let resources = try SearchResources.loadDefault()
    let whole = try CatalogueLoader.load(paths: [data.path])

    let cold = try SearchEngine.loadCatalogues(
      paths: [data.path], resources: resources, cache: store, deferringDutyTexts: true)
    guard case .toBuild(let pending) = cold.search else {
      Issue.record("a cold start has an engine to build")
      return
    }
    #expect(cold.catalogue.items.contains { $0.cooperation?.townshipDuties.isPending == true })
    let built = pending.build()
    #expect(Array(built.engine.catalogue.items) == whole.catalogues.flatMap(\.items))
    #expect(built.result.catalogues == whole.catalogues)
    #expect(built.engine.catalogue.items.map(\.id) == cold.catalogue.items.map(\.id))
    guard case .written = built.snapshot?.write() else {
      Issue.record("the snapshot was not written")
      return
    }

    let warm = try SearchEngine.loadCatalogues(
      paths: [data.path], resources: resources, cache: store, deferringDutyTexts: true)
    #expect(warm.cacheSummary == "cache: hit")
    #expect(Array(warm.catalogue.items) == whole.catalogues.flatMap(\.items))
  }
}
