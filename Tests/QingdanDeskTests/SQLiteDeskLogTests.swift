import Foundation
import Testing

@testable import QingdanCore
@testable import QingdanDesk

/// A fresh folder for one test, removed afterwards; never the user's own data folder.
final class ScratchFolder {
  let url: URL

  init() {
    url = FileManager.default.temporaryDirectory
      .appendingPathComponent("qingdan-desk-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  }

  deinit { try? FileManager.default.removeItem(at: url) }

  func file(_ name: String = "desk.sqlite") -> URL { url.appendingPathComponent(name) }
}

func mode(_ path: String) -> mode_t {
  var info = stat()
  stat(path, &info)
  return info.st_mode & 0o777
}

/// The line a `DeskLogError` gives, nil when `body` succeeds.
func unavailableLine(_ body: () throws -> Void) -> String? {
  do {
    try body()
    return nil
  } catch {
    return (error as? DeskLogError)?.description ?? "not a DeskLogError: \(error)"
  }
}

@Suite("desk: the SQLite log")
struct SQLiteDeskLogTests {
  @Test func keepsTheContract() throws {
    let scratch = ScratchFolder()
    var number = 0
    try DeskLogContract.all {
      number += 1
      return try SQLiteDeskLog.open(at: scratch.file("desk\(number).sqlite"))
    }
  }

  @Test func entriesLastAcrossOpens() throws {
    let scratch = ScratchFolder()
    let entry = DeskEntry(
      time: Date(timeIntervalSince1970: 1_800_000_000.1234), township: "大石头乡", query: "煤气罐",
      itemID: "大石头乡/basic/1", answer: "大石头乡负责 (基本履职)", note: "回电")
    try SQLiteDeskLog.open(at: scratch.file()).record(entry)
    try SQLiteDeskLog.open(at: scratch.file()).setMark(itemID: "x", marked: true)
    let reopened = try SQLiteDeskLog.open(at: scratch.file())
    #expect(try reopened.entries(since: nil, until: nil) == [entry.bounded])
    #expect(try reopened.marks() == ["x"])
  }

  @Test func createsFolderAndFileForTheOwnerOnly() throws {
    let scratch = ScratchFolder()
    let file = scratch.url.appendingPathComponent("data/qingdan/desk.sqlite")
    let log = try SQLiteDeskLog.open(at: file)
    try log.record(DeskEntry(time: Date(), query: "q", itemID: "i", answer: "a"))
    #expect(mode(scratch.url.appendingPathComponent("data").path) == 0o700)
    #expect(mode(file.deletingLastPathComponent().path) == 0o700)
    #expect(mode(file.path) == 0o600)
    // SQLite gives its write-ahead log and index the database file's mode.
    #expect(mode(file.path + "-wal") == 0o600)
    #expect(mode(file.path + "-shm") == 0o600)
  }

  @Test func isInWALMode() throws {
    let scratch = ScratchFolder()
    _ = try SQLiteDeskLog.open(at: scratch.file())
    let connection = try SQLiteConnection(path: scratch.file().path, busyTimeout: .seconds(1))
    #expect(try connection.texts("PRAGMA journal_mode") == ["wal"])
  }

  @Test func migratesAnEmptyDatabaseToTheLatestSchema() throws {
    let scratch = ScratchFolder()
    _ = try SQLiteDeskLog.open(at: scratch.file())
    let connection = try SQLiteConnection(path: scratch.file().path, busyTimeout: .seconds(1))
    #expect(try connection.integer("PRAGMA user_version") == Int64(DeskSchema.latest))
    let names = try connection.texts("SELECT name FROM sqlite_master ORDER BY name")
    #expect(
      names == [
        "entries", "entries_by_time", "marks", "misses", "misses_by_time", "queries",
        "sqlite_autoindex_marks_1", "sqlite_autoindex_queries_1",
      ])
  }

  @Test func migratesVersionOneKeepingItsRows() throws {
    let scratch = ScratchFolder()
    do {
      let old = try SQLiteConnection(path: scratch.file().path, busyTimeout: .seconds(1))
      #expect(try DeskSchema.migrate(old, to: 1) == 0)
      #expect(try old.integer("PRAGMA user_version") == 1)
      try old.run(
        "INSERT INTO entries (time, query, item_id, answer) VALUES (1000, '低保', 'a-1', '乡负责')")
    }
    let log = try SQLiteDeskLog.open(at: scratch.file())
    #expect(
      try log.entries(since: nil, until: nil)
        == [
          DeskEntry(time: Date(timeIntervalSince1970: 1), query: "低保", itemID: "a-1", answer: "乡负责")
        ])
    let connection = try SQLiteConnection(path: scratch.file().path, busyTimeout: .seconds(1))
    #expect(try connection.integer("PRAGMA user_version") == Int64(DeskSchema.latest))
    #expect(
      try connection.texts(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE '%by_time'"
      )
      .count == 2)
    // Migrating again finds the latest version and changes nothing.
    #expect(try DeskSchema.migrate(connection) == DeskSchema.latest)
  }

  @Test func refusesANewerSchema() throws {
    let scratch = ScratchFolder()
    _ = try SQLiteDeskLog.open(at: scratch.file())
    try SQLiteConnection(path: scratch.file().path, busyTimeout: .seconds(1))
      .execute("PRAGMA user_version = 99")
    let line = unavailableLine { _ = try SQLiteDeskLog.open(at: scratch.file()) }
    #expect(line?.contains("newer qingdan (schema 99") == true)
  }

  @Test func aFileThatIsNoDatabaseIsOneClearLine() throws {
    let scratch = ScratchFolder()
    let path = scratch.file().path
    try Data("部门\t电话\nnot a database at all, just text\n".utf8).write(to: scratch.file())
    let line = try #require(unavailableLine { _ = try SQLiteDeskLog.open(at: scratch.file()) })
    #expect(line.hasPrefix("\(path): error: not a desk log"))
    #expect(line.contains("mv \(path) \(path).damaged"))
    #expect(!line.contains("\n"))
  }

  @Test func aBadHeaderIsOneClearLine() throws {
    let scratch = ScratchFolder()
    try fillLog(scratch.file(), entries: 50)
    var bytes = try [UInt8](Data(contentsOf: scratch.file()))
    bytes.replaceSubrange(0..<16, with: Array("SQLite format 9\u{0}".utf8))
    try Data(bytes).write(to: scratch.file())
    let line = unavailableLine { _ = try SQLiteDeskLog.open(at: scratch.file()) }
    #expect(line?.contains("error: not a desk log") == true)
  }

  @Test func aTruncatedFileIsOneClearLine() throws {
    let scratch = ScratchFolder()
    try fillLog(scratch.file(), entries: 2000)
    let whole = try Data(contentsOf: scratch.file())
    #expect(whole.count > 64 * 1024)
    try whole.prefix(whole.count / 2).write(to: scratch.file())
    let line = unavailableLine { _ = try SQLiteDeskLog.open(at: scratch.file()) }
    #expect(line?.contains("error: the desk log is damaged (cut short") == true)
  }

  @Test func damagedPagesAreOneClearLineWhenRead() throws {
    let scratch = ScratchFolder()
    try fillLog(scratch.file(), entries: 2000)
    var bytes = try [UInt8](Data(contentsOf: scratch.file()))
    // Scribble over every page but the first: page headers and cells are garbage.
    for offset in stride(from: 4096, to: bytes.count, by: 7) { bytes[offset] = 0xA5 }
    try Data(bytes).write(to: scratch.file())
    let line = unavailableLine {
      let log = try SQLiteDeskLog.open(at: scratch.file())
      _ = try log.entries(since: nil, until: nil)
    }
    #expect(line?.contains("error: the desk log is damaged") == true)
  }

  @Test func aWriteLockHeldTooLongIsAnErrorNotAHang() throws {
    let scratch = ScratchFolder()
    let log = try SQLiteDeskLog.open(at: scratch.file(), busyTimeout: .milliseconds(300))
    let other = try SQLiteConnection(path: scratch.file().path, busyTimeout: .seconds(1))
    try other.execute("BEGIN IMMEDIATE")
    let started = ContinuousClock.now
    let line = unavailableLine {
      try log.record(DeskEntry(time: Date(), query: "q", itemID: "i", answer: "a"))
    }
    let waited = ContinuousClock.now - started
    #expect(line?.contains("error: the desk log stayed locked by another process") == true)
    #expect(waited >= .milliseconds(250))
    #expect(waited < .seconds(5))
    // Readers are not blocked by a writer (WAL).
    #expect(try log.entries(since: nil, until: nil).isEmpty)
    try other.execute("COMMIT")
    try log.record(DeskEntry(time: Date(), query: "q", itemID: "i", answer: "a"))
    #expect(try log.entries(since: nil, until: nil).count == 1)
  }

  @Test func aFileRemovedWhileOpenIsCreatedAgainAndSaysSoOnce() throws {
    let scratch = ScratchFolder()
    let log = try SQLiteDeskLog.open(at: scratch.file())
    try log.record(DeskEntry(time: Date(), query: "q", itemID: "old", answer: "a"))
    #expect(log.takeNotice() == nil)
    for suffix in ["", "-wal", "-shm"] {
      try? FileManager.default.removeItem(atPath: scratch.file().path + suffix)
    }
    try log.record(DeskEntry(time: Date(), query: "q", itemID: "new", answer: "a"))
    let notice = try #require(log.takeNotice())
    #expect(notice.hasPrefix(scratch.file().path + ": warning: the desk log was removed"))
    #expect(log.takeNotice() == nil)
    #expect(
      try SQLiteDeskLog.open(at: scratch.file()).entries(since: nil, until: nil).map(\.itemID) == [
        "new"
      ])
    #expect(mode(scratch.file().path) == 0o600)
  }

  @Test func aFileReplacedByGarbageWhileOpenIsReportedOnTheNextWrite() throws {
    let scratch = ScratchFolder()
    let log = try SQLiteDeskLog.open(at: scratch.file())
    try log.record(DeskEntry(time: Date(), query: "q", itemID: "i", answer: "a"))
    let garbage = scratch.file("garbage")
    try Data(repeating: 0x41, count: 8192).write(to: garbage)
    for suffix in ["-wal", "-shm"] {
      try? FileManager.default.removeItem(atPath: scratch.file().path + suffix)
    }
    #expect(rename(garbage.path, scratch.file().path) == 0)
    let line = unavailableLine {
      try log.record(DeskEntry(time: Date(), query: "q", itemID: "i", answer: "a"))
    }
    #expect(line?.contains("error: not a desk log") == true)
  }

  @Test func aFileOverwrittenInPlaceWhileOpenIsReportedOnTheNextWrite() throws {
    let scratch = ScratchFolder()
    let log = try SQLiteDeskLog.open(at: scratch.file())
    try log.record(DeskEntry(time: Date(), query: "q", itemID: "i", answer: "a"))
    let handle = try FileHandle(forWritingTo: scratch.file())
    try handle.write(contentsOf: Data("garbage garbage garbage".utf8))
    try handle.close()
    let line = unavailableLine {
      try log.record(DeskEntry(time: Date(), query: "q", itemID: "i", answer: "a"))
    }
    #expect(line?.contains("error: not a desk log") == true)
    #expect(unavailableLine { _ = try log.marks() }?.contains("error: not a desk log") == true)
  }

  @Test func aFolderInTheWayIsOneClearLine() throws {
    let scratch = ScratchFolder()
    try Data().write(to: scratch.file("plain"))
    let line = unavailableLine {
      _ = try SQLiteDeskLog.open(at: scratch.file("plain").appendingPathComponent("desk.sqlite"))
    }
    #expect(line?.contains("error: not a folder: give another file with --desk FILE") == true)
    let directory = unavailableLine { _ = try SQLiteDeskLog.open(at: scratch.url) }
    #expect(directory?.contains("error: not a file") == true)
  }

  @Test(.enabled(if: getuid() != 0, "root may write any file"))
  func aReadOnlyFileIsOneClearLine() throws {
    let scratch = ScratchFolder()
    try fillLog(scratch.file(), entries: 1)
    chmod(scratch.file().path, 0o400)
    let line = unavailableLine {
      try SQLiteDeskLog.open(at: scratch.file()).record(
        DeskEntry(time: Date(), query: "q", itemID: "i", answer: "a"))
    }
    #expect(line?.contains("cannot be written") == true || line?.contains("cannot open") == true)
  }

  @Test func concurrentWritersFromManyThreadsLoseNothing() async throws {
    let scratch = ScratchFolder()
    let url = scratch.file()
    _ = try SQLiteDeskLog.open(at: url)
    try await withThrowingTaskGroup(of: Void.self) { group in
      for writer in 0..<8 {
        group.addTask {
          // Each its own connection, as separate processes have.
          let log = try SQLiteDeskLog.open(at: url)
          for number in 0..<25 {
            try log.record(
              DeskEntry(time: Date(), query: "q", itemID: "w\(writer)-\(number)", answer: "a"))
          }
        }
      }
      try await group.waitForAll()
    }
    #expect(try SQLiteDeskLog.open(at: url).entries(since: nil, until: nil).count == 200)
  }

  private func fillLog(_ url: URL, entries: Int) throws {
    let log = try SQLiteDeskLog.open(at: url)
    for number in 0..<entries {
      try log.record(
        DeskEntry(
          time: Date(timeIntervalSince1970: Double(number)), query: "查询\(number)",
          itemID: "大石头乡/basic/\(number)", answer: String(repeating: "答", count: 40)))
    }
  }
}
