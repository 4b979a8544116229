/// The positions (in `catalogue.items`) the item pane lists, in order: every item, which is
/// the range of all positions and is not stored (a province's 223,000 positions were 1.8 MB
/// in every browser, made again at each return to 全部), or a list worked out for a node,
/// the filters or a search.
public enum ListedPositions: RandomAccessCollection, Sendable, Equatable {
  case all(count: Int)
  case listed([Int])

  public var startIndex: Int { 0 }

  public var endIndex: Int {
    switch self {
    case .all(let count): count
    case .listed(let positions): positions.count
    }
  }

  public subscript(index: Int) -> Int {
    switch self {
    case .all(let count):
      precondition(index >= 0 && index < count, "listed index out of range")
      return index
    case .listed(let positions): return positions[index]
    }
  }

  /// Equal when they list the same positions, however they are kept.
  public static func == (lhs: ListedPositions, rhs: ListedPositions) -> Bool {
    switch (lhs, rhs) {
    case (.all(let left), .all(let right)): left == right
    case (.listed(let left), .listed(let right)): left == right
    default: lhs.elementsEqual(rhs)
    }
  }
}
