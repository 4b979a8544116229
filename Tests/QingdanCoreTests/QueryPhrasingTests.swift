import Foundation
import Testing

@testable import QingdanCore

/// How a caller's phrasing is read before search: separable words made whole, lexicon
/// phrases found across fillers, and clause coverage counted against what items can hold.
@Suite("Query phrasing")
struct QueryPhrasingTests {
  static let words: Set<String> = ["开会", "请假", "办证"]

  static func reunited(_ text: String) -> String {
    SeparableWords.reunited(Array(text)) { words.contains(String([$0, $1])) }
  }

  @Test func aMeasureBetweenTheHalvesOfAWordComesOut() {
    #expect(Self.reunited("多久开一次会") == "多久开会")
    #expect(Self.reunited("想请个假") == "想请假")
    #expect(Self.reunited("办了个证") == "办证")
    // No word, nothing taken out: 买个菜 is no 买菜 to this vocabulary.
    #expect(Self.reunited("买个菜") == "买个菜")
    // An aspect particle alone is no infix (天太旱了地里… is not 旱地).
    #expect(Self.reunited("开了会") == "开了会")
    #expect(Self.reunited("开一次") == "开一次", "an infix at the end has no second half")
  }

  @Test func theBundledVocabularyReunitesASeparableWord() {
    let terms = CallerSearchTests.engine.compiler.compile("开一次会").terms
    #expect(terms.filter { !$0.isExpansion }.map(\.text) == ["开会"])
  }

  /// An engine whose only synonym is 羊拉稀 → 动物疫病防控.
  static let lexiconEngine = CallerSearchTests.engine(
    synonyms: ["羊拉稀": ["动物疫病"]], thesaurus: [])

  @Test func aLexiconPhraseIsFoundWhenFillersSplitIt() {
    // 好像 is a filler: the pieces are 羊 and 拉稀, and the phrase spans them.
    let compiled = Self.lexiconEngine.compiler.compile("羊好像拉稀")
    #expect(compiled.terms.filter { !$0.isExpansion }.map(\.text) == ["羊", "拉稀"])
    let expansion = compiled.terms.first { $0.isExpansion }
    #expect(expansion?.text == "动物疫病")
    #expect(expansion?.origin == MatchReason(kind: .synonym, chain: ["羊拉稀", "动物疫病"]))
    let hit = Self.lexiconEngine.search("羊好像拉稀", limit: 1).first
    #expect(hit?.item.name.contains("动物疫病") == true)
  }

  @Test func aPhraseInsideOnePieceIsExpandedOnce() {
    let compiled = Self.lexiconEngine.compiler.compile("羊拉稀了")
    #expect(compiled.terms.filter(\.isExpansion).map(\.text) == ["动物疫病"])
  }

  @Test func fillersBetweenClausesJoinNothing() {
    // Punctuation ends a clause: 羊，好像拉稀 has no phrase 羊拉稀 across it.
    let compiled = Self.lexiconEngine.compiler.compile("羊，好像拉稀")
    #expect(compiled.terms.filter(\.isExpansion).isEmpty)
  }

  /// The base score (before bonuses) of the document of `item` for `query`.
  static func baseScore(_ query: String, item id: String) throws -> Float {
    let engine = CallerSearchTests.engine
    let position = try #require(engine.catalogue.items.firstIndex { $0.id == id })
    let document = Int(engine.index.documentOfItem[position])
    let plan = ScoringPlan(index: engine.index, query: engine.compiler.compile(query))
    let scratch = RankingScratch(count: engine.index.documentCount)
    var pass = ScoringPass(plan: plan)
    pass.run(scratch: scratch, reading: .everything)
    defer { pass.reset(scratch: scratch) }
    return scratch.total[document]
  }

  @Test func aCharacterNoItemHoldsDoesNotCutItsClause() throws {
    // 巙 is in no catalogue: a clause 村道巙 covers all an item can hold when it holds 村道.
    let item = "大石头乡/basic/87"
    let alone = try Self.baseScore("村道", item: item)
    #expect(alone > 0)
    #expect(abs(try Self.baseScore("村道巙", item: item) - alone) <= 1e-5 * alone)
    // A character items do hold, but this one does not, still counts against it.
    #expect(try Self.baseScore("村道森", item: item) < alone)
  }
}
