import CSQLite
import Foundation

/// An SQLite result code other than OK/ROW/DONE, with SQLite's own words.
struct SQLiteFailure: Error, Equatable {
  /// The primary result code (`SQLITE_BUSY`, `SQLITE_CORRUPT`, …).
  var code: Int32
  var message: String
}

/// One connection to one database file: statements run, values bound and read. Not
/// thread-safe by itself; `SQLiteDeskLog` serialises its use.
final class SQLiteConnection {
  private let handle: OpaquePointer

  /// Opens (creating if needed) `path` read-write; `busyTimeout` is how long a statement
  /// waits for another connection's lock before failing with `SQLITE_BUSY`.
  init(path: String, busyTimeout: Duration) throws(SQLiteFailure) {
    var opened: OpaquePointer?
    let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX
    let code = sqlite3_open_v2(path, &opened, flags, nil)
    guard let opened else { throw SQLiteFailure(code: code, message: "out of memory") }
    guard code == SQLITE_OK else {
      let failure = SQLiteFailure(
        code: code & 0xFF, message: String(cString: sqlite3_errmsg(opened)))
      sqlite3_close_v2(opened)
      throw failure
    }
    handle = opened
    sqlite3_extended_result_codes(handle, 0)
    let milliseconds =
      busyTimeout.components.seconds * 1000
      + busyTimeout.components.attoseconds / 1_000_000_000_000_000
    sqlite3_busy_timeout(handle, Int32(clamping: milliseconds))
  }

  deinit { sqlite3_close_v2(handle) }

  /// Runs `sql` (one or more statements, no values).
  func execute(_ sql: String) throws(SQLiteFailure) {
    let code = sqlite3_exec(handle, sql, nil, nil, nil)
    guard code == SQLITE_OK else { throw failure(code) }
  }

  /// Runs one statement with `values` bound to its `?`s, calling `row` for each result row.
  func run(
    _ sql: String, _ values: [SQLiteValue] = [], row: (SQLiteRow) -> Void = { _ in }
  ) throws(SQLiteFailure) {
    var prepared: OpaquePointer?
    let code = sqlite3_prepare_v2(handle, sql, -1, &prepared, nil)
    guard code == SQLITE_OK, let statement = prepared else { throw failure(code) }
    defer { sqlite3_finalize(statement) }
    for (offset, value) in values.enumerated() {
      let position = Int32(offset + 1)
      let bound: Int32
      switch value {
      case .integer(let number): bound = sqlite3_bind_int64(statement, position, number)
      case .text(let text):
        bound = sqlite3_bind_text(statement, position, text, -1, qd_sqlite_transient())
      case .null: bound = sqlite3_bind_null(statement, position)
      }
      guard bound == SQLITE_OK else { throw failure(bound) }
    }
    while true {
      let step = sqlite3_step(statement)
      if step == SQLITE_DONE { return }
      guard step == SQLITE_ROW else { throw failure(step) }
      row(SQLiteRow(statement: statement))
    }
  }

  /// The first column of the first row as an integer (0 when there is none).
  func integer(_ sql: String, _ values: [SQLiteValue] = []) throws(SQLiteFailure) -> Int64 {
    var result: Int64 = 0
    try run(sql, values) { result = $0.integer(0) }
    return result
  }

  /// The first column of each row as text.
  func texts(_ sql: String, _ values: [SQLiteValue] = []) throws(SQLiteFailure) -> [String] {
    var result: [String] = []
    try run(sql, values) { result.append($0.text(0) ?? "") }
    return result
  }

  /// The main database file's first `count` bytes (fewer when it is shorter) and its size,
  /// read through SQLite's own file descriptor. Opening and closing another descriptor on
  /// the file would drop this process's POSIX locks on it (they belong to the process, not
  /// the descriptor), and another process could then checkpoint and delete the
  /// write-ahead log under this connection: writes lost without an error.
  func fileStart(_ count: Int) -> (bytes: [UInt8], size: Int64)? {
    var pointer: UnsafeMutablePointer<sqlite3_file>?
    guard sqlite3_file_control(handle, "main", SQLITE_FCNTL_FILE_POINTER, &pointer) == SQLITE_OK,
      let file = pointer, let methods = file.pointee.pMethods,
      let read = methods.pointee.xRead, let fileSize = methods.pointee.xFileSize
    else { return nil }
    var size: sqlite3_int64 = 0
    guard fileSize(file, &size) == SQLITE_OK else { return nil }
    var bytes = [UInt8](repeating: 0, count: count)
    let code = bytes.withUnsafeMutableBytes { read(file, $0.baseAddress, Int32(count), 0) }
    // SQLITE_IOERR_SHORT_READ (a macro Swift does not import): the file is shorter.
    guard code == SQLITE_OK || code == SQLITE_IOERR | (2 << 8) else { return nil }
    return (Array(bytes.prefix(Int(min(Int64(count), size)))), Int64(size))
  }

  /// `body` inside `BEGIN IMMEDIATE … COMMIT`: the write lock is taken first (waiting up to
  /// the busy timeout), so two writers never deadlock upgrading a read; rolled back on error.
  func writing<Result>(_ body: () throws(SQLiteFailure) -> Result) throws(SQLiteFailure) -> Result {
    try execute("BEGIN IMMEDIATE")
    do {
      let result = try body()
      try execute("COMMIT")
      return result
    } catch {
      sqlite3_exec(handle, "ROLLBACK", nil, nil, nil)
      throw error
    }
  }

  private func failure(_ code: Int32) -> SQLiteFailure {
    SQLiteFailure(code: code & 0xFF, message: String(cString: sqlite3_errmsg(handle)))
  }
}

enum SQLiteValue {
  case integer(Int64)
  case text(String)
  case null

  static func optional(_ text: String?) -> SQLiteValue { text.map(SQLiteValue.text) ?? .null }
}

/// The current row of a running statement.
struct SQLiteRow {
  fileprivate let statement: OpaquePointer

  func integer(_ column: Int32) -> Int64 { sqlite3_column_int64(statement, column) }

  func text(_ column: Int32) -> String? {
    guard sqlite3_column_type(statement, column) != SQLITE_NULL,
      let bytes = sqlite3_column_text(statement, column)
    else { return nil }
    let count = Int(sqlite3_column_bytes(statement, column))
    return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
  }
}
