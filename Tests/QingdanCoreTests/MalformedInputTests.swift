import Foundation
import Testing

@testable import QingdanCore

@Suite("Malformed input gets a clear diagnostic, never a crash")
struct MalformedInputTests {
  static let heading = "昌吉州木垒县大石头乡基本履职事项清单"
  static let header = "序号\t事项类别\t事项名称"

  func parse(_ text: String) -> ParseResult {
    CatalogueParser.parse(data: Data(text.utf8), file: "t.txt")
  }

  @Test func gbkFileIsNamedAndConversionSuggested() {
    // "基本履职事项清单" in GBK.
    let gbk: [UInt8] = [
      0xBB, 0xF9, 0xB1, 0xBE, 0xC2, 0xC4, 0xD6, 0xB0, 0xCA, 0xC2, 0xCF, 0xEE, 0xC7, 0xE5, 0xB5,
      0xA5,
    ]
    let result = CatalogueParser.parse(data: Data([0x0A] + gbk + [0x0A]), file: "gbk.txt")
    #expect(result.catalogue == nil)
    let message = result.diagnostics.first?.description ?? ""
    #expect(message.hasPrefix("gbk.txt:2: error:"))
    #expect(message.contains("GBK"))
    #expect(message.contains("iconv -f GBK -t UTF-8"))
  }

  @Test func latin1FileIsNotCalledGBK() {
    let result = CatalogueParser.parse(
      data: Data("caf\u{E9}".utf8.map { $0 } + [0xE9, 0x20, 0x41]), file: "x.txt")
    #expect(result.diagnostics.first?.message.contains("not UTF-8") == true)
  }

  @Test(arguments: ["", "\n\n  \n", "\t\n"])
  func emptyFile(text: String) {
    let result = parse(text)
    #expect(result.catalogue == nil)
    #expect(result.diagnostics.first?.message.contains("empty") == true)
  }

  @Test func binaryFile() {
    let result = CatalogueParser.parse(
      data: Data([0x7F, 0x45, 0x4C, 0x46, 0, 0, 1, 2, 3]), file: "a.out")
    #expect(result.catalogue == nil)
    #expect(result.diagnostics.first?.message.contains("binary") == true)
  }

  @Test func noListHeading() {
    let result = parse("some notes\n1\t党的建设\t做点事\n")
    #expect(result.catalogue == nil)
    #expect(result.diagnostics.contains { $0.message.contains("no list heading") })
    #expect(
      result.diagnostics.contains { $0.line == 2 && $0.message.contains("before any list heading") }
    )
    #expect(result.coverage.unplaced == 2)
  }

  @Test func truncatedRowIsKeptWithAWarning() throws {
    let text = """
      昌吉州木垒县大石头乡配合履职事项清单
      序号\t事项类别\t事项名称\t对应上级部门\t上级部门职责\t乡镇配合职责
      1\t党的建设\t党内统计工作\t木垒县委组织部
      2\t党的建设
      """
    let result = parse(text)
    let catalogue = try #require(result.catalogue)
    #expect(catalogue.items.map(\.number) == [1])
    #expect(catalogue.items[0].cooperation?.departments.map(\.name) == ["木垒县委组织部"])
    #expect(result.diagnostics.contains { $0.line == 3 && $0.message.contains("4 of 6 columns") })
    #expect(result.diagnostics.contains { $0.line == 4 && $0.severity == .error })
    #expect(result.lineRoles[3] == .unplaced)
  }

  @Test func duplicateNumberIsReportedAndNotLoadedTwice() throws {
    let text = [Self.heading, Self.header, "1\t党的建设\t甲", "2\t党的建设\t乙", "2\t党的建设\t丙"]
      .joined(separator: "\n")
    let result = parse(text)
    let catalogue = try #require(result.catalogue)
    #expect(catalogue.items.map(\.name) == ["甲", "乙"])
    let error = try #require(result.diagnostics.first { $0.severity == .error })
    #expect(error.line == 5)
    #expect(error.message.contains("first at line 4"))
    #expect(result.lineRoles[4] == .unplaced)
  }

  @Test func outOfOrderAndSkippedNumbersAreWarned() throws {
    let text = [Self.heading, Self.header, "1\t党的建设\t甲", "3\t党的建设\t丙", "2\t党的建设\t乙"]
      .joined(separator: "\n")
    let result = parse(text)
    #expect(result.catalogue?.items.count == 3)
    #expect(result.diagnostics.contains { $0.line == 4 && $0.message.contains("skips 序号 2") })
    #expect(result.diagnostics.contains { $0.line == 5 && $0.message.contains("out of order") })
  }

  @Test func strayLineInsideAListIsADiagnostic() {
    let text = [Self.heading, Self.header, "1\t党的建设\t甲", "这一行不是表格行"].joined(separator: "\n")
    let result = parse(text)
    #expect(result.lineRoles[3] == .unplaced)
    #expect(result.diagnostics.contains { $0.line == 4 && $0.message.contains("not a table row") })
  }

  @Test func markupAndEntitiesBecomeText() throws {
    let text = """
      昌吉州木垒县大石头乡上级部门收回事项清单
      1\t民生服务\t收养&amp;登记\t县民政局：<p>1.受理&nbsp;申请；</p><p>2.办理登记。</p><ol style="x"><li>备注</li></ol><p
      """
    let item = try #require(parse(text).catalogue?.items.first)
    #expect(item.name == "收养&登记")
    #expect(item.recovery?.receiver.name == "木垒县民政局")
    #expect(item.recovery?.receiver.asWritten == "县民政局")
    #expect(
      item.recovery?.method.blocks == [
        .step(label: "1", text: "受理 申请；"), .step(label: "2", text: "办理登记。"), .paragraph("备注"),
      ])
  }

  @Test func crlfAndBOMAreAccepted() throws {
    let text =
      "\u{FEFF}" + [Self.heading, Self.header, "1\t党的建设\t甲"].joined(separator: "\r\n") + "\r\n"
    let result = parse(text)
    #expect(result.catalogue?.items.first?.name == "甲")
    #expect(result.diagnostics.isEmpty)
  }

  /// Issue 15: a path that gives nothing is reported and skipped, not an error that aborts
  /// the whole load; loading nothing at all is the error (`PathProblemTests`).
  @Test func directoryWithNoCataloguesIsReportedAndSkipped() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "qingdan-empty-\(UUID())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let result = try CatalogueLoader.load(
      paths: [directory.path, directory.path + "/missing", Seeds.path("大石头乡")])
    #expect(result.catalogues.map(\.township) == ["大石头乡"])
    #expect(result.errors.map(\.file) == [directory.path, directory.path + "/missing"])
    #expect(result.errors[0].message.hasPrefix("a directory with no catalogue files"))
    #expect(result.errors[1].message.hasPrefix("no such file or directory"))
  }

  /// The same file named twice is read once; two files of one township are editions
  /// (`EditionTests`).
  @Test func sameFileTwiceIsReadOnce() throws {
    let path = Seeds.path("大石头乡")
    let result = try CatalogueLoader.load(paths: [path, path])
    #expect(result.catalogues.count == 1)
    #expect(result.files.map(\.file) == [path])
  }

  @Test("random byte mutations of a seed never crash and keep every line accounted for")
  func randomMutations() {
    let original = [UInt8](FileManager.default.contents(atPath: Seeds.path("大西渠镇"))!)
    var generator = SplitMix64(seed: 2025)
    for round in 0..<60 {
      var bytes = original
      for _ in 0..<(1 + round % 12) {
        let position = Int(generator.next() % UInt64(bytes.count))
        switch generator.next() % 4 {
        case 0: bytes[position] = UInt8(truncatingIfNeeded: generator.next())
        case 1: bytes.remove(at: position)
        case 2: bytes.insert([0x09, 0x0A, 0x3C, 0x26][Int(generator.next() % 4)], at: position)
        default: bytes.removeSubrange(position..<min(bytes.count, position + 200))
        }
      }
      let result = CatalogueParser.parse(data: Data(bytes), file: "mutated.txt")
      if let catalogue = result.catalogue {
        let ids = catalogue.items.map(\.id)
        #expect(Set(ids).count == ids.count)
        #expect(result.coverage.unplaced == result.lineRoles.filter { $0 == .unplaced }.count)
        for (offset, role) in result.lineRoles.enumerated() where role == .unplaced {
          #expect(result.diagnostics.contains { $0.line == offset + 1 })
        }
      } else {
        #expect(!result.diagnostics.isEmpty)
      }
    }
  }
}

/// A small deterministic generator, so mutation tests are repeatable.
struct SplitMix64: RandomNumberGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
