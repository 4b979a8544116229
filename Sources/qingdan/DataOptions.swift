import ArgumentParser
import Foundation
import QingdanCore

/// `--data PATH`, shared by every command: which catalogues to load
/// (`BrowseCommand.load` loads them).
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

  /// Loads the catalogues and their search index for a command, through the one loading
  /// path (`BrowseCommand.load`); what could not be read is reported on stderr.
  func load() throws -> LoadedEngine {
    try BrowseCommand.load(paths: resolvedPaths(), forBrowser: false)
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
