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
  /// For a load that deferred duty texts: what reads each catalogue's (nil where they are
  /// read), in the order of `catalogues`; empty otherwise.
  var pendingDutyTexts: [PendingDutyTexts?] = []

  /// Whether some items' duty texts are `.pending` (see `completingDutyTexts`).
  public var hasPendingDutyTexts: Bool { pendingDutyTexts.contains { $0 != nil } }

  /// The result with every duty text read, on every core: what a load that did not defer
  /// them gives. Each catalogue's texts are interned as it finishes (as `parseConcurrently`
  /// does for a whole parse).
  public func completingDutyTexts() -> LoadResult {
    guard hasPendingDutyTexts else { return self }
    let shared = Locked((catalogues: catalogues, interner: TextInterner()))
    DispatchQueue.concurrentPerform(iterations: catalogues.count) { index in
      let items = pendingDutyTexts[index]?.read()
      shared.withLock { shared in
        if let items { shared.catalogues[index].items = CatalogueItems(items) }
        shared.catalogues[index] = shared.interner.intern(shared.catalogues[index])
      }
    }
    var completed = self
    completed.catalogues = shared.withLock { shared in
      defer { shared.catalogues = [] }
      return shared.catalogues
    }
    completed.pendingDutyTexts = []
    // The files' rows and the duty-text memo the pending readers held, and the interner's
    // tables: done with.
    MemoryRelease.inBackground((pendingDutyTexts, consume shared))
    return completed
  }

  public var diagnostics: [Diagnostic] { files.flatMap(\.diagnostics) }
  public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
}

public enum LoadError: Error, CustomStringConvertible, Sendable {
  case noResources
  /// No catalogue came out of any path; each file's report says why.
  case nothingLoaded(files: [FileReport])

  public var description: String { lines.joined(separator: "\n") }

  /// Each a `PATH: error: …` or `error: …` line, for a `qingdan: ` prefix.
  public var lines: [String] {
    switch self {
    case .noResources:
      [
        "error: the bundled catalogues were not found (`qingdan --version` lists where qingdan looked); "
          + "reinstall qingdan (they belong in PREFIX/share/qingdan beside PREFIX/bin/qingdan), "
          + "set QINGDAN_RESOURCES to the resources folder, or give catalogues with --data PATH"
      ]
    case .nothingLoaded(let files):
      files.compactMap { file in
        (file.diagnostics.first { $0.severity == .error } ?? file.diagnostics.first)?.description
      }
        + [
          "error: no catalogue could be loaded from "
            + (files.count == 1 ? "the given path" : "any of the \(files.count) paths")
            + "; give catalogue files with --data PATH (`qingdan check PATH` explains each line)"
        ]
    }
  }
}

/// Finds catalogue files and reads them.
public enum CatalogueLoader {
  static let catalogueExtensions = CatalogueImport.fileExtensions

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

  /// Whether `path` is named like a catalogue file (every format `CatalogueImport` reads or explains).
  static func isCatalogueName(_ path: String) -> Bool {
    // The extension found among the bytes (a search by `Character` walks grapheme breaks
    // through the whole name, a thousand names at every start).
    var path = path
    let suffix: String? = path.withUTF8 { bytes in
      guard let dot = bytes.lastIndex(of: UInt8(ascii: ".")),
        !bytes[dot...].contains(UInt8(ascii: "/"))
      else { return nil }
      return String(decoding: bytes[(dot + 1)...], as: UTF8.self)
    }
    return suffix.map { catalogueExtensions.contains($0.lowercased()) } ?? false
  }

  /// The files to read for `paths`: files as given, directories' catalogue files sorted. A path
  /// that cannot give any (missing, unlistable, a directory without catalogue files) is
  /// kept as it is, so that reading it reports why (`PathProblem`) and the other paths still
  /// load. A file named twice is kept once. Never throws today; kept `throws` for callers.
  public static func files(in paths: [String]) throws(LoadError) -> [String] {
    var result: [String] = []
    for path in paths {
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory),
        isDirectory.boolValue, PathProblem.ofDirectory(path) == nil
      else {
        result.append(path)
        continue
      }
      let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
      // By bytes: code point order, as `String`'s `<` gives for the (NFC) names a folder
      // holds, without normalising a province's names for every comparison; each name's
      // bytes taken once (16,000 comparisons for a province's 1,000 files).
      let catalogues = names.filter { !$0.hasPrefix(".") && isCatalogueName($0) }
        .map { (bytes: Array($0.utf8), name: $0) }
        .sorted { $0.bytes.lexicographicallyPrecedes($1.bytes) }
        .map(\.name)
      if catalogues.isEmpty { result.append(path) }
      var folder = Substring(path)
      while folder.count > 1, folder.hasSuffix("/") { folder.removeLast() }
      let prefix = folder.hasSuffix("/") ? String(folder) : folder + "/"
      result += catalogues.map { prefix + $0 }
    }
    // A file named twice (`--data a.txt --data .`) is read once; one path names each
    // file once.
    guard paths.count > 1 else { return result }
    let workingDirectory = FileManager.default.currentDirectoryPath
    var seen = Set<String>()
    return result.filter {
      seen.insert(lexicallyAbsolute($0, from: workingDirectory)).inserted
    }
  }

  /// `path` made absolute and its `.`, `..` and empty components resolved by its text alone
  /// (as `URL.standardizedFileURL` does, at a fraction of the cost for a thousand files).
  static func lexicallyAbsolute(_ path: String, from workingDirectory: String) -> String {
    let full = path.hasPrefix("/") ? path : workingDirectory + "/" + path
    var components: [Substring] = []
    for component in full.split(separator: "/", omittingEmptySubsequences: true) {
      switch component {
      case ".": continue
      case "..": _ = components.popLast()
      default: components.append(component)
      }
    }
    return "/" + components.joined(separator: "/")
  }

  public static func load(
    paths: [String], progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil
  ) throws(LoadError) -> LoadResult {
    let files = try files(in: paths)
    return parseAndAssemble(files: files, progress: progress, deferringDutyTexts: false) {
      FileManager.default.contents(atPath: files[$0])
    }
  }

  /// Parses `files` (each one's bytes from `contents`, nil for unreadable) on every core
  /// and assembles the result. The duty-text memo and each line's role are done with then:
  /// hundreds of thousands of small buffers, freed on another thread while the caller
  /// builds its index (a tenth of a second at 1,000 townships).
  ///
  /// - Parameter deferringDutyTexts: leave text files' duty texts `.pending` (and texts not
  ///   interned) for `LoadResult.completingDutyTexts`.
  static func parseAndAssemble(
    files: [String], progress: (@Sendable (Int, Int) -> Void)?, deferringDutyTexts: Bool,
    contents: @Sendable (Int) -> Data?
  ) -> LoadResult {
    let memo = CellMemo()
    let results = parseConcurrently(
      count: files.count, progress: progress, interning: !deferringDutyTexts
    ) { index in
      parse(
        file: files[index], contents: contents(index), memo: memo,
        deferringDutyTexts: deferringDutyTexts)
    }
    let loaded = assemble(files: files, results: results)
    MemoryRelease.inBackground((consume memo, consume results))
    return loaded
  }

  /// One report per file, in order. A township found in several files is loaded from its
  /// newest edition (`Editions`); both files get a warning naming the other.
  static func assemble(files: [String], results: [ParseResult]) -> LoadResult {
    // Every catalogue of every file (a workbook may hold several townships), each with the
    // file it came from; editions are chosen among them.
    let entries = results.indices.flatMap { index in
      results[index].catalogues.map { (file: index, catalogue: $0) }
    }
    var entryDiagnostics = entries.map { _ in [Diagnostic]() }
    let chosen = Editions.choose(
      files: entries.map { files[$0.file] }, catalogues: entries.map(\.catalogue),
      diagnostics: &entryDiagnostics)
    let catalogues = entries.indices.compactMap {
      chosen.contains($0) ? entries[$0].catalogue : nil
    }
    // A file's pending duty texts are those of its first catalogue (see `ParseResult`).
    let pending = entries.indices.compactMap { (entry: Int) -> PendingDutyTexts?? in
      guard chosen.contains(entry) else { return nil }
      let file = entries[entry].file
      let isFirst = entry == 0 || entries[entry - 1].file != file
      return .some(isFirst ? results[file].pendingDutyTexts : nil)
    }
    var diagnostics = results.map(\.diagnostics)
    for (entry, extra) in zip(entries, entryDiagnostics) {
      diagnostics[entry.file] += extra
    }
    let reports = results.indices.map { index in
      FileReport(
        file: files[index],
        township: results[index].catalogue == nil
          ? nil : results[index].catalogues.map(\.township).joined(separator: "、"),
        diagnostics: diagnostics[index], coverage: results[index].coverage)
    }
    return LoadResult(
      catalogues: catalogues, files: reports,
      pendingDutyTexts: pending.contains { $0 != nil } ? pending : [])
  }

  /// Files are independent: parse them on every core, keep the results in file order.
  /// Each file's texts are interned as it finishes (unless not `interning`), so that its
  /// duplicate buffers are freed (and their memory reused) while the others are read.
  static func parseConcurrently(
    count: Int, progress: (@Sendable (Int, Int) -> Void)?, interning: Bool = true,
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
        if interning, let catalogue = result.catalogue {
          result.catalogue = shared.interner.intern(catalogue)
        }
        if interning {
          result.otherCatalogues = result.otherCatalogues.map { shared.interner.intern($0) }
        }
        shared.results[index] = result
        shared.done += 1
        return shared.done
      }
      progress?(finished, count)
    }
    let results = shared.withLock { shared in
      defer { shared.results = [] }
      return shared.results.map { $0! }
    }
    // The interner's tables (every distinct text of the load) are done with: freeing them
    // took some 65 ms of a cold start at 1,000 townships, before its first frame.
    MemoryRelease.inBackground(consume shared)
    return results
  }

  public static func parse(file: String) -> ParseResult {
    parse(file: file, contents: FileManager.default.contents(atPath: file))
  }

  /// Parses contents already read; nil contents means the file could not be read.
  /// - Parameter memo: cells already read by other files of the same load.
  static func parse(
    file: String, contents: Data?, memo: CellMemo = CellMemo(),
    deferringDutyTexts: Bool = false
  ) -> ParseResult {
    guard let data = contents else {
      let problem = PathProblem.ofFile(file) ?? .unreadable(reason: "reading failed")
      return ParseResult(
        catalogue: nil,
        diagnostics: [Diagnostic(severity: .error, file: file, line: 0, message: problem.message)],
        lineRoles: [])
    }
    return CatalogueImport.parse(
      data: data, file: file, memo: memo, deferringDutyTexts: deferringDutyTexts)
  }
}
