import Foundation
import QingdanCore

/// The plain baseline every quality run is compared with: BM25 (k1 1.2, b 0.75) over
/// character bigrams of all of an item's fields joined, no field weights, no pinyin, no
/// synonyms, no bonuses. A run of one character counts as its own token. Kept in the harness
/// so the margin of the real engine over the obvious thing is printed on every run.
struct BaselineBM25 {
  private let ids: [String]
  private let postings: [String: [(item: Int, count: Int)]]
  private let lengths: [Double]
  private let averageLength: Double

  init(catalogue: CatalogueIndex) {
    var postings: [String: [(item: Int, count: Int)]] = [:]
    var lengths: [Double] = []
    for (position, item) in catalogue.items.enumerated() {
      let text = SearchField.allCases.map { $0.text(of: item) }.joined(separator: "\n")
      let tokens = Self.tokens(text)
      lengths.append(Double(tokens.count))
      var counts: [String: Int] = [:]
      for token in tokens { counts[token, default: 0] += 1 }
      for (token, count) in counts { postings[token, default: []].append((position, count)) }
    }
    self.ids = catalogue.items.map(\.id)
    self.postings = postings
    self.lengths = lengths
    self.averageLength = lengths.isEmpty ? 1 : max(1, lengths.reduce(0, +) / Double(lengths.count))
  }

  /// Bigrams of each run of letters, digits and Han characters (lowercased); a one-character
  /// run is a token by itself.
  static func tokens(_ text: String) -> [String] {
    var tokens: [String] = []
    var run: [Character] = []
    func flush() {
      if run.count == 1 {
        tokens.append(String(run))
      } else if run.count > 1 {
        for index in 0..<(run.count - 1) { tokens.append(String(run[index...index + 1])) }
      }
      run.removeAll(keepingCapacity: true)
    }
    for character in text.lowercased() {
      if character.isLetter || character.isNumber { run.append(character) } else { flush() }
    }
    flush()
    return tokens
  }

  /// Item ids, best first.
  func search(_ query: String, limit: Int) -> [String] {
    let itemCount = Double(ids.count)
    var scores: [Int: Double] = [:]
    for token in Set(Self.tokens(query)) {
      guard let list = postings[token] else { continue }
      let frequency = Double(list.count)
      let idf = log(1 + (itemCount - frequency + 0.5) / (frequency + 0.5))
      for (item, count) in list {
        let tf = Double(count)
        let norm = 1.2 * (1 - 0.75 + 0.75 * lengths[item] / averageLength)
        scores[item, default: 0] += idf * tf * 2.2 / (tf + norm)
      }
    }
    return scores.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
      .prefix(limit).map { ids[$0.key] }
  }
}
