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

  init(count: Int) {
    // calloc: a province's arrays (3 MB for 62,000 documents) come from fresh mappings,
    // zero without being written, so a process holds only the pages its queries touched
    // (zeroing them here made every browser own all of them). All-zero bits are 0, false.
    func zeroed<Element>(_ zero: Element, count: Int = count)
      -> UnsafeMutableBufferPointer<Element>
    {
      let bytes = calloc(max(count, 1), MemoryLayout<Element>.stride)!
      return UnsafeMutableBufferPointer(
        start: bytes.bindMemory(to: Element.self, capacity: count), count: count)
    }
    best = zeroed(0)
    strongHere = zeroed(false)
    variantScore = zeroed(0)
    matchedUnits = zeroed(0)
    strongPairs = zeroed(0)
    termScore = zeroed(0)
    total = zeroed(0)
    typedLengthMatched = zeroed(0)
    termMatchedWell = zeroed(false)
    typedTermsMatched = zeroed(0)
    termBound = zeroed(0)
    boundExtra = zeroed(0)
    candidateBits = zeroed(0, count: (count + 63) / 64)
    touched = TouchedDocuments(capacity: count)
  }

  deinit {
    // Made by calloc (above), so given back by free.
    func release<Element>(_ buffer: UnsafeMutableBufferPointer<Element>) {
      free(buffer.baseAddress)
    }
    release(best)
    release(strongHere)
    release(variantScore)
    release(matchedUnits)
    release(strongPairs)
    release(termScore)
    release(total)
    release(typedLengthMatched)
    release(termMatchedWell)
    release(typedTermsMatched)
    release(termBound)
    release(boundExtra)
    release(candidateBits)
    touched.deallocate()
  }

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
}
