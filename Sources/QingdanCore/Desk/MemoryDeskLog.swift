import Foundation

/// A desk log in memory: for tests, and for the browser when no database can be opened
/// (what is recorded then lasts until it closes).
public final class MemoryDeskLog: DeskLog {
  private struct Contents {
    var entries: [DeskEntry] = []
    var misses: [MissedSearch] = []
    /// Oldest first.
    var queries: [String] = []
    /// Oldest first.
    var marks: [String] = []
  }

  private let contents = Locked(Contents())

  public init() {}

  public func record(_ entry: DeskEntry) throws(DeskLogError) {
    contents.withLock { $0.entries.append(entry.bounded) }
  }

  public func recordMiss(_ miss: MissedSearch) throws(DeskLogError) {
    let bounded = miss.bounded
    guard !bounded.query.isEmpty else { return }
    contents.withLock { $0.misses.append(bounded) }
  }

  public func entries(since: Date?, until: Date?) throws(DeskLogError) -> [DeskEntry] {
    contents.withLock { $0.entries }.filter { DeskPeriod.contains($0.time, since, until) }
      .newestFirst(\.time)
  }

  public func misses(since: Date?, until: Date?) throws(DeskLogError) -> [MissedSearch] {
    contents.withLock { $0.misses }.filter { DeskPeriod.contains($0.time, since, until) }
      .newestFirst(\.time)
  }

  public func hotItems(since: Date, limit: Int) throws(DeskLogError) -> [HotItem] {
    HotItem.ranked(try entries(since: since, until: nil), limit: limit)
  }

  public func recentQueries(limit: Int) throws(DeskLogError) -> [String] {
    Array(contents.withLock { $0.queries }.reversed().prefix(max(0, limit)))
  }

  public func addQuery(_ query: String) throws(DeskLogError) {
    let text = DeskLimits.clip(query, limit: DeskLimits.query)
    guard !text.isEmpty else { return }
    contents.withLock {
      $0.queries.removeAll { $0 == text }
      $0.queries.append(text)
      if $0.queries.count > DeskLimits.history {
        $0.queries.removeFirst($0.queries.count - DeskLimits.history)
      }
    }
  }

  public func marks() throws(DeskLogError) -> [String] {
    contents.withLock { $0.marks }.reversed()
  }

  public func setMark(itemID: String, marked: Bool) throws(DeskLogError) {
    let id = DeskLimits.clip(itemID, limit: DeskLimits.name)
    guard !id.isEmpty else { return }
    contents.withLock {
      $0.marks.removeAll { $0 == id }
      if marked { $0.marks.append(id) }
    }
  }
}

/// A `since <= time < until` period, either end open.
public enum DeskPeriod {
  public static func contains(_ time: Date, _ since: Date?, _ until: Date?) -> Bool {
    (since.map { time >= $0 } ?? true) && (until.map { time < $0 } ?? true)
  }
}

extension Array {
  /// Newest first; equal times keep the later-recorded first.
  fileprivate func newestFirst(_ time: KeyPath<Element, Date>) -> [Element] {
    enumerated().sorted {
      $0.element[keyPath: time] != $1.element[keyPath: time]
        ? $0.element[keyPath: time] > $1.element[keyPath: time] : $0.offset > $1.offset
    }.map(\.element)
  }
}
