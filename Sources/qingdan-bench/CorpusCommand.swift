import ArgumentParser
import Foundation
import QingdanCore
import QingdanCorpus

/// `qingdan-bench corpus`: writes synthetic township catalogues for the scale benchmarks.
struct CorpusCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "corpus",
    abstract: "Write synthetic township catalogues in the real file format (for scale tests).",
    discussion: """
      Each file is one of the bundled catalogues re-set for an invented township: new place \
      names, some items dropped, duplicated, moved or reworded, and now and then the kinds of \
      damage the real files have (which `qingdan check` reports as warnings). The same seed \
      writes the same files.
      """)

  @Option(help: ArgumentHelp("How many townships (files) to write.", valueName: "n"))
  var townships = 10
  @Option(
    help: ArgumentHelp(
      "Seed for names, edits and damage; the same seed writes the same files.", valueName: "s"))
  var seed: UInt64 = 1
  @Option(help: ArgumentHelp("Directory to write into; created if missing.", valueName: "dir"))
  var out: String
  @Option(
    help: ArgumentHelp(
      "Template catalogues (files or directories). Default: the bundled catalogues.",
      valueName: "path"))
  var templates: [String] = []
  @Flag(help: "Write into a directory that is not empty, deleting the *.txt files there first.")
  var force = false
  @Flag(
    help: """
      Write two editions of each township instead, in old/ and new/, and the edits that make       the one the other in edits.tsv (kind, old id, new id): test data for `qingdan diff`.
      """)
  var editions = false

  func validate() throws {
    guard townships >= 1 else { throw ValidationError("--townships must be at least 1") }
  }

  func run() throws {
    // Templates first: a bad --templates must not cost the old corpus under --force.
    let loaded = try CatalogueLoader.load(paths: try templatePaths())
    guard !loaded.catalogues.isEmpty else {
      throw ValidationError(
        "no template catalogue could be read: \(loaded.errors.first?.description ?? "")")
    }
    let directory = URL(fileURLWithPath: out)
    try prepare(directory)
    let clock = ContinuousClock()
    let start = clock.now
    let generator = CorpusGenerator(templates: loaded.catalogues, seed: seed)
    if editions {
      try writeEditions(generator, to: directory)
      return
    }
    let written = try generator.write(townships: townships, to: directory)
    let elapsed = clock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    let items = written.reduce(0) { $0 + $1.itemCount }
    let bytes = written.reduce(0) { $0 + $1.text.utf8.count }
    print(
      "corpus: \(written.count) files, \(items) items, \(bytes) bytes, "
        + String(format: "%.2f s", seconds) + " (seed \(seed)) → \(directory.path)")
  }

  private func writeEditions(_ generator: CorpusGenerator, to directory: URL) throws {
    let manager = FileManager.default
    var edits = "kind\told_id\tnew_id\n"
    for side in ["old", "new"] {
      let folder = directory.appendingPathComponent(side)
      try manager.createDirectory(at: folder, withIntermediateDirectories: true)
      // Under --force, an earlier run's files go: each folder holds exactly one edition.
      for name in try manager.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".txt")
      {
        try manager.removeItem(at: folder.appendingPathComponent(name))
      }
    }
    for index in 0..<townships {
      let pair = generator.editionPair(index)
      try Data(pair.old.text.utf8).write(
        to: directory.appendingPathComponent("old").appendingPathComponent(pair.old.fileName))
      try Data(pair.new.text.utf8).write(
        to: directory.appendingPathComponent("new").appendingPathComponent(pair.new.fileName))
      for edit in pair.edits {
        edits += "\(edit.kind.rawValue)\t\(edit.oldID ?? "")\t\(edit.newID ?? "")\n"
      }
    }
    try Data(edits.utf8).write(to: directory.appendingPathComponent("edits.tsv"))
    print(
      "corpus: \(townships) pairs of editions (seed \(seed)) → \(directory.path)/{old,new,edits.tsv}"
    )
  }

  /// Bundled catalogues unless --templates is given ($QINGDAN_DATA is for what qingdan reads,
  /// which may well be an earlier corpus).
  private func templatePaths() throws -> [String] {
    if !templates.isEmpty { return templates }
    guard let resources = BundledResources.directory() else { throw LoadError.noResources }
    return [resources.appendingPathComponent("catalogues").path]
  }

  /// Refuses a non-empty directory unless --force; with it, removes the old catalogue files
  /// so that the directory holds exactly this corpus.
  private func prepare(_ directory: URL) throws {
    let manager = FileManager.default
    var isDirectory: ObjCBool = false
    guard manager.fileExists(atPath: directory.path, isDirectory: &isDirectory) else {
      try manager.createDirectory(at: directory, withIntermediateDirectories: true)
      return
    }
    guard isDirectory.boolValue else {
      throw ValidationError("\(directory.path) is a file, not a directory")
    }
    let entries = try manager.contentsOfDirectory(atPath: directory.path)
    guard !entries.isEmpty else { return }
    guard force else {
      throw ValidationError(
        "\(directory.path) is not empty; choose another --out or add --force to replace its *.txt files"
      )
    }
    for name in entries where name.hasSuffix(".txt") {
      try manager.removeItem(at: directory.appendingPathComponent(name))
    }
  }
}
