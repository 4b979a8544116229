import Foundation
import Testing

@testable import QingdanCore

/// A contacts file of the tests' own (fake numbers), matched against the bundled catalogues.
enum ContactFixtures {
  static let text = """
    # test directory: fake numbers
    部门\t电话\t地址\t办公时间\t备注
    县公安局\t0000-0000001\t\t\t
    木垒县农业农村局\t0000-0000002\t人民路1号\t工作日 10:00-19:30\t
    昌吉州生态环境局木垒县分局\t0000-0000003
    大石头乡党政办\t0000-0000004
    民政局\t0000-0000005
    木垒县民证局\t0000-0000006
    """

  static func file(_ text: String = text) -> ContactsFile {
    ContactsFile.parse(Array(text.utf8), path: "contacts.tsv")
  }

  static let both = ContactDirectory(file: file(), catalogue: Seeds.index)
  static let muleiOnly = ContactDirectory(
    file: file(), catalogue: CatalogueIndex(catalogues: [Seeds.dashitou.catalogue!]))
}

@Suite("contacts: the file")
struct ContactsFileTests {
  @Test func readsRowsSkippingCommentsAndHeader() {
    let file = ContactFixtures.file()
    #expect(file.diagnostics.isEmpty)
    #expect(file.contacts.map(\.name).first == "县公安局")
    #expect(file.contacts.count == 6)
    let second = file.contacts[1]
    #expect(second.phone == "0000-0000002")
    #expect(second.address == "人民路1号")
    #expect(second.hours == "工作日 10:00-19:30")
    #expect(second.line == 4)
  }

  @Test func badRowsAreReportedWithTheirLineAndSkipped() {
    var bytes = Array("部门\t电话\n木垒县公安局 0000-1\n县水利局\t\n".utf8)
    bytes += [0xD6, 0xD0, 0x09] + Array("0000-2\n".utf8)  // GBK bytes
    bytes += Array("县水利局\t无\n县水利局\t0000-3\ta\tb\tc\td\n县应急管理局\t0000-4\n".utf8)
    bytes += Array("县应急管理局\t0000-4\n县教育局\t0000\u{1B}[31m\n".utf8)
    let file = ContactsFile.parse(bytes, path: "c.tsv")
    #expect(file.contacts.map(\.name) == ["县应急管理局"])
    #expect(file.diagnostics.map(\.line) == [2, 3, 4, 5, 6, 8, 9])
    #expect(file.diagnostics.allSatisfy { $0.severity == .warning })
    #expect(file.diagnostics[0].description.hasPrefix("c.tsv:2: warning: one column"))
    #expect(file.diagnostics[2].message.contains("UTF-8"))
  }

  @Test func aFileWithoutHeaderSaysSoAndKeepsItsRows() {
    let file = ContactsFile.parse(Array("县公安局\t0000-1\n".utf8), path: "c.tsv")
    #expect(file.contacts.count == 1)
    #expect(file.diagnostics.first?.message.contains("no header") == true)
  }

  @Test func theShippedTemplateHasNoRowsAndNoProblems() throws {
    let template = try #require(BundledResources.directory())
      .appendingPathComponent("contacts.template.tsv")
    let file = try ContactsFile.read(path: template.path)
    #expect(file.contacts.isEmpty)
    #expect(file.diagnostics.isEmpty)
  }

  @Test func aMissingNamedFileIsAnError() {
    #expect(throws: ContactsFile.ReadError.self) {
      try ContactsFile.read(path: "/nonexistent/contacts.tsv")
    }
  }
}

@Suite("contacts: matching rows to departments")
struct ContactMatchingTests {
  func resolution(_ name: String, in directory: ContactDirectory = ContactFixtures.both)
    -> ContactDirectory.Resolution?
  {
    directory.rows.first { $0.contact.name == name }?.resolution
  }

  @Test func nameFormsReachTheSameDepartment() {
    let text = "部门\t电话\n县公安局\t1\n木垒县公安局\t2\n公安局\t3\n"
    let directory = ContactDirectory(
      file: ContactFixtures.file(text),
      catalogue: CatalogueIndex(catalogues: [Seeds.dashitou.catalogue!]))
    #expect(
      directory.rows.map(\.resolution)
        == Array(repeating: .matched(.department("木垒县公安局")), count: 3))
    #expect(directory.contacts(for: .department("木垒县公安局")).map(\.phone) == ["1", "2", "3"])
  }

  @Test func aShortNameInTwoCountiesIsAmbiguousNotGuessed() {
    #expect(resolution("民政局") == .ambiguous(["昌吉市民政局", "木垒县民政局"]))
    #expect(ContactFixtures.both.contacts(for: .department("木垒县民政局")).isEmpty)
    // With one county loaded it is unambiguous.
    #expect(resolution("民政局", in: ContactFixtures.muleiOnly) == .matched(.department("木垒县民政局")))
  }

  @Test func aTownshipOfficeReachesTheTownship() {
    #expect(resolution("大石头乡党政办") == .matched(.township("大石头乡")))
    let text = "部门\t电话\n大西渠镇便民服务中心\t1\n昌吉市大西渠镇\t2\n"
    let directory = ContactDirectory(file: ContactFixtures.file(text), catalogue: Seeds.index)
    #expect(
      directory.rows.map(\.resolution) == Array(repeating: .matched(.township("大西渠镇")), count: 2))
  }

  @Test func anUnknownNameGetsTheClosestKnownOne() {
    #expect(resolution("木垒县民证局") == .unmatched(closest: "木垒县民政局"))
    #expect(ContactFixtures.both.unusedRows.map(\.contact.name) == ["民政局", "木垒县民证局"])
    #expect(ContactFixtures.both.departmentsWithoutRow.contains("木垒县水利局"))
    #expect(!ContactFixtures.both.departmentsWithoutRow.contains("木垒县公安局"))
    #expect(ContactFixtures.both.townshipsWithoutRow == ["大西渠镇"])
  }

  @Test func phonesFollowTheHandlerRule() {
    let cooperative = Seeds.item("大石头乡/cooperative/66")
    #expect(
      ContactFixtures.both.phones(for: cooperative.handler).map(\.line) == [
        "木垒县农业农村局 0000-0000002", "木垒县公安局 0000-0000001",
        "昌吉州生态环境局木垒县分局 0000-0000003", "大石头乡党政办 0000-0000004",
      ])
    // A recovered item: the receiving department first, then the township's office.
    let text = "部门\t电话\n大石头乡党政办\t1\n木垒县民政局\t2\n"
    let directory = ContactDirectory(file: ContactFixtures.file(text), catalogue: Seeds.index)
    let recovered = Seeds.item("大石头乡/recovered/1")
    #expect(directory.phones(for: recovered.handler).map(\.line) == ["木垒县民政局 2", "大石头乡党政办 1"])
    // A basic item: the township.
    #expect(directory.phones(for: Seeds.item("大石头乡/basic/1").handler).map(\.line) == ["大石头乡党政办 1"])
  }
}

@Suite("contacts: the call note and records")
struct CallNoteTests {
  static let time = Date(timeIntervalSince1970: 1_764_600_000)  // 2025-12-01 14:40 UTC
  static let utc = TimeZone(identifier: "UTC")!

  @Test func theNoteListsEachDepartmentWithItsPhoneAndTheTime() {
    let text = "部门\t电话\n县公安局\t0000-1\n大石头乡党政办\t0000-4\n"
    let directory = ContactDirectory(file: ContactFixtures.file(text), catalogue: Seeds.index)
    let note = CallNote.text(
      for: Seeds.item("大石头乡/cooperative/66"), contacts: directory, time: Self.time,
      timeZone: Self.utc)
    #expect(
      note == """
        谁负责：木垒县农业农村局、木垒县公安局、昌吉州生态环境局木垒县分局牵头，大石头乡配合
        事项：\(Seeds.item("大石头乡/cooperative/66").name) [大石头乡/cooperative/66]
        电话：木垒县农业农村局 未登记
        电话：木垒县公安局 0000-1
        电话：昌吉州生态环境局木垒县分局 未登记
        电话：大石头乡党政办 0000-4
        时间：2025-12-01 14:40
        """)
  }

  @Test func aBasicItemsNoteNamesTheTownshipEvenWithoutPhones() {
    let item = Seeds.item("大石头乡/basic/1")
    let note = CallNote.text(for: item, contacts: .empty, time: Self.time, timeZone: Self.utc)
    #expect(
      note.split(separator: "\n").map(String.init) == [
        "谁负责：大石头乡负责 (基本履职)", "事项：\(item.name) [大石头乡/basic/1]", "电话：大石头乡 未登记",
        "时间：2025-12-01 14:40",
      ])
  }

  @Test func recordsCarryContactsOnlyWhenKnown() throws {
    let item = Seeds.item("大石头乡/cooperative/66")
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let plain = String(decoding: try encoder.encode(ItemRecord(item, file: "f")), as: UTF8.self)
    let empty = String(
      decoding: try encoder.encode(ItemRecord(item, file: "f", contacts: .empty)), as: UTF8.self)
    #expect(plain == empty)
    #expect(!plain.contains("contacts"))
    let record = ItemRecord(item, file: "f", contacts: ContactFixtures.both)
    #expect(record.handler.contacts?.map(\.phone).first == "0000-0000002")
    #expect(
      record.departments?.first { $0.name == "木垒县公安局" }?.contacts?.map(\.phone) == ["0000-0000001"])
    #expect(record.handler.contacts?.last?.name == "大石头乡党政办")
  }

  @Test func showsDocumentPutsPhonesAfterTheAnswer() {
    let document = ItemDocument(item: Seeds.item("大石头乡/basic/1"), contacts: ContactFixtures.both)
    let answer = document.paragraphs.filter { $0.kind == .answer }.map(\.text)
    #expect(answer == ["谁负责：大石头乡负责 (基本履职)", "大石头乡党政办 0000-0000004"])
    #expect(document.plainText.hasSuffix("\n谁负责：大石头乡负责 (基本履职)\n大石头乡党政办 0000-0000004"))
  }
}
