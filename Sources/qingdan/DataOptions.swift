import ArgumentParser
import Foundation
import QingdanCore

/// `--data PATH`: which catalogues to load.
struct CatalogueOptions: ParsableArguments {
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
}

/// `--data PATH` and `--contacts FILE`, shared by every command, and the one way the browser
/// and the commands load the catalogues (`load(paths:forBrowser:progress:)`) and the
/// contacts directory (`contacts(for:forBrowser:)`).
struct DataOptions: ParsableArguments {
  @OptionGroup var catalogues: CatalogueOptions

  @Option(
    name: .customLong("contacts"),
    help: ArgumentHelp(
      "The contacts directory (部门<TAB>电话<TAB>地址<TAB>办公时间<TAB>备注). Default: $XDG_CONFIG_HOME/qingdan/contacts.tsv, else ~/.config/qingdan/contacts.tsv, if it exists.",
      valueName: "file"))
  var contactsFile: String?

  func checkedPaths() throws -> [String] { try catalogues.checkedPaths() }

  /// The contacts directory matched against `catalogue`. Without `--contacts` a missing
  /// default file means no phones; a named file that cannot be read is an error. Rows that
  /// cannot be read are reported on stderr with file:line, or for the browser counted in
  /// `note`.
  func contacts(for catalogue: CatalogueIndex) throws -> ContactDirectory {
    Self.contacts(try readContacts(), for: catalogue, forBrowser: false).directory
  }

  static func contacts(_ file: ContactsFile?, for catalogue: CatalogueIndex, forBrowser: Bool) -> (
    directory: ContactDirectory, note: String?
  ) {
    guard let file else { return (.empty, nil) }
    let directory = ContactDirectory(file: file, catalogue: catalogue)
    let unused = directory.unusedRows.count
    if forBrowser {
      let problems = file.diagnostics.count + unused
      let isDefault =
        file.path == ContactsFile.defaultPath(environment: ProcessInfo.processInfo.environment)
      let check = isDefault ? "qingdan check contacts" : "qingdan check --contacts \(file.path)"
      return (directory, problems == 0 ? nil : "通讯录 \(problems) 行未用上 (\(check) 查看)")
    }
    for diagnostic in file.diagnostics { Output.warn(diagnostic.description) }
    if unused > 0 {
      Output.warn(
        "\(file.path): \(unused) row(s) match no loaded department or township; run `qingdan check --contacts \(file.path)` for details"
      )
    }
    return (directory, nil)
  }

  /// `--contacts FILE`, else the default file if it exists; nil when there is none.
  func readContacts() throws -> ContactsFile? {
    let environment = ProcessInfo.processInfo.environment
    guard let path = contactsFile ?? ContactsFile.defaultPath(environment: environment) else {
      return nil
    }
    if contactsFile == nil, !FileManager.default.fileExists(atPath: path) { return nil }
    do {
      return try ContactsFile.read(path: path)
    } catch {
      throw CommandError("\(error)")
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
    if !forBrowser { report(loaded.result) }
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
