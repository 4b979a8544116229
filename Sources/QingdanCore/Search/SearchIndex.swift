import Foundation

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

  /// Per item, per field (in `SearchField.allCases` order): normalised codes.
  let fieldCodes: [[[UInt32]]]
  let postings: [UInt64: [Posting]]
  /// Character → characters that follow it somewhere (for pinyin bigram enumeration).
  let successors: [UInt32: [UInt32]]
  /// Every searchable character that occurs, with its readings, for pinyin and homophones.
  let vocabulary: [UInt32]
  /// Syllable id → vocabulary characters with that reading.
  let charactersBySyllable: [UInt16: [UInt32]]
  let itemCount: Int

  static let k1: Float = 1.2
  static let b: Float = 0.6

  @inline(__always)
  static func unigram(_ code: UInt32) -> UInt64 { UInt64(code) }

  @inline(__always)
  static func bigram(_ first: UInt32, _ second: UInt32) -> UInt64 {
    (UInt64(first) + 1) << 21 | UInt64(second)
  }

  init(items: [Item], text: SearchText, pinyin: PinyinTable) {
    let fields = SearchField.allCases
    let fieldCodes = items.map { item in fields.map { text.codes($0.text(of: item)) } }
    itemCount = items.count
    var averageLength = [Float](repeating: 0, count: fields.count)
    for codes in fieldCodes {
      for (field, field_codes) in codes.enumerated() {
        averageLength[field] += Float(field_codes.count)
      }
    }
    averageLength = averageLength.map { max(1, $0 / Float(max(1, items.count))) }

    // Field-weighted, length-normalised term frequencies per gram and item.
    var frequencies: [UInt64: [(item: Int32, tf: Float)]] = [:]
    var successorSets: [UInt32: Set<UInt32>] = [:]
    var itemGrams: [UInt64: Float] = [:]
    for (item, codes) in fieldCodes.enumerated() {
      itemGrams.removeAll(keepingCapacity: true)
      for (fieldIndex, field) in fields.enumerated() {
        let fieldCodes = codes[fieldIndex]
        guard !fieldCodes.isEmpty else { continue }
        let norm = 1 - Self.b + Self.b * Float(fieldCodes.count) / averageLength[fieldIndex]
        let increment = field.weight / norm
        var previous: UInt32? = nil
        for code in fieldCodes {
          guard SearchText.isSearchable(code) else {
            previous = nil
            continue
          }
          itemGrams[Self.unigram(code), default: 0] += increment
          if let previous {
            itemGrams[Self.bigram(previous, code), default: 0] += increment
            successorSets[previous, default: []].insert(code)
          }
          previous = code
        }
      }
      for (gram, tf) in itemGrams {
        frequencies[gram, default: []].append((Int32(item), tf))
      }
    }
    let count = Float(max(1, items.count))
    var postings: [UInt64: [Posting]] = [:]
    postings.reserveCapacity(frequencies.count)
    for (gram, list) in frequencies {
      let documentFrequency = Float(list.count)
      let idf = log(1 + (count - documentFrequency + 0.5) / (documentFrequency + 0.5))
      postings[gram] = list.map { entry in
        Posting(item: entry.item, score: idf * entry.tf / (Self.k1 + entry.tf))
      }
    }
    self.fieldCodes = fieldCodes
    self.postings = postings
    successors = successorSets.mapValues { Array($0) }
    vocabulary = frequencies.keys.filter { $0 < (1 << 21) }.map { UInt32($0) }.sorted()
    var bySyllable: [UInt16: [UInt32]] = [:]
    for code in vocabulary {
      guard let scalar = Unicode.Scalar(code) else { continue }
      for syllable in pinyin.syllableIDs(of: scalar) {
        bySyllable[syllable, default: []].append(code)
      }
    }
    charactersBySyllable = bySyllable
  }
}
