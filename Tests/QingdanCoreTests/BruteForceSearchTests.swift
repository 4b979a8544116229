import Foundation
import QingdanCorpus
import Testing

@testable import QingdanCore

/// The search engine's index, postings, pruning and top-k shortcuts must not change what it
/// finds: on a 10-township synthetic corpus, its hits equal those of a scorer that applies
/// the same scoring rules by scanning every item's text directly. Larger corpora, outside
/// CI: `QINGDAN_BRUTE_FORCE_TOWNSHIPS=100 swift test -c release --filter BruteForce`.
@Suite("Search equals a brute-force scorer at 10 townships")
struct BruteForceSearchTests {
  static let townships =
    ProcessInfo.processInfo.environment["QINGDAN_BRUTE_FORCE_TOWNSHIPS"].flatMap(Int.init) ?? 10

  static let engine: SearchEngine = {
    let generator = CorpusGenerator(templates: CacheFixtures.templates, seed: 7)
    let catalogues = (0..<townships).compactMap { index -> Catalogue? in
      let generated = generator.township(index)
      return CatalogueParser.parse(data: Data(generated.text.utf8), file: generated.fileName)
        .catalogue
    }
    return SearchEngine(
      catalogue: CatalogueIndex(catalogues: catalogues), resources: try! .loadDefault())
  }()

  static let bruteForce = BruteForceScorer(engine: engine)

  /// The same corpus written to files and loaded twice through a snapshot: the second start
  /// searches the index as it lies in the mapped snapshot file.
  static let mappedEngine: SearchEngine = {
    let directory = CacheFixtures.temporaryDirectory("brute-force")
    _ = try! CorpusGenerator(templates: CacheFixtures.templates, seed: 7)
      .write(townships: townships, to: directory)
    let store = CacheFixtures.store()
    let resources = try! SearchResources.loadDefault()
    _ = try! SearchEngine.load(paths: [directory.path], resources: resources, cache: store)
    let loaded = try! SearchEngine.load(paths: [directory.path], resources: resources, cache: store)
    precondition(loaded.cacheSummary == "cache: hit", loaded.cacheSummary)
    return loaded.engine
  }()

  static let mappedBruteForce = BruteForceScorer(engine: mappedEngine)

  static func engine(mapped: Bool) -> SearchEngine { mapped ? mappedEngine : engine }

  static let queries = [
    "低保", "电瓶车充电起火", "jiuzhu", "dm", "戒du", "臨時救助", "临时救注", "羊得了传染病",
    "宅基地 审批", "hezhangzhi", "水", "来电人反映电瓶车充电起火，要求办理低保",
  ]

  @Test(arguments: queries, [false, true])
  func sameHitsAsBruteForce(query: String, mapped: Bool) {
    let engine = Self.engine(mapped: mapped)
    #expect(engine.catalogue.catalogues.count == Self.townships)
    let fast = engine.search(query, limit: 20, highlighted: 0)
    let slow = (mapped ? Self.mappedBruteForce : Self.bruteForce).search(query, limit: 20)
    #expect(fast.count == slow.count, "\(query)")
    for (hit, expected) in zip(fast, slow) {
      let close = abs(hit.score - Double(expected.score)) <= 1e-4 * max(1, Double(expected.score))
      #expect(close, "\(query): \(hit.item.id) \(hit.score) vs \(expected.score)")
      // Items whose scores tie may come in either order; otherwise the order must agree.
      if hit.position != expected.item {
        let tie = slow.contains {
          $0.item == hit.position && abs($0.score - expected.score) <= 1e-4
        }
        #expect(
          tie,
          "\(query): \(hit.item.id) where brute force has \(engine.catalogue.items[expected.item].id)"
        )
      }
    }
  }
}

/// Reading weak lists only for the items that can still reach the top (`Ranking.ranked`)
/// must not change the ranking: the same query, forced through that path and forced
/// through a single full pass, gives the same items and scores, for the top 20 and the
/// browser's 200.
@Suite("Pruned ranking equals a full pass")
struct PrunedRankingTests {
  static let queries =
    BruteForceSearchTests.queries + [
      "开小卖部办营业执照", "hlx", "xiangmu shenbao", "想砍自家地里的杨树要办啥证",
    ]

  @Test(arguments: queries, [(20, false), (200, false), (20, true), (200, true)])
  func sameRankingWithAndWithoutPruning(query: String, limitAndMapped: (Int, Bool)) {
    let (limit, mapped) = limitAndMapped
    let engine = BruteForceSearchTests.engine(mapped: mapped)
    let compiled = engine.compiler.compile(query)
    func ranked(singlePassPostings: Int) -> [(item: Int, score: Float)] {
      engine.scratchPool.withScratch { scratch in
        var ranking = Ranking(index: engine.index, query: compiled)
        ranking.singlePassPostings = singlePassPostings
        return ranking.ranked(limit: limit, scope: .everything(engine.index), scratch: scratch)
      }
    }
    let pruned = ranked(singlePassPostings: 0)
    let full = ranked(singlePassPostings: .max)
    #expect(pruned.count == full.count, "\(query)")
    for (hit, expected) in zip(pruned, full) {
      #expect(abs(hit.score - expected.score) <= 1e-4 * max(1, expected.score), "\(query)")
      if hit.item != expected.item {
        let tie = full.contains { $0.item == hit.item && abs($0.score - expected.score) <= 1e-4 }
        #expect(tie, "\(query): item \(hit.item) where a full pass has \(expected.item)")
      }
    }
  }
}

/// The scoring rules of `Ranking`, applied the slow way: every item's grams counted from
/// its text, every item scored against every unit and pair; no postings, no successor
/// lists, no pruning of candidates, no top-k bar.
struct BruteForceScorer: Sendable {
  let engine: SearchEngine
  let texts: [[[UInt32]]]
  /// Per item: gram → field-weighted frequency. A gram is one symbol, or two as
  /// `first << 32 | second` with the top bit set.
  let grams: [[UInt64: Float]]
  let documentFrequency: [UInt64: Int]

  static func key(_ symbol: UInt32) -> UInt64 { UInt64(symbol) }
  static func key(_ first: UInt32, _ second: UInt32) -> UInt64 {
    1 << 63 | UInt64(first) << 32 | UInt64(second)
  }

  init(engine: SearchEngine) {
    self.engine = engine
    let symbols = engine.index.symbols
    let fields = SearchField.allCases
    let texts = engine.catalogue.items.map { item in
      fields.map { symbols.symbols($0.text(of: item)) }
    }
    self.texts = texts
    var averages = [Float](repeating: 0, count: fields.count)
    for item in texts {
      for (field, text) in item.enumerated() { averages[field] += Float(text.count) }
    }
    let itemCount = Float(max(1, texts.count))
    averages = averages.map { max(1, $0 / itemCount) }
    var grams: [[UInt64: Float]] = []
    var documentFrequency: [UInt64: Int] = [:]
    for item in texts {
      var counts: [UInt64: Float] = [:]
      for (fieldIndex, field) in fields.enumerated() {
        let text = item[fieldIndex]
        let norm = 1 - Bm25.b + Bm25.b * Float(text.count) / averages[fieldIndex]
        for (offset, symbol) in text.enumerated() where symbol != SymbolTable.none {
          counts[Self.key(symbol), default: 0] += field.weight / norm
          if offset > 0, text[offset - 1] != SymbolTable.none {
            counts[Self.key(text[offset - 1], symbol), default: 0] += field.weight / norm
          }
        }
      }
      for gram in counts.keys { documentFrequency[gram, default: 0] += 1 }
      grams.append(counts)
    }
    self.grams = grams
    self.documentFrequency = documentFrequency
  }

  func score(_ gram: UInt64, _ item: Int) -> Float {
    guard let tf = grams[item][gram] else { return 0 }
    let count = Float(grams.count)
    let df = Float(documentFrequency[gram] ?? 0)
    let idf = log(1 + (count - df + 0.5) / (df + 0.5))
    return idf * tf / (Bm25.k1 + tf)
  }

  func search(_ query: String, limit: Int) -> [(item: Int, score: Float)] {
    let compiled = engine.compiler.compile(query)
    let count = grams.count
    let commonList = max(2_000, count / 16)
    var total = [Float](repeating: 0, count: count)
    var typedMatched = [Int](repeating: 0, count: count)
    var typedTerms = 0
    var typedLength = 0
    // Typed terms (text, length) in order; per item, which of them it holds (by index).
    var typed: [(text: String, length: Int)] = []
    var holds = [Set<Int>](repeating: [], count: count)
    let typedCharacters = compiled.typedCharacters
    // The pairs typed as themselves, found in each item: the literal evidence.
    var literal = [Float](repeating: 0, count: count)
    for term in compiled.terms where !term.isExpansion {
      for variant in term.variants where variant.weight >= 1 {
        for (first, second) in zip(variant.units, variant.units.dropFirst())
        where first.isLiteral && second.isLiteral {
          guard let one = first.literalSymbol, let two = second.literalSymbol else { continue }
          for item in 0..<count { literal[item] += score(Self.key(one, two), item) }
        }
      }
    }
    for term in compiled.terms where !term.variants.isEmpty {
      // The typed term this one stands for: itself, or the one an expansion came from.
      var standsFor: Int? = nil
      if !term.isExpansion {
        typedTerms += 1
        typedLength += QueryCompiler.typedLength(term.text)
        standsFor = typed.count
        typed.append((term.text, QueryCompiler.typedLength(term.text)))
      } else if let source = term.origin.chain.first {
        standsFor = typed.firstIndex { $0.text.contains(source) }
      }
      var termScore = [Float](repeating: 0, count: count)
      // Matched by more than homophones: a pair of characters matched well, or the one
      // character of a one-unit variant.
      var matchedWell = [Bool](repeating: false, count: count)
      for variant in term.variants {
        let units = variant.units
        // An expansion's characters the query typed are read by the typed term only.
        let typedAgain = units.map {
          term.isExpansion && CompiledQuery.isTypedAgain($0, typed: typedCharacters)
        }
        // The commonest pair each position can stand for, for the prior on guessed pairs.
        let commonest: [Int] = (0..<max(0, units.count - 1)).map { position in
          var most = 1
          for (gram, df) in documentFrequency where gram >> 63 == 1 {
            let first = UInt32((gram >> 32) & 0x7FFF_FFFF)
            let second = UInt32(gram & 0xFFFF_FFFF)
            if units[position].weight(first) * units[position + 1].weight(second) >= 0.15 {
              most = max(most, df)
            }
          }
          return most
        }
        for item in 0..<count {
          var value: Float = 0
          var matched: UInt64 = 0
          var wellHere = false
          for (position, unit) in units.enumerated() {
            var best: Float = 0
            var found = false
            for (symbol, weight) in unit.candidates
            where !typedAgain[position] && grams[item][Self.key(symbol)] != nil {
              // A homophone's list, in any variant, as long as a pinyin unit's.
              let isHomophone = weight < CompiledQuery.Unit.wellMatchedWeight
              let limit = unit.isLiteral && !isHomophone ? commonList : max(2_000, count / 128)
              if units.count > 1 || isHomophone, documentFrequency[Self.key(symbol)]! > limit {
                continue
              }
              found = true
              best = max(best, weight * score(Self.key(symbol), item))
            }
            if found { matched |= 1 << UInt64(position) }
            if units.count == 1, found,
              unit.candidates.contains(where: {
                $0.weight >= CompiledQuery.Unit.wellMatchedWeight
                  && grams[item][Self.key($0.symbol)] != nil
              })
            {
              wellHere = true
            }
            let factor =
              unit.isLiteral || units.count == 1
              ? Ranking.unigramFactor : Ranking.pinyinUnigramFactor
            value += factor * best
            guard position + 1 < units.count else { continue }
            var pairBest: Float = 0
            var any = false
            for (gram, _) in grams[item] where gram >> 63 == 1 {
              let first = UInt32((gram >> 32) & 0x7FFF_FFFF)
              let second = UInt32(gram & 0xFFFF_FFFF)
              var weight = unit.weight(first) * units[position + 1].weight(second)
              guard weight >= 0.15 else { continue }
              if weight < 1, documentFrequency[gram]! > commonList { continue }
              if weight >= ScoringPlan.strongPairWeight { wellHere = true }
              if weight < 1 {
                weight *= (Float(documentFrequency[gram]!) / Float(commonest[position]))
                  .squareRoot()
              }
              any = true
              pairBest = max(pairBest, weight * score(gram, item))
            }
            if any { matched |= (1 << UInt64(position)) | (1 << UInt64(position + 1)) }
            value += pairBest
          }
          // Against the units some item holds well (a typed, pinyin or initial character).
          let matchable = units.indices.count { position in
            !typedAgain[position]
              && units[position].candidates.contains {
                $0.weight >= CompiledQuery.Unit.wellMatchedWeight
                  && documentFrequency[Self.key($0.symbol)] != nil
              }
          }
          let coverage = min(1, Float(matched.nonzeroBitCount) / Float(max(1, matchable)))
          let score =
            value * (ScoringPass.coverageFloor + (1 - ScoringPass.coverageFloor) * coverage)
            * variant.weight
          termScore[item] = max(termScore[item], score)
          if wellHere, score > 0 { matchedWell[item] = true }
        }
      }
      for item in 0..<count where termScore[item] > 0 {
        total[item] += termScore[item]
        if matchedWell[item], let standsFor, holds[item].insert(standsFor).inserted {
          typedMatched[item] += typed[standsFor].length
        }
      }
    }

    let phrases = compiled.terms.flatMap { term in
      term.variants.filter { $0.units.count >= 2 }.map { (units: $0.units, share: term.share) }
    }
    func hasPhrase(_ text: [UInt32], _ units: [CompiledQuery.Unit], atStart: Bool) -> Bool {
      guard text.count >= units.count else { return false }
      return (0...(text.count - units.count)).contains { start in
        (!atStart || start == 0)
          && units.indices.allSatisfy { units[$0].weight(text[start + $0]) >= 0.7 }
      }
    }
    var finals: [(item: Int, score: Float)] = []
    for item in 0..<count where total[item] > 0 {
      var bonus: Float = 1
      if typedTerms > 1 {
        bonus = Ranking.allTermsBonus(matched: typedMatched[item], of: typedLength)
      }
      let name = texts[item][0]
      var phraseBonus: Float = 1
      for phrase in phrases {
        let place: Ranking.PhrasePlace? =
          hasPhrase(name, phrase.units, atStart: true)
          ? .nameStart
          : hasPhrase(name, phrase.units, atStart: false)
            ? .name
            : texts[item].dropFirst().contains { hasPhrase($0, phrase.units, atStart: false) }
              ? .elsewhere : nil
        if let place {
          phraseBonus = max(phraseBonus, Ranking.phraseBonus(place, share: phrase.share))
        }
      }
      bonus *= phraseBonus
      finals.append((item, total[item] * bonus))
    }
    finals.sort { $0.score != $1.score ? $0.score > $1.score : $0.item < $1.item }
    if compiled.clauseCount >= 2 {
      let head = Array(finals.prefix(Ranking.fusionDepth))
      let order = Ranking.fusedOrder(
        scores: head.map(\.score), literal: head.map { literal[$0.item] })
      finals = order.map { head[$0] } + finals.dropFirst(Ranking.fusionDepth)
    }
    let top = finals.first?.score ?? 0
    return Array(finals.prefix(limit).filter { $0.score >= top * SearchEngine.relativeCutoff })
  }
}
