/// The items a search may return: every item, or those of a scope (one bit per item, and
/// how many of each document's items are in it: the ranking scores documents).
struct ItemSet {
  private let words: [UInt64]?
  private let documentItemCounts: [UInt32]?
  private let documentItems: FlatLists<StoredItemPosition>

  static func everything(_ index: SearchIndex) -> ItemSet {
    ItemSet(words: nil, documentItemCounts: nil, documentItems: index.documentItems)
  }

  private init(
    words: [UInt64]?, documentItemCounts: [UInt32]?,
    documentItems: FlatLists<StoredItemPosition>
  ) {
    self.words = words
    self.documentItemCounts = documentItemCounts
    self.documentItems = documentItems
  }

  init(positions: [ItemPosition], index: SearchIndex) {
    var words = [UInt64](repeating: 0, count: (index.itemCount + 63) / 64)
    var counts = [UInt32](repeating: 0, count: index.documentCount)
    for position in positions {
      words[position / 64] |= 1 << UInt64(position % 64)
      counts[Int(index.documentOfItem[position])] += 1
    }
    self.init(words: words, documentItemCounts: counts, documentItems: index.documentItems)
  }

  @inline(__always)
  func contains(_ item: ItemPosition) -> Bool {
    guard let words else { return true }
    return words[item / 64] & (1 << UInt64(item % 64)) != 0
  }

  func itemCount(ofDocument document: DocumentID) -> Int {
    documentItemCounts.map { Int($0[Int(document)]) } ?? documentItems[Int(document)].count
  }

  /// The document's first `limit` items in the set, ascending.
  func items(ofDocument document: DocumentID, upTo limit: Int) -> [ItemPosition] {
    var found: [ItemPosition] = []
    for item in documentItems[Int(document)] where contains(ItemPosition(item)) {
      found.append(ItemPosition(item))
      if found.count == limit { break }
    }
    return found
  }
}
