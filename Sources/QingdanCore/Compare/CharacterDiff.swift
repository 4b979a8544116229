/// A character-level difference between two texts: the shortest edit (longest common
/// subsequence), as runs of kept, removed and inserted characters.
public enum CharacterDiff {
  public enum Operation: String, Sendable, Hashable, Codable {
    case equal, delete, insert
  }

  public struct Segment: Sendable, Hashable {
    public var operation: Operation
    public var text: String

    public init(_ operation: Operation, _ text: String) {
      self.operation = operation
      self.text = text
    }
  }

  /// Longer texts than this are compared as one removed and one inserted run: duty steps are a
  /// few hundred characters, and the table grows with the product of the lengths.
  public static let maxCharacters = 4_000

  public static func segments(from old: String, to new: String) -> [Segment] {
    if old == new { return old.isEmpty ? [] : [Segment(.equal, old)] }
    let a = Array(old)
    let b = Array(new)
    // The common start and end need no table.
    var prefix = 0
    while prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
    var suffix = 0
    while suffix < a.count - prefix, suffix < b.count - prefix,
      a[a.count - 1 - suffix] == b[b.count - 1 - suffix]
    {
      suffix += 1
    }
    var operations: [(Operation, Character)] = a[..<prefix].map { (.equal, $0) }
    let middleA = Array(a[prefix..<(a.count - suffix)])
    let middleB = Array(b[prefix..<(b.count - suffix)])
    if middleA.count > maxCharacters || middleB.count > maxCharacters {
      operations += middleA.map { (.delete, $0) } + middleB.map { (.insert, $0) }
    } else {
      operations += lcsOperations(middleA, middleB)
    }
    operations += a[(a.count - suffix)...].map { (.equal, $0) }
    return withoutSlivers(merged(operations))
  }

  /// A single kept character between changes ("排查" → "摸排" keeps 排) is shown
  /// as part of the change: [-排查-]{+摸排+} reads better than {+摸+}排[-查-].
  static func withoutSlivers(_ segments: [Segment]) -> [Segment] {
    var operations: [(Operation, Character)] = []
    for (index, segment) in segments.enumerated() {
      let between =
        segment.operation == .equal && segment.text.count == 1 && index > 0
        && index < segments.count - 1
      if between {
        operations += segment.text.map { (.delete, $0) }
        operations += segment.text.map { (.insert, $0) }
      } else {
        operations += segment.text.map { (segment.operation, $0) }
      }
    }
    return merged(operations)
  }

  /// Operations from the classic table of common-subsequence lengths, removals before
  /// insertions where both can come first. Any elements: characters, or the blocks of a duty text.
  static func lcsOperations<Element: Equatable>(_ a: [Element], _ b: [Element]) -> [(
    Operation, Element
  )] {
    let columns = b.count + 1
    // lengths[i][j]: the longest common subsequence of a[i...] and b[j...].
    var lengths = [Int32](repeating: 0, count: (a.count + 1) * columns)
    for i in stride(from: a.count - 1, through: 0, by: -1) {
      for j in stride(from: b.count - 1, through: 0, by: -1) {
        lengths[i * columns + j] =
          a[i] == b[j]
          ? lengths[(i + 1) * columns + j + 1] + 1
          : max(lengths[(i + 1) * columns + j], lengths[i * columns + j + 1])
      }
    }
    var result: [(Operation, Element)] = []
    var i = 0
    var j = 0
    while i < a.count || j < b.count {
      // A match is taken only when it cannot wait: changes come as early as they can, so
      // that 县市场 → 市市场 reads [-县-]{+市+}市场, not [-县-]市{+市+}场.
      let canWait =
        i < a.count && j < b.count
        && (lengths[(i + 1) * columns + j] == lengths[i * columns + j]
          || lengths[i * columns + j + 1] == lengths[i * columns + j])
      if i < a.count, j < b.count, a[i] == b[j], !canWait {
        result.append((.equal, a[i]))
        i += 1
        j += 1
      } else if j >= b.count
        || (i < a.count && lengths[(i + 1) * columns + j] >= lengths[i * columns + j + 1])
      {
        result.append((.delete, a[i]))
        i += 1
      } else {
        result.append((.insert, b[j]))
        j += 1
      }
    }
    return result
  }

  /// Runs of one operation joined; within a changed stretch, what was removed comes first.
  private static func merged(_ operations: [(Operation, Character)]) -> [Segment] {
    var segments: [Segment] = []
    var deleted = ""
    var inserted = ""
    func flushChanges() {
      if !deleted.isEmpty { segments.append(Segment(.delete, deleted)) }
      if !inserted.isEmpty { segments.append(Segment(.insert, inserted)) }
      deleted = ""
      inserted = ""
    }
    for (operation, character) in operations {
      switch operation {
      case .delete: deleted.append(character)
      case .insert: inserted.append(character)
      case .equal:
        flushChanges()
        if segments.last?.operation == .equal {
          segments[segments.count - 1].text.append(character)
        } else {
          segments.append(Segment(.equal, String(character)))
        }
      }
    }
    flushChanges()
    return segments
  }
}
