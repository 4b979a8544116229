/// The search index as a snapshot section, so a valid cache skips building it. The arrays
/// are written and read as they are; reading checks every offset and id against the sizes
/// it read, so a damaged section is refused instead of trapping later in a query.
extension SearchIndex {
  static let snapshotSection = "search-index"
  /// Bumped whenever the layout or the scoring constants baked into postings change.
  static let snapshotVersion: UInt64 = 3

  func encoded() -> [UInt8] {
    var writer = BinaryWriter()
    writer.writeFixed(Self.snapshotVersion)
    writer.writeInt(itemCount)
    writer.writeArray(symbols.codes)
    writer.write(runs)
    writer.writeAlignedArray(Array(documentFields))
    writer.writeAlignedArray(Array(documentOfItem))
    writer.write(documentItems)
    writer.write(postings)
    writer.writeAlignedArray(Array(listItemCount))
    writer.writeAlignedArray(Array(listMaxScore))
    writer.writeAlignedArray(Array(pairKeys))
    writer.writeAlignedArray(Array(pairsStart))
    return writer.finish()
  }

  init(
    decoding section: SnapshotSection, itemCount expectedItems: Int, text: SearchText,
    pinyin: PinyinTable
  ) throws(SnapshotError) {
    var reader = try section.reader()
    guard try reader.readFixed(UInt64.self) == Self.snapshotVersion else {
      throw .corrupt("search index of another version")
    }
    itemCount = try reader.readInt()
    guard itemCount == expectedItems else {
      throw .corrupt("search index for \(itemCount) items, catalogues have \(expectedItems)")
    }
    let codes = try reader.readArray(UInt32.self)
    runs = try reader.readFlatLists(SymbolID.self)
    documentFields = try reader.readColumn(UInt32.self)
    documentOfItem = try reader.readColumn(DocumentID.self)
    documentItems = try reader.readFlatLists(StoredItemPosition.self)
    postings = try reader.readFlatLists(DocumentPosting.self)
    listItemCount = try reader.readColumn(UInt32.self)
    listMaxScore = try reader.readColumn(Float.self)
    pairKeys = try reader.readColumn(UInt64.self)
    pairsStart = try reader.readColumn(UInt32.self)
    try reader.expectEnd("search index")
    // Checked before the symbol table is built: its dictionary traps on a repeated key.
    guard Set(codes).count == codes.count else {
      throw .corrupt("search index: repeated character")
    }
    symbols = SymbolTable(text: text, codes: codes)
    symbolsBySyllable = Self.symbolsBySyllable(codes: codes, pinyin: pinyin)
    try validate()
  }

  /// Every id points inside what it indexes, so no query can read out of bounds. The two
  /// largest arrays, the postings' documents and the runs' symbols, are checked as they are
  /// read instead (`PostingList.forEachDocument`, `fieldSymbols`): a start reads neither.
  private func validate() throws(SnapshotError) {
    func check(_ condition: Bool, _ what: String) throws(SnapshotError) {
      if !condition { throw .corrupt("search index: \(what)") }
    }
    let symbolCount = SymbolID(symbols.count)
    let documentCount = DocumentID(documentItems.count)
    try check(documentFields.count == Int(documentCount) * Self.fieldCount, "document fields")
    try check(documentFields.allBelowLettingGo(runs.count), "field text")
    try check(documentOfItem.count == itemCount, "item documents")
    try check(documentOfItem.allBelowLettingGo(Int(documentCount)), "item document")
    try check(documentItems.elements.allBelowLettingGo(itemCount), "document item")
    try check(postings.count == symbols.count + pairKeys.count, "list count")
    try check(listItemCount.count == postings.count, "list lengths")
    try check(listMaxScore.count == postings.count, "list bounds")
    try check(pairKeys.rises(strictly: true), "pair order")
    try check(
      pairKeys.allSatisfyLettingGo {
        SymbolID($0 >> 32) < symbolCount && SymbolID(truncatingIfNeeded: $0) < symbolCount
      }, "pair")
    try check(pairsStart.count == symbols.count + 1, "pair ranges")
    try check(
      pairsStart.first == 0 && pairsStart.last.map(Int.init) == pairKeys.count
        && pairsStart.rises(strictly: false), "pair range")
  }

  static func symbolsBySyllable(codes: [UInt32], pinyin: PinyinTable) -> [UInt16: [SymbolID]] {
    var bySyllable: [UInt16: [SymbolID]] = [:]
    for (symbol, code) in codes.enumerated() {
      guard let scalar = Unicode.Scalar(code) else { continue }
      for syllable in pinyin.syllableIDs(of: scalar) {
        bySyllable[syllable, default: []].append(SymbolID(symbol))
      }
    }
    return bySyllable
  }
}

extension SearchIndex.DocumentPosting: RawArrayElement {
  var byteSwapped: Self { Self(document: document.byteSwapped, score: score.byteSwapped) }
}

extension BinaryWriter {
  fileprivate mutating func write<Element: RawArrayElement>(_ lists: FlatLists<Element>) {
    writeAlignedArray(lists.start.map { UInt64($0) })
    writeAlignedArray(Array(lists.elements))
  }
}

extension BinaryReader {
  fileprivate mutating func readFlatLists<Element: RawArrayElement>(
    _: Element.Type
  ) throws(SnapshotError) -> FlatLists<Element> {
    // Offsets are stored as UInt64 and viewed as Int: the same bytes on a 64-bit host once
    // checked to lie in 0...elements.count.
    let start = try readColumn(Int.self)
    let elements = try readColumn(Element.self)
    guard start.first == 0, start.last == elements.count, start.rises(strictly: false) else {
      throw .corrupt("search index: list offsets")
    }
    return FlatLists(start: start, elements: elements)
  }
}
