import Foundation

/// Per-document working arrays for scoring, indexed by `DocumentID`. Allocating and zeroing
/// them for every query cost more than scoring a short one on a large corpus, so they are
/// kept between queries (see `RankingScratchPool`) and every pass zeroes only the entries
/// it touched. Raw buffers: the posting loops index them millions of times per query.
final class RankingScratch {
  /// At the unit position being read: the document's best posting, and whether a strong
  /// pair gave one.
  let best: UnsafeMutableBufferPointer<Float>
  let strongHere: UnsafeMutableBufferPointer<Bool>
  /// In the variant being read: the sum of its positions' best postings.
  let variantScore: UnsafeMutableBufferPointer<Float>
  /// Which units of the variant each document matched, one bit per unit (queries are cut
  /// to 64 characters, so a variant has at most 64 units).
  let matchedUnits: UnsafeMutableBufferPointer<UInt64>
  /// Pair positions of the variant where a strong pair matched.
  let strongPairs: UnsafeMutableBufferPointer<UInt8>
  /// In the term being read: its best variant's score.
  let termScore: UnsafeMutableBufferPointer<Float>
  /// Over the whole query: the base score (terms summed) and how much of the typed query
  /// (`ScoringPlan.Term.countsForLength`, summed) the document matched.
  let total: UnsafeMutableBufferPointer<Float>
  let typedLengthMatched: UnsafeMutableBufferPointer<UInt8>
  /// In the term being read: some variant matched well (a strong pair, or the one
  /// character of a one-unit variant typed or read as pinyin), not through homophones only.
  let termMatchedWell: UnsafeMutableBufferPointer<Bool>
  /// Over the whole query: the typed terms counted in `typedLengthMatched`, one bit each.
  let typedTermsMatched: UnsafeMutableBufferPointer<UInt64>
  /// Upper bounds: a term's best variant so far, and what the read lists add to a
  /// document beyond the bound every document shares.
  let termBound: UnsafeMutableBufferPointer<Float>
  let boundExtra: UnsafeMutableBufferPointer<Float>
  /// The documents a candidates-only pass reads, one bit per document (small enough to
  /// stay in cache while long lists are read through).
  let candidateBits: UnsafeMutableBufferPointer<UInt64>
  /// Kept for their capacity between passes.
  var touched: TouchedDocuments

  /// The one anonymous mapping all the arrays above lie in.
  private let pages: ZeroPages

  init(count: Int) {
    // One private anonymous mapping: a province's arrays (3 MB for 62,000 documents) are
    // zero without being written, so a process holds only the pages its queries touched
    // (zeroing them here made every browser own all of them), and an idle one can give
    // those back (`releasePages`). All-zero bits are 0, false.
    var layout = ZeroPages.Layout()
    let offsets = (
      best: layout.add(Float.self, count), strongHere: layout.add(Bool.self, count),
      variantScore: layout.add(Float.self, count), matchedUnits: layout.add(UInt64.self, count),
      strongPairs: layout.add(UInt8.self, count), termScore: layout.add(Float.self, count),
      total: layout.add(Float.self, count), typedLengthMatched: layout.add(UInt8.self, count),
      termMatchedWell: layout.add(Bool.self, count),
      typedTermsMatched: layout.add(UInt64.self, count),
      termBound: layout.add(Float.self, count), boundExtra: layout.add(Float.self, count),
      candidateBits: layout.add(UInt64.self, (count + 63) / 64)
    )
    pages = ZeroPages(layout)
    best = pages.buffer(offsets.best)
    strongHere = pages.buffer(offsets.strongHere)
    variantScore = pages.buffer(offsets.variantScore)
    matchedUnits = pages.buffer(offsets.matchedUnits)
    strongPairs = pages.buffer(offsets.strongPairs)
    termScore = pages.buffer(offsets.termScore)
    total = pages.buffer(offsets.total)
    typedLengthMatched = pages.buffer(offsets.typedLengthMatched)
    termMatchedWell = pages.buffer(offsets.termMatchedWell)
    typedTermsMatched = pages.buffer(offsets.typedTermsMatched)
    termBound = pages.buffer(offsets.termBound)
    boundExtra = pages.buffer(offsets.boundExtra)
    candidateBits = pages.buffer(offsets.candidateBits)
    touched = TouchedDocuments(capacity: count)
  }

  deinit { touched.deallocate() }

  /// Between searches every array is zero again (each pass zeroes the entries it touched),
  /// so the pages can go back to the kernel, which maps zero pages in again when a later
  /// search touches them: an idle browser holds none of its last queries' scratch.
  /// Only for a scratch no search is using.
  func releasePages() {
    pages.release()
    touched.releasePages()
  }

  /// Whether every array is zero, as between searches (what `releasePages` relies on).
  var isAllZero: Bool { pages.isAllZero }
  var residentPages: Int? { pages.residentPages }

  /// Keeps the better of the document's best posting at this position and `score`; a
  /// document reached for the first time at this position joins `touched`.
  @inline(__always)
  func keepBest(
    _ document: DocumentID, _ score: Float, isStrong: Bool, touched: inout DocumentList
  ) {
    let index = Int(document)
    if best[index] == 0 { touched.append(document) }
    if score > best[index] { best[index] = score }
    if isStrong { strongHere[index] = true }
  }

  @inline(__always)
  func isCandidate(_ document: DocumentID) -> Bool {
    candidateBits[Int(document) / 64] & (1 << UInt64(document % 64)) != 0
  }

  func flagCandidates(_ documents: [DocumentID], _ flag: Bool) {
    for document in documents {
      let word = Int(document) / 64
      let bit: UInt64 = 1 << UInt64(document % 64)
      candidateBits[word] = flag ? candidateBits[word] | bit : candidateBits[word] & ~bit
    }
  }
}

/// The documents a pass reached at the current unit position, in the current variant and
/// in the current term: the entries of the scratch to fold up and zero after each.
struct TouchedDocuments {
  var atPosition: DocumentList
  var inVariant: DocumentList
  var inTerm: DocumentList

  /// Room for `capacity` documents in each list; none for a placeholder.
  init(capacity: Int = 0) {
    atPosition = DocumentList(capacity: capacity)
    inVariant = DocumentList(capacity: capacity)
    inTerm = DocumentList(capacity: capacity)
  }

  func deallocate() {
    atPosition.deallocate()
    inVariant.deallocate()
    inTerm.deallocate()
  }

  /// Between passes the lists' contents are spent: their pages can go back.
  func releasePages() {
    for list in [atPosition, inVariant, inTerm] {
      MemoryRelease.releaseWholePages(in: UnsafeRawBufferPointer(list.buffer))
    }
  }
}

/// Documents in the order reached: the posting loops append to these millions of times a
/// query, so appending is a store into a raw buffer, with room for every document (a list
/// holds each document once between clearings), grown should it ever fill.
struct DocumentList {
  private(set) var buffer: UnsafeMutableBufferPointer<DocumentID>
  private(set) var count = 0

  init(capacity: Int) {
    buffer =
      capacity > 0
      ? .allocate(capacity: capacity) : UnsafeMutableBufferPointer(start: nil, count: 0)
  }

  @inline(__always)
  mutating func append(_ document: DocumentID) {
    if count == buffer.count { grow() }
    buffer[count] = document
    count += 1
  }

  private mutating func grow() {
    let larger = UnsafeMutableBufferPointer<DocumentID>.allocate(
      capacity: max(64, buffer.count * 2))
    if count > 0 { _ = larger.initialize(from: buffer[..<count]) }
    buffer.deallocate()
    buffer = larger
  }

  @inline(__always)
  subscript(offset: Int) -> DocumentID { buffer[offset] }

  mutating func removeAll() { count = 0 }

  func deallocate() { buffer.deallocate() }
}

/// Scratches for the searches in flight: each search takes one and gives it back, so
/// searches on several threads never share one.
final class RankingScratchPool: @unchecked Sendable {
  private let lock = NSLock()
  private var spare: [RankingScratch] = []
  private let documentCount: Int

  init(documentCount: Int) { self.documentCount = documentCount }

  func withScratch<Result>(_ body: (RankingScratch) -> Result) -> Result {
    let scratch =
      lock.withLock { spare.popLast() } ?? RankingScratch(count: documentCount)
    let result = body(scratch)
    lock.withLock { spare.append(scratch) }
    return result
  }

  /// Gives back the pages of every scratch not in use (see `RankingScratch.releasePages`).
  func releaseSparePages() {
    lock.withLock { spare.forEach { $0.releasePages() } }
  }
}
