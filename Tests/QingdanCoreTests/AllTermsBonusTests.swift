import Testing

@testable import QingdanCore

/// The all-terms bonus counts the typed words an item holds: by their own characters or
/// by what they mean (an expansion), never by homophones alone.
@Suite("The all-terms bonus counts the words an item holds")
struct AllTermsBonusTests {
  /// After one full pass of `query`: the item's base score, and how much of the typed
  /// query it holds as the all-terms bonus counts it, of how much.
  static func pass(_ engine: SearchEngine, _ query: String, item id: String)
    -> (score: Float, matched: Int, of: Int)
  {
    let index = engine.index
    guard let position = engine.catalogue.items.firstIndex(where: { $0.id == id }) else {
      Issue.record("no item \(id)")
      return (0, 0, 0)
    }
    let document = Int(index.documentOfItem[position])
    let scratch = RankingScratch(count: index.documentCount)
    var pass = ScoringPass(plan: ScoringPlan(index: index, query: engine.compiler.compile(query)))
    pass.run(scratch: scratch, reading: .everything)
    defer { pass.reset(scratch: scratch) }
    return (
      scratch.total[document], Int(scratch.typedLengthMatched[document]), pass.plan.typedLength
    )
  }

  @Test func aWordFoundOnlyThroughHomophonesIsNotHeld() {
    // No synonyms or thesaurus: nothing 急弯 means may stand in for it.
    let engine = CallerSearchTests.engine(synonyms: [:], thesaurus: [])
    let road = "大石头乡/basic/87"  // 负责本乡乡道、村道建设养护管理工作，做好农村道路安全…及…
    // 急弯 scores there through a homophone (及 for 急), but the item does not hold it.
    #expect(Self.pass(engine, "急弯", item: road).score > 0)
    let counted = Self.pass(engine, "村道 急弯", item: road)
    #expect(counted.matched == 2 && counted.of == 4)
    // A one-character word typed counts; the same sound only, not.
    #expect(Self.pass(engine, "村道 及", item: road).matched == 3)
    #expect(Self.pass(engine, "村道 急", item: road).score > 0)
    #expect(Self.pass(engine, "村道 急", item: road).matched == 2)
  }

  @Test func anExpansionCountsForTheWordItCameFrom() {
    let adoption = "大石头乡/recovered/2"  // 收养登记
    // 领养 is not in the item (no pair of it, 养 alone); its synonym 收养登记 is.
    let plain = CallerSearchTests.engine(synonyms: [:], thesaurus: [])
    #expect(Self.pass(plain, "领养 登记", item: adoption).matched == 2)
    let lexicon = CallerSearchTests.engine(synonyms: ["领养": ["收养登记"]], thesaurus: [])
    let counted = Self.pass(lexicon, "领养 登记", item: adoption)
    #expect(counted.matched == 4 && counted.of == 4, "each typed word counts once")
  }
}
