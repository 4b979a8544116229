/// What each line of an input became, so that nothing is lost silently:
/// every non-blank line is part of an item, a recognised structural line, or a diagnostic.
public enum LineRole: Sendable, Hashable {
  case blank
  /// Title block, table of contents, list heading or column header.
  case structural
  /// The row of an item (possibly repaired; a warning then names it too).
  case item(String)
  /// A line that could not be placed; a diagnostic with this line number says why.
  case unplaced
}

/// "N lines: X in items, Y structural, Z diagnostics".
public struct LineCoverage: Sendable, Hashable, Codable {
  public var lines: Int
  public var inItems: Int
  public var structural: Int
  public var blank: Int
  public var unplaced: Int

  public init(roles: [LineRole]) {
    lines = roles.count
    inItems = 0
    structural = 0
    blank = 0
    unplaced = 0
    for role in roles {
      switch role {
      case .blank: blank += 1
      case .structural: structural += 1
      case .item: inItems += 1
      case .unplaced: unplaced += 1
      }
    }
  }

  public static func + (lhs: LineCoverage, rhs: LineCoverage) -> LineCoverage {
    var sum = lhs
    sum.lines += rhs.lines
    sum.inItems += rhs.inItems
    sum.structural += rhs.structural
    sum.blank += rhs.blank
    sum.unplaced += rhs.unplaced
    return sum
  }

  public static let zero = LineCoverage(roles: [])

  public var summary: String {
    "\(lines) lines: \(inItems) in items, \(structural) structural, \(blank) blank, \(unplaced) diagnostics"
  }
}
