import Foundation

/// Builds a `SearchIndex` on every core: items are cut into ranges, each range is read
/// into grams on its own, and the postings are filled in place.
extension SearchIndex {
  init(items: [Item], text: SearchText, pinyin: PinyinTable) {
    self.init(parts: [items], text: text, pinyin: pinyin)
  }

  /// The items of `parts`, one after another (each catalogue's own array: read where they
  /// lie rather than copied into one).
  init(parts: [[Item]], text: SearchText, pinyin: PinyinTable) {
    let itemCount = parts.reduce(0) { $0 + $1.count }
    let ranges = contiguousRanges(
      itemCount, pieces: ProcessInfo.processInfo.activeProcessorCount * 4)
    let texts = FieldTexts(parts: parts, ranges: ranges, text: text)
    symbols = SymbolTable(text: text, codes: texts.symbolCodes)
    self.itemCount = itemCount
    runs = texts.runs
    let documents = Documents(fieldText: texts.fieldText)
    documentFields = Column(documents.fields)
    documentOfItem = Column(documents.ofItem)
    documentItems = documents.items

    let averages = texts.averageLengths(itemCount: itemCount)
    let documentRanges = contiguousRanges(
      documents.items.count, pieces: ProcessInfo.processInfo.activeProcessorCount * 4)
    let counted = concurrentMap(documentRanges.count) { piece in
      DocumentGrams(
        documents: documentRanges[piece], runs: texts.runs, fields: documents.fields,
        averageLengths: averages)
    }
    var allPairKeys = PairKeySet()
    for piece in counted { piece.pairKeys.forEach { allPairKeys.insert($0) } }
    var pairKeys: [UInt64] = []
    pairKeys.reserveCapacity(allPairKeys.count)
    allPairKeys.forEach { pairKeys.append($0) }
    pairKeys.sort()
    self.pairKeys = Column(pairKeys)
    let pairsStart = Self.pairsStart(pairKeys, symbolCount: symbols.count)
    self.pairsStart = Column(pairsStart)
    let lists = Self.postings(
      counted, listCount: symbols.count + pairKeys.count, symbolCount: symbols.count,
      pairKeys: pairKeys, pairsStart: pairsStart, documentItems: documents.items,
      itemCount: itemCount)
    (postings, listItemCount, listMaxScore) = (lists.0, Column(lists.1), Column(lists.2))

    symbolsBySyllable = Self.symbolsBySyllable(codes: symbols.codes, pinyin: pinyin)
  }

  private static func pairsStart(_ pairKeys: [UInt64], symbolCount: Int) -> [UInt32] {
    var start = [UInt32](repeating: 0, count: symbolCount + 1)
    for key in pairKeys { start[Int(key >> 32) + 1] += 1 }
    for symbol in 0..<symbolCount { start[symbol + 1] += start[symbol] }
    return start
  }

  /// Counts every list's length per range, then each range writes its postings at its own
  /// offsets (ranges are in document order, so every list comes out in document order),
  /// then turns frequencies into BM25 scores with the list's idf.
  private static func postings(
    _ counted: [DocumentGrams], listCount: Int, symbolCount: Int, pairKeys: [UInt64],
    pairsStart: [UInt32], documentItems: FlatLists<StoredItemPosition>, itemCount: Int
  ) -> (FlatLists<DocumentPosting>, [UInt32], [Float]) {
    let lists = listIDs(
      counted, symbolCount: symbolCount, pairKeys: pairKeys, pairsStart: pairsStart)
    let lengths: [[Int32]] = concurrentMap(lists.count) { piece in
      var length = [Int32](repeating: 0, count: listCount)
      for list in lists[piece] { length[Int(list)] += 1 }
      return length
    }
    let listItemCount = itemCounts(
      counted, lists: lists, listCount: listCount, documentItems: documentItems)
    var listLength = [Int](repeating: 0, count: listCount)
    for length in lengths {
      for list in 0..<listCount { listLength[list] += Int(length[list]) }
    }
    var listStart = [Int](repeating: 0, count: listCount + 1)
    for list in 0..<listCount { listStart[list + 1] = listStart[list] + listLength[list] }
    var elements = frequencies(counted, lists: lists, lengths: lengths, listStart: listStart)
    let maxScores = scoreFrequencies(
      &elements, listStart: listStart, listItemCount: listItemCount, itemCount: itemCount)
    return (FlatLists(start: listStart, elements: elements), listItemCount, maxScores)
  }

  /// Per range, the list each gram of each document goes to (a character's list is its
  /// symbol; a pair's follows the characters', in key order). A pair is found among the
  /// few keys of its first character (`pairsStart`), on every core: a dictionary of all
  /// pairs would be built on one.
  private static func listIDs(
    _ counted: [DocumentGrams], symbolCount: Int, pairKeys: [UInt64], pairsStart: [UInt32]
  ) -> [[UInt32]] {
    concurrentMap(counted.count) { piece in
      counted[piece].keys.map { key in
        guard key & DocumentGrams.pairFlag != 0 else { return UInt32(key) }
        let pair = key & ~DocumentGrams.pairFlag
        let first = Int(pair >> 32)
        let range = Int(pairsStart[first])..<Int(pairsStart[first + 1])
        // Every pair of a document is among the keys (they were collected from them).
        return UInt32(symbolCount + pairKeys[range].sortedIndex(of: pair)!)
      }
    }
  }

  /// Items per list, for idf: a document stands for all its items.
  private static func itemCounts(
    _ counted: [DocumentGrams], lists: [[UInt32]], listCount: Int,
    documentItems: FlatLists<StoredItemPosition>
  ) -> [UInt32] {
    let itemCounts: [[UInt32]] = concurrentMap(lists.count) { piece in
      var count = [UInt32](repeating: 0, count: listCount)
      let grams = counted[piece]
      for (offset, document) in grams.documents.enumerated() {
        let items = UInt32(documentItems[document].count)
        for entry in grams.documentStart[offset]..<grams.documentStart[offset + 1] {
          count[Int(lists[piece][entry])] += items
        }
      }
      return count
    }
    return (0..<listCount).map { list in
      itemCounts.reduce(0) { $0 + $1[list] }
    }
  }

  /// Every posting with its document's field-weighted frequency, lists in order, each
  /// range writing its own part of every list in parallel.
  private static func frequencies(
    _ counted: [DocumentGrams], lists: [[UInt32]], lengths: [[Int32]], listStart: [Int]
  ) -> [DocumentPosting] {
    let listCount = listStart.count - 1
    let total = listStart[listCount]
    // Initialising an empty array would write to the shared empty storage.
    guard total > 0 else { return [] }
    return [DocumentPosting](unsafeUninitializedCapacity: total) { buffer, initialized in
      let target = DisjointWrites(buffer: buffer)
      // Where each range starts writing in each list.
      var cursors: [[Int]] = []
      var next = Array(listStart.dropLast())
      for length in lengths {
        cursors.append(next)
        for list in 0..<listCount { next[list] += Int(length[list]) }
      }
      let startCursors = cursors
      DispatchQueue.concurrentPerform(iterations: counted.count) { piece in
        var cursor = startCursors[piece]
        let grams = counted[piece]
        let pieceLists = lists[piece]
        for (offset, document) in grams.documents.enumerated() {
          for entry in grams.documentStart[offset]..<grams.documentStart[offset + 1] {
            let list = Int(pieceLists[entry])
            target.write(
              DocumentPosting(document: DocumentID(document), score: grams.frequencies[entry]),
              at: cursor[list])
            cursor[list] += 1
          }
        }
      }
      initialized = total
    }
  }

  /// Turns each posting's frequency into its BM25 score with its list's idf, in place;
  /// returns each list's best score.
  private static func scoreFrequencies(
    _ elements: inout [DocumentPosting], listStart: [Int], listItemCount: [UInt32],
    itemCount: Int
  ) -> [Float] {
    let listCount = listStart.count - 1
    let count = Float(max(1, itemCount))
    var maxScores = [Float](repeating: 0, count: listCount)
    maxScores.withUnsafeMutableBufferPointer { maxBuffer in
      elements.withUnsafeMutableBufferPointer { buffer in
        let target = DisjointWrites(buffer: buffer)
        let best = DisjointWrites(buffer: maxBuffer)
        // Fewer pieces than 8 when there are fewer lists (none for no items).
        let pieces = contiguousRanges(listCount, pieces: 8)
        DispatchQueue.concurrentPerform(iterations: pieces.count) { piece in
          for list in pieces[piece] {
            let idf = Bm25.idf(documentFrequency: Float(listItemCount[list]), itemCount: count)
            var maxScore: Float = 0
            for position in listStart[list]..<listStart[list + 1] {
              let tf = target.buffer[position].score
              let score = Bm25.score(termFrequency: tf, idf: idf)
              target.write(
                DocumentPosting(document: target.buffer[position].document, score: score),
                at: position)
              maxScore = max(maxScore, score)
            }
            best.write(maxScore, at: list)
          }
        }
      }
    }
    return maxScores
  }
}

/// Every item's field texts as runs of symbols, equal texts stored once, and the symbol
/// table (characters numbered in order of first appearance).
private struct FieldTexts: Sendable {
  var runs: FlatLists<SymbolID>
  /// Per item and field: the index of its run.
  var fieldText: [UInt32]
  var symbolCodes: [UInt32]

  /// `ranges` are of the items of `parts` counted one after another.
  init(parts: [[Item]], ranges: [Range<Int>], text: SearchText) {
    let partStarts = parts.reduce(into: [0]) { $0.append($0[$0.count - 1] + $1.count) }
    // Each range collects its distinct texts (equal bytes: one text, and its codes worked
    // out once); merged in order afterwards.
    let pieces = concurrentMap(ranges.count) { piece in
      RangeTexts(
        slices: Self.slices(of: parts, starts: partStarts, covering: ranges[piece]), text: text)
    }
    var seen: [ExactString: UInt32] = [:]
    var distinct: [[UInt32]] = []
    var fieldText: [UInt32] = []
    fieldText.reserveCapacity(partStarts[partStarts.count - 1] * SearchIndex.fieldCount)
    for piece in pieces {
      let global = zip(piece.texts, piece.codes).map { key, codes -> UInt32 in
        if let run = seen[key] { return run }
        let run = UInt32(distinct.count)
        seen[key] = run
        distinct.append(codes)
        return run
      }
      fieldText += piece.fieldText.map { global[$0] }
    }
    (runs, symbolCodes) = Self.numberSymbols(distinct)
    self.fieldText = fieldText
    // A few hundred thousand texts and code arrays, freed while the index is built.
    MemoryRelease.inBackground((consume pieces, consume seen, consume distinct))
  }

  /// The parts of `parts` (which start at `starts`) that hold the items of `range`, in order.
  private static func slices(of parts: [[Item]], starts: [Int], covering range: Range<Int>)
    -> [ArraySlice<Item>]
  {
    var slices: [ArraySlice<Item>] = []
    for part in parts.indices where starts[part] < range.upperBound {
      let lower = max(range.lowerBound, starts[part]) - starts[part]
      let upper = min(range.upperBound, starts[part + 1]) - starts[part]
      if lower < upper { slices.append(parts[part][lower..<upper]) }
    }
    return slices
  }

  /// The texts as runs of symbols, characters numbered in order of first appearance, and
  /// the code of each symbol.
  private static func numberSymbols(_ distinct: [[UInt32]]) -> (FlatLists<SymbolID>, [UInt32]) {
    // Codes below `denseCodes` (every Han block but the last extensions) are looked up in
    // a flat array: this loop is one core's, over every character of every distinct text.
    let denseCodes = 0x3_2000
    var denseSymbol = [SymbolID](repeating: SymbolTable.none, count: denseCodes)
    var symbolOfCode: [UInt32: SymbolID] = [:]
    var symbolCodes: [UInt32] = []
    var start = [0]
    start.reserveCapacity(distinct.count + 1)
    var elements: [SymbolID] = []
    elements.reserveCapacity(distinct.reduce(0) { $0 + $1.count })
    for codes in distinct {
      for code in codes {
        guard SearchText.isSearchable(code) else {
          elements.append(SymbolTable.none)
          continue
        }
        let known =
          Int(code) < denseCodes ? denseSymbol[Int(code)] : symbolOfCode[code] ?? SymbolTable.none
        if known != SymbolTable.none {
          elements.append(known)
        } else {
          let symbol = SymbolID(symbolCodes.count)
          if Int(code) < denseCodes {
            denseSymbol[Int(code)] = symbol
          } else {
            symbolOfCode[code] = symbol
          }
          symbolCodes.append(code)
          elements.append(symbol)
        }
      }
      start.append(elements.count)
    }
    return (FlatLists(start: start, elements: elements), symbolCodes)
  }

  /// One range of items' distinct field texts, with their codes, and per item and field
  /// the index of its text among them.
  private struct RangeTexts: Sendable {
    var texts: [ExactString] = []
    var codes: [[UInt32]] = []
    var fieldText: [Int] = []

    init(slices: [ArraySlice<Item>], text: SearchText) {
      var seen = Seen()
      fieldText.reserveCapacity(slices.reduce(0) { $0 + $1.count } * SearchIndex.fieldCount)
      for items in slices { read(items, text: text, seen: &seen) }
    }

    /// The texts met so far, and the duty texts by the address of their blocks: the loader
    /// makes every repeat of a duty text one value (`TextInterner`), whose plain text need
    /// not be made again. The items hold those arrays, so no address is reused meanwhile.
    private struct Seen {
      var texts: [ExactString: Int] = [:]
      var dutyTexts: [UnsafeRawPointer: Int] = [:]
    }

    private mutating func read(_ items: ArraySlice<Item>, text: SearchText, seen: inout Seen) {
      // Read in place: copying a whole Item retains every text it holds.
      for position in items.indices {
        for field in SearchField.allCases {
          let blocks = field.dutyText(of: items[position])?.blocks
          let address = blocks.flatMap { blocks in
            blocks.isEmpty ? nil : blocks.withUnsafeBufferPointer { $0.baseAddress }
          }.map(UnsafeRawPointer.init)
          if let address, let run = seen.dutyTexts[address] {
            fieldText.append(run)
            continue
          }
          let key = ExactString(field.text(of: items[position]))
          let run: Int
          if let known = seen.texts[key] {
            run = known
          } else {
            run = codes.count
            seen.texts[key] = run
            texts.append(key)
            codes.append(text.codes(key.string))
          }
          fieldText.append(run)
          if let address { seen.dutyTexts[address] = run }
        }
      }
    }
  }

  /// Mean length of each field over all items (for BM25 length normalisation,
  /// `Bm25.lengthNorm`).
  func averageLengths(itemCount: Int) -> [Float] {
    var sums = [Float](repeating: 0, count: SearchIndex.fieldCount)
    for (slot, run) in fieldText.enumerated() {
      sums[slot % SearchIndex.fieldCount] += Float(runs[Int(run)].count)
    }
    return sums.map { max(1, $0 / Float(max(1, itemCount))) }
  }
}

/// Items with equal texts in every field, numbered in order of first appearance.
private struct Documents {
  var fields: [UInt32]
  var ofItem: [DocumentID]
  var items: FlatLists<StoredItemPosition>

  init(fieldText: [UInt32]) {
    let fieldCount = SearchIndex.fieldCount
    let itemCount = fieldText.count / fieldCount
    // An open-addressing table of document numbers, probed by a hash of the item's field
    // texts (one core's loop over every item: hashing slices into a Dictionary was most of it).
    var slots = [DocumentID](repeating: .max, count: Self.tableSize(itemCount))
    let mask = slots.count - 1
    var itemCounts: [Int] = []
    var fields: [UInt32] = []
    var ofItem: [DocumentID] = []
    ofItem.reserveCapacity(itemCount)
    fieldText.withUnsafeBufferPointer { texts in
      for item in 0..<itemCount {
        let key = texts.baseAddress! + item * fieldCount
        var hash: UInt64 = 0
        for field in 0..<fieldCount {
          hash = (hash ^ UInt64(key[field])) &* 0x9E37_79B9_7F4A_7C15
        }
        var slot = Int(truncatingIfNeeded: hash >> 32) & mask
        while true {
          let document = slots[slot]
          if document == .max {
            let new = DocumentID(itemCounts.count)
            slots[slot] = new
            ofItem.append(new)
            itemCounts.append(1)
            fields.append(contentsOf: UnsafeBufferPointer(start: key, count: fieldCount))
            break
          }
          if fields.withUnsafeBufferPointer({ stored in
            memcmp(
              stored.baseAddress! + Int(document) * fieldCount, key,
              fieldCount * MemoryLayout<UInt32>.stride) == 0
          }) {
            ofItem.append(document)
            itemCounts[Int(document)] += 1
            break
          }
          slot = (slot + 1) & mask
        }
      }
    }
    // Each document's items in item order: counted, then placed.
    var start = [0]
    start.reserveCapacity(itemCounts.count + 1)
    for count in itemCounts { start.append(start[start.count - 1] + count) }
    var next = Array(start.dropLast())
    var elements = [StoredItemPosition](repeating: 0, count: itemCount)
    for (item, document) in ofItem.enumerated() {
      elements[next[Int(document)]] = StoredItemPosition(item)
      next[Int(document)] += 1
    }
    items = FlatLists(start: start, elements: elements)
    self.fields = fields
    self.ofItem = ofItem
  }

  /// A power of two at least twice `count`.
  private static func tableSize(_ count: Int) -> Int {
    var size = 16
    while size < count * 2 { size *= 2 }
    return size
  }
}

/// One range of documents read into grams: per document, its distinct grams with
/// field-weighted, length-normalised frequencies.
private struct DocumentGrams: Sendable {
  /// Set on pair keys (`first << 32 | second`); characters are their symbol.
  static let pairFlag: UInt64 = 1 << 63

  var documents: Range<Int>
  var keys: [UInt64] = []
  var frequencies: [Float] = []
  /// Per document of the range: where its grams start in `keys`; one more at the end.
  var documentStart: [Int] = [0]
  var pairKeys = PairKeySet()

  init(
    documents: Range<Int>, runs: FlatLists<SymbolID>, fields: [UInt32], averageLengths: [Float]
  ) {
    self.documents = documents
    var counter = GramCounter()
    for document in documents {
      for (fieldIndex, field) in SearchField.allCases.enumerated() {
        let symbols = runs[Int(fields[document * SearchIndex.fieldCount + fieldIndex])]
        guard !symbols.isEmpty else { continue }
        let increment = Bm25.occurrenceWeight(
          fieldWeight: field.weight, fieldLength: symbols.count,
          averageLength: averageLengths[fieldIndex])
        var previous = SymbolTable.none
        for symbol in symbols {
          guard symbol != SymbolTable.none else {
            previous = SymbolTable.none
            continue
          }
          counter.add(UInt64(symbol), increment)
          if previous != SymbolTable.none {
            counter.add(Self.pairFlag | SearchIndex.pair(previous, symbol), increment)
          }
          previous = symbol
        }
      }
      counter.drain { key, frequency in
        keys.append(key)
        frequencies.append(frequency)
        if key & Self.pairFlag != 0 { pairKeys.insert(key & ~Self.pairFlag) }
      }
      documentStart.append(keys.count)
    }
  }
}

/// Sums per gram for one document: a small open-addressing table reused from document to
/// document (hashing grams into a Dictionary, or sorting them, was most of the build).
private struct GramCounter {
  private static let empty = UInt64.max
  private var keys = [UInt64](repeating: GramCounter.empty, count: 1 << 12)
  private var sums = [Float](repeating: 0, count: 1 << 12)
  private var used: [Int] = []

  mutating func add(_ key: UInt64, _ increment: Float) {
    if used.count * 2 >= keys.count { grow() }
    let mask = keys.count - 1
    var slot = gramHome(key, mask: mask)
    while true {
      if keys[slot] == key {
        sums[slot] += increment
        return
      }
      if keys[slot] == Self.empty {
        keys[slot] = key
        sums[slot] = increment
        used.append(slot)
        return
      }
      slot = (slot + 1) & mask
    }
  }

  /// Hands out every gram with its sum, in order of first addition, and empties the table.
  mutating func drain(_ body: (UInt64, Float) -> Void) {
    for slot in used {
      body(keys[slot], sums[slot])
      keys[slot] = Self.empty
    }
    used.removeAll(keepingCapacity: true)
  }

  private mutating func grow() {
    let entries = used.map { (keys[$0], sums[$0]) }
    keys = [UInt64](repeating: Self.empty, count: keys.count * 2)
    sums = [Float](repeating: 0, count: keys.count)
    used.removeAll(keepingCapacity: true)
    for (key, sum) in entries { add(key, sum) }
  }
}

/// The distinct pair keys met (every pair of every document is inserted: a `Set` hashing each
/// with SipHash was a tenth of reading the grams). Open addressing, one multiply per probe.
private struct PairKeySet: Sendable {
  private static let empty = UInt64.max
  private var slots = [UInt64](repeating: PairKeySet.empty, count: 1 << 12)
  private(set) var count = 0

  /// `key` is a pair key: its top bit is clear, so it is never `empty`.
  mutating func insert(_ key: UInt64) {
    if (count + 1) * 2 > slots.count { grow() }
    let slot = Self.slot(of: key, in: slots)
    guard slots[slot] != key else { return }
    slots[slot] = key
    count += 1
  }

  /// Every key, in no particular order.
  func forEach(_ body: (UInt64) -> Void) {
    for key in slots where key != Self.empty { body(key) }
  }

  /// Where `key` is in `slots`, or the empty slot where it belongs.
  private static func slot(of key: UInt64, in slots: [UInt64]) -> Int {
    let mask = slots.count - 1
    var slot = gramHome(key, mask: mask)
    while slots[slot] != key, slots[slot] != empty { slot = (slot + 1) & mask }
    return slot
  }

  private mutating func grow() {
    let old = slots
    slots = [UInt64](repeating: Self.empty, count: old.count * 2)
    for key in old where key != Self.empty { slots[Self.slot(of: key, in: slots)] = key }
  }
}

/// The first slot probed for a gram or pair key in a table of `mask + 1` slots: keys are
/// symbol numbers, so they are spread by a multiply first.
@inline(__always)
private func gramHome(_ key: UInt64, mask: Int) -> Int {
  Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
}
