import Foundation

/// Dense ids for the characters that occur in the catalogues, so that the hot loops index
/// arrays instead of hashing: every searchable character gets a symbol `0..<count`.
struct SymbolTable: Sendable {
  /// For characters that are not searchable or do not occur in the catalogues.
  static let none = UInt32.max

  let text: SearchText
  let symbolOfCode: [UInt32: UInt32]
  /// Symbol → normalised code.
  let codes: [UInt32]

  var count: Int { codes.count }

  /// One symbol per Character of `string` (offsets are character offsets).
  func symbols(_ string: String) -> [UInt32] {
    text.codes(string).map { symbolOfCode[$0] ?? Self.none }
  }

  func symbol(ofCode code: UInt32) -> UInt32? { symbolOfCode[code] }
}

/// Character n-gram postings over every field of every item, scored BM25F-style.
///
/// Chinese has no spaces between words, so matching does not rely on word boundaries: every
/// searchable character (unigram) and every pair of adjacent ones (bigram) is a term.
struct SearchIndex: Sendable {
  struct Posting: Sendable {
    var item: Int32
    /// idf × saturated field-weighted term frequency; the gram's whole contribution.
    var score: Float
  }

  let symbols: SymbolTable
  /// Per item, per field (in `SearchField.allCases` order): one symbol per character.
  private let fieldSymbols: [[[UInt32]]]
  /// Symbol → postings of that character.
  private let unigramPostings: [[Posting]]
  /// `first << 32 | second` → postings of that pair.
  private let bigramPostings: [UInt64: [Posting]]
  /// Symbol → symbols that follow it somewhere (for pinyin pair enumeration).
  private let successorLists: [[UInt32]]
  /// Syllable id → symbols of the characters with that reading.
  private let symbolsBySyllable: [UInt16: [UInt32]]
  let itemCount: Int

  static let k1: Float = 1.2
  static let b: Float = 0.6

  @inline(__always)
  static func pair(_ first: UInt32, _ second: UInt32) -> UInt64 {
    UInt64(first) << 32 | UInt64(second)
  }

  init(items: [Item], text: SearchText, pinyin: PinyinTable) {
    let fields = SearchField.allCases
    itemCount = items.count
    var symbolOfCode: [UInt32: UInt32] = [:]
    var codes: [UInt32] = []
    let fieldSymbols: [[[UInt32]]] = items.map { item in
      fields.map { field in
        text.codes(field.text(of: item)).map { code -> UInt32 in
          guard SearchText.isSearchable(code) else { return SymbolTable.none }
          if let symbol = symbolOfCode[code] { return symbol }
          let symbol = UInt32(codes.count)
          symbolOfCode[code] = symbol
          codes.append(code)
          return symbol
        }
      }
    }
    symbols = SymbolTable(text: text, symbolOfCode: symbolOfCode, codes: codes)

    var averageLength = [Float](repeating: 0, count: fields.count)
    for item in fieldSymbols {
      for (field, symbols) in item.enumerated() { averageLength[field] += Float(symbols.count) }
    }
    averageLength = averageLength.map { max(1, $0 / Float(max(1, items.count))) }

    // Field-weighted, length-normalised term frequencies per gram and item.
    var unigramTF = [[(item: Int32, tf: Float)]](repeating: [], count: codes.count)
    var bigramTF: [UInt64: [(item: Int32, tf: Float)]] = [:]
    var successorSets = [Set<UInt32>](repeating: [], count: codes.count)
    var itemUnigrams: [UInt32: Float] = [:]
    var itemBigrams: [UInt64: Float] = [:]
    for (item, itemFields) in fieldSymbols.enumerated() {
      itemUnigrams.removeAll(keepingCapacity: true)
      itemBigrams.removeAll(keepingCapacity: true)
      for (fieldIndex, field) in fields.enumerated() {
        let symbols = itemFields[fieldIndex]
        guard !symbols.isEmpty else { continue }
        let norm = 1 - Self.b + Self.b * Float(symbols.count) / averageLength[fieldIndex]
        let increment = field.weight / norm
        var previous = SymbolTable.none
        for symbol in symbols {
          guard symbol != SymbolTable.none else {
            previous = SymbolTable.none
            continue
          }
          itemUnigrams[symbol, default: 0] += increment
          if previous != SymbolTable.none {
            itemBigrams[Self.pair(previous, symbol), default: 0] += increment
            successorSets[Int(previous)].insert(symbol)
          }
          previous = symbol
        }
      }
      for (symbol, tf) in itemUnigrams { unigramTF[Int(symbol)].append((Int32(item), tf)) }
      for (pair, tf) in itemBigrams { bigramTF[pair, default: []].append((Int32(item), tf)) }
    }
    let count = Float(max(1, items.count))
    func postings(_ list: [(item: Int32, tf: Float)]) -> [Posting] {
      let documentFrequency = Float(list.count)
      let idf = log(1 + (count - documentFrequency + 0.5) / (documentFrequency + 0.5))
      return list.map { Posting(item: $0.item, score: idf * $0.tf / (Self.k1 + $0.tf)) }
    }
    unigramPostings = unigramTF.map(postings)
    bigramPostings = bigramTF.mapValues(postings)
    successorLists = successorSets.map { Array($0) }
    self.fieldSymbols = fieldSymbols
    var bySyllable: [UInt16: [UInt32]] = [:]
    for (symbol, code) in codes.enumerated() {
      guard let scalar = Unicode.Scalar(code) else { continue }
      for syllable in pinyin.syllableIDs(of: scalar) {
        bySyllable[syllable, default: []].append(UInt32(symbol))
      }
    }
    symbolsBySyllable = bySyllable
  }
}

/// Read access to the index; the ranking and the highlighter see only this.
extension SearchIndex {
  /// Postings of one character, in item order.
  func unigrams(_ symbol: UInt32) -> PostingList {
    PostingList(postings: unigramPostings[Int(symbol)][...])
  }

  /// Postings of a pair of adjacent characters, in item order; nil if the pair never occurs.
  func bigrams(_ first: UInt32, _ second: UInt32) -> PostingList? {
    bigramPostings[Self.pair(first, second)].map { PostingList(postings: $0[...]) }
  }

  /// Symbols that follow `symbol` somewhere.
  func successors(of symbol: UInt32) -> ArraySlice<UInt32> {
    successorLists[Int(symbol)][...]
  }

  /// One symbol per character of the item's field (`SearchField.allCases` order).
  func fieldSymbols(item: Int, field: Int) -> ArraySlice<UInt32> {
    fieldSymbols[item][field][...]
  }

  /// Symbols of the characters that have the syllable as a reading.
  func symbols(ofSyllable syllable: UInt16) -> [UInt32] {
    symbolsBySyllable[syllable] ?? []
  }
}

/// The postings of one gram.
struct PostingList: RandomAccessCollection {
  fileprivate let postings: ArraySlice<SearchIndex.Posting>

  var startIndex: Int { 0 }
  var endIndex: Int { postings.count }

  @inline(__always)
  subscript(position: Int) -> SearchIndex.Posting {
    postings[postings.startIndex + position]
  }
}
