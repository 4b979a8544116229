import ArgumentParser
import Foundation
import QingdanCore

/// `--data PATH`: which catalogues to load (`BrowseCommand.load` loads them).
struct CatalogueOptions: ParsableArguments {
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
}

/// `--data PATH` and `--contacts FILE`, shared by every command, and the contacts directory
/// (`contacts(for:forBrowser:)`); `BrowseCommand.load` is the one loading path.
struct DataOptions: ParsableArguments {
  @OptionGroup var catalogues: CatalogueOptions

  @Option(
    name: .customLong("contacts"),
    help: ArgumentHelp(
      "The contacts directory (部门<TAB>电话<TAB>地址<TAB>办公时间<TAB>备注). Default: $XDG_CONFIG_HOME/qingdan/contacts.tsv, else ~/.config/qingdan/contacts.tsv, if it exists.",
      valueName: "file"))
  var contactsFile: String?

  func resolvedPaths() throws -> [String] { try catalogues.resolvedPaths() }

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

  /// Loads the catalogues and their search index for a command, through the one loading
  /// path (`BrowseCommand.load`); what could not be read is reported on stderr.
  ///
  /// The engine is kept until the process exits: a command ends right after its answer,
  /// and the kernel takes the memory back at once where tearing the index down piece by
  /// piece costs more than the query at 1,000 townships (clang's `-disable-free`).
  func load() throws -> LoadedEngine {
    let loaded = try BrowseCommand.loadEngine(paths: resolvedPaths())
    _ = Unmanaged.passRetained(KeptUntilExit(loaded))
    return loaded
  }

  /// The catalogues alone, without the search tables and index, for commands that only
  /// look items up by id (`log add`, `log stats`): the same files and the same problems on
  /// stderr as `load`, a fraction of its start-up time.
  func loadCatalogue() throws -> CatalogueIndex {
    let paths = try resolvedPaths()
    let result: LoadResult
    do {
      result = try CatalogueLoader.load(paths: paths)
    } catch {
      throw CommandError(lines: error.lines)
    }
    guard !result.catalogues.isEmpty else {
      throw CommandError(lines: LoadError.nothingLoaded(files: result.files).lines)
    }
    for line in BrowseCommand.problems(result) { Output.warn(line) }
    return CatalogueIndex(catalogues: result.catalogues)
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
/// with the `qingdan: ` prefix) on stderr, exit status `status` (1 unless said).
struct CommandError: Error, CustomStringConvertible {
  /// `PATH: error: …` or `error: …`.
  var lines: [String]
  var status: Int32 = 1

  init(_ message: String, status: Int32 = 1) {
    lines = ["error: " + message]
    self.status = status
  }

  init(lines: [String], status: Int32 = 1) {
    self.lines = lines
    self.status = status
  }

  var description: String { lines.joined(separator: "\n") }
}

/// A value retained and never released (see `DataOptions.load`).
private final class KeptUntilExit: Sendable {
  let value: LoadedEngine
  init(_ value: LoadedEngine) { self.value = value }
}
