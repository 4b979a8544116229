import Foundation

/// What the log says in sum: enquiries counted by department, category, item or day (热点),
/// and missed searches grouped by query. Pure: the catalogue names the items.
public enum DeskStats {
  public enum Dimension: String, Sendable, CaseIterable {
    /// The leading or receiving departments by the handler rule (`Handler`); the township
    /// for its own (basic) items. An item led by several departments counts for each.
    case department
    case category
    case item
    /// The local day, newest first.
    case day
  }

  public struct Count: Sendable, Equatable, Codable {
    /// The department, category, item id or day.
    public var key: String
    /// The item's name (`item` only).
    public var name: String?
    public var count: Int

    public init(key: String, name: String? = nil, count: Int) {
      self.key = key
      self.name = name
      self.count = count
    }
  }

  /// What an entry whose item the loaded catalogues do not hold is counted under.
  public static let unknownItem = "(not in the loaded catalogues)"

  /// Counts of `entries` by `dimension`, most first (ties by key); days newest first.
  public static func counts(
    _ entries: [DeskEntry], by dimension: Dimension, catalogue: CatalogueIndex?,
    timeZone: TimeZone = .current
  ) -> [Count] {
    var counts: [String: Int] = [:]
    for entry in entries {
      for key in keys(entry, dimension, catalogue, timeZone) { counts[key, default: 0] += 1 }
    }
    let ranked = counts.map { Count(key: $0.key, count: $0.value) }.sorted {
      if dimension == .day { return $0.key > $1.key }
      return $0.count != $1.count ? $0.count > $1.count : $0.key < $1.key
    }
    guard dimension == .item, let catalogue else { return ranked }
    return ranked.map { count in
      var named = count
      named.name = catalogue.item(id: count.key)?.name
      return named
    }
  }

  private static func keys(
    _ entry: DeskEntry, _ dimension: Dimension, _ catalogue: CatalogueIndex?, _ timeZone: TimeZone
  ) -> [String] {
    switch dimension {
    case .day: return [DeskDate.day(entry.time, timeZone: timeZone)]
    case .item: return [entry.itemID]
    case .category, .department:
      guard let item = catalogue?.item(id: entry.itemID) else { return [unknownItem] }
      if dimension == .category { return [item.category] }
      let departments = item.handler.departments.map(\.name)
      return departments.isEmpty ? [item.handler.township] : departments
    }
  }
}

/// Missed searches grouped by what was typed: the lines a maintainer reads to grow the
/// synonyms file.
public struct MissSummary: Sendable, Equatable {
  public var query: String
  public var count: Int
  public var noHits: Int
  public var abandoned: Int
  public var last: Date

  /// Grouped by query, most frequent first, then most recent, then by query.
  public static func grouped(_ misses: [MissedSearch]) -> [MissSummary] {
    var byQuery: [String: MissSummary] = [:]
    for miss in misses {
      var summary =
        byQuery[miss.query]
        ?? MissSummary(query: miss.query, count: 0, noHits: 0, abandoned: 0, last: miss.time)
      summary.count += 1
      switch miss.reason {
      case .noHits: summary.noHits += 1
      case .abandoned: summary.abandoned += 1
      }
      summary.last = max(summary.last, miss.time)
      byQuery[miss.query] = summary
    }
    return byQuery.values.sorted {
      if $0.count != $1.count { return $0.count > $1.count }
      if $0.last != $1.last { return $0.last > $1.last }
      return $0.query < $1.query
    }
  }

  /// The header of `qingdan log misses --tsv`: what the lines are and how to use them.
  public static let synonymsHeader = """
    # Candidate synonyms from missed searches: colloquial<TAB>official, one per missed query,
    # the official term taken from the closest item's name. Review each line: keep it only if
    # the caller's words mean that term, cut the term down to the words that matter (several
    # terms: a|b), then append the kept lines to $XDG_CONFIG_HOME/qingdan/synonyms.tsv
    # (else ~/.config/qingdan/synonyms.tsv). Lines starting with # are ignored there too.
    """

  /// The candidate lines for one query: a comment with the counts and the closest items,
  /// then `query<TAB>term` (`officialTerm` of the closest), or only the comment when nothing
  /// is close. Tabs and control characters inside the texts become U+FFFD, so each line
  /// keeps its two fields.
  public func synonymLines(closest: [SearchHit]) -> [String] {
    func field(_ text: String) -> String { TerminalText.sanitized(text) }
    let names = closest.enumerated().map {
      "\($0.offset + 1)) \(field($0.element.item.name)) [\(field($0.element.item.id))]"
    }
    let counts = "\(count)× (no hits \(noHits), abandoned \(abandoned))"
    guard let best = closest.first else {
      return ["# \(field(query))  \(counts): no close item; write the official term yourself"]
    }
    return [
      "# \(counts): " + names.joined(separator: "  "),
      "\(field(query))\t\(field(Self.officialTerm(best)))",
    ]
  }

  /// Names longer than this are cut down to their best clause.
  static let shortName = 16

  /// The catalogue's words for a missed query, from its closest hit: the item's name when
  /// short; else the clause of the name (between punctuation) where the query matched most;
  /// else the item's category.
  public static func officialTerm(_ hit: SearchHit) -> String {
    let name = Array(hit.item.name)
    guard name.count > shortName else { return hit.item.name }
    let spans = hit.matches.filter { $0.field == .name }.flatMap(\.spans)
    let breaks: Set<Character> = ["，", ",", "、", "；", ";", "。", "：", ":", "（", "）", "(", ")", " "]
    var best: (overlap: Int, clause: Range<Int>)? = nil
    var start = 0
    for end in 0...name.count where end == name.count || breaks.contains(name[end]) {
      let clause = start..<end
      let overlap = spans.reduce(0) { $0 + $1.clamped(to: clause).count }
      if overlap > 0, overlap > best?.overlap ?? 0 { best = (overlap, clause) }
      start = end + 1
    }
    guard let best else { return hit.item.category }
    return String(name[best.clause])
  }
}
