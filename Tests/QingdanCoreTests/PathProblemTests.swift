import Foundation
import Testing

@testable import QingdanCore

/// Every path that gives nothing gets its own cause, is reported and skipped; the load
/// fails only when nothing at all loads.
@Suite("Path problems")
struct PathProblemTests {
  let directory = CacheFixtures.temporaryDirectory("paths")
  var root: String { directory.path }
  static let noCache = SnapshotStore(environment: ["QINGDAN_NO_CACHE": "1"])

  func path(_ name: String) -> String { (root as NSString).appendingPathComponent(name) }

  func firstError(loading paths: [String]) throws -> String? {
    let result = try CatalogueLoader.load(paths: paths)
    return result.files.first?.diagnostics.first?.description
  }

  @Test func eachCauseHasItsOwnMessage() throws {
    let fifo = path("fifo.txt")
    #expect(mkfifo(fifo, 0o600) == 0)
    try FileManager.default.createSymbolicLink(
      atPath: path("dangling.txt"), withDestinationPath: "gone.txt")
    try FileManager.default.createSymbolicLink(
      atPath: path("loop.txt"), withDestinationPath: "loop.txt")
    try FileManager.default.createDirectory(
      atPath: path("named.txt"), withIntermediateDirectories: false)
    try FileManager.default.createDirectory(
      atPath: path("empty"), withIntermediateDirectories: false)
    let expected: [(String, String)] = [
      (fifo, "not a regular file but a FIFO (named pipe)"),
      ("/dev/null", "not a regular file but a character device"),
      (path("dangling.txt"), "a symbolic link to “gone.txt”, which does not exist"),
      (path("loop.txt"), "a symbolic link that points back to itself"),
      (path("named.txt"), "a directory named like a catalogue file"),
      (path("empty"), "a directory with no catalogue files"),
      (path("missing.txt"), "no such file or directory"),
    ]
    for (file, message) in expected {
      let line = try #require(try firstError(loading: [file]))
      #expect(line.hasPrefix("\(file): error: \(message)"), "\(line)")
    }
  }

  /// A folder's catalogue files in code point order, named under the folder as given
  /// (trailing slashes dropped); other files and dot files left out.
  @Test func aFoldersCatalogueFilesAreListedInOrder() throws {
    for name in ["乙镇.txt", "甲乡.TXT", "b.csv", "a.xlsx", ".hidden.txt", "notes.md"] {
      try Data("x".utf8).write(to: URL(fileURLWithPath: path(name)))
    }
    let expected = ["a.xlsx", "b.csv", "乙镇.txt", "甲乡.TXT"].map { root + "/" + $0 }
    #expect(try CatalogueLoader.files(in: [root]) == expected)
    #expect(try CatalogueLoader.files(in: [root + "//"]) == expected)
  }

  @Test func permissionDeniedIsToldApart() {
    // Root reads anything, so the cause is checked where it is decided.
    #expect(PathProblem.failure(EACCES) == .permissionDenied)
    #expect(PathProblem.permissionDenied.message.hasPrefix("permission denied; "))
    if geteuid() != 0 {
      let file = path("locked.txt")
      _ = FileManager.default.createFile(atPath: file, contents: Data("x".utf8))
      chmod(file, 0)
      #expect(PathProblem.ofFile(file) == .permissionDenied)
    }
  }

  @Test func aBadPathIsSkippedAndTheOthersLoad() throws {
    try FileManager.default.createDirectory(
      atPath: path("empty"), withIntermediateDirectories: false)
    let result = try CatalogueLoader.load(paths: [
      path("empty"), Seeds.path("大石头乡"), path("nope.txt"),
    ])
    #expect(result.catalogues.map(\.township) == ["大石头乡"])
    #expect(result.files.map(\.file) == [path("empty"), Seeds.path("大石头乡"), path("nope.txt")])
    #expect(result.errors.count == 2)
  }

  @Test func nothingLoadedIsAnErrorNamingEveryFileNotACrash() throws {
    let empty = path("e.txt")
    _ = FileManager.default.createFile(atPath: empty, contents: Data())
    do {
      _ = try SearchEngine.load(
        paths: [empty, path("none")], resources: SearchTests.resources, cache: Self.noCache)
      Issue.record("loading nothing should throw")
    } catch {
      guard case .nothingLoaded(let files) = error else {
        Issue.record("unexpected \(error)")
        return
      }
      #expect(files.map(\.file) == [empty, path("none")])
      #expect(error.lines.count == 3)
      #expect(error.lines[0].hasPrefix("\(empty): error: "))
      #expect(error.lines[1].hasPrefix("\(path("none")): error: no such file"))
      #expect(error.lines[2].hasPrefix("error: no catalogue could be loaded"))
    }
  }
}

@Suite("Editions")
struct EditionTests {
  let directory = CacheFixtures.temporaryDirectory("editions")

  func copy(_ township: String, as name: String, modified: Date? = nil) throws -> String {
    let target = directory.appendingPathComponent(name).path
    try FileManager.default.copyItem(atPath: Seeds.path(township), toPath: target)
    if let modified {
      try FileManager.default.setAttributes([.modificationDate: modified], ofItemAtPath: target)
    }
    return target
  }

  @Test func theNewerEditionByFileNameIsUsedAndBothAreNamed() throws {
    // The older edition sorts first and is the newer file on disk: the name decides.
    let older = try copy("大石头乡", as: "a-大石头乡-2024-07.txt", modified: Date())
    let newer = try copy("大石头乡", as: "b-大石头乡-2025-07.txt", modified: Date(timeIntervalSince1970: 0))
    for paths in [[older, newer], [newer, older]] {
      let result = try CatalogueLoader.load(paths: paths)
      #expect(result.catalogues.map(\.source) == [newer])
      let warnings = result.diagnostics.filter { $0.severity == .warning && $0.line == 0 }
      #expect(warnings.count == 2)
      #expect(warnings.allSatisfy { $0.message.contains(older) || $0.file == older })
      #expect(warnings.allSatisfy { $0.message.contains(newer) || $0.file == newer })
      #expect(warnings.contains { $0.file == newer && $0.message.contains("is used") })
      #expect(warnings.contains { $0.file == older && $0.message.contains("is skipped") })
    }
  }

  @Test func withoutDatesTheLaterModifiedFileIsUsed() throws {
    let old = try copy("大西渠镇", as: "x.txt", modified: Date(timeIntervalSince1970: 1_000_000))
    let recent = try copy("大西渠镇", as: "y.txt", modified: Date(timeIntervalSince1970: 2_000_000))
    // Both covers carry the same date, so modification time decides.
    let result = try CatalogueLoader.load(paths: [old, recent])
    #expect(result.catalogues.map(\.source) == [recent])
    #expect(
      result.diagnostics.contains {
        $0.file == recent && $0.message.contains("modified more recently")
      })
  }

  @Test func datesInNamesAndCovers() {
    #expect(Editions.Edition.yearMonth(in: "清单-2025-07.txt")! == (2025, 7))
    #expect(Editions.Edition.yearMonth(in: "2024年12月")! == (2024, 12))
    #expect(Editions.Edition.yearMonth(in: "清单202503.txt")! == (2025, 3))
    #expect(Editions.Edition.yearMonth(in: "清单.txt") == nil)
  }
}

@Suite("Terminal text")
struct TerminalTextTests {
  @Test func controlCharactersNeverReachTheTerminal() {
    #expect(TerminalText.sanitized("a\u{1B}[31mb\u{9B}c\u{7}") == "a\u{FFFD}[31mb\u{FFFD}c\u{FFFD}")
    #expect(TerminalText.sanitized("x\u{202E}y") == "x\u{FFFD}y")
    #expect(TerminalText.sanitized("a\tb\nc", keeping: ["\n", "\t"]) == "a\tb\nc")
    #expect(TerminalText.sanitized("a\r\nb") == "a\u{FFFD}\u{FFFD}b")
    #expect(TerminalText.sanitized("低保 jiuzhu") == "低保 jiuzhu")
  }
}
