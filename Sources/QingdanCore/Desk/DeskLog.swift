import Foundation

/// The operator's desk log: enquiries (`r`), missed searches, search history and marks.
/// `SQLiteDeskLog` (module QingdanDesk) keeps it on disk; `MemoryDeskLog` in memory for
/// tests and when no database can be opened. Every method either does its work or throws
/// one clear line; the browser shows it in the status line and keeps working.
public protocol DeskLog: AnyObject, Sendable {
  func record(_ entry: DeskEntry) throws(DeskLogError)
  func recordMiss(_ miss: MissedSearch) throws(DeskLogError)
  /// Entries with `since <= time < until` (nil: unbounded), newest first.
  func entries(since: Date?, until: Date?) throws(DeskLogError) -> [DeskEntry]
  /// Misses with `since <= time < until` (nil: unbounded), newest first.
  func misses(since: Date?, until: Date?) throws(DeskLogError) -> [MissedSearch]
  /// The items recorded most often since `since`, most first (ties: item id), at most `limit`.
  func hotItems(since: Date, limit: Int) throws(DeskLogError) -> [HotItem]
  /// Past queries for ↑/↓, newest first, each once, at most `limit`.
  func recentQueries(limit: Int) throws(DeskLogError) -> [String]
  /// Adds a query to the history (empty ones are ignored; a repeated one moves to the front).
  func addQuery(_ query: String) throws(DeskLogError)
  /// Marked item ids (常用事项), most recently marked first.
  func marks() throws(DeskLogError) -> [String]
  func setMark(itemID: String, marked: Bool) throws(DeskLogError)
  /// What the log got over since last asked (its file removed or replaced while open, and a
  /// new one started), as one line to show; nil when nothing happened. Asking clears it.
  func takeNotice() -> String?
}

extension DeskLog {
  public func takeNotice() -> String? { nil }
}

/// Why the log cannot be used, as one line to show: `PATH: error: what: what to do`.
public enum DeskLogError: Error, Equatable, CustomStringConvertible {
  case unavailable(String)

  public var description: String {
    switch self {
    case .unavailable(let line): line
    }
  }
}

/// How often an item was recorded (热点).
public struct HotItem: Sendable, Equatable, Codable {
  public var itemID: String
  public var count: Int

  public init(itemID: String, count: Int) {
    self.itemID = itemID
    self.count = count
  }

  /// Counts of `entries` by item, ranked (`ranked(counts:limit:)`).
  public static func ranked(_ entries: [DeskEntry], limit: Int) -> [HotItem] {
    var counts: [String: Int] = [:]
    for entry in entries { counts[entry.itemID, default: 0] += 1 }
    return ranked(counts: counts, limit: limit)
  }

  /// Most first, ties by item id, at most `limit`: the one ordering every log uses.
  public static func ranked(counts: [String: Int], limit: Int) -> [HotItem] {
    counts.map { HotItem(itemID: $0.key, count: $0.value) }
      .sorted { $0.count != $1.count ? $0.count > $1.count : $0.itemID < $1.itemID }
      .prefix(max(0, limit)).map { $0 }
  }
}
