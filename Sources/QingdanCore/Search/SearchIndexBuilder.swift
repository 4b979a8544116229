import Foundation

/// Builds a `SearchIndex` on every core: items are cut into ranges, each range is read
/// into grams on its own, and the postings are filled in place.
extension SearchIndex {
  init(items: [Item], text: SearchText, pinyin: PinyinTable) {
    let ranges = contiguousRanges(
      items.count, pieces: ProcessInfo.processInfo.activeProcessorCount * 4)
    let texts = FieldTexts(items: items, ranges: ranges, text: text)
    symbols = SymbolTable(text: text, codes: texts.symbolCodes)
    itemCount = items.count
    runs = texts.runs
    let documents = Documents(fieldText: texts.fieldText)
    documentFields = documents.fields
    documentOfItem = documents.ofItem
    documentItems = documents.items

    let averages = texts.averageLengths(itemCount: items.count)
    let documentRanges = contiguousRanges(
      documents.items.count, pieces: ProcessInfo.processInfo.activeProcessorCount * 4)
    let counted = concurrentMap(documentRanges.count) { piece in
      DocumentGrams(
        documents: documentRanges[piece], runs: texts.runs, fields: documents.fields,
        averageLengths: averages)
    }
    let pairKeys = Array(Set(counted.flatMap(\.pairKeys))).sorted()
    self.pairKeys = pairKeys
    pairsStart = Self.pairsStart(pairKeys, symbolCount: symbols.count)
    (postings, listItemCount, listMaxScore) = Self.postings(
      counted, listCount: symbols.count + pairKeys.count, symbolCount: symbols.count,
      pairKeys: pairKeys, documentItems: documents.items, itemCount: items.count)

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
    documentItems: FlatLists<UInt32>, itemCount: Int
  ) -> (FlatLists<DocumentPosting>, [UInt32], [Float]) {
    let pairList = Dictionary(
      uniqueKeysWithValues: pairKeys.enumerated().map {
        ($0.element, UInt32(symbolCount + $0.offset))
      })
    let lists: [[UInt32]] = concurrentMap(counted.count) { piece in
      counted[piece].keys.map { key in
        key & DocumentGrams.pairFlag == 0 ? UInt32(key) : pairList[key & ~DocumentGrams.pairFlag]!
      }
    }
    let lengths: [[Int32]] = concurrentMap(lists.count) { piece in
      var length = [Int32](repeating: 0, count: listCount)
      for list in lists[piece] { length[Int(list)] += 1 }
      return length
    }
    // Items per list, for idf: a document stands for all its items.
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
    let listItemCount = (0..<listCount).map { list in
      itemCounts.reduce(0) { $0 + $1[list] }
    }
    var listStart = [Int](repeating: 0, count: listCount + 1)
    for list in 0..<listCount {
      listStart[list + 1] = listStart[list] + lengths.reduce(0) { $0 + Int($1[list]) }
    }
    let start = listStart
    let total = start[listCount]
    var elements = [DocumentPosting](unsafeUninitializedCapacity: total) { buffer, initialized in
      let target = DisjointWrites(buffer: buffer)
      // Where each range starts writing in each list.
      var cursors: [[Int]] = []
      var next = Array(start.dropLast())
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
              DocumentPosting(document: UInt32(document), score: grams.frequencies[entry]),
              at: cursor[list])
            cursor[list] += 1
          }
        }
      }
      initialized = total
    }
    let count = Float(max(1, itemCount))
    elements.withUnsafeMutableBufferPointer { buffer in
      let target = DisjointWrites(buffer: buffer)
      // Fewer pieces than 8 when there are fewer lists (none for no items).
      let pieces = contiguousRanges(listCount, pieces: 8)
      DispatchQueue.concurrentPerform(iterations: pieces.count) { piece in
        for list in pieces[piece] {
          let documentFrequency = Float(listItemCount[list])
          let idf = log(1 + (count - documentFrequency + 0.5) / (documentFrequency + 0.5))
          for position in start[list]..<start[list + 1] {
            let tf = target.buffer[position].score
            target.write(
              DocumentPosting(
                document: target.buffer[position].document, score: idf * tf / (k1 + tf)),
              at: position)
          }
        }
      }
    }
    let built = FlatLists(start: start, elements: elements)
    let maxScores = (0..<listCount).map { list in built[list].reduce(0) { max($0, $1.score) } }
    return (built, listItemCount, maxScores)
  }
}

/// Every item's field texts as runs of symbols, equal texts stored once, and the symbol
/// table (characters numbered in order of first appearance).
private struct FieldTexts: Sendable {
  var runs: FlatLists<UInt32>
  /// Per item and field: the index of its run.
  var fieldText: [UInt32]
  var symbolCodes: [UInt32]

  init(items: [Item], ranges: [Range<Int>], text: SearchText) {
    // Each range collects its distinct texts (equal bytes: one text, and its codes worked
    // out once); merged in order afterwards.
    let pieces: [(texts: [ExactString], runs: [[UInt32]], fieldText: [Int])] = concurrentMap(
      ranges.count
    ) { piece in
      var seen: [ExactString: Int] = [:]
      var texts: [ExactString] = []
      var runs: [[UInt32]] = []
      var fieldText: [Int] = []
      fieldText.reserveCapacity(ranges[piece].count * SearchIndex.fieldCount)
      for item in ranges[piece] {
        for field in SearchField.allCases {
          let key = ExactString(field.text(of: items[item]))
          if let run = seen[key] {
            fieldText.append(run)
          } else {
            seen[key] = runs.count
            fieldText.append(runs.count)
            texts.append(key)
            runs.append(text.codes(key.string))
          }
        }
      }
      return (texts, runs, fieldText)
    }
    var seen: [ExactString: UInt32] = [:]
    var distinct: [[UInt32]] = []
    var fieldText: [UInt32] = []
    fieldText.reserveCapacity(items.count * SearchIndex.fieldCount)
    for piece in pieces {
      let global = zip(piece.texts, piece.runs).map { key, codes -> UInt32 in
        if let run = seen[key] { return run }
        let run = UInt32(distinct.count)
        seen[key] = run
        distinct.append(codes)
        return run
      }
      fieldText += piece.fieldText.map { global[$0] }
    }
    // Symbols in order of first appearance.
    var symbolOfCode: [UInt32: UInt32] = [:]
    var symbolCodes: [UInt32] = []
    var start = [0]
    var elements: [UInt32] = []
    for codes in distinct {
      for code in codes {
        guard SearchText.isSearchable(code) else {
          elements.append(SymbolTable.none)
          continue
        }
        if let symbol = symbolOfCode[code] {
          elements.append(symbol)
        } else {
          let symbol = UInt32(symbolCodes.count)
          symbolOfCode[code] = symbol
          symbolCodes.append(code)
          elements.append(symbol)
        }
      }
      start.append(elements.count)
    }
    runs = FlatLists(start: start, elements: elements)
    self.fieldText = fieldText
    self.symbolCodes = symbolCodes
  }

  /// Mean length of each field over all items (for BM25 length normalisation).
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
  var fields: [UInt32] = []
  var ofItem: [UInt32] = []
  var items: FlatLists<UInt32>

  init(fieldText: [UInt32]) {
    let fieldCount = SearchIndex.fieldCount
    let itemCount = fieldText.count / fieldCount
    var documentOf: [ArraySlice<UInt32>: UInt32] = [:]
    var itemsOf: [[UInt32]] = []
    ofItem.reserveCapacity(itemCount)
    for item in 0..<itemCount {
      let key = fieldText[(item * fieldCount)..<((item + 1) * fieldCount)]
      if let document = documentOf[key] {
        ofItem.append(document)
        itemsOf[Int(document)].append(UInt32(item))
      } else {
        let document = UInt32(itemsOf.count)
        documentOf[key] = document
        ofItem.append(document)
        itemsOf.append([UInt32(item)])
        fields += key
      }
    }
    var start = [0]
    start.reserveCapacity(itemsOf.count + 1)
    for list in itemsOf { start.append(start[start.count - 1] + list.count) }
    items = FlatLists(start: start, elements: itemsOf.flatMap { $0 })
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
  var pairKeys: Set<UInt64> = []

  init(
    documents: Range<Int>, runs: FlatLists<UInt32>, fields: [UInt32], averageLengths: [Float]
  ) {
    self.documents = documents
    var counter = GramCounter()
    for document in documents {
      for (fieldIndex, field) in SearchField.allCases.enumerated() {
        let symbols = runs[Int(fields[document * SearchIndex.fieldCount + fieldIndex])]
        guard !symbols.isEmpty else { continue }
        let norm =
          1 - SearchIndex.b + SearchIndex.b * Float(symbols.count) / averageLengths[fieldIndex]
        let increment = field.weight / norm
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
    var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
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
