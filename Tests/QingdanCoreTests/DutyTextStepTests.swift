import Foundation
import Testing

@testable import QingdanCore

/// Where a duty text's numbered steps start: "N." for the next N only, at the start or after
/// a space or sentence punctuation, never a decimal or a number with a leading zero.
@Suite("Duty text steps")
struct DutyTextStepTests {
  private static let directory = DepartmentDirectory(
    region: Region(prefecture: "昌吉州", county: "木垒县", township: "大石头乡"),
    namesAsWritten: [])

  private static func blocks(_ cell: Substring) -> [DutyBlock] {
    DutyTextParser(departmentSpellings: [], normalise: directory.normalise).parse([cell]).blocks
  }

  @Test func stepsFollowOneAnother() {
    #expect(
      Self.blocks("1.受理申请；2.审核材料；3.办结。") == [
        .step(label: "1", text: "受理申请；"), .step(label: "2", text: "审核材料；"),
        .step(label: "3", text: "办结。"),
      ])
  }

  @Test func aDecimalIsNotAStep() {
    #expect(
      Self.blocks("1.按1.5倍标准发放；2.公示。") == [
        .step(label: "1", text: "按1.5倍标准发放；"), .step(label: "2", text: "公示。"),
      ])
  }

  @Test func aLeadingZeroOrANumberOutOfTurnIsText() {
    #expect(Self.blocks("01.登记造册。") == [.paragraph("01.登记造册。")])
    #expect(
      Self.blocks("1.登记；3.上报。") == [.step(label: "1", text: "登记；3.上报。")])
    #expect(
      Self.blocks("1.登记；12.上报。") == [.step(label: "1", text: "登记；12.上报。")])
  }

  @Test func stepsPastNineKeepTheirNumbers() {
    let cell = (1...11).map { "\($0).第\($0)项；" }.joined()
    let steps = Self.blocks(cell[...])
    #expect(steps.count == 11)
    #expect(steps.last == .step(label: "11", text: "第11项；"))
    #expect(steps[9] == .step(label: "10", text: "第10项；"))
  }

  /// Text with a combining mark is read by Character, not scalar: the same steps.
  @Test func textReadByCharacterFindsTheSameSteps() {
    #expect(
      Self.blocks("1.核对Jose\u{301}的材料；2.按1.5倍发放。") == [
        .step(label: "1", text: "核对Jose\u{301}的材料；"), .step(label: "2", text: "按1.5倍发放。"),
      ])
  }
}
