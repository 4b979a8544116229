import Testing

@testable import QingdanCore

/// An expansion that holds characters the query typed does not read them alone again:
/// the typed term reads them (生产安全事故 for 出事故 counted 事 and 故 twice, lifting every
/// item holding either over the query's other words). Its pairs still count.
@Suite("An expansion reads the typed characters once")
struct TypedCharactersOnceTests {
  static func plan(synonyms: [String: [String]], _ query: String) -> ScoringPlan {
    let engine = CallerSearchTests.engine(synonyms: synonyms, thesaurus: [])
    return ScoringPlan(index: engine.index, query: engine.compiler.compile(query))
  }

  @Test func anExpansionOfTypedCharactersReadsOnlyItsPair() {
    // 事故 is all typed characters of 出事故: only its pair is read for it.
    let plan = Self.plan(synonyms: ["出事故": ["事故"]], "出事故")
    let typed = plan.terms.first { !$0.isExpansion }?.variants.first
    let expansion = plan.terms.first { $0.isExpansion }?.variants.first
    #expect(typed?.positions.contains { !$0.unigrams.isEmpty } == true)
    #expect(expansion?.positions.map(\.unigrams.isEmpty) == [true, true])
    #expect(expansion?.positions.first?.pairs.isEmpty == false)
    // Without the query's characters (a typed 事 alone is another word), it reads them.
    let elsewhere = Self.plan(synonyms: ["出车祸": ["事故"]], "出车祸")
    let whole = elsewhere.terms.first { $0.isExpansion }?.variants.first
    #expect(whole?.positions.map(\.unigrams.isEmpty) == [false, false])
    #expect(whole?.matchableUnits == 2)
  }

  @Test func itsOtherCharactersStillCount() {
    // 安全事故 for 出事故: 安 and 全 were not typed, and are read alone.
    let plan = Self.plan(synonyms: ["出事故": ["安全事故"]], "出事故")
    let expansion = plan.terms.first { $0.isExpansion }
    let readsAlone = expansion?.variants.first?.positions.map { !$0.unigrams.isEmpty }
    #expect(readsAlone == [true, true, false, false])
    #expect(expansion?.variants.first?.matchableUnits == 2)
  }
}
