/// The desk log's tables, as an ordered list of migrations. A database at version n (its
/// `PRAGMA user_version`) has had the first n applied; opening it applies the rest in one
/// write transaction. Append new steps; never edit one that has shipped.
enum DeskSchema {
  static let migrations: [String] = [
    // 1: the four tables. Times are milliseconds since 1970 (UTC).
    """
    CREATE TABLE entries (
      id INTEGER PRIMARY KEY,
      time INTEGER NOT NULL,
      township TEXT,
      query TEXT NOT NULL,
      item_id TEXT NOT NULL,
      answer TEXT NOT NULL,
      note TEXT
    );
    CREATE TABLE misses (
      id INTEGER PRIMARY KEY,
      time INTEGER NOT NULL,
      query TEXT NOT NULL,
      township TEXT,
      reason TEXT NOT NULL
    );
    CREATE TABLE queries (
      id INTEGER PRIMARY KEY,
      query TEXT NOT NULL UNIQUE,
      time INTEGER NOT NULL
    );
    CREATE TABLE marks (
      id INTEGER PRIMARY KEY,
      item_id TEXT NOT NULL UNIQUE,
      time INTEGER NOT NULL
    );
    """,
    // 2: periods (`--since`, the 热点 node's last 7 days) read an index, not every row.
    """
    CREATE INDEX entries_by_time ON entries (time);
    CREATE INDEX misses_by_time ON misses (time);
    """,
  ]

  static var latest: Int { migrations.count }

  /// Brings `connection` from its version to `target` (default: latest) in one write
  /// transaction, and returns the version it found. Several processes opening a new file at
  /// once are serialised by the write lock; each reads the version inside it, so a step never
  /// runs twice. A version above `latest` (a newer qingdan's) is left alone.
  @discardableResult
  static func migrate(
    _ connection: SQLiteConnection, to target: Int = latest
  ) throws(SQLiteFailure) -> Int {
    try connection.writing { () throws(SQLiteFailure) -> Int in
      let found = Int(try connection.integer("PRAGMA user_version"))
      guard found < target else { return found }
      for step in migrations[found..<target] { try connection.execute(step) }
      try connection.execute("PRAGMA user_version = \(target)")
      return found
    }
  }
}
