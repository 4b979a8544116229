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

  /// `--data`, else `$QINGDAN_DATA`, else the bundled catalogues; checked to name files.
  func checkedPaths() throws -> [String] {
    do {
      let paths = try CatalogueLoader.dataPaths(explicit: paths)
      _ = try CatalogueLoader.files(in: paths)
      return paths
    } catch {
      throw CommandError(error.description)
    }
  }

  /// Loads the catalogues and their search index (through the snapshot cache) for a
  /// command; rows that could not be read are reported on stderr.
  func load() throws -> LoadedEngine {
    try Self.load(paths: checkedPaths(), forBrowser: false)
  }

  /// The one loading path. For the browser nothing is printed (the screen is the
  /// browser's: problems become a note in its status bar) and the snapshot is written after
  /// its first frame; for a command, problems go to stderr.
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
      throw CommandError(error.description)
    }
    if !forBrowser {
      if let warning = loaded.cacheWarning { Output.warn(warning) }
      report(loaded.result)
    }
    if loaded.result.catalogues.isEmpty {
      throw CommandError(
        "no catalogue could be loaded"
          + (forBrowser
            ? ": " + (loaded.result.errors.first?.description ?? "run `qingdan check` for details")
            : ""))
    }
    return loaded
  }

  /// Rows that could not be read are counted on stderr (never silently dropped); the
  /// details are `qingdan check`'s job.
  private static func report(_ result: LoadResult) {
    for file in result.files {
      let errors = file.diagnostics.filter { $0.severity == .error }
      guard !errors.isEmpty else { continue }
      if file.township == nil, let first = errors.first {
        Output.warn(first.description)
      } else {
        Output.warn(
          "\(file.file): \(errors.count) line(s) could not be read; run `qingdan check \(file.file)` for details"
        )
      }
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

/// A plain-language failure: printed as "qingdan: message" on stderr, exit status 1.
struct CommandError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}
