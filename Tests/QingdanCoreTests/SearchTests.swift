import Foundation
import Testing

@testable import QingdanCore

@Suite("Search")
struct SearchTests {
  static let resources = try! SearchResources.loadDefault()
  static let engine = SearchEngine(catalogue: Seeds.index, resources: resources)

  func top(_ query: String, _ count: Int = 5) -> [Item] {
    Self.engine.search(query, limit: count).map(\.item)
  }

  func names(_ query: String, _ count: Int = 5) -> [String] { top(query, count).map(\.name) }

  @Test func exactWordsRankTheNamedItemFirst() {
    #expect(top("最低生活保障", 2).map(\.id).sorted() == ["大石头乡/basic/28", "大西渠镇/basic/30"])
    #expect(names("养犬", 1).first?.contains("养犬") == true)
  }

  @Test func fullPinyin() {
    #expect(names("jiuzhu", 4).allSatisfy { $0.contains("救助") })
    #expect(
      top("yimiao jiezhong", 2).allSatisfy { $0.name.contains("疫苗接种") || $0.name.contains("预防接种") })
    #expect(names("tudi fuken", 2).allSatisfy { $0.contains("土地复垦") })
  }

  func anyField(_ item: Item, contains text: String) -> Bool {
    SearchField.allCases.contains { $0.text(of: item).contains(text) }
  }

  @Test func pinyinMatchesEveryReadingOfAPolyphone() {
    // 长 is chang in 长期护理 and zhang in 河长制; 行 is xing in 行政 and hang in 银行.
    #expect(top("changqi huli", 10).contains { anyField($0, contains: "长期护理") })
    #expect(names("hezhangzhi", 2).allSatisfy { $0.contains("河长制") })
    #expect(top("xingzheng", 3).allSatisfy { anyField($0, contains: "行政") })
    #expect(top("yinhang", 10).contains { anyField($0, contains: "银行") })
  }

  @Test("full pinyin of a known term prefers that term (dibao is 低保, not the 地保 of 水源地保护)")
  func fullPinyinOfAKnownTerm() {
    #expect(names("dibao", 2).allSatisfy { $0.contains("最低生活保障") })
  }

  @Test func initials() {
    #expect(names("dm", 3).contains("地名管理"))
    #expect(names("zjd", 5).contains { $0.contains("宅基地") })
  }

  @Test func mixedChineseAndPinyin() {
    #expect(names("戒du", 2).allSatisfy { $0.contains("戒毒") })
    #expect(names("宅ji地", 3).contains { $0.contains("宅基地") })
  }

  @Test func traditionalCharactersFold() {
    #expect(top("臨時救助", 2).map(\.id) == top("临时救助", 2).map(\.id))
    #expect(top("煤氣罐", 3).map(\.id) == top("煤气罐", 3).map(\.id))
    #expect(top("低報", 2).map(\.id).sorted() == ["大石头乡/basic/28", "大西渠镇/basic/30"])
  }

  @Test func homophoneSlips() {
    #expect(names("临时救注", 2).allSatisfy { $0.contains("临时救助") })
    #expect(names("残疾人康付", 3).contains { $0.contains("残疾人") && $0.contains("康复") })
  }

  @Test func synonymFindsTheOfficialTerm() {
    let hits = Self.engine.search("电瓶车", limit: 2)
    #expect(hits.map(\.item.name).allSatisfy { $0.contains("电动自行车") })
    #expect(hits.first?.matches.contains { $0.field == .name } == true)
  }

  @Test func userSynonymsExtendTheBundledOnes() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "qingdan-config-\(UUID())")
    try FileManager.default.createDirectory(
      at: directory.appendingPathComponent("qingdan"), withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    try "# mine\n驼奶粉\t长眉驼\n".write(
      to: directory.appendingPathComponent("qingdan/synonyms.tsv"), atomically: true,
      encoding: .utf8)
    let synonyms = try Synonyms.loadDefault(environment: ["XDG_CONFIG_HOME": directory.path])
    #expect(synonyms.entries["驼奶粉"] == ["长眉驼"])
    #expect(synonyms.entries["电瓶车"] != nil)
  }

  @Test func malformedSynonymsFileNamesTheLine() throws {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("syn-\(UUID()).tsv")
    try "好\t很好\n坏了没有制表符\n".write(to: file, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: file) }
    var synonyms = Synonyms()
    #expect(throws: Synonyms.LoadError.self) { try synonyms.load(contentsOf: file) }
    do {
      try synonyms.load(contentsOf: file)
    } catch {
      #expect("\(error)".contains(":2:"))
    }
  }

  @Test func noExactHitStillRanksPartialMatches() {
    let hits = Self.engine.search("低保火星飞船", limit: 5)
    #expect(!hits.isEmpty)
    #expect(hits.first?.item.name.contains("最低生活保障") == true)
    #expect(!Self.engine.search("救助 qqqqxx", limit: 5).isEmpty)
  }

  @Test func severalTermsPreferItemsMatchingAll() {
    let hits = top("残疾人 康复", 2)
    #expect(hits.allSatisfy { $0.name.contains("残疾人") && $0.name.contains("康复") })
  }

  @Test(arguments: ["", " ", "\t\n  ", "，。！", "\u{0}\u{1b}"])
  func emptyQueriesGiveNothing(query: String) {
    #expect(Self.engine.search(query).isEmpty)
  }

  @Test func veryLongQueriesAreCutAndAnswered() {
    let long = String(repeating: "低保救助", count: 2_500)
    #expect(long.count == 10_000)
    let compiled = Self.engine.compiler.compile(long)
    #expect(
      compiled.terms.filter { !$0.isExpansion }.map(\.text.count).reduce(0, +)
        <= QueryCompiler.maxQueryCharacters)
    #expect(!Self.engine.search(long).isEmpty)
    let letters = String(repeating: "zhuang", count: 1_700)
    _ = Self.engine.search(letters)
    _ = Self.engine.search(String(repeating: "低 ", count: 5_000))
  }

  @Test func controlCharactersInAQuerySeparateWords() {
    let clean = top("低保", 2).map(\.id)
    #expect(top("\u{0}低保\u{7}", 2).map(\.id) == clean)
    #expect(top("\u{1b}[31m低保", 2).map(\.id) == clean)
  }

  @Test func scopeLimitsHits() {
    let hits = Self.engine.search(
      "救助", scope: SearchScope(township: "大石头乡", list: .basic), limit: 50)
    #expect(!hits.isEmpty)
    #expect(hits.allSatisfy { $0.item.township == "大石头乡" && $0.item.list == .basic })
  }

  @Test func highlightsPointAtTheMatchedCharacters() throws {
    let hit = try #require(Self.engine.search("临时救助", limit: 1).first)
    let name = try #require(hit.matches.first { $0.field == .name })
    let characters = Array(hit.item.name)
    for span in name.spans {
      #expect(String(characters[span]).allSatisfy { "临时救助".contains($0) })
    }
    #expect(name.spans.map(\.count).reduce(0, +) >= 4)
    let highlighter = Self.engine.highlighter(for: "jiuzhu")
    #expect(highlighter.spans(in: "开展临时救助工作") == [4..<6])
  }

  @Test func everyHitCarriesTheAnswer() {
    for hit in Self.engine.search("水利", limit: 10) {
      #expect(hit.item.handler.answer.contains("水利局") || hit.item.list == .basic)
    }
    let recovered = Self.engine.search("消防站", limit: 1).first?.item
    #expect(recovered?.handler.answer.hasPrefix("已收回：") == true)
  }
}
