import Foundation

/// A document: the items whose texts are equal in every field share one (see
/// `SearchIndex`), numbered from 0 in order of first appearance.
typealias DocumentID = UInt32
/// An `ItemPosition` as the index stores it: 32 bits (a province has about 250,000 items).
typealias StoredItemPosition = UInt32
/// A searchable character of the catalogues, numbered densely (`SymbolTable`).
typealias SymbolID = UInt32

/// Dense ids for the characters that occur in the catalogues, so that the hot loops index
/// arrays instead of hashing: every searchable character gets a symbol `0..<count`.
struct SymbolTable: Sendable {
  /// For characters that are not searchable or do not occur in the catalogues.
  static let none = SymbolID.max

  let text: SearchText
  let symbolOfCode: [UInt32: SymbolID]
  /// Symbol → normalised code.
  let codes: [UInt32]

  init(text: SearchText, codes: [UInt32]) {
    self.text = text
    self.codes = codes
    symbolOfCode = Dictionary(
      uniqueKeysWithValues: codes.enumerated().map { ($0.element, SymbolID($0.offset)) })
  }

  var count: Int { codes.count }

  /// One symbol per Character of `string` (offsets are character offsets).
  func symbols(_ string: String) -> [SymbolID] {
    text.codes(string).map { symbolOfCode[$0] ?? Self.none }
  }

  func symbol(ofCode code: UInt32) -> SymbolID? { symbolOfCode[code] }
}

/// Character n-gram postings over every field of every item, scored BM25F-style
/// (`Scoring/Bm25.swift`; built in `SearchIndexBuilder.swift`).
///
/// Chinese has no spaces between words, so matching does not rely on word boundaries: every
/// searchable character (unigram) and every pair of adjacent ones (bigram) is a term.
///
/// Storage is a handful of flat arrays (no array per list or per item), so a province of
/// catalogues costs a few bytes per posting and can be written to and read from a cache
/// as it is: lists `0..<symbols.count` are the characters', the rest the pairs' in key
/// order.
///
/// Postings are per *document*: the distinct texts. Townships of one county publish most
/// items word for word alike; such items score alike, so they share one document and its
/// postings; the ranking scores documents and turns the best into items at the end.
/// Frequencies (idf) still count items.
struct SearchIndex: Sendable {
  @inline(__always)
  static func pair(_ first: SymbolID, _ second: SymbolID) -> UInt64 {
    UInt64(first) << 32 | UInt64(second)
  }

  struct DocumentPosting: Sendable {
    var document: DocumentID
    /// idf × saturated field-weighted term frequency; the gram's whole contribution.
    var score: Float
  }

  let symbols: SymbolTable
  let itemCount: Int
  /// Field texts as symbols, equal texts stored once: `documentFields[document *
  /// fieldCount + field]` is a run of `runs`.
  let runs: FlatLists<SymbolID>
  let documentFields: Column<UInt32>
  /// Item → its document, and document → its items (ascending).
  let documentOfItem: Column<DocumentID>
  let documentItems: FlatLists<StoredItemPosition>
  /// Posting lists: characters first (list = symbol), then pairs in `pairKeys` order.
  let postings: FlatLists<DocumentPosting>
  /// Per list: how many items it reaches (its document frequency).
  let listItemCount: Column<UInt32>
  /// Per list: its best posting's score (a bound for pruning).
  let listMaxScore: Column<Float>
  /// The pairs that occur, sorted: `first << 32 | second`.
  let pairKeys: Column<UInt64>
  /// Symbol → the range of `pairKeys` whose first character it is.
  let pairsStart: Column<UInt32>
  /// Syllable id → symbols of the characters with that reading.
  let symbolsBySyllable: [UInt16: [SymbolID]]

  static let fieldCount = SearchField.allCases.count
}

/// Many variable-length lists in one array: list `i` is `elements[start[i]..<start[i + 1]]`.
/// Built in this process or viewed in a mapped snapshot (`Column`).
struct FlatLists<Element: BitwiseCopyable>: Sendable {
  let start: Column<Int>
  let elements: Column<Element>

  init(start: [Int], elements: [Element]) {
    self.init(start: Column(start), elements: Column(elements))
  }

  /// `start` must begin at 0, never decrease and end at `elements.count` (checked by the
  /// reader of a snapshot).
  init(start: Column<Int>, elements: Column<Element>) {
    self.start = start
    self.elements = elements
  }

  var count: Int { start.count - 1 }

  @inline(__always)
  subscript(list: Int) -> Slice<Column<Element>> {
    elements[start[list]..<start[list + 1]]
  }
}

/// A field's text as symbols, read in place.
typealias SymbolRun = Slice<Column<SymbolID>>

/// Read access to the index; the ranking and the highlighter see only this.
extension SearchIndex {
  /// Postings of one character (documents ascending).
  func unigrams(_ symbol: SymbolID) -> PostingList {
    postingList(Int(symbol))
  }

  /// Postings of a pair of adjacent characters; nil if the pair never occurs.
  func bigrams(_ first: SymbolID, _ second: SymbolID) -> PostingList? {
    guard let position = pairPosition(first, second) else { return nil }
    return postingList(symbols.count + position)
  }

  private func postingList(_ list: Int) -> PostingList {
    PostingList(
      postings: postings[list], count: Int(listItemCount[list]), maxScore: listMaxScore[list],
      documentCount: DocumentID(documentCount))
  }

  /// Symbols that follow `symbol` somewhere.
  func successors(of symbol: SymbolID) -> LazyMapSequence<Slice<Column<UInt64>>, SymbolID> {
    pairKeys[pairPositions(of: symbol)].lazy.map { SymbolID(truncatingIfNeeded: $0) }
  }

  /// The second character of the pair at `position` (of `pairPositions`).
  @inline(__always)
  func pairSecond(at position: Int) -> SymbolID {
    SymbolID(truncatingIfNeeded: pairKeys[position])
  }

  /// The postings of the pair at `position` (of `pairPositions`).
  func pairPostings(at position: Int) -> PostingList {
    postingList(symbols.count + position)
  }

  var documentCount: Int { documentItems.count }

  /// One symbol per character of the document's field (`SearchField.allCases` order).
  /// A stored index is not checked whole when opened (a province's runs are 100 MB): each
  /// run is checked when read, a few a query, and a damaged one reads as empty.
  func fieldSymbols(document: DocumentID, field: Int) -> SymbolRun {
    let run = runs[Int(documentFields[Int(document) * Self.fieldCount + field])]
    let symbolCount = SymbolID(symbols.count)
    guard run.allSatisfy({ $0 < symbolCount || $0 == SymbolTable.none }) else {
      return run[run.startIndex..<run.startIndex]
    }
    return run
  }

  /// One symbol per character of the item's field (`SearchField.allCases` order).
  func fieldSymbols(item: ItemPosition, field: Int) -> SymbolRun {
    fieldSymbols(document: documentOfItem[item], field: field)
  }

  /// Symbols of the characters that have the syllable as a reading.
  func symbols(ofSyllable syllable: UInt16) -> [SymbolID] {
    symbolsBySyllable[syllable] ?? []
  }

  /// The pairs `first` begins, as positions in pair order: read with `pairSecond(at:)`
  /// and `pairPostings(at:)`, they need no search for each pair's list.
  func pairPositions(of first: SymbolID) -> Range<Int> {
    guard Int(first) < symbols.count else { return 0..<0 }
    return Int(pairsStart[Int(first)])..<Int(pairsStart[Int(first) + 1])
  }

  private func pairPosition(_ first: SymbolID, _ second: SymbolID) -> Int? {
    pairKeys[pairPositions(of: first)].sortedIndex(of: Self.pair(first, second))
  }
}

/// The postings of one gram: one per document it occurs in, each standing for the
/// document's items.
struct PostingList {
  fileprivate let postings: Slice<Column<SearchIndex.DocumentPosting>>
  /// How many items the documents stand for (the gram's document frequency).
  let count: Int
  /// The best score of any posting.
  let maxScore: Float
  /// Postings name documents below this; a stored index is not checked whole when opened,
  /// so a damaged posting is skipped as it is read.
  let documentCount: DocumentID

  var isEmpty: Bool { count == 0 }

  /// The document's posting score, if the list has it: a binary search (documents are in
  /// ascending order), for reading a long list only at a few documents.
  func score(ofDocument document: DocumentID) -> Float? {
    let at = postings.lowerBound { $0.document < document }
    guard at < postings.endIndex, postings[at].document == document else { return nil }
    return postings[at].score
  }

  /// Every (document, score): what the ranking reads, since a document's items score alike.
  @inline(__always)
  func forEachDocument(_ body: (_ document: DocumentID, _ score: Float) -> Void) {
    postings.withUnsafeBufferPointer { list in
      for posting in list where posting.document < documentCount {
        body(posting.document, posting.score)
      }
    }
  }
}
