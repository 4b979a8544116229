import ArgumentParser
import Foundation
import QingdanCore

/// `--data PATH`, shared by every command, and the one way commands load the catalogues.
struct DataOptions: ParsableArguments {
  @Option(
    name: .customLong("data"),
    help: ArgumentHelp(
      "A catalogue file or a directory of them (repeatable). Default: $QINGDAN_DATA, else the bundled catalogues.",
      valueName: "path"))
  var paths: [String] = []

  /// Loads and indexes the catalogues. Rows that could not be read are counted on stderr
  /// (never silently dropped); the details are `qingdan check`'s job.
  func loadIndex() throws -> CatalogueIndex {
    let result = try load()
    return CatalogueIndex(catalogues: result.catalogues)
  }

  func load() throws -> LoadResult {
    let result: LoadResult
    do {
      result = try CatalogueLoader.load(paths: try CatalogueLoader.dataPaths(explicit: paths))
    } catch {
      throw CommandError(error.description)
    }
    return try Self.reported(result)
  }

  /// Loads, indexes for searching (through the snapshot cache), and reports like `load()`.
  func loadEngine() throws -> SearchEngine {
    let resources: SearchResources
    do {
      resources = try SearchResources.loadDefault()
    } catch {
      throw CommandError("cannot load the search tables: \(error)")
    }
    let loaded: LoadedEngine
    do {
      loaded = try SearchEngine.load(
        paths: try CatalogueLoader.dataPaths(explicit: paths), resources: resources)
    } catch {
      throw CommandError(error.description)
    }
    if let warning = loaded.cacheWarning { Output.warn(warning) }
    _ = try Self.reported(loaded.result)
    return loaded.engine
  }

  /// Rows that could not be read are counted on stderr; no catalogue at all is an error.
  private static func reported(_ result: LoadResult) throws -> LoadResult {
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
    if result.catalogues.isEmpty {
      throw CommandError("no catalogue could be loaded")
    }
    return result
  }
}

/// A plain-language failure: printed as "qingdan: message" on stderr, exit status 1.
struct CommandError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}
