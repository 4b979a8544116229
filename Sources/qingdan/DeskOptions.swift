import ArgumentParser
import Foundation
import QingdanCore
import QingdanDesk

/// `--desk FILE`: which desk log the `log` commands use (default
/// `$XDG_DATA_HOME/qingdan/desk.sqlite`, else `~/.local/share/qingdan/desk.sqlite`).
struct DeskOptions: ParsableArguments {
  @Option(
    name: .customLong("desk"),
    help: ArgumentHelp(
      "The desk log (SQLite). Default: $XDG_DATA_HOME/qingdan/desk.sqlite, else ~/.local/share/qingdan/desk.sqlite.",
      valueName: "file"))
  var file: String?

  /// Opens (creating if needed) the log; every failure is its one line, exit status 2.
  func open() throws -> SQLiteDeskLog {
    do {
      return try openLog()
    } catch {
      throw Self.failure(error)
    }
  }

  /// For the browser: the log on disk, or, when it cannot be used, a log in memory and the
  /// line to show in the status bar. The browser keeps working either way.
  func openForBrowser() -> (log: any DeskLog, problem: String?) {
    do {
      return (try openLog(), nil)
    } catch {
      return (MemoryDeskLog(), error.description)
    }
  }

  private func openLog() throws(DeskLogError) -> SQLiteDeskLog {
    guard let url = file.map({ URL(fileURLWithPath: $0) }) ?? DeskLocation.default else {
      throw .unavailable(
        "error: no place for the desk log: set HOME or XDG_DATA_HOME, or give --desk FILE")
    }
    return try SQLiteDeskLog.open(at: url)
  }

  /// Runs `body` on the open log, its failure as the one line.
  func using<Result>(_ body: (SQLiteDeskLog) throws(DeskLogError) -> Result) throws -> Result {
    let log = try open()
    do {
      return try body(log)
    } catch {
      throw Self.failure(error)
    }
  }

  /// Refuses `text` longer than `limit` characters: the log keeps no more, and cutting
  /// what a script recorded would lose it silently.
  static func check(_ text: String?, _ option: String, limit: Int) throws {
    guard let text, text.count > limit else { return }
    throw CommandError(
      "\(option) is \(text.count) characters long; the log keeps at most \(limit)", status: 2)
  }

  static func failure(_ error: DeskLogError) -> CommandError {
    CommandError(lines: [error.description], status: 2)
  }
}

/// `--since DATE` and `--until DATE`: the period a `log` command looks at.
struct PeriodOptions: ParsableArguments {
  @Option(help: ArgumentHelp("From this day or time on. \(DeskDate.help).", valueName: "date"))
  var since: String?
  @Option(
    help: ArgumentHelp(
      "Up to this day (the whole day) or time. \(DeskDate.help).", valueName: "date"))
  var until: String?

  /// `since <= time < until`, either end open.
  func period() throws -> (since: Date?, until: Date?) {
    (try Self.date(since, "--since", as: .since), try Self.date(until, "--until", as: .until))
  }

  static func date(_ text: String?, _ option: String, as bound: DeskDate.Bound) throws -> Date? {
    guard let text else { return nil }
    guard let date = DeskDate.parse(text, as: bound) else {
      throw CommandError("\(option) “\(text)” is not a date; use \(DeskDate.help)", status: 2)
    }
    return date
  }
}
