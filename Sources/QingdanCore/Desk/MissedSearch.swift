import Foundation

/// A search that did not end in an answer: the lines a maintainer reads to grow the
/// synonyms file (`qingdan log misses`).
public struct MissedSearch: Sendable, Equatable, Codable {
  public enum Reason: String, Sendable, Equatable, Codable {
    /// The query found nothing.
    case noHits = "no-hits"
    /// There were hits, but the operator left (Esc, or a different query) without opening
    /// or recording any.
    case abandoned
  }

  public var time: Date
  public var query: String
  public var township: String?
  public var reason: Reason

  public init(time: Date, query: String, township: String? = nil, reason: Reason) {
    self.time = time
    self.query = query
    self.township = township
    self.reason = reason
  }

  /// Stored form: query and township trimmed and cut to `DeskLimits`, the time in whole
  /// milliseconds.
  public var bounded: MissedSearch {
    MissedSearch(
      time: DeskTime.stored(time), query: DeskLimits.clip(query, limit: DeskLimits.query),
      township: DeskLimits.optional(township, limit: DeskLimits.name), reason: reason)
  }
}

public typealias MissReason = MissedSearch.Reason

/// The miss rule, fed by the browser as the operator works: a search is missed when its
/// query had no hits, or when it was abandoned (Esc, or a different query, without any hit
/// opened or recorded). Typing on (煤 → 煤气 → 煤气罐) or deleting back is the same search,
/// judged by its last query, so the keystrokes of one search never count as misses.
///
/// Pure: every call gives back the miss to record, if any.
public struct SearchAttempt: Sendable, Equatable {
  /// How a search ends.
  public enum End: Sendable, Equatable {
    /// Esc: the operator gave up on it.
    case escaped
    /// The search line was cleared, or another query (not an edit of this one) was typed.
    case replaced
    /// The browser closed. The operator may have read the answer off the list, so a search
    /// with hits that ends this way is not counted.
    case quit
  }

  public private(set) var query: String
  public private(set) var township: String?
  public private(set) var hitCount: Int
  /// A hit was opened or recorded.
  public private(set) var usedAHit: Bool
  /// When the last query was typed: the time its miss is logged with.
  public private(set) var time: Date

  public init(query: String, township: String?, hitCount: Int, time: Date) {
    self.query = query
    self.township = township
    self.hitCount = hitCount
    self.usedAHit = false
    self.time = time
  }

  /// A hit was opened or recorded: this search is answered.
  public mutating func useHit() { usedAHit = true }

  /// The miss this search counts as when it ends by `end`, or nil.
  public func miss(endedBy end: End) -> MissedSearch? {
    let text = query.trimmingCharacters(in: .whitespacesAndNewlines)
    guard !text.isEmpty, !usedAHit else { return nil }
    if hitCount == 0 {
      return MissedSearch(time: time, query: text, township: township, reason: .noHits)
    }
    guard end != .quit else { return nil }
    return MissedSearch(time: time, query: text, township: township, reason: .abandoned)
  }

  /// Whether `next` is this search typed on or deleted back (one is the start of the
  /// other), rather than a different query.
  public func isEdit(_ next: String) -> Bool {
    let old = query.trimmingCharacters(in: .whitespaces)
    let new = next.trimmingCharacters(in: .whitespaces)
    guard !old.isEmpty, !new.isEmpty else { return false }
    return new.hasPrefix(old) || old.hasPrefix(new)
  }
}

/// The browser's side of the rule: the search in progress, carried in its state.
public struct SearchTracker: Sendable, Equatable {
  public private(set) var current: SearchAttempt?

  public init() {}

  /// The search line now holds `query`, which found `hitCount` hits under `township`.
  /// Returns the miss of the search this query ends, if any: an edit of the current search
  /// carries it on; an empty line or a different query ends it as `.replaced`.
  public mutating func queryChanged(
    to query: String, hitCount: Int, township: String?, at time: Date
  ) -> MissedSearch? {
    let text = query.trimmingCharacters(in: .whitespaces)
    if var attempt = current, attempt.isEdit(text), attempt.township == township {
      attempt = SearchAttempt(query: text, township: township, hitCount: hitCount, time: time)
      if current?.usedAHit == true { attempt.useHit() }
      current = attempt
      return nil
    }
    let miss = current?.miss(endedBy: .replaced)
    current =
      text.isEmpty
      ? nil : SearchAttempt(query: text, township: township, hitCount: hitCount, time: time)
    return miss
  }

  /// A hit was opened or recorded.
  public mutating func hitUsed() { current?.useHit() }

  /// The search ends (Esc, quit); returns its miss, if any.
  public mutating func ended(by end: SearchAttempt.End) -> MissedSearch? {
    defer { current = nil }
    return current?.miss(endedBy: end)
  }
}
