/// The set of adjacent character pairs of a text, for similarity that tolerates small
/// rewordings: two texts that differ by a word share most of their pairs.
public struct BigramSet: Sendable, Hashable {
  /// Sorted, without repeats; each pair packed as (first scalar << 32 | second scalar).
  public private(set) var keys: [UInt64]

  public init(_ scalars: [Unicode.Scalar]) {
    var keys: [UInt64] = []
    keys.reserveCapacity(max(scalars.count, 1))
    if scalars.count == 1 {
      // A one-character text still has something to compare.
      keys.append(UInt64(scalars[0].value))
    }
    for index in scalars.indices.dropFirst() {
      keys.append(UInt64(scalars[index - 1].value) << 32 | UInt64(scalars[index].value))
    }
    keys.sort()
    var unique: [UInt64] = []
    unique.reserveCapacity(keys.count)
    for key in keys where key != unique.last { unique.append(key) }
    self.keys = unique
  }

  private init(sortedKeys: [UInt64]) {
    keys = sortedKeys
  }

  public static let empty = BigramSet(sortedKeys: [])

  public var isEmpty: Bool { keys.isEmpty }
  public var count: Int { keys.count }

  /// How many pairs both sets hold.
  public func sharedCount(with other: BigramSet) -> Int {
    var shared = 0
    var left = 0
    var right = 0
    let a = keys
    let b = other.keys
    while left < a.count, right < b.count {
      if a[left] == b[right] {
        shared += 1
        left += 1
        right += 1
      } else if a[left] < b[right] {
        left += 1
      } else {
        right += 1
      }
    }
    return shared
  }

  /// Sørensen–Dice: 2·|A∩B| / (|A|+|B|); 1 for equal sets, 0 for disjoint or empty ones.
  public func dice(_ other: BigramSet) -> Double {
    let total = count + other.count
    guard total > 0 else { return 0 }
    return 2 * Double(sharedCount(with: other)) / Double(total)
  }

  /// The share of this set's pairs that `other` holds too.
  public func containment(in other: BigramSet) -> Double {
    guard !isEmpty else { return 0 }
    return Double(sharedCount(with: other)) / Double(count)
  }

  public func union(_ other: BigramSet) -> BigramSet {
    var merged: [UInt64] = []
    merged.reserveCapacity(count + other.count)
    var left = 0
    var right = 0
    while left < keys.count || right < other.keys.count {
      let next: UInt64
      if right >= other.keys.count || (left < keys.count && keys[left] < other.keys[right]) {
        next = keys[left]
        left += 1
      } else if left >= keys.count || other.keys[right] < keys[left] {
        next = other.keys[right]
        right += 1
      } else {
        next = keys[left]
        left += 1
        right += 1
      }
      merged.append(next)
    }
    return BigramSet(sortedKeys: merged)
  }
}
