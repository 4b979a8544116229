import ArgumentParser
import Foundation
import QingdanCore

struct DiffCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "diff",
    abstract: "What changed between two editions of a catalogue.",
    discussion: """
      OLD and NEW are catalogue files or folders of them. Lists the items added, removed,
      moved between lists, renamed, re-categorised, re-assigned (other departments or
      receiver) and whose duty texts changed, with a character diff of the changed steps
      ([-removed-]{+inserted+} without colour). Every change shows both ids. Order and
      numbering alone are not changes. Exit status: 0 when the editions are the same,
      1 when they differ, 2 when a file cannot be read.
      """)

  @Argument(help: "The older edition: a catalogue file or a folder.") var old: String
  @Argument(help: "The newer edition: a catalogue file or a folder.") var new: String
  @Flag(help: "Print JSON.") var json = false
  @Option(help: "Colour: auto (a terminal without NO_COLOR), always or never.")
  var color: ColorChoice = .auto

  func run() throws {
    let before: LoadedEngine
    let after: LoadedEngine
    do {
      before = try Self.load(old)
      after = try Self.load(new)
    } catch let error as CommandError {
      // Trouble, as diff has it: 2, so that 1 keeps meaning "they differ".
      Output.error(error)
      throw ExitCode(2)
    }
    let diff = EditionDiff(old: before.result.catalogues, new: after.result.catalogues)
    if json {
      try Output.json(
        DiffRecord(old: before, new: after, diff: diff))
    } else {
      DiffPrinter(style: TextStyle(colors: color.enabled), width: Output.terminalWidth)
        .print(diff)
    }
    if !diff.isEmpty { throw ExitCode(1) }
  }

  /// One edition, through the one loading path; a path that gives nothing is an error
  /// with every file's reason.
  private static func load(_ path: String) throws -> LoadedEngine {
    try BrowseCommand.loadEngine(paths: [path])
  }
}

/// The changes as lines a person reads at 80 columns: a header per item with both ids,
/// then what changed.
struct DiffPrinter {
  let style: TextStyle
  let width: Int

  func print(_ diff: EditionDiff) {
    for (offset, change) in diff.changes.enumerated() {
      if offset > 0 { style.emit("") }
      for line in lines(change) { style.emit(line) }
    }
    guard !diff.isEmpty else { return }
    style.emit("")
    let counts = EditionDiff.ChangeKind.allCases.compactMap { kind -> String? in
      let count = diff.flatChanges.filter { $0.kind == kind }.count
      return count == 0 ? nil : "\(count) \(kind.label)"
    }
    for line in style.wrap(
      [("\(diff.changes.count) 项变化 items changed: " + counts.joined(separator: ", "), .heading)],
      width: width, indent: 0)
    {
      style.emit(line)
    }
  }

  func lines(_ change: EditionDiff.ItemChange) -> [String] {
    var lines: [String] = []
    let ids: String
    let mark: (String, TextStyle.Role?)
    switch (change.old, change.new) {
    case (let old?, let new?):
      ids = old.id == new.id ? old.id : "\(old.id) → \(new.id)"
      mark = ("~ ", .heading)
    case (let old?, nil):
      ids = old.id
      mark = ("- ", .removed)
    case (nil, let new?):
      ids = new.id
      mark = ("+ ", .added)
    case (nil, nil):
      return []
    }
    let labels = change.kinds.map(\.label).joined(separator: " · ")
    lines += style.wrap(
      [(mark.0 + ids + "  " + labels, mark.1)], width: width, indent: 0, hangingIndent: 2)

    let item = change.new ?? change.old!
    if change.kinds.contains(.renamed), let old = change.old, let new = change.new {
      lines += style.wrap(
        diffRuns(CharacterDiff.segments(from: old.name, to: new.name)), width: width, indent: 2)
    } else {
      lines += style.wrap([(item.name, nil)], width: width, indent: 2)
    }
    if change.kinds.contains(.recategorised), let old = change.old, let new = change.new {
      lines += style.wrap(
        [("事项类别 category: ", .dim)]
          + diffRuns(CharacterDiff.segments(from: old.category, to: new.category)),
        width: width, indent: 2)
    }
    if let old = change.old, let new = change.new,
      change.kinds.contains(.reassigned) || change.kinds.contains(.moved)
    {
      lines += style.wrap(
        [("- " + old.handler.answer, .removed)], width: width, indent: 2, hangingIndent: 2)
      lines += style.wrap(
        [("+ " + new.handler.answer, .added)], width: width, indent: 2, hangingIndent: 2)
    } else if change.old == nil || change.new == nil {
      lines += style.wrap([(item.handler.answer, .dim)], width: width, indent: 2)
    }
    for text in change.texts {
      lines += style.wrap([(text.field.chineseName, .dim)], width: width, indent: 2)
      for block in text.blocks {
        lines += style.wrap(diffRuns(block.segments), width: width, indent: 4)
      }
    }
    return lines
  }

  /// Kept text plain; removed and inserted text in colour, or in [-…-] and {+…+} without it.
  private func diffRuns(_ segments: [CharacterDiff.Segment]) -> [(
    text: String, role: TextStyle.Role?
  )] {
    segments.map { segment in
      switch segment.operation {
      case .equal: (segment.text, nil)
      case .delete: (style.colors ? segment.text : "[-" + segment.text + "-]", .removed)
      case .insert: (style.colors ? segment.text : "{+" + segment.text + "+}", .added)
      }
    }
  }
}

// MARK: JSON; field names are stable.

struct DiffRecord: Encodable {
  /// The catalogue files of each edition.
  var old: [String]
  var new: [String]
  var identical: Bool
  var summary: [String: Int]
  var changes: [ChangeRecord]

  init(old: LoadedEngine, new: LoadedEngine, diff: EditionDiff) {
    self.old = old.result.catalogues.map(\.source)
    self.new = new.result.catalogues.map(\.source)
    let oldSources = SourceFiles(old.engine.catalogue)
    let newSources = SourceFiles(new.engine.catalogue)
    identical = diff.isEmpty
    summary = Dictionary(grouping: diff.flatChanges, by: \.kind.rawValue).mapValues(\.count)
    changes = diff.changes.map { ChangeRecord($0, old: oldSources, new: newSources) }
  }
}

struct ChangeRecord: Encodable {
  struct TextRecord: Codable {
    var field: String
    var blocks: [BlockRecord]
  }

  struct BlockRecord: Codable {
    var old: String?
    var new: String?
    var segments: [SegmentRecord]
  }

  struct SegmentRecord: Codable {
    /// "equal", "delete" or "insert".
    var op: String
    var text: String
  }

  var kinds: [String]
  var old: ItemSummary?
  var new: ItemSummary?
  var texts: [TextRecord]

  init(_ change: EditionDiff.ItemChange, old oldSources: SourceFiles, new newSources: SourceFiles) {
    kinds = change.kinds.map(\.rawValue)
    old = change.old.map { ItemSummary(item: oldSources.record($0)) }
    new = change.new.map { ItemSummary(item: newSources.record($0)) }
    texts = change.texts.map { text in
      TextRecord(
        field: text.field.rawValue,
        blocks: text.blocks.map { block in
          BlockRecord(
            old: block.old, new: block.new,
            segments: block.segments.map { SegmentRecord(op: $0.operation.rawValue, text: $0.text) }
          )
        })
    }
  }
}
