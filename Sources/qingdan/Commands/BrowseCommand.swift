import ArgumentParser
import Foundation
import QingdanCore
import QingdanDesk
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
    // Only the number here: the whole `--version` text looks up the cache, the resources
    // and the data, which no other run needs (see `main`).
    version: VersionInfo.version,
    subcommands: [
      StatsCommand.self, ListCommand.self, ShowCommand.self, CheckCommand.self,
      ExportCommand.self, ImportCommand.self, SearchCommand.self, WhoCommand.self,
      CompareCommand.self, DiffCommand.self, CacheCommand.self, LogCommand.self,
    ]
  )

  @OptionGroup var data: DataOptions
  /// The enquiry log `r`, misses, 热点, history and marks use.
  @OptionGroup var desk: DeskOptions

  /// Every command's way out: errors as `qingdan: error: …` on stderr (one format with the
  /// per-file messages, not ArgumentParser's `Error:`), help on stdout.
  static func main() {
    // A closed pipe is an ordinary write error (EPIPE), handled by `Output`, not a signal.
    signal(SIGPIPE, SIG_IGN)
    do {
      var command = try parseAsRoot()
      try command.run()
    } catch let error as CommandError {
      Output.error(error)
      Foundation.exit(error.status)
    } catch {
      let code = exitCode(for: error)
      if code == .success {
        let message = fullMessage(for: error)
        Output.write((message == VersionInfo.version ? VersionInfo.text() : message) + "\n")
      } else if !(error is ExitCode) {
        let message = message(for: error).trimmingCharacters(in: .whitespacesAndNewlines)
        Output.warn("error: \(message); see `qingdan help`")
      }
      Foundation.exit(code.rawValue)
    }
  }

  mutating func run() throws {
    guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
      throw CommandError(
        "the browser needs a terminal; in scripts and pipes use `qingdan search QUERY`, "
          + "`qingdan who MATTER`, `qingdan list` or `qingdan show ID` (see `qingdan --help`)")
    }
    let paths = try data.resolvedPaths()
    // Fail before taking over the screen when no path names a readable file.
    if let error = CatalogueLoader.nothingReadable(in: paths) {
      throw CommandError(lines: error.lines)
    }
    let contactsFile = try data.readContacts()
    let colors = ProcessInfo.processInfo.environment["NO_COLOR"].map(\.isEmpty) ?? true
    let desk = desk
    do {
      try BrowserRuntime.run(colors: colors) { progress in
        // Duty texts are read with the search index, after the first frame.
        let loaded = try BrowseCommand.load(
          paths: paths, deferringDutyTexts: true, progress: progress)
        let problems = BrowseCommand.problems(loaded.result)
        let contacts = DataOptions.contacts(
          contactsFile, for: loaded.catalogue, forBrowser: true)
        let note =
          problems.first.map { "\(problems.count) 个提示 (qingdan check 查看): \($0)" }
          ?? loaded.cacheWarning.map { _ in "索引缓存不可用 (qingdan cache 查看)" }
          ?? contacts.note
        // On a cold start the search index is built after the first frame, and the
        // snapshot written once it is.
        let engine = BrowseCommand.engine(loaded.search)
        // What it means for the operator first (the status line is short); `qingdan log`
        // prints the whole line again.
        let (log, problem) = desk.openForBrowser()
        return BrowserRuntime.Loaded(
          catalogue: loaded.catalogue, engine: engine, contacts: contacts.directory, note: note,
          desk: log,
          deskProblem: problem.map { "记录日志打不开，本次记录不保存 (qingdan log 看原因)：" + $0 })
      }
    } catch let error as TerminalError {
      throw CommandError(
        "\(error.description); or use `qingdan search QUERY` and the other commands without the browser"
      )
    } catch let error as BrowserRuntime.RunError {
      // The loader's error, carried across the loading thread as its text.
      throw CommandError(lines: error.description.split(separator: "\n").map(String.init))
    }
  }
}

/// The one loading path: the browser and every command load through `load`.
extension BrowseCommand {
  /// The one loading path. Nothing is printed (the browser's screen is its own: problems
  /// become a note in its status bar). On a cold start the catalogues come back indexed for
  /// browsing with the search engine still to build (the browser builds it after its
  /// first frame); on a snapshot hit the engine is ready. When nothing loads, every file's
  /// reason and one summary line are the error.
  ///
  /// - Parameter deferringDutyTexts: on a cold start, leave duty texts to the engine's build
  ///   (`SearchEngine.loadCatalogues`).
  static func load(
    paths: [String], deferringDutyTexts: Bool = false,
    progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil
  ) throws -> LoadedCatalogues {
    let resources: SearchResources
    do {
      // Compiled once into the cache directory and read in place after that.
      resources = try SearchResources.loadCompiled().resources
    } catch {
      throw CommandError("cannot load the search tables: \(error)")
    }
    do {
      return try SearchEngine.loadCatalogues(
        paths: paths, resources: resources, deferringDutyTexts: deferringDutyTexts,
        progress: progress)
    } catch {
      throw CommandError(lines: error.lines)
    }
  }

  /// The browser's engine: ready, or built after its first frame and then saved in the
  /// snapshot.
  static func engine(_ search: EngineReadiness) -> BrowserRuntime.Loaded.Engine {
    switch search {
    case .ready(let engine):
      return .ready(engine)
    case .toBuild(let pending):
      return .later {
        let built = pending.build()
        guard let snapshot = built.snapshot else { return (built.engine, nil) }
        let write: @Sendable () -> Void = { snapshot.write() }
        return (built.engine, write)
      }
    }
  }

  /// `load` for a command, which searches at once: the engine is built before returning
  /// (and a fresh snapshot written), and problems go to stderr.
  static func loadEngine(paths: [String]) throws -> LoadedEngine {
    let loaded = try load(paths: paths).withEngine()
    if let warning = loaded.cacheWarning { Output.warn(warning) }
    for line in problems(loaded.result) { Output.warn(line) }
    return loaded
  }

  /// One line per file that needs attention: what is wrong with the whole file (it gave
  /// nothing; another edition of its township), and how many of its rows could not be read
  /// (never silently dropped; the details are `qingdan check`'s job).
  static func problems(_ result: LoadResult) -> [String] {
    result.files.flatMap { file -> [String] in
      if file.township == nil {
        return file.diagnostics.first { $0.severity == .error }.map { [$0.description] } ?? []
      }
      let whole = file.diagnostics.filter { $0.line == 0 }.map(\.description)
      let rows = file.diagnostics.filter { $0.line > 0 && $0.severity == .error }.count
      guard rows > 0 else { return whole }
      return whole + [
        "\(file.file): warning: \(rows) line(s) could not be read; run `qingdan check \(file.file)` for details"
      ]
    }
  }
}
