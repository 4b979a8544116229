import Foundation

/// BM25, as the index bakes it into postings and the ranking adds them up.
///
/// BM25F-style: an occurrence in a field counts the field's weight (`SearchField.weight`)
/// divided by the field's length normalisation, the item's counts for a gram are summed
/// over fields, and the sum is saturated once. The index build (`SearchIndexBuilder`)
/// stores each posting as `score(termFrequency:idf:)`, so a query's work is additions;
/// `BruteForceScorer` in the tests applies the same formulas by scanning every item.
///
/// Changing a constant or a formula changes what the search index stores: bump
/// `SearchIndex.snapshotVersion` with it.
enum Bm25 {
  /// Term-frequency saturation: how quickly repeated occurrences stop adding.
  static let k1: Float = 1.2
  /// Length normalisation: how much a long field is discounted (0: not at all, 1: fully).
  static let b: Float = 0.6

  /// How rare a gram is: found in `documentFrequency` of `itemCount` items. The `1 + …`
  /// form keeps it positive for grams most items hold.
  @inline(__always)
  static func idf(documentFrequency: Float, itemCount: Float) -> Float {
    log(1 + (itemCount - documentFrequency + 0.5) / (documentFrequency + 0.5))
  }

  /// A field's length against the average length of that field: 1 at the average, more
  /// for longer fields.
  @inline(__always)
  static func lengthNorm(fieldLength: Int, averageLength: Float) -> Float {
    1 - b + b * Float(fieldLength) / averageLength
  }

  /// What one occurrence in a field adds to an item's term frequency.
  @inline(__always)
  static func occurrenceWeight(fieldWeight: Float, fieldLength: Int, averageLength: Float)
    -> Float
  {
    fieldWeight / lengthNorm(fieldLength: fieldLength, averageLength: averageLength)
  }

  /// A posting's whole contribution: the idf times the saturated term frequency, which
  /// stays below 1 (so the idf bounds a posting: `PostingList.maxScore`).
  @inline(__always)
  static func score(termFrequency tf: Float, idf: Float) -> Float {
    idf * tf / (k1 + tf)
  }

  /// How `score` came about, for reading a ranking by hand.
  static func explain(termFrequency tf: Float, documentFrequency: Float, itemCount: Float)
    -> String
  {
    let idf = idf(documentFrequency: documentFrequency, itemCount: itemCount)
    let score = score(termFrequency: tf, idf: idf)
    return "idf \(idf) (in \(documentFrequency) of \(itemCount) items) × tf \(tf) / (k1 \(k1) + tf)"
      + " = \(score)"
  }
}
