import Foundation
import Testing

@testable import QingdanCore

@Suite("The bundled seed catalogues")
struct SeedCatalogueTests {
  @Test(
    "each list has the published number of items, numbered 1…N",
    arguments: [
      ("大石头乡", ListKind.basic, 105), ("大石头乡", .cooperative, 103), ("大石头乡", .recovered, 37),
      ("大西渠镇", .basic, 108), ("大西渠镇", .cooperative, 102), ("大西渠镇", .recovered, 34),
    ])
  func listSizes(township: String, list: ListKind, count: Int) {
    let items = Seeds.index.items(township: township, list: list)
    #expect(items.map(\.number) == Array(1...count))
  }

  @Test func regionsTitlesAndDates() throws {
    let dashitou = try #require(Seeds.dashitou.catalogue)
    #expect(dashitou.region == Region(prefecture: "昌吉州", county: "木垒县", township: "大石头乡"))
    #expect(dashitou.title == "木垒县大石头乡履职事项清单")
    #expect(dashitou.date == "2025年7月")
    let daxiqu = try #require(Seeds.daxiqu.catalogue)
    #expect(daxiqu.region == Region(prefecture: "昌吉州", county: "昌吉市", township: "大西渠镇"))
    #expect(daxiqu.date == "2025年7月")
  }

  struct Expected: Sendable, CustomTestStringConvertible {
    var id: String
    var category: String
    var name: String
    var departments: [String] = []
    var receiver: String? = nil
    /// Steps in department duties, township duties (cooperative) or the method (recovered).
    var steps: [Int] = []
    var testDescription: String { id }
  }

  @Test(
    "sample items read exactly",
    arguments: [
      Expected(
        id: "大石头乡/basic/1", category: "党的建设",
        name:
          "深入学习贯彻习近平新时代中国特色社会主义思想和习近平总书记关于新疆工作的重要讲话重要指示批示精神，完整准确全面贯彻新时代党的治疆方略，宣传和执行党的路线方针政策，执行上级党组织及本级党组织决议，开展党内集中教育，加强政治建设，坚定拥护“两个确立”、坚决做到“两个维护”"
      ),
      Expected(id: "大石头乡/basic/105", category: "综合政务", name: Seeds.item("大石头乡/basic/105").name),
      Expected(
        id: "大西渠镇/basic/30", category: "民生服务",
        name:
          "负责本镇生活困难群体的救助帮扶工作，建立生活困难群体信息台账，对困难群众、低保家庭按照规定给予最低生活保障，受理低收入人口认定申请并进行调查审核和动态管理，审核认定最低生活保障待遇，受理特困人员供养待遇申请材料并进行初审，发放特困人员取暖补贴，做好低收入群体住房安全保障工作"
      ),
      Expected(
        id: "大石头乡/cooperative/3", category: "党的建设", name: "党内统计工作",
        departments: ["木垒县委组织部"], steps: [2, 3]),
      Expected(
        id: "大石头乡/cooperative/5", category: "党的建设", name: "干部人事档案工作",
        departments: ["木垒县委组织部", "木垒县人力资源和社会保障局"], steps: [2, 0]),
      Expected(
        id: "大石头乡/cooperative/87", category: "应急管理及消防", name: "开展防灾减灾检查",
        departments: ["木垒县应急管理局", "木垒县自然资源局", "木垒县住房和城乡建设局", "木垒县水利局"],
        steps: [0, 3]),
      Expected(
        id: "大西渠镇/cooperative/12", category: "经济发展", name: "农业水价调整工作",
        departments: ["昌吉市水利局"]),
      Expected(
        id: "大石头乡/recovered/1", category: "民生服务", name: "出具婚姻状况证明（婚姻关系证明、分居证明）",
        receiver: "木垒县民政局", steps: [0]),
      Expected(
        id: "大石头乡/recovered/12", category: "社会保障", name: "对完成城镇新增就业人数任务的考核",
        receiver: "木垒县人力资源和社会保障局", steps: [3]),
      Expected(
        id: "大石头乡/recovered/35", category: "市场监管", name: "食品小作坊登记",
        receiver: "木垒县市场监督管理局", steps: [4]),
    ])
  func sampleItem(expected: Expected) throws {
    let item = Seeds.item(expected.id)
    #expect(item.category == expected.category)
    #expect(item.name == expected.name)
    switch item.detail {
    case .basic:
      #expect(item.handler.role == .township)
      #expect(item.handler.answer == "\(item.township)负责 (基本履职)")
    case .cooperative(let cooperation):
      #expect(cooperation.departments.map(\.name) == expected.departments)
      #expect(item.handler.role == .departmentsLead)
      if !expected.steps.isEmpty {
        #expect(
          [cooperation.departmentDuties.stepCount, cooperation.townshipDuties.stepCount]
            == expected.steps)
      }
    case .recovered(let recovery):
      #expect(recovery.receiver.name == expected.receiver)
      #expect(item.handler.answer == "已收回：\(expected.receiver ?? "")办理")
      #expect([recovery.method.stepCount] == expected.steps)
    }
  }

  @Test func cooperativeStepsAndAnswer() {
    let item = Seeds.item("大西渠镇/cooperative/12")
    #expect(item.handler.answer == "昌吉市水利局牵头，大西渠镇配合")
    let duties = item.cooperation!.departmentDuties
    #expect(duties.stepCount == 3)
    #expect(duties.blocks.first == .step(label: "1", text: Self.firstStep(duties)))
  }

  static func firstStep(_ text: DutyText) -> String {
    if case .step(_, let body) = text.blocks.first { return body }
    return ""
  }

  @Test("大石头乡 item 66: the 7th cell is the second part of the township duties")
  func dashitouItem66() throws {
    let item = Seeds.item("大石头乡/cooperative/66")
    let cooperation = try #require(item.cooperation)
    #expect(
      cooperation.departments.map(\.name) == ["木垒县农业农村局", "木垒县公安局", "昌吉州生态环境局木垒县分局"])
    let headings = cooperation.townshipDuties.blocks.compactMap { block -> String? in
      if case .heading(let text) = block { return text }
      return nil
    }
    #expect(headings == ["一、农作物秸秆综合利用", "二、农作物秸秆禁烧"])
    #expect(cooperation.townshipDuties.stepCount == 6)
    #expect(cooperation.townshipDuties.plainText.contains("接到州生态环境局木垒县分局反馈后立即派员核实"))
    let warning = Seeds.dashitou.diagnostics.first { $0.line == item.sourceLine }
    #expect(warning?.severity == .warning)
    #expect(warning?.message.contains("7 columns") == true)
  }

  @Test("大石头乡 item 65 on the same 7-column page reads normally")
  func dashitouItem65() {
    let item = Seeds.item("大石头乡/cooperative/65")
    #expect(item.name == "水土保持监督管理")
    #expect(item.cooperation?.townshipDuties.stepCount == 2)
  }

  @Test(
    "大西渠镇 items 78 and 79: duty text leaked into the departments cell",
    arguments: [78, 79])
  func daxiquLeakedDepartments(number: Int) throws {
    let item = Seeds.item("大西渠镇/cooperative/\(number)")
    let cooperation = try #require(item.cooperation)
    #expect(cooperation.departments.map(\.name) == ["昌吉市委宣传部", "昌吉市文化体育广播电视台和旅游局"])
    #expect(cooperation.departments.map(\.asWritten) == ["市委宣传部", "昌吉市文化体育广播电视台和旅游局"])
    let sections = cooperation.departmentDuties.sectionsByDepartment
    #expect(sections.map(\.department) == ["昌吉市委宣传部", "昌吉市文化体育广播电视台和旅游局"])
    let leaked = number == 78 ? "指导大西渠镇分类整理图书编目。" : "持续提升文化进基层的深度和广度，持续开展“万村千乡文化产品惠民行动”工作。"
    #expect(sections[1].blocks.map(\.displayText).joined() == leaked)
    #expect(!item.handler.answer.contains("指导"))
    #expect(
      Seeds.daxiqu.diagnostics.contains { $0.line == item.sourceLine && $0.severity == .warning })
  }

  @Test func departmentNamesAreNormalised() {
    // A slip in the source: "昌吉人力资源和社会保障局" (no 市).
    let slipped = Seeds.index.items(township: "大西渠镇", list: .recovered).compactMap(\.recovery)
      .map(\.receiver).filter { $0.asWritten == "昌吉人力资源和社会保障局" }
    #expect(!slipped.isEmpty)
    #expect(slipped.allSatisfy { $0.name == "昌吉市人力资源和社会保障局" })
    // One department is one entry across items.
    #expect(Seeds.index.itemCount(department: "昌吉市人力资源和社会保障局") > slipped.count)
    #expect(Seeds.index.departments.allSatisfy { !$0.hasPrefix("市") && !$0.hasPrefix("县") })
  }

  @Test func noFieldHoldsMarkup() {
    let tagStart = /<\/?[A-Za-z]/
    for item in Seeds.index.items {
      let texts =
        [item.name, item.category]
        + SearchField.allCases.map { $0.text(of: item) }
      for text in texts {
        #expect(text.firstMatch(of: tagStart) == nil, "\(item.id): \(text.prefix(60))")
        #expect(!text.contains("&nbsp;"))
      }
    }
  }

  @Test("every input line is an item, structural, or a diagnostic", arguments: ["大石头乡", "大西渠镇"])
  func everyLineAccountedFor(township: String) {
    let result = township == "大石头乡" ? Seeds.dashitou : Seeds.daxiqu
    let lines = Seeds.lines(township)
    #expect(result.lineRoles.count == lines.count)
    for (offset, role) in result.lineRoles.enumerated() {
      let blank = lines[offset].trimmingCharacters(in: .whitespaces).isEmpty
      #expect((role == .blank) == blank, "line \(offset + 1)")
      if role == .unplaced {
        #expect(result.diagnostics.contains { $0.line == offset + 1 }, "line \(offset + 1)")
      }
    }
    let itemLines = result.lineRoles.filter { if case .item = $0 { true } else { false } }.count
    #expect(itemLines == result.catalogue?.items.count)
    #expect(result.coverage.unplaced == 0)
    #expect(result.diagnostics.allSatisfy { $0.severity == .warning })
  }

  @Test func indexByDepartmentAndCategory() {
    let water = Seeds.index.items(department: "木垒县水利局")
    #expect(!water.isEmpty)
    #expect(water.allSatisfy { $0.handler.departments.contains { $0.name == "木垒县水利局" } })
    #expect(water.contains { $0.list == .recovered } && water.contains { $0.list == .cooperative })
    let categories = Seeds.index.categories(township: "大石头乡", list: .basic)
    #expect(categories.first?.name == "党的建设")
    #expect(categories.map(\.count).reduce(0, +) == 105)
  }
}
