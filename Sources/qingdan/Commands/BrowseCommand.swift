import ArgumentParser
import Foundation
import QingdanCore
import QingdanTerminal

/// `qingdan` with no command: the browser. It is the root command, so it also lists the
/// others.
@main
struct BrowseCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "qingdan",
    abstract: "Browse and search township duty catalogues (乡镇履职事项清单): who handles a matter.",
    discussion: """
      With no command, qingdan opens the browser on the bundled catalogues.
      Catalogues: --data PATH (a file or a directory, repeatable), else $QINGDAN_DATA
      (colon-separated paths), else the catalogues bundled with qingdan.
      """,
    version: VersionInfo.text(),
    subcommands: [
      StatsCommand.self, ListCommand.self, ShowCommand.self, CheckCommand.self,
      ExportCommand.self, SearchCommand.self, WhoCommand.self, CacheCommand.self,
    ]
  )

  @OptionGroup var data: DataOptions

  mutating func run() throws {
    guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
      throw CommandError(
        "the browser needs a terminal; in scripts and pipes use `qingdan search QUERY`, "
          + "`qingdan who MATTER`, `qingdan list` or `qingdan show ID` (see `qingdan --help`)")
    }
    // Fail before taking over the screen when the paths are wrong.
    let paths = try data.checkedPaths()
    let colors = ProcessInfo.processInfo.environment["NO_COLOR"].map(\.isEmpty) ?? true
    do {
      try BrowserRuntime.run(colors: colors) { progress in
        let loaded = try DataOptions.load(paths: paths, forBrowser: true, progress: progress)
        let errors = loaded.result.errors.count
        let note =
          errors > 0
          ? "\(errors) 处无法读取 (qingdan check 查看)"
          : loaded.cacheWarning.map { _ in "索引缓存不可用 (qingdan cache 查看)" }
        var writeCache: (@Sendable () -> Void)? = nil
        if let pending = loaded.pendingSnapshot {
          writeCache = { pending.write() }
        }
        return BrowserRuntime.Loaded(
          engine: loaded.engine, note: note, afterFirstFrame: writeCache)
      }
    } catch let error as TerminalError {
      throw CommandError(
        "\(error.description); or use `qingdan search QUERY` and the other commands without the browser"
      )
    } catch let error as BrowserRuntime.RunError {
      throw CommandError(error.description)
    }
  }
}
