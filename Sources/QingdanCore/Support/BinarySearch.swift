/// The one binary search: every lookup in a sorted run (ids by number, postings by
/// document, pair keys, top-k entries, width-table runs) is a lower bound.
extension RandomAccessCollection {
  /// The first index whose element is not below, or `endIndex` if every element is.
  ///
  /// The collection must be partitioned by `isBelow`: every element for which it holds comes
  /// before every element for which it does not, as in a sorted collection searched with
  /// `{ $0 < key }`. Takes about log2(count) calls of `isBelow`.
  @inline(__always)
  func lowerBound(where isBelow: (Element) throws -> Bool) rethrows -> Index {
    var low = startIndex
    var count = self.count
    while count > 0 {
      let half = count / 2
      let middle = index(low, offsetBy: half)
      if try isBelow(self[middle]) {
        low = index(after: middle)
        count -= half + 1
      } else {
        count = half
      }
    }
    return low
  }
}

extension RandomAccessCollection where Element: Comparable {
  /// The first index whose element is `value` or greater (in a sorted collection).
  @inline(__always)
  func lowerBound(of value: Element) -> Index {
    lowerBound { $0 < value }
  }

  /// The index of `value` in a sorted collection, if it holds it (the first, if several).
  @inline(__always)
  func sortedIndex(of value: Element) -> Index? {
    let found = lowerBound(of: value)
    return found != endIndex && self[found] == value ? found : nil
  }
}
