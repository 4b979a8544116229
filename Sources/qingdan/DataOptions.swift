import ArgumentParser
import Foundation
import QingdanCore

/// `--data PATH`, shared by every command, and the one way the browser and the commands
/// load the catalogues (`load(paths:forBrowser:progress:)`).
struct DataOptions: ParsableArguments {
  @Option(
    name: .customLong("data"),
    help: ArgumentHelp(
      "A catalogue file or a directory of them (repeatable). Default: $QINGDAN_DATA, else the bundled catalogues.",
      valueName: "path"))
  var paths: [String] = []

  /// `--data`, else `$QINGDAN_DATA`, else the bundled catalogues.
  func resolvedPaths() throws -> [String] {
    do {
      return try CatalogueLoader.dataPaths(explicit: paths)
    } catch {
      throw CommandError(lines: error.lines)
    }
  }

  /// Loads the catalogues and their search index (through the snapshot cache) for a
  /// command; what could not be read is reported on stderr.
  func load() throws -> LoadedEngine {
    try Self.load(paths: resolvedPaths(), forBrowser: false)
  }

  /// The one loading path. For the browser nothing is printed (the screen is the
  /// browser's: problems become a note in its status bar) and the snapshot is written after
  /// its first frame; for a command, problems go to stderr. When nothing loads, every
  /// file's reason and one summary line are the error.
  static func load(
    paths: [String], forBrowser: Bool,
    progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil
  ) throws -> LoadedEngine {
    let resources: SearchResources
    do {
      resources = try SearchResources.loadDefault()
    } catch {
      throw CommandError("cannot load the search tables: \(error)")
    }
    let loaded: LoadedEngine
    do {
      loaded = try SearchEngine.load(
        paths: paths, resources: resources, writingSnapshotLater: forBrowser, progress: progress)
    } catch {
      throw CommandError(lines: error.lines)
    }
    if !forBrowser {
      for line in problems(loaded.result) { Output.warn(line) }
    }
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

  /// `--township` and `--list` as a search scope, checked against what was loaded.
  static func scope(township: String?, list: String?, index: CatalogueIndex) throws -> SearchScope {
    if let township, !index.townships.contains(township) {
      throw CommandError(
        "no township “\(township)” loaded; loaded: \(index.townships.joined(separator: ", "))")
    }
    let listKind = try list.map { value in
      guard let kind = ListKind(userInput: value) else {
        throw CommandError("unknown list “\(value)”; use basic, cooperative or recovered")
      }
      return kind
    }
    return SearchScope(township: township, list: listKind)
  }
}

/// A plain-language failure: printed as "qingdan: error: message" (or its lines, each
/// with the `qingdan: ` prefix) on stderr, exit status 1.
struct CommandError: Error, CustomStringConvertible {
  /// `PATH: error: …` or `error: …`.
  var lines: [String]

  init(_ message: String) { lines = ["error: " + message] }
  init(lines: [String]) { self.lines = lines }

  var description: String { lines.joined(separator: "\n") }
}
