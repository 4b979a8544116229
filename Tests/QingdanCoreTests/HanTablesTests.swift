import Foundation
import Testing

@testable import QingdanCore

@Suite("Han tables")
struct HanTablesTests {
  // Loaded once: both suites' tests read the same bundled files.
  static let pinyin = Result { try PinyinTable.loadBundled() }
  static let folding = Result { try TraditionalFolding.loadBundled() }

  // MARK: Pinyin table

  @Test func bundledPinyinTableLoads() throws {
    let table = try Self.pinyin.get()
    #expect(table.syllables.count > 400)
    #expect(table.readings(of: "镇") == ["zhen"])
  }

  @Test(
    arguments: [
      ("长", ["chang", "zhang"]),
      ("行", ["xing", "hang", "heng"]),
      ("地", ["di", "de"]),
      ("重", ["zhong", "chong"]),
      ("乐", ["le", "yue"]),
      ("绿", ["lv"]),
      ("〇", ["ling"]),
    ] as [(Character, [String])])
  func polyphonicReadings(character: Character, expected: [String]) throws {
    let readings = try Self.pinyin.get().readings(of: character)
    for reading in expected {
      #expect(readings.contains(reading), "\(character) lacks \(reading): \(readings)")
    }
    #expect(Set(readings).count == readings.count, "duplicates in \(readings)")
  }

  @Test func mostCommonReadingFirst() throws {
    let table = try Self.pinyin.get()
    #expect(table.readings(of: "行").first == "xing")
    #expect(table.readings(of: "重").first == "zhong")
  }

  @Test func nonHanHasNoReadings() throws {
    let table = try Self.pinyin.get()
    for character: Character in ["a", "1", "，", "。", " ", "é", "👍"] {
      #expect(table.readings(of: character).isEmpty)
      #expect(!table.contains(character))
    }
  }

  @Test func variationSelectorKeepsReadings() throws {
    let table = try Self.pinyin.get()
    #expect(table.readings(of: "\u{957F}\u{FE00}") == table.readings(of: "长"))
  }

  @Test func syllableIDsMatchStrings() throws {
    let table = try Self.pinyin.get()
    let ids = table.syllableIDs(of: "长" as Character)
    #expect(table.syllableIDs(of: "长" as Unicode.Scalar) == ids)
    #expect(ids.map { table.syllables[Int($0)] } == table.readings(of: "长"))
    let zhang = try #require(table.syllableID(of: "zhang"))
    #expect(ids.contains(zhang))
    #expect(table.syllableID(of: "qqq") == nil)
  }

  @Test func tableSyllablesAreKnownSyllables() throws {
    let interjections: Set = ["m", "n", "ng", "hm", "hng", "r"]
    let unknown = try Self.pinyin.get().syllables.filter {
      !PinyinSyllables.all.contains($0) && !interjections.contains($0)
    }
    #expect(unknown.isEmpty)
  }

  @Test func literalTable() {
    let table = PinyinTable(readings: ["长": ["chang", "zhang", "chang"], "张": ["zhang"]])
    #expect(table.readings(of: "长") == ["chang", "zhang"])
    #expect(table.readings(of: "张") == ["zhang"])
    #expect(table.readings(of: "行").isEmpty)
    #expect(table.syllableID(of: "zhang") != nil)
  }

  @Test func malformedPinyinLineNamesFileAndLine() throws {
    let url = try temporaryFile("# header\n长\tchang zhang\n行 xing\n")
    defer { try? FileManager.default.removeItem(at: url) }
    #expect {
      try PinyinTable(contentsOf: url)
    } throws: { error in
      guard case .malformedLine(let file, 3, _) = error as? HanTableError else { return false }
      return file == url.path && "\(error)".contains("line 3")
    }
  }

  @Test func badPinyinReadingIsRejected() throws {
    let url = try temporaryFile("长\tcháng\n")
    defer { try? FileManager.default.removeItem(at: url) }
    #expect(throws: HanTableError.self) { try PinyinTable(contentsOf: url) }
  }

  @Test func pinyinFileToleratesCRLFAndBlankLines() throws {
    let url = try temporaryFile("\u{FEFF}# c\r\n\r\n长\tchang zhang\r\n")
    defer { try? FileManager.default.removeItem(at: url) }
    #expect(try PinyinTable(contentsOf: url).readings(of: "长") == ["chang", "zhang"])
  }

  @Test func missingFileIsAnError() {
    let url = URL(fileURLWithPath: "/nonexistent/pinyin.tsv")
    #expect(throws: HanTableError.self) { try PinyinTable(contentsOf: url) }
  }

  // MARK: Traditional folding

  @Test(arguments: [
    ("臨時救助", "临时救助"),
    ("煤氣罐", "煤气罐"),
    ("低報", "低报"),
    ("資格證書", "资格证书"),
    ("衛生醫療保險", "卫生医疗保险"),
    ("已是简体", "已是简体"),
    ("abc 123", "abc 123"),
  ])
  func foldsTraditional(input: String, expected: String) throws {
    let folded = try Self.folding.get().fold(input)
    #expect(folded == expected)
    #expect(folded.count == input.count)
  }

  @Test func foldingKeepsCharacterCount() throws {
    let folding = try Self.folding.get()
    // Combining marks, emoji sequences and variation selectors next to folded characters.
    let input = "臨\u{FE00}時e\u{301}👨‍👩‍👧氣\u{E0100}報"
    let folded = folding.fold(input)
    #expect(folded.count == input.count)
    #expect(Array(folded)[1] == "时")
    #expect(folding.fold(folded) == folded)  // idempotent
  }

  @Test func foldsSingleCharacters() throws {
    let folding = try Self.folding.get()
    #expect(folding.fold("臨" as Character) == "临")
    #expect(folding.fold("罐" as Character) == "罐")
    #expect(folding.fold("煤" as Character) == "煤")
  }

  @Test func literalFolding() {
    let folding = TraditionalFolding(mapping: ["臨": "临"])
    #expect(folding.fold("臨時") == "临時")
    #expect(folding.count == 1)
  }

  @Test func malformedFoldingLineNamesLine() throws {
    let url = try temporaryFile("# header\n臨\t临\n時时\n")
    defer { try? FileManager.default.removeItem(at: url) }
    #expect {
      try TraditionalFolding(contentsOf: url)
    } throws: { error in
      guard case .malformedLine(_, 3, _) = error as? HanTableError else { return false }
      return "\(error)".contains("line 3")
    }
  }

  // MARK: Syllable segmentation

  @Test func segmentsJiuzhu() {
    #expect(PinyinSyllables.segmentations(of: "jiuzhu") == [["jiu", "zhu"]])
  }

  @Test func segmentsLongPhrase() {
    let result = PinyinSyllables.segmentations(of: "yimiaojiezhong")
    #expect(result.first == ["yi", "miao", "jie", "zhong"])
    #expect(result.contains(["yi", "mi", "ao", "jie", "zhong"]))
    #expect(result.allSatisfy { $0.joined() == "yimiaojiezhong" })
  }

  @Test func xianHasBothReadings() {
    #expect(PinyinSyllables.segmentations(of: "xian") == [["xian"], ["xi", "an"]])
    #expect(PinyinSyllables.segmentations(of: "xi'an") == [["xi", "an"]])
    #expect(PinyinSyllables.segmentations(of: "XiAn") == [["xian"], ["xi", "an"]])
  }

  @Test func initialsAreNotSegmented() {
    #expect(PinyinSyllables.segmentations(of: "dm").isEmpty)
    #expect(PinyinSyllables.segmentations(of: "dm", lastMayBeIncomplete: true).isEmpty)
    #expect(PinyinSyllables.segmentations(of: "").isEmpty)
    #expect(PinyinSyllables.segmentations(of: "jiu zhu").isEmpty)
  }

  @Test func incompleteLastSyllable() {
    #expect(PinyinSyllables.segmentations(of: "jiuzh").isEmpty)
    #expect(
      PinyinSyllables.segmentations(of: "jiuzh", lastMayBeIncomplete: true) == [["jiu", "zh"]])
    let xian = PinyinSyllables.segmentations(of: "xian", lastMayBeIncomplete: true)
    #expect(xian.prefix(2) == [["xian"], ["xi", "an"]])
    #expect(xian.contains(["xia", "n"]))
  }

  @Test func umlautSpelling() {
    #expect(PinyinSyllables.segmentations(of: "lvse") == [["lv", "se"]])
    #expect(PinyinSyllables.segmentations(of: "lüse") == [["lv", "se"]])
  }

  @Test func resultCountIsBounded() {
    let result = PinyinSyllables.segmentations(of: String(repeating: "xian", count: 20))
    #expect(result.count == PinyinSyllables.defaultLimit)
    #expect(result.first == Array(repeating: "xian", count: 20))
  }

  @Test(.timeLimit(.minutes(1)))
  func longInputReturnsQuickly() {
    let text = String(repeating: "xianjiezhongyimiao", count: 556).prefix(10_000)
    let start = ContinuousClock.now
    let result = PinyinSyllables.segmentations(of: String(text), lastMayBeIncomplete: true)
    let elapsed = ContinuousClock.now - start
    #expect(result.count == PinyinSyllables.defaultLimit)
    #expect(elapsed < .seconds(2), "took \(elapsed)")
    // And one with no segmentation at all must not backtrack exponentially.
    let hopeless = String(repeating: "xian", count: 2_499) + "dm"
    #expect(PinyinSyllables.segmentations(of: hopeless).isEmpty)
  }

  @Test func syllablePredicates() {
    #expect(PinyinSyllables.isSyllable("zhuang"))
    #expect(!PinyinSyllables.isSyllable("zh"))
    #expect(PinyinSyllables.isSyllablePrefix("zh"))
    #expect(!PinyinSyllables.isSyllablePrefix("dm"))
    #expect(PinyinSyllables.all.count == 415)
  }

  private func temporaryFile(_ contents: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("han-\(UUID().uuidString).tsv")
    try contents.write(to: url, atomically: true, encoding: .utf8)
    return url
  }
}
