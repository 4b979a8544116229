import ArgumentParser
import Foundation
import QingdanCore

/// `qingdan cache [--json]` lists the index snapshots; `qingdan cache clear` removes them.
struct CacheCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "cache",
    abstract: "List the index cache's snapshots, or remove them (cache clear).",
    discussion: """
      One snapshot is kept per set of catalogue files, in $XDG_CACHE_HOME/qingdan (else
      ~/.cache/qingdan). Snapshots unused for 30 days are removed, and the least recently
      used ones whenever the cache grows past its budget: 1G, or $QINGDAN_CACHE_BUDGET
      (e.g. 500M). QINGDAN_NO_CACHE=1 turns the cache off.
      """,
    subcommands: [List.self, Clear.self],
    defaultSubcommand: List.self)

  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "list", abstract: "List the snapshots (the default).")

    @Flag(help: "Print JSON.") var json = false

    struct Entry: Codable {
      var path: String
      var bytes: Int
      var lastUsed: String
      var files: [String]
      var problem: String?
    }

    struct Listing: Codable {
      var directory: String?
      var disabled: String?
      var budget: Int
      var budgetProblem: String?
      var totalBytes: Int
      var snapshots: [Entry]
    }

    func run() throws {
      let store = SnapshotStore()
      let snapshots = store.list()
      let listing = Listing(
        directory: store.directory, disabled: store.disabledReason, budget: store.limits.budget,
        budgetProblem: store.limits.problem, totalBytes: snapshots.reduce(0) { $0 + $1.bytes },
        snapshots: snapshots.map {
          Entry(
            path: $0.path, bytes: $0.bytes, lastUsed: $0.lastUsed.ISO8601Format(),
            files: $0.files, problem: $0.problem)
        })
      if json {
        try Output.json(listing)
        return
      }
      if let problem = store.limits.problem { Output.warn("warning: \(problem)") }
      guard let directory = store.directory else {
        Output.print("cache off: \(store.disabledReason ?? "no cache directory")")
        return
      }
      Output.print(
        "\(TerminalText.sanitized(directory)): \(snapshots.count) snapshot(s), "
          + "\(CacheLimits.describe(bytes: listing.totalBytes)) of "
          + "\(CacheLimits.describe(bytes: store.limits.budget))")
      for snapshot in snapshots {
        Output.print(
          "\(TerminalText.sanitized(snapshot.path))  \(CacheLimits.describe(bytes: snapshot.bytes))  "
            + "last used \(CacheCommand.timestamp(snapshot.lastUsed))")
        if let problem = snapshot.problem { Output.print("  \(problem)") }
        for file in snapshot.files { Output.print("  \(TerminalText.sanitized(file))") }
      }
    }
  }

  struct Clear: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "clear",
      abstract: "Remove every snapshot and compiled search table; the next start rebuilds them.")

    func run() throws {
      let store = SnapshotStore()
      guard let directory = store.directory else {
        Output.print("cache off: \(store.disabledReason ?? "no cache directory")")
        return
      }
      let (removed, failures) = store.clear()
      for failure in failures {
        Output.warn("\(TerminalText.sanitized(failure)): error: not removed")
      }
      let snapshots = removed.filter {
        SnapshotStore.isSnapshotName(($0.path as NSString).lastPathComponent)
      }
      Output.print(
        "removed \(snapshots.count) snapshot(s) and \(removed.count - snapshots.count) "
          + "compiled search table file(s), "
          + "\(CacheLimits.describe(bytes: removed.reduce(0) { $0 + $1.bytes })), "
          + "from \(TerminalText.sanitized(directory))")
      if !failures.isEmpty { throw ExitCode.failure }
    }
  }

  /// Local time, to the minute: "2026-12-01 14:05".
  static func timestamp(_ date: Date) -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.dateFormat = "yyyy-MM-dd HH:mm"
    return formatter.string(from: date)
  }
}
