import CSQLite
import Foundation
import QingdanCore

/// The desk log in an SQLite file (WAL mode), shared by every qingdan process of the user:
/// each write takes the write lock first (`BEGIN IMMEDIATE`) and waits for it up to the
/// busy timeout, so concurrent writers queue instead of failing. Every failure is one line
/// (`DeskLogProblem`), never a crash.
///
/// If the file is removed or replaced while open, the next call opens the path again
/// (creating a new log if nothing is there), so writes never go to a file no one sees, and
/// says so once (`takeNotice`).
public final class SQLiteDeskLog: DeskLog, @unchecked Sendable {
  public let path: String
  private let busyTimeout: Duration
  /// Serialises this object's use of its connection (the browser calls from more than one
  /// thread).
  private let lock = NSLock()
  private var connection: SQLiteConnection
  private var identity: DeskFiles.Identity
  private var notice: String?

  private init(path: String, busyTimeout: Duration, opened: (SQLiteConnection, DeskFiles.Identity))
  {
    self.path = path
    self.busyTimeout = busyTimeout
    (connection, identity) = opened
  }

  /// Opens the log at `url`, creating its folder (0700) and file (0600) when missing and
  /// bringing its schema up to date. `busyTimeout`: how long to wait for another process's
  /// write lock.
  public static func open(
    at url: URL, busyTimeout: Duration = .seconds(5)
  ) throws(DeskLogError) -> SQLiteDeskLog {
    let path = url.path
    return SQLiteDeskLog(
      path: path, busyTimeout: busyTimeout,
      opened: try connect(path: path, busyTimeout: busyTimeout))
  }

  private static func connect(
    path: String, busyTimeout: Duration
  ) throws(DeskLogError) -> (SQLiteConnection, DeskFiles.Identity) {
    let problem = DeskLogProblem(path: path, busyTimeout: busyTimeout)
    let identity = try DeskFiles.prepare(path: path, problem: problem)
    do {
      let connection = try SQLiteConnection(path: path, busyTimeout: busyTimeout)
      try DeskFiles.verify(connection, problem: problem)
      // SQLite's own reading (the write-ahead log included) decides; an error is a no.
      if let short = DeskFiles.suspectedTruncation(connection),
        (try? connection.texts("PRAGMA quick_check(1)")) != ["ok"]
      {
        throw DeskLogError.unavailable(problem.damaged(short))
      }
      // Persistent once set; readers then never block writers, nor writers readers.
      _ = try connection.texts("PRAGMA journal_mode = WAL")
      // Each entry is on disk when `log add` returns, power cut or not.
      try connection.execute("PRAGMA synchronous = FULL")
      let found = try DeskSchema.migrate(connection)
      if found > DeskSchema.latest {
        throw DeskLogError.unavailable(problem.newer(version: found))
      }
      return (connection, identity)
    } catch let failure as SQLiteFailure {
      throw problem.line(for: failure)
    } catch let error as DeskLogError {
      throw error
    } catch {
      throw .unavailable("\(path): error: \(error)")
    }
  }

  /// Runs `body` on the connection of the file now at `path`.
  private func using<Result>(
    _ body: (SQLiteConnection) throws(SQLiteFailure) -> Result
  ) throws(DeskLogError) -> Result {
    lock.lock()
    defer { lock.unlock() }
    let problem = DeskLogProblem(path: path, busyTimeout: busyTimeout)
    if DeskFiles.identity(path: path) != identity {
      (connection, identity) = try Self.connect(path: path, busyTimeout: busyTimeout)
      notice = problem.reopened()
    } else {
      try DeskFiles.verify(connection, problem: problem)
    }
    do {
      return try body(connection)
    } catch {
      throw problem.line(for: error)
    }
  }

  public func takeNotice() -> String? {
    lock.lock()
    defer { lock.unlock() }
    defer { notice = nil }
    return notice
  }

  public func record(_ entry: DeskEntry) throws(DeskLogError) {
    let entry = entry.bounded
    try using { connection throws(SQLiteFailure) in
      try connection.writing { () throws(SQLiteFailure) in
        try connection.run(
          "INSERT INTO entries (time, township, query, item_id, answer, note) VALUES (?, ?, ?, ?, ?, ?)",
          [
            .integer(DeskTime.milliseconds(entry.time)), .optional(entry.township),
            .text(entry.query), .text(entry.itemID), .text(entry.answer), .optional(entry.note),
          ])
      }
    }
  }

  public func recordMiss(_ miss: MissedSearch) throws(DeskLogError) {
    let miss = miss.bounded
    guard !miss.query.isEmpty else { return }
    try using { connection throws(SQLiteFailure) in
      try connection.writing { () throws(SQLiteFailure) in
        try connection.run(
          "INSERT INTO misses (time, query, township, reason) VALUES (?, ?, ?, ?)",
          [
            .integer(DeskTime.milliseconds(miss.time)), .text(miss.query),
            .optional(miss.township), .text(miss.reason.rawValue),
          ])
      }
    }
  }

  public func entries(since: Date?, until: Date?) throws(DeskLogError) -> [DeskEntry] {
    try using { connection throws(SQLiteFailure) in
      var entries: [DeskEntry] = []
      try connection.run(
        """
        SELECT time, township, query, item_id, answer, note FROM entries
        WHERE time >= ? AND time < ? ORDER BY time DESC, id DESC
        """, Self.period(since, until)
      ) { row in
        entries.append(
          DeskEntry(
            time: DeskTime.date(milliseconds: row.integer(0)), township: row.text(1),
            query: row.text(2) ?? "", itemID: row.text(3) ?? "", answer: row.text(4) ?? "",
            note: row.text(5)))
      }
      return entries
    }
  }

  public func misses(since: Date?, until: Date?) throws(DeskLogError) -> [MissedSearch] {
    try using { connection throws(SQLiteFailure) in
      var misses: [MissedSearch] = []
      try connection.run(
        """
        SELECT time, query, township, reason FROM misses
        WHERE time >= ? AND time < ? ORDER BY time DESC, id DESC
        """, Self.period(since, until)
      ) { row in
        misses.append(
          MissedSearch(
            time: DeskTime.date(milliseconds: row.integer(0)), query: row.text(1) ?? "",
            township: row.text(2),
            reason: MissedSearch.Reason(rawValue: row.text(3) ?? "") ?? .noHits))
      }
      return misses
    }
  }

  public func hotItems(since: Date, limit: Int) throws(DeskLogError) -> [HotItem] {
    let counts = try using { connection throws(SQLiteFailure) in
      var counts: [String: Int] = [:]
      try connection.run(
        "SELECT item_id, count(*) FROM entries WHERE time >= ? GROUP BY item_id",
        [.integer(DeskTime.milliseconds(since))]
      ) { row in counts[row.text(0) ?? "", default: 0] += Int(row.integer(1)) }
      return counts
    }
    return HotItem.ranked(counts: counts, limit: limit)
  }

  public func recentQueries(limit: Int) throws(DeskLogError) -> [String] {
    try using { connection throws(SQLiteFailure) in
      try connection.texts(
        "SELECT query FROM queries ORDER BY id DESC LIMIT ?", [.integer(Int64(max(0, limit)))])
    }
  }

  public func addQuery(_ query: String) throws(DeskLogError) {
    let text = DeskLimits.clip(query, limit: DeskLimits.query)
    guard !text.isEmpty else { return }
    try using { connection throws(SQLiteFailure) in
      try connection.writing { () throws(SQLiteFailure) in
        try connection.run("DELETE FROM queries WHERE query = ?", [.text(text)])
        try connection.run(
          "INSERT INTO queries (query, time) VALUES (?, ?)",
          [.text(text), .integer(DeskTime.milliseconds(Date()))])
        try connection.run(
          "DELETE FROM queries WHERE id <= (SELECT id FROM queries ORDER BY id DESC LIMIT 1 OFFSET ?)",
          [.integer(Int64(DeskLimits.history))])
      }
    }
  }

  public func marks() throws(DeskLogError) -> [String] {
    try using { connection throws(SQLiteFailure) in
      try connection.texts("SELECT item_id FROM marks ORDER BY id DESC")
    }
  }

  public func setMark(itemID: String, marked: Bool) throws(DeskLogError) {
    let id = DeskLimits.clip(itemID, limit: DeskLimits.name)
    guard !id.isEmpty else { return }
    try using { connection throws(SQLiteFailure) in
      try connection.writing { () throws(SQLiteFailure) in
        try connection.run("DELETE FROM marks WHERE item_id = ?", [.text(id)])
        if marked {
          try connection.run(
            "INSERT INTO marks (item_id, time) VALUES (?, ?)",
            [.text(id), .integer(DeskTime.milliseconds(Date()))])
        }
      }
    }
  }

  /// `since <= time < until` as bound values, an open end as the whole range.
  private static func period(_ since: Date?, _ until: Date?) -> [SQLiteValue] {
    [
      .integer(since.map(DeskTime.milliseconds) ?? .min),
      .integer(until.map(DeskTime.milliseconds) ?? .max),
    ]
  }
}
