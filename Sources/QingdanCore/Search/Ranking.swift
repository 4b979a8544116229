import Foundation

/// Scores items for a compiled query.
///
/// Per term variant: each unit's best unigram posting and each adjacent pair's best bigram
/// posting (the bigram carries the word; the unigram keeps recall), weighted by how well the
/// characters match (typed 1, pinyin 0.9, initials 0.75, homophone 0.4), scaled by the
/// share of the variant's units the item matches (softly: a caller's long sentence has many
/// words no item contains). A term scores its best variant. Items matching every typed
/// term, and items whose name holds a term as a phrase, get bonuses.
struct Ranking {
  let index: SearchIndex
  let query: CompiledQuery

  static let unigramFactor: Float = 0.35
  /// A pinyin unit alone matches many characters; within a longer variant only its pairs
  /// are evidence ("xingzheng" is 行政, not any 星 and any 整 apart).
  static let pinyinUnigramFactor: Float = 0.08
  static let allTermsBonus: Float = 1.5
  static let namePhraseBonus: Float = 1.6
  static let nameStartBonus: Float = 1.3
  static let phraseBonus: Float = 1.2
  /// The most the bonuses can multiply a score by.
  static let largestBonus = allTermsBonus * namePhraseBonus * nameStartBonus

  /// The final scores of the best `limit` items in `scope`, best first (ties by position).
  func ranked(
    limit: Int, scope: ItemSet, scratch: inout RankingScratch
  ) -> [(item: Int, score: Float)] {
    let plan = ScoringPlan(index: index, query: query)
    var pass = ScoringPass(plan: plan)
    pass.run(scratch: &scratch)
    defer { pass.reset(scratch: &scratch) }
    return bestItems(pass: pass, scratch: scratch, limit: limit, scope: scope)
  }

  /// Bonuses are worked out best-first and only while an item could still reach the top
  /// `limit` (no bonus multiplies a score by more than `largestBonus`), so a query costs the
  /// same however many items match weakly.
  private func bestItems(
    pass: ScoringPass, scratch: RankingScratch, limit: Int, scope: ItemSet
  ) -> [(item: Int, score: Float)] {
    let total = scratch.total
    let scored = pass.scoredItems.filter { total[Int($0)] > 0 && scope.contains(Int($0)) }
    // The limit-th best base score bounds which items a bonus could lift into the top:
    // only those are sorted and checked for phrases.
    var top = TopScores(capacity: limit)
    for item in scored { top.offer(total[Int(item)]) }
    let floor = top.isFull ? top.smallest / Self.largestBonus : 0
    let candidates = scored.filter { total[Int($0)] >= floor }.sorted {
      total[Int($0)] != total[Int($1)] ? total[Int($0)] > total[Int($1)] : $0 < $1
    }
    var finals = TopItems(capacity: limit)
    for candidate in candidates {
      let item = Int(candidate)
      let score = total[item]
      if finals.isFull, score * Self.largestBonus < finals.smallest { break }
      finals.insert(
        item: item, score: score * bonus(for: item, pass: pass, scratch: scratch))
    }
    return finals.entries
  }

  /// Every typed term matched: ×1.5. A term as a phrase in the name: ×1.6 (×1.3 more at its
  /// start), elsewhere ×1.2.
  private func bonus(for item: Int, pass: ScoringPass, scratch: RankingScratch) -> Float {
    var bonus: Float = 1
    if pass.plan.typedTerms > 1, Int(scratch.typedTermsMatched[item]) == pass.plan.typedTerms {
      bonus *= Self.allTermsBonus
    }
    let phrases = pass.phraseCandidates(of: item).map { pass.plan.phraseUnits[$0] }
    guard !phrases.isEmpty else { return bonus }
    let fields = SearchField.allCases.indices.map { index.fieldSymbols(item: item, field: $0) }
    if phrases.contains(where: { Self.containsPhrase(fields[0], $0, atStart: true) }) {
      // The name begins with the term: the item is about it ("地名管理" for "dm").
      bonus *= Self.namePhraseBonus * Self.nameStartBonus
    } else if phrases.contains(where: { Self.containsPhrase(fields[0], $0) }) {
      bonus *= Self.namePhraseBonus
    } else if phrases.contains(where: { units in
      fields.dropFirst().contains { Self.containsPhrase($0, units) }
    }) {
      bonus *= Self.phraseBonus
    }
    return bonus
  }

  /// Whether `symbols` has the units in a row, each matched well (typed, pinyin or initial;
  /// homophones do not make a phrase).
  static func containsPhrase(
    _ symbols: ArraySlice<UInt32>, _ units: [CompiledQuery.Unit], atStart: Bool = false
  ) -> Bool {
    guard units.count <= symbols.count else { return false }
    let last = atStart ? symbols.startIndex : symbols.endIndex - units.count
    var start = symbols.startIndex
    while start <= last {
      var matched = true
      for (offset, unit) in units.enumerated() where unit.weight(symbols[start + offset]) < 0.7 {
        matched = false
        break
      }
      if matched { return true }
      start += 1
    }
    return false
  }
}

/// The posting lists a query reads, grouped as the scoring rules combine them: per term,
/// per variant, per unit position, the unigram lists of the unit's characters and the
/// bigram lists of the pairs the unit and the next can stand for.
struct ScoringPlan {
  /// One posting list and what its postings are worth.
  struct Source {
    var postings: PostingList
    /// Multiplies each posting's score.
    var weight: Float
    /// Both characters of a pair matched well (see `Ranking.containsPhrase`).
    var isStrong: Bool
  }

  struct Position {
    var unigrams: [Source]
    /// Applied to the best unigram posting of the position.
    var unigramFactor: Float
    /// Pairs of this unit and the next (none at the last position).
    var pairs: [Source]
  }

  struct Variant {
    var positions: [Position]
    var weight: Float
    /// Index into `phraseUnits` when the variant has two units or more.
    var phrase: Int?
  }

  struct Term {
    var variants: [Variant]
    var isExpansion: Bool
  }

  var terms: [Term] = []
  var typedTerms = 0
  /// The units of the variants that can earn the phrase bonus.
  var phraseUnits: [[CompiledQuery.Unit]] = []

  init(index: SearchIndex, query: CompiledQuery) {
    let count = index.itemCount
    // In a longer variant, a character found in most items says little alone; its pairs
    // carry it. Skipping its unigram list keeps queries fast on large corpora.
    let commonList = max(2_000, count / 16)
    // A pinyin or initial unit stands for hundreds of characters; in a longer variant its
    // pairs are the evidence, so only its rarer characters are looked up alone.
    let commonPinyinList = max(2_000, count / 128)
    for term in query.terms where !term.variants.isEmpty {
      if !term.isExpansion { typedTerms += 1 }
      var variants: [Variant] = []
      for variant in term.variants {
        let units = variant.units
        var positions: [Position] = []
        for (position, unit) in units.enumerated() {
          let limit = units.count == 1 ? nil : unit.isLiteral ? commonList : commonPinyinList
          let unigrams = unit.candidates.compactMap { symbol, weight -> Source? in
            let postings = index.unigrams(symbol)
            if let limit, postings.count > limit { return nil }
            return Source(postings: postings, weight: weight, isStrong: false)
          }
          let pairs =
            position + 1 < units.count
            ? Self.pairSources(index: index, unit, units[position + 1], commonList: commonList)
            : []
          positions.append(
            Position(
              unigrams: unigrams,
              unigramFactor: unit.isLiteral || units.count == 1
                ? Ranking.unigramFactor : Ranking.pinyinUnigramFactor,
              pairs: pairs))
        }
        var phrase: Int? = nil
        if units.count >= 2 {
          phrase = phraseUnits.count
          phraseUnits.append(units)
        }
        variants.append(Variant(positions: positions, weight: variant.weight, phrase: phrase))
      }
      terms.append(Term(variants: variants, isExpansion: term.isExpansion))
    }
  }

  /// Pairs of characters the two units can stand for. When the units are pinyin or
  /// homophones, many pairs qualify; like an input method, prefer the pairs the catalogues
  /// use often (行政 for "xingzheng", not the 行整 of 进行整治): a guessed pair's weight is
  /// scaled by the square root of its document frequency relative to the commonest pair.
  private static func pairSources(
    index: SearchIndex, _ first: CompiledQuery.Unit, _ second: CompiledQuery.Unit,
    commonList: Int
  ) -> [Source] {
    var candidates: [(weight: Float, postings: PostingList)] = []
    var commonest = 1
    for (firstSymbol, firstWeight) in first.candidates {
      for secondSymbol in index.successors(of: firstSymbol) {
        let weight = firstWeight * second.weights[Int(secondSymbol)]
        // Two guessed characters (homophone and homophone) are too weak to be a pair.
        guard weight >= 0.15,
          let postings = index.bigrams(firstSymbol, secondSymbol)
        else { continue }
        candidates.append((weight, postings))
        commonest = max(commonest, postings.count)
      }
    }
    return candidates.compactMap { candidate in
      // A guessed pair found in most items of a large corpus (initials "hl" as 和联) says
      // nothing about any of them, and walking its list is what makes such queries slow.
      if candidate.weight < 1, candidate.postings.count > commonList { return nil }
      var weight = candidate.weight
      if weight < 1 {
        weight *= (Float(candidate.postings.count) / Float(commonest)).squareRoot()
      }
      return Source(
        postings: candidate.postings, weight: weight, isStrong: candidate.weight >= 0.49)
    }
  }
}

/// One walk of a plan's posting lists, adding up base scores in a scratch.
struct ScoringPass {
  let plan: ScoringPlan
  /// Items with a total, in the order first reached.
  private(set) var scoredItems: [Int32] = []
  /// (item, phrase) for every variant whose adjacent pairs all matched strongly in the
  /// item, sorted by item once the pass is done: only those phrases are checked for it.
  private var phrases: [(item: Int32, phrase: Int32)] = []

  init(plan: ScoringPlan) { self.plan = plan }

  mutating func run(scratch s: inout RankingScratch) {
    for term in plan.terms {
      for variant in term.variants {
        for (position, planned) in variant.positions.enumerated() {
          let bit: UInt64 = 1 << UInt64(position % 64)
          for source in planned.unigrams {
            Self.collect(source, into: &s)
          }
          for item in s.touched {
            let index = Int(item)
            if s.variantScore[index] == 0 && s.matchedUnits[index] == 0 {
              s.variantTouched.append(item)
            }
            s.variantScore[index] += planned.unigramFactor * s.best[index]
            s.matchedUnits[index] |= bit
            s.best[index] = 0
          }
          s.touched.removeAll(keepingCapacity: true)
          guard !planned.pairs.isEmpty else { continue }
          for source in planned.pairs {
            Self.collect(source, into: &s)
          }
          let pairBits: UInt64 = bit | (1 << UInt64((position + 1) % 64))
          for item in s.touched {
            let index = Int(item)
            if s.variantScore[index] == 0 && s.matchedUnits[index] == 0 {
              s.variantTouched.append(item)
            }
            s.variantScore[index] += s.best[index]
            s.matchedUnits[index] |= pairBits
            s.best[index] = 0
            // Count each item once for this pair position, however many pairs matched.
            if s.strongHere[index] {
              s.strongPairs[index] += 1
              s.strongHere[index] = false
            }
          }
          s.touched.removeAll(keepingCapacity: true)
        }
        let unitCount = Float(variant.positions.count)
        let strongNeeded = Int32(variant.positions.count - 1)
        for item in s.variantTouched {
          let index = Int(item)
          if let phrase = variant.phrase, s.strongPairs[index] >= strongNeeded {
            phrases.append((item, Int32(phrase)))
          }
          s.strongPairs[index] = 0
          let coverage = Float(s.matchedUnits[index].nonzeroBitCount) / unitCount
          let score = s.variantScore[index] * (0.25 + 0.75 * coverage) * variant.weight
          if s.termScore[index] == 0, score > 0 { s.termTouched.append(item) }
          s.termScore[index] = max(s.termScore[index], score)
          s.variantScore[index] = 0
          s.matchedUnits[index] = 0
        }
        s.variantTouched.removeAll(keepingCapacity: true)
      }
      for item in s.termTouched {
        let index = Int(item)
        if s.total[index] == 0 { scoredItems.append(item) }
        s.total[index] += s.termScore[index]
        if !term.isExpansion { s.typedTermsMatched[index] += 1 }
        s.termScore[index] = 0
      }
      s.termTouched.removeAll(keepingCapacity: true)
    }
    phrases.sort { $0.item < $1.item }
  }

  /// Each item's best posting among the sources of one position.
  @inline(__always)
  private static func collect(_ source: ScoringPlan.Source, into s: inout RankingScratch) {
    let weight = source.weight
    let isStrong = source.isStrong
    for posting in source.postings {
      let index = Int(posting.item)
      let score = weight * posting.score
      if s.best[index] == 0 { s.touched.append(posting.item) }
      if score > s.best[index] { s.best[index] = score }
      if isStrong { s.strongHere[index] = true }
    }
  }

  /// The phrases `item` may hold.
  func phraseCandidates(of item: Int) -> [Int] {
    var low = 0
    var high = phrases.count
    while low < high {
      let middle = (low + high) / 2
      if Int(phrases[middle].item) < item { low = middle + 1 } else { high = middle }
    }
    var found: [Int] = []
    while low < phrases.count, Int(phrases[low].item) == item {
      found.append(Int(phrases[low].phrase))
      low += 1
    }
    return found
  }

  /// Leaves the scratch as it was found: zero for every item.
  func reset(scratch s: inout RankingScratch) {
    for item in scoredItems {
      s.total[Int(item)] = 0
      s.typedTermsMatched[Int(item)] = 0
    }
  }
}

/// Per-item working arrays for scoring. Allocating and zeroing them for every query cost
/// more than scoring a short one on a large corpus, so they are kept between queries (see
/// `RankingScratchPool`) and every pass zeroes only the entries it touched.
struct RankingScratch {
  var best: [Float]
  var strongHere: [Bool]
  var variantScore: [Float]
  /// Which units of the variant each item matched, one bit per unit (queries are cut to
  /// 64 characters, so a variant has at most 64 units).
  var matchedUnits: [UInt64]
  var strongPairs: [Int32]
  var termScore: [Float]
  var total: [Float]
  var typedTermsMatched: [Int32]
  var touched: [Int32] = []
  var variantTouched: [Int32] = []
  var termTouched: [Int32] = []

  init(itemCount: Int) {
    best = Array(repeating: 0, count: itemCount)
    strongHere = Array(repeating: false, count: itemCount)
    variantScore = Array(repeating: 0, count: itemCount)
    matchedUnits = Array(repeating: 0, count: itemCount)
    strongPairs = Array(repeating: 0, count: itemCount)
    termScore = Array(repeating: 0, count: itemCount)
    total = Array(repeating: 0, count: itemCount)
    typedTermsMatched = Array(repeating: 0, count: itemCount)
  }
}

/// Scratches for the searches in flight: each search takes one and gives it back, so
/// searches on several threads never share one.
final class RankingScratchPool: @unchecked Sendable {
  private let lock = NSLock()
  private var spare: [RankingScratch] = []
  private let itemCount: Int

  init(itemCount: Int) { self.itemCount = itemCount }

  func withScratch<Result>(_ body: (inout RankingScratch) -> Result) -> Result {
    var scratch = lock.withLock { spare.popLast() } ?? RankingScratch(itemCount: itemCount)
    let result = body(&scratch)
    lock.withLock { spare.append(scratch) }
    return result
  }
}

/// The items a search may return: every item, or those of a scope, one bit per item.
struct ItemSet {
  private let words: [UInt64]?

  static let everything = ItemSet(words: nil)

  private init(words: [UInt64]?) { self.words = words }

  init(positions: [Int], itemCount: Int) {
    var words = [UInt64](repeating: 0, count: (itemCount + 63) / 64)
    for position in positions { words[position / 64] |= 1 << UInt64(position % 64) }
    self.words = words
  }

  @inline(__always)
  func contains(_ item: Int) -> Bool {
    guard let words else { return true }
    return words[item / 64] & (1 << UInt64(item % 64)) != 0
  }
}

/// The `capacity` best (item, score) entries seen, best first; ties go to the lower item.
struct TopItems {
  private(set) var entries: [(item: Int, score: Float)] = []
  let capacity: Int

  init(capacity: Int) {
    self.capacity = max(1, capacity)
    entries.reserveCapacity(self.capacity + 1)
  }

  var isFull: Bool { entries.count == capacity }
  var smallest: Float { entries.last?.score ?? 0 }

  mutating func insert(item: Int, score: Float) {
    var low = 0
    var high = entries.count
    while low < high {
      let middle = (low + high) / 2
      let entry = entries[middle]
      if entry.score > score || (entry.score == score && entry.item < item) {
        low = middle + 1
      } else {
        high = middle
      }
    }
    guard low < capacity else { return }
    entries.insert((item, score), at: low)
    if entries.count > capacity { entries.removeLast() }
  }
}
/// The `capacity` largest scores seen, as a min-heap: the smallest of them is the bar a
/// score must clear to be among the best.
struct TopScores {
  private var heap: [Float] = []
  let capacity: Int

  init(capacity: Int) {
    self.capacity = max(1, capacity)
    heap.reserveCapacity(self.capacity)
  }

  var isFull: Bool { heap.count == capacity }
  var smallest: Float { heap.first ?? 0 }

  mutating func offer(_ score: Float) {
    if heap.count < capacity {
      heap.append(score)
      var child = heap.count - 1
      while child > 0 {
        let parent = (child - 1) / 2
        guard heap[child] < heap[parent] else { break }
        heap.swapAt(child, parent)
        child = parent
      }
    } else if score > heap[0] {
      heap[0] = score
      var parent = 0
      while true {
        let left = 2 * parent + 1
        let right = left + 1
        var smallest = parent
        if left < heap.count, heap[left] < heap[smallest] { smallest = left }
        if right < heap.count, heap[right] < heap[smallest] { smallest = right }
        guard smallest != parent else { break }
        heap.swapAt(parent, smallest)
        parent = smallest
      }
    }
  }
}
