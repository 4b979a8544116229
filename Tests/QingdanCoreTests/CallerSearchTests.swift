import Foundation
import Testing

@testable import QingdanCore

/// Enquiries as callers say them: each mechanism on its own (fillers, the caller lexicon,
/// the thesaurus, slips, why a hit matched), on the bundled catalogues.
@Suite("Caller enquiries")
struct CallerSearchTests {
  static let engine = SearchEngine(catalogue: Seeds.index, resources: try! .loadDefault())

  /// An engine with the bundled tables but the given synonyms and thesaurus only.
  static func engine(synonyms: [String: [String]], thesaurus: [[String]]) -> SearchEngine {
    let bundled = try! SearchResources.loadDefault()
    return SearchEngine(
      catalogue: Seeds.index,
      resources: SearchResources(
        pinyin: bundled.pinyin, folding: bundled.folding,
        synonyms: Synonyms(entries: synonyms), fillers: bundled.fillers,
        thesaurus: Thesaurus(groups: thesaurus)))
  }

  func typedTerms(_ query: String) -> [String] {
    Self.engine.compiler.compile(query).terms.filter { !$0.isExpansion }.map(\.text)
  }

  @Test func aQueryOfFillersOnlySaysSoAndFindsNothing() {
    for query in ["我想问一下怎么办", "这个事找谁啊", "请问这个归谁管呢"] {
      #expect(Self.engine.isFillerOnly(query), "\(query)")
      #expect(Self.engine.search(query).isEmpty, "\(query)")
    }
    #expect(!Self.engine.isFillerOnly("低保怎么办"))
    #expect(!Self.engine.isFillerOnly("qqqxx"))
  }

  @Test func aSentenceIsSearchedByItsOneContentWord() {
    #expect(typedTerms("我想问一下低保怎么办") == ["低保"])
    let sentence = Self.engine.search("我想问一下低保怎么办", limit: 2).map(\.item.id)
    #expect(sentence == Self.engine.search("低保", limit: 2).map(\.item.id))
    #expect(sentence.allSatisfy { ["大石头乡/basic/28", "大西渠镇/basic/30"].contains($0) })
  }

  @Test func aOneCharacterFillerStaysWhenItMakesAWordWithItsNeighbour() {
    // 会 is a filler (你会不会), but 工会 is a word of the catalogues.
    #expect(typedTerms("工会吗") == ["工会"])
    #expect(typedTerms("来电人反映，低保的事咋办") == ["低保"])
  }

  @Test func aThesaurusExpansionRanksBelowTheExactWord() throws {
    // 茅坑 is in no catalogue; the thesaurus puts it with 厕所, which is.
    let engine = Self.engine(synonyms: [:], thesaurus: [["茅坑", "厕所"]])
    let expanded = try #require(engine.search("茅坑", limit: 1).first)
    let exact = try #require(
      engine.search("厕所", limit: 20).first { $0.item.id == expanded.item.id })
    #expect(expanded.score < exact.score)
    #expect(expanded.why.first == MatchReason(kind: .thesaurus, chain: ["茅坑", "厕所"]))
    #expect(exact.why.first == MatchReason(kind: .exact, chain: ["厕所"]))
  }

  @Test func exactCharactersOutrankASynonymOfEqualStrength() throws {
    // 电瓶车 and 电动自行车 name the same item; typing the catalogue's word scores higher.
    let synonym = try #require(Self.engine.search("电瓶车", limit: 1).first)
    let exact = try #require(Self.engine.search("电动自行车", limit: 1).first)
    #expect(synonym.item.id == exact.item.id)
    #expect(synonym.score < exact.score)
  }

  @Test func everydayNamesInTheLexiconFindTheDuty() {
    // 公章 for the seal the catalogue calls 印章.
    let seal = Self.engine.search("公章", limit: 2).map(\.item.id)
    #expect(Set(seal) == ["大石头乡/basic/104", "大西渠镇/basic/107"])
  }

  @Test func slipsChainThroughASynonym() throws {
    // 工前 sounds like 工钱 (a synonym of 拖欠农民工工资); neither 工前 nor 工钱 is in the
    // catalogues.
    let engine = Self.engine(synonyms: ["工钱": ["拖欠农民工工资"]], thesaurus: [])
    let hit = try #require(engine.search("工前要不回来", limit: 1).first)
    #expect(hit.item.name.contains("拖欠农民工工资"))
    #expect(hit.why.contains(MatchReason(kind: .slip, chain: ["工前", "工钱", "拖欠农民工工资"])))
    // Through the thesaurus too: 工前 → 工钱 → (same group) 工资 → the synonyms' term.
    let viaThesaurus = Self.engine(
      synonyms: ["工资": ["拖欠农民工工资"]], thesaurus: [["工资", "工钱"]])
    let chained = try #require(viaThesaurus.search("工前要不回来", limit: 1).first)
    #expect(chained.item.name.contains("拖欠农民工工资"))
    #expect(chained.why.first?.kind == .slip)
    #expect(chained.why.first?.chain.first == "工前")
  }

  @Test func northwestAndSpeechRecognitionConfusionsFoldTogether() {
    #expect(SlipRepair.fold("zhang") == SlipRepair.fold("zan"))
    #expect(SlipRepair.fold("neng") == SlipRepair.fold("len"))
    #expect(SlipRepair.fold("fang") == SlipRepair.fold("han"))
    #expect(SlipRepair.fold("xing") == SlipRepair.fold("xin"))
    #expect(SlipRepair.fold("chong") == "cong")
    #expect(SlipRepair.fold("shi") == "si")
  }

  @Test func aCommonWordIsNotTakenForASlip() {
    // 地里 (in the fields) is a word; it must not turn into 地力 (soil fertility).
    let terms = Self.engine.compiler.compile("天旱地里庄稼干死").terms.filter(\.isExpansion)
    #expect(!terms.contains { $0.origin.kind == .slip && $0.origin.chain.first == "地里" })
  }

  @Test func aWordEndingInAParticleIsNotFollowedThroughTheThesaurus() {
    // 得了 of 得了病 (fell ill) sits in the thesaurus with 完毕 and 结束 (enough, over).
    let terms = Self.engine.compiler.compile("牛得了病").terms.filter(\.isExpansion)
    #expect(!terms.contains { $0.origin.kind == .thesaurus && $0.origin.chain.first == "得了" })
  }

  @Test func twoWordsAreNotTakenForASlip() {
    // 市货 straddles 超市 and 货架: no slip for 失火 (fire).
    let terms = Self.engine.compiler.compile("超市货架").terms.filter(\.isExpansion)
    #expect(!terms.contains { $0.origin.kind == .slip })
  }

  @Test(arguments: [
    ("低保", MatchReason.Kind.exact),
    ("电瓶车", .synonym),
    ("地包", .slip),
    ("临时救注", .slip),
    ("jiuzhu", .pinyin),
    ("zjd", .initials),
    ("臨時救助", .traditional),
  ])
  func whyNamesEachKindOfMatch(query: String, kind: MatchReason.Kind) throws {
    let hit = try #require(Self.engine.search(query, limit: 1).first)
    #expect(hit.why.contains { $0.kind == kind }, "\(query): \(hit.why)")
  }

  @Test func whyOfAThesaurusMatch() throws {
    let engine = Self.engine(synonyms: [:], thesaurus: [["茅坑", "厕所"]])
    let hit = try #require(engine.search("茅坑", limit: 1).first)
    #expect(hit.why.map(\.kind) == [.thesaurus])
  }

  @Test func aUserSynonymsFileStillExtendsEverything() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "qingdan-config-\(UUID())")
    try FileManager.default.createDirectory(
      at: directory.appendingPathComponent("qingdan"), withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    try "驼奶粉\t长眉驼\n".write(
      to: directory.appendingPathComponent("qingdan/synonyms.tsv"), atomically: true,
      encoding: .utf8)
    let bundled = try SearchResources.loadDefault()
    var resources = bundled
    resources.synonyms = try Synonyms.loadDefault(environment: ["XDG_CONFIG_HOME": directory.path])
    // The bundled lexicon is still there, and the user's phrase joins it.
    #expect(resources.synonyms.entries["断顿"] != nil)
    let engine = SearchEngine(catalogue: Seeds.index, resources: resources)
    for query in ["驼奶粉", "我想买驼奶粉", "驼乃粉", "tuonaifen"] {
      let hit = engine.search(query, limit: 1).first
      #expect(hit?.item.name.contains("长眉驼") == true, "\(query)")
    }
  }
}

/// The caller lexicon is written concept by concept from the catalogues: its concept
/// terms are catalogue text, its phrases are not (they would match anyway, and expanding
/// them only pushes other items up).
@Suite("Caller lexicon")
struct CallerLexiconTests {
  static let catalogueText: String = Seeds.index.items.map { item in
    SearchField.allCases.map { $0.text(of: item) }.joined(separator: "\n")
  }.joined(separator: "\n")

  static func lexiconLines() throws -> [(line: Int, text: String)] {
    let url = try #require(BundledResources.file("search/callers.tsv"))
    return try String(contentsOf: url, encoding: .utf8).split(
      separator: "\n", omittingEmptySubsequences: false
    ).enumerated().map { ($0.offset + 1, String($0.element)) }
  }

  @Test func conceptTermsAreCatalogueText() throws {
    for (line, text) in try Self.lexiconLines() where text.hasPrefix("=") {
      for term in text.dropFirst().split(separator: "|") {
        #expect(Self.catalogueText.contains(term), "callers.tsv:\(line): \(term)")
      }
    }
  }

  @Test func phrasesAreNotCatalogueTextAndHaveTwoCharacters() throws {
    for (line, text) in try Self.lexiconLines()
    where !text.isEmpty && !text.hasPrefix("#") && !text.hasPrefix("=") {
      for phrase in text.split(separator: "|") {
        #expect(phrase.count >= 2, "callers.tsv:\(line): \(phrase)")
        #expect(!Self.catalogueText.contains(phrase), "callers.tsv:\(line): \(phrase)")
      }
    }
  }

  @Test func synonymsFileTermsAreCatalogueText() throws {
    let url = try #require(BundledResources.file("synonyms.tsv"))
    var synonyms = Synonyms()
    try synonyms.load(contentsOf: url)
    for term in Set(synonyms.entries.values.flatMap { $0 }) {
      #expect(Self.catalogueText.contains(term), "synonyms.tsv: \(term)")
    }
  }

  @Test func theLexiconIsSeveralTimesTheSynonymsFile() throws {
    var lexicon = Synonyms()
    try lexicon.loadConcepts(contentsOf: try #require(BundledResources.file("search/callers.tsv")))
    #expect(lexicon.entries.count > 1_500)
  }

  @Test func aPhraseBeforeAnyConceptNamesTheLine() throws {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("lex-\(UUID()).tsv")
    try "# comment\n断顿|揭不开锅\n".write(to: file, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: file) }
    var synonyms = Synonyms()
    #expect(throws: Synonyms.LoadError.self) { try synonyms.loadConcepts(contentsOf: file) }
    do {
      try synonyms.loadConcepts(contentsOf: file)
    } catch {
      #expect("\(error)".contains(":2:"))
    }
  }

  @Test func theThesaurusHoldsOnlySynonymGroups() throws {
    let thesaurus = try Thesaurus.loadBundled()
    #expect(thesaurus.groupCount > 9_000)
    #expect(thesaurus.synonyms(of: "工钱").contains("工资"))
  }
}
