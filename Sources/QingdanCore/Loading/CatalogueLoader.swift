import Foundation

/// One input file and what reading it gave.
public struct FileReport: Sendable, Equatable {
  public var file: String
  public var township: String?
  public var diagnostics: [Diagnostic]
  public var coverage: LineCoverage
}

/// Everything loaded from the given paths.
public struct LoadResult: Sendable, Equatable {
  public var catalogues: [Catalogue]
  public var files: [FileReport]

  public var diagnostics: [Diagnostic] { files.flatMap(\.diagnostics) }
  public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
}

public enum LoadError: Error, CustomStringConvertible, Sendable {
  case noSuchPath(String)
  case noCatalogues(directory: String)
  case noResources

  public var description: String {
    switch self {
    case .noSuchPath(let path):
      "\(path): no such file or directory"
    case .noCatalogues(let directory):
      "\(directory): no catalogue files (*.txt or *.tsv) in this directory; "
        + "give a catalogue file or a directory that holds some"
    case .noResources:
      "the bundled catalogues were not found (`qingdan --version` lists where qingdan looked); "
        + "reinstall qingdan (they belong in PREFIX/share/qingdan beside PREFIX/bin/qingdan), "
        + "set QINGDAN_RESOURCES to the resources folder, or give catalogues with --data PATH"
    }
  }
}

/// Finds catalogue files and reads them.
public enum CatalogueLoader {
  static let catalogueExtensions: Set<String> = ["txt", "tsv"]

  /// `--data` paths if any were given, else `$QINGDAN_DATA` (colon-separated), else the
  /// catalogues bundled in `Resources/catalogues`.
  public static func dataPaths(
    explicit: [String], environment: [String: String] = ProcessInfo.processInfo.environment
  ) throws(LoadError) -> [String] {
    if !explicit.isEmpty { return explicit }
    if let fromEnvironment = environment["QINGDAN_DATA"], !fromEnvironment.isEmpty {
      return fromEnvironment.split(separator: ":").map(String.init)
    }
    guard let resources = BundledResources.directory(environment: environment) else {
      throw .noResources
    }
    return [resources.appendingPathComponent("catalogues").path]
  }

  /// The catalogue files named by `paths`: files as given, directories' *.txt/*.tsv sorted.
  public static func files(in paths: [String]) throws(LoadError) -> [String] {
    var result: [String] = []
    for path in paths {
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
        throw .noSuchPath(path)
      }
      guard isDirectory.boolValue else {
        result.append(path)
        continue
      }
      let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
      let catalogues = names.filter { name in
        !name.hasPrefix(".")
          && catalogueExtensions.contains((name as NSString).pathExtension.lowercased())
      }.sorted()
      guard !catalogues.isEmpty else { throw .noCatalogues(directory: path) }
      result += catalogues.map { (path as NSString).appendingPathComponent($0) }
    }
    return result
  }

  public static func load(
    paths: [String], progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil
  ) throws(LoadError) -> LoadResult {
    let files = try files(in: paths)
    return assemble(files: files, results: parseConcurrently(files, progress: progress))
  }

  /// One report per file, in order; a township loaded twice is kept from its first file.
  static func assemble(files: [String], results: [ParseResult]) -> LoadResult {
    var catalogues: [Catalogue] = []
    var reports: [FileReport] = []
    // The source each township was first loaded from; a dictionary, as a search of the
    // catalogues per file is quadratic in the number of townships.
    var sourceOfTownship: [String: String] = [:]
    for (file, result) in zip(files, results) {
      var diagnostics = result.diagnostics
      if let catalogue = result.catalogue {
        if let earlierSource = sourceOfTownship[catalogue.township] {
          diagnostics.append(
            Diagnostic(
              severity: .error, file: file, line: 0,
              message: "\(catalogue.township) was already loaded from \(earlierSource); "
                + "this file was skipped (load each township once)"))
        } else {
          sourceOfTownship[catalogue.township] = catalogue.source
          catalogues.append(catalogue)
        }
      }
      reports.append(
        FileReport(
          file: file, township: result.catalogue?.township, diagnostics: diagnostics,
          coverage: result.coverage))
    }
    return LoadResult(catalogues: catalogues, files: reports)
  }

  /// Files are independent: parse them on every core, keep the results in file order.
  /// Each file's texts are interned as it finishes, so that its duplicate buffers are freed
  /// (and their memory reused) while the others are read.
  static func parseConcurrently(
    _ files: [String], progress: (@Sendable (Int, Int) -> Void)?
  ) -> [ParseResult] {
    parseConcurrently(count: files.count, progress: progress) { parse(file: files[$0]) }
  }

  static func parseConcurrently(
    count: Int, progress: (@Sendable (Int, Int) -> Void)?,
    parse: @Sendable (Int) -> ParseResult
  ) -> [ParseResult] {
    struct Shared {
      var results: [ParseResult?]
      var interner = TextInterner()
      var done = 0
    }
    let shared = Locked(Shared(results: Array(repeating: nil, count: count)))
    DispatchQueue.concurrentPerform(iterations: count) { index in
      var result = parse(index)
      let finished = shared.withLock { shared in
        if let catalogue = result.catalogue {
          result.catalogue = shared.interner.intern(catalogue)
        }
        shared.results[index] = result
        shared.done += 1
        return shared.done
      }
      progress?(finished, count)
    }
    return shared.withLock { $0.results.map { $0! } }
  }

  public static func parse(file: String) -> ParseResult {
    parse(file: file, contents: FileManager.default.contents(atPath: file))
  }

  /// Parses contents already read; nil contents means the file could not be read.
  static func parse(file: String, contents: Data?) -> ParseResult {
    guard let data = contents else {
      return ParseResult(
        catalogue: nil,
        diagnostics: [
          Diagnostic(
            severity: .error, file: file, line: 0,
            message: "cannot be read (is it a file you have permission to read?)")
        ], lineRoles: [])
    }
    return CatalogueParser.parse(data: data, file: file)
  }
}
