/// One walk of a plan's posting lists, adding up base scores (before bonuses) in a scratch.
///
/// The scoring rules, per term variant: at each unit position, the document's best
/// unigram posting (times the position's unigram factor) and its best pair posting with
/// the next unit; their sum is scaled by the share of the variant's units the document
/// matched of those some item holds (`coverageFloor`, `ScoringPlan.Variant.matchableUnits`);
/// a term scores its best variant; the base score is the sum of
/// the terms. Each level folds what it reached into the next and zeroes its entries.
struct ScoringPass {
  /// Which postings a pass reads.
  enum Reading {
    case everything
    /// Only the lists whose bound is above the cut (and the densest ones); the pass also
    /// works out, per document, how much the other lists could add
    /// (`RankingScratch.boundExtra`).
    case lists(boundAbove: Float, densityFrom: Float)
    /// Every list, but only the postings of these documents (sorted, flagged in
    /// `RankingScratch.isCandidate`).
    case candidates([DocumentID])

    /// The bound at or below which lists go unread, when some do.
    var cut: Float? {
      if case .lists(let cut, _) = self { return cut }
      return nil
    }

    @inline(__always)
    func reads(_ source: ScoringPlan.Source) -> Bool {
      guard case .lists(let cut, let densityFloor) = self else { return true }
      return source.bound > cut || source.density >= densityFloor
    }
  }

  /// A variant's units all matched scores in full; none matched (only pairs of some, say)
  /// keeps this share. Softly: a caller's long sentence has many words no item contains.
  static let coverageFloor: Float = 0.5
  /// A list this many times longer than the candidates is searched for each candidate
  /// (a binary search, a few dozen steps) instead of read through.
  static let seekRatio = 32

  let plan: ScoringPlan
  /// Documents with a total, in the order first reached.
  private(set) var scoredDocuments: [DocumentID] = []
  /// (document, phrase) for every variant whose adjacent pairs all matched strongly in the
  /// document, sorted by document once the pass is done: only those phrases are checked
  /// for it.
  private var phrases: [(document: DocumentID, phrase: Int32)] = []

  init(plan: ScoringPlan) { self.plan = plan }

  mutating func run(scratch: RankingScratch, reading: Reading) {
    // Local arrays: appending to a class's arrays checks exclusive access every time.
    var touched = TouchedDocuments()
    swap(&touched, &scratch.touched)
    defer { swap(&touched, &scratch.touched) }
    for term in plan.terms {
      for variant in term.variants {
        for (position, planned) in variant.positions.enumerated() {
          Self.addUnigrams(planned, at: position, reading, scratch, &touched)
          Self.addPairs(planned, at: position, reading, scratch, &touched)
        }
        // A term of one variant scores that variant: it is added to the totals as it is
        // scored, without a second walk over its documents.
        scoreVariant(
          variant, reading, scratch, &touched, addingTerm: term.variants.count == 1 ? term : nil)
      }
      if term.variants.count > 1 { addTerm(term, reading, scratch, &touched) }
    }
    phrases.sort { $0.document < $1.document }
  }

  /// Adds each document's best unigram posting at the position, times the position's
  /// factor, to its variant score, and marks the unit matched.
  private static func addUnigrams(
    _ planned: ScoringPlan.Position, at position: Int, _ reading: Reading,
    _ scratch: RankingScratch, _ touched: inout TouchedDocuments
  ) {
    add(
      planned.unigrams, factor: planned.unigramFactor, units: 1 << UInt64(position % 64),
      arePairs: false, reading, scratch, &touched)
  }

  /// Adds each document's best pair posting of the unit and the next to its variant score,
  /// marks both units matched, and counts the position once if a strong pair matched.
  private static func addPairs(
    _ planned: ScoringPlan.Position, at position: Int, _ reading: Reading,
    _ scratch: RankingScratch, _ touched: inout TouchedDocuments
  ) {
    guard !planned.pairs.isEmpty else { return }
    add(
      planned.pairs, factor: 1,
      units: 1 << UInt64(position % 64) | 1 << UInt64((position + 1) % 64), arePairs: true,
      reading, scratch, &touched)
  }

  /// Adds each document's best posting among `sources` (one position's unigrams, or its
  /// pairs) times `factor` to its variant score and marks `units` matched. A position
  /// reading one list (a typed character's pair, most often) folds each posting as it is
  /// read; of several, each document's best is kept first, then folded.
  @inline(__always)
  private static func add(
    _ sources: [ScoringPlan.Source], factor: Float, units: UInt64, arePairs: Bool,
    _ reading: Reading, _ scratch: RankingScratch, _ touched: inout TouchedDocuments
  ) {
    var readCount = 0
    var lastRead: ScoringPlan.Source? = nil
    for source in sources where reading.reads(source) {
      readCount += 1
      lastRead = source
    }
    if readCount == 1, let only = lastRead {
      let weight = only.weight
      let isStrong = only.isStrong
      forEachPosting(of: only, reading, scratch) { document, score in
        // As `keepBest` would keep it: the first and only posting, if above zero.
        let best = weight * score
        fold(
          document, best: best > 0 ? best : 0, isStrong: isStrong, factor: factor,
          units: units, arePairs: arePairs, scratch, &touched.inVariant)
      }
      return
    }
    for source in sources where reading.reads(source) {
      let weight = source.weight
      let isStrong = source.isStrong
      forEachPosting(of: source, reading, scratch) { document, score in
        scratch.keepBest(document, weight * score, isStrong: isStrong, touched: &touched.atPosition)
      }
    }
    for offset in 0..<touched.atPosition.count {
      let index = Int(touched.atPosition[offset])
      fold(
        touched.atPosition[offset], best: scratch.best[index],
        isStrong: scratch.strongHere[index], factor: factor, units: units,
        arePairs: arePairs, scratch, &touched.inVariant)
      scratch.best[index] = 0
      scratch.strongHere[index] = false
    }
    touched.atPosition.removeAll()
  }

  /// Adds a document's best posting at a position to its variant score. A strong unigram
  /// (its character matched well) says the term is no homophone; a strong pair counts
  /// towards a phrase.
  @inline(__always)
  private static func fold(
    _ document: DocumentID, best: Float, isStrong: Bool, factor: Float, units: UInt64,
    arePairs: Bool, _ scratch: RankingScratch, _ inVariant: inout DocumentList
  ) {
    let index = Int(document)
    if scratch.variantScore[index] == 0 && scratch.matchedUnits[index] == 0 {
      inVariant.append(document)
    }
    scratch.variantScore[index] += factor * best
    scratch.matchedUnits[index] |= units
    if isStrong {
      if arePairs {
        scratch.strongPairs[index] += 1
      } else {
        scratch.termMatchedWell[index] = true
      }
    }
  }

  /// Scales each document's variant score by its coverage and keeps the term's best
  /// variant; notes the phrases it may hold; with a cut, bounds what the variant could
  /// reach with every list read. With `addingTerm` (the term of this one variant), adds
  /// the score to the document's total at once, as `addTerm` would.
  private mutating func scoreVariant(
    _ variant: ScoringPlan.Variant, _ reading: Reading, _ scratch: RankingScratch,
    _ touched: inout TouchedDocuments, addingTerm term: ScoringPlan.Term?
  ) {
    let strongNeeded = UInt8(variant.positions.count - 1)
    // What the unread lists could add: the document's value so far plus that, at full
    // coverage, bounds the variant.
    let unread = reading.cut.map { plan.unreadBound(variant, cut: $0) }
    let unreadTerm = term.flatMap { term in reading.cut.map { plan.unreadBound(term, cut: $0) } }
    // The coverage factor for each number of matched units (a variant has 64 at most):
    // looked up, not divided out for every document.
    let coverageFactors = Self.coverageFactors(variant)
    for offset in 0..<touched.inVariant.count {
      let document = touched.inVariant[offset]
      let index = Int(document)
      if let phrase = variant.phrase, scratch.strongPairs[index] >= strongNeeded {
        phrases.append((document, Int32(phrase)))
      }
      let matchedWell = scratch.strongPairs[index] > 0
      scratch.strongPairs[index] = 0
      let score =
        scratch.variantScore[index]
        * coverageFactors[scratch.matchedUnits[index].nonzeroBitCount] * variant.weight
      let bound = unread.map { scratch.variantScore[index] * variant.weight + $0 }
      scratch.variantScore[index] = 0
      scratch.matchedUnits[index] = 0
      if let term, score > 0 {
        let matchedTermWell = matchedWell || scratch.termMatchedWell[index]
        scratch.termMatchedWell[index] = false
        add(
          term, score: score, matchedWell: matchedTermWell,
          extraBound: bound.map { max(0, $0 - unreadTerm!) }, to: document, scratch)
        continue
      }
      if scratch.termScore[index] == 0, scratch.termBound[index] == 0, score > 0 {
        touched.inTerm.append(document)
      }
      scratch.termScore[index] = max(scratch.termScore[index], score)
      if matchedWell, score > 0 { scratch.termMatchedWell[index] = true }
      if let bound { scratch.termBound[index] = max(scratch.termBound[index], bound) }
    }
    touched.inVariant.removeAll()
  }

  /// `coverageFactor(matched:of:)` for 0 to 64 matched units of the variant.
  private static func coverageFactors(_ variant: ScoringPlan.Variant) -> [Float] {
    (0...64).map { coverageFactor(matched: $0, of: variant.matchableUnits) }
  }

  /// What a variant's score keeps when `matched` of its `matchable` units matched: all of
  /// it at full coverage, `coverageFloor` at none. A unit no item holds well may still
  /// match a homophone: at most full coverage.
  static func coverageFactor(matched: Int, of matchable: Int) -> Float {
    let coverage = min(1, Float(matched) / Float(matchable))
    return coverageFloor + (1 - coverageFloor) * coverage
  }

  /// Adds each document's term score to its total and counts a typed term's length; with a
  /// cut, keeps what the read lists may add beyond the bound every document shares.
  private mutating func addTerm(
    _ term: ScoringPlan.Term, _ reading: Reading, _ scratch: RankingScratch,
    _ touched: inout TouchedDocuments
  ) {
    let unreadTerm = reading.cut.map { plan.unreadBound(term, cut: $0) }
    for offset in 0..<touched.inTerm.count {
      let document = touched.inTerm[offset]
      let index = Int(document)
      add(
        term, score: scratch.termScore[index], matchedWell: scratch.termMatchedWell[index],
        extraBound: unreadTerm.map { max(0, scratch.termBound[index] - $0) }, to: document,
        scratch)
      scratch.termMatchedWell[index] = false
      scratch.termScore[index] = 0
      scratch.termBound[index] = 0
    }
    touched.inTerm.removeAll()
  }

  /// Adds a term's score to the document's total, counts a typed term the document matched
  /// well, and keeps what the read lists may add (`extraBound`, with a cut).
  @inline(__always)
  private mutating func add(
    _ term: ScoringPlan.Term, score: Float, matchedWell: Bool, extraBound: Float?,
    to document: DocumentID, _ scratch: RankingScratch
  ) {
    let index = Int(document)
    if scratch.total[index] == 0 { scoredDocuments.append(document) }
    scratch.total[index] += score
    // A term found through homophones only (急弯 as 机/湾 somewhere) is no term the item
    // holds: it does not count for the all-terms bonus. Each typed term counts once, by
    // itself or through one of its expansions.
    if matchedWell, scratch.typedTermsMatched[index] & term.countsFor == 0 {
      scratch.typedTermsMatched[index] |= term.countsFor
      scratch.typedLengthMatched[index] += term.countsForLength
    }
    if let extraBound { scratch.boundExtra[index] += extraBound }
  }

  /// Each (document, score) of the source's postings that `reading` reads.
  @inline(__always)
  private static func forEachPosting(
    of source: ScoringPlan.Source, _ reading: Reading, _ scratch: RankingScratch,
    _ body: (DocumentID, Float) -> Void
  ) {
    let postings = source.postings
    guard case .candidates(let candidates) = reading else {
      postings.forEachDocument(body)
      return
    }
    if postings.count > seekRatio * candidates.count {
      for candidate in candidates {
        if let score = postings.score(ofDocument: candidate) { body(candidate, score) }
      }
    } else {
      postings.forEachDocument { document, score in
        if scratch.isCandidate(document) { body(document, score) }
      }
    }
  }

  /// Each phrase `document` may hold.
  @inline(__always)
  func forEachPhraseCandidate(of document: DocumentID, _ body: (Int) -> Void) {
    var at = phrases.lowerBound { $0.document < document }
    while at < phrases.count, phrases[at].document == document {
      body(Int(phrases[at].phrase))
      at += 1
    }
  }

  /// Leaves the scratch as it was found: zero for every document.
  func reset(scratch: RankingScratch) {
    for document in scoredDocuments {
      let index = Int(document)
      scratch.total[index] = 0
      scratch.typedLengthMatched[index] = 0
      scratch.typedTermsMatched[index] = 0
      scratch.boundExtra[index] = 0
    }
  }
}
