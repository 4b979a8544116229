import ArgumentParser
import Foundation
import QingdanCore

struct CompareCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "compare",
    abstract: "The same duty in the other loaded townships, or two whole catalogues side by side.",
    discussion: """
      qingdan compare 大石头乡/basic/1          the same duty in every other township
      qingdan compare --townships 大石头乡 大西渠镇 [--csv]
                                              every pair, the items found in only one, and
                                              the pairs whose handler differs
      Items are matched by name and duty texts, with each township's own name (大石头乡,
      本乡, 县民政局) set aside; kinds: same, reworded, moved (another list), split, merged.
      """)

  @OptionGroup var data: DataOptions
  @Argument(help: "An item id: township/list/number.") var id: String?
  @Option(
    parsing: .upToNextOption,
    help: ArgumentHelp("Two townships to compare whole.", valueName: "A B"))
  var townships: [String] = []
  @Flag(help: "Print JSON.") var json = false
  @Flag(help: "Print CSV (with --townships).") var csv = false
  @Option(help: "Colour: auto (a terminal without NO_COLOR), always or never.")
  var color: ColorChoice = .auto

  func validate() throws {
    if id == nil && townships.isEmpty {
      throw ValidationError("give an item id, or --townships A B")
    }
    if id != nil && !townships.isEmpty {
      throw ValidationError("give an item id or --townships A B, not both")
    }
    if !townships.isEmpty && townships.count != 2 {
      throw ValidationError("--townships takes two townships, e.g. --townships 大石头乡 大西渠镇")
    }
    if json && csv { throw ValidationError("choose --json or --csv") }
    if csv && id != nil { throw ValidationError("--csv is for --townships A B") }
  }

  func run() throws {
    let index = try data.load().engine.catalogue
    let style = TextStyle(colors: !json && !csv && color.enabled)
    if let id {
      try compareItem(id, index: index, style: style)
    } else {
      try compareTownships(townships[0], townships[1], index: index, style: style)
    }
  }

  // MARK: One item

  private func compareItem(_ id: String, index: CatalogueIndex, style: TextStyle) throws {
    guard let item = index.item(id: id) else {
      throw CommandError(
        "no item “\(TerminalText.sanitized(id))”; ids look like 大石头乡/basic/1 (see `qingdan list`)")
    }
    let counterparts = Counterparts(of: item, among: index.catalogues)
    if json {
      let sources = SourceFiles(index)
      try Output.json(
        ItemComparisonRecord(
          item: ItemSummary(item: sources.record(item)),
          townships: counterparts.townships.map { township in
            TownshipMatches(
              township: township.region.township,
              matches: township.matches.map {
                CounterpartRecord(
                  $0, departments: counterparts.departments(of: $0, in: township),
                  sources: sources)
              })
          }))
      return
    }
    let width = Output.terminalWidth
    func say(_ text: String, _ role: TextStyle.Role? = nil, indent: Int = 0, hanging: Int = 0) {
      for line in style.wrap([(text, role)], width: width, indent: indent, hangingIndent: hanging) {
        style.emit(line)
      }
    }
    say("\(item.id) · \(item.list.shortName) · \(item.handler.answer)", .heading, hanging: 2)
    say(item.name, indent: 2)
    if counterparts.townships.isEmpty {
      style.emit("")
      say("no other township is loaded; add catalogues with --data PATH")
      return
    }
    for township in counterparts.townships {
      style.emit("")
      guard !township.matches.isEmpty else {
        say(
          "\(township.region.township)  无此事项 not found (only in \(item.township))", .warning)
        continue
      }
      for match in township.matches {
        let counterpart = match.b
        let score = String(format: "%.2f", match.score)
        say(
          "\(counterpart.id) · \(counterpart.list.shortName) · \(match.kind.label) \(score)",
          .heading, hanging: 2)
        if counterpart.name != item.name { say(counterpart.name, indent: 2) }
        say(
          (match.handlerDiffers ? "* " : "  ") + counterpart.handler.answer,
          match.handlerDiffers ? .warning : nil, indent: 2, hanging: 2)
        let departments = counterparts.departments(of: match, in: township)
        if !departments.onlyThere.isEmpty {
          say(
            "+ " + departments.onlyThere.map(\.name).joined(separator: "、")
              + "  (不在 not in \(item.township))", .added, indent: 4, hanging: 2)
        }
        if !departments.onlyHere.isEmpty {
          say(
            "- " + departments.onlyHere.map(\.name).joined(separator: "、")
              + "  (只在 only in \(item.township))", .removed, indent: 4, hanging: 2)
        }
      }
    }
  }

  // MARK: Two townships

  private func compareTownships(
    _ nameA: String, _ nameB: String, index: CatalogueIndex, style: TextStyle
  ) throws {
    func catalogue(_ name: String) throws -> Catalogue {
      guard let found = index.catalogues.first(where: { $0.township == name }) else {
        throw CommandError(
          "no township “\(TerminalText.sanitized(name))” loaded; loaded: "
            + index.townships.joined(separator: ", "))
      }
      return found
    }
    let a = try catalogue(nameA)
    let b = try catalogue(nameB)
    guard nameA != nameB else { throw CommandError("compare two different townships") }
    let comparison = ItemMatcher().compare(a, b)
    let handlers = HandlerComparison(a: a.region, b: b.region)
    let rows = TownshipComparisonRow.rows(comparison, handlers: handlers)
    if json {
      try Output.json(
        TownshipComparisonRecord(
          a: a.township, b: b.township, summary: ComparisonSummary(comparison), rows: rows))
      return
    }
    if csv {
      Output.write(
        CSVExport.document(
          header: TownshipComparisonRow.csvHeader,
          rows: rows.map { $0.csvFields.map { TerminalText.sanitized($0) } }))
      return
    }
    let width = Output.terminalWidth
    let summary = ComparisonSummary(comparison)
    for line in style.wrap(
      [
        (
          "\(a.township) \(a.items.count) 项 items · \(b.township) \(b.items.count) 项 items",
          .heading
        )
      ],
      width: width, indent: 0)
      + style.wrap([(summary.line(a: a.township, b: b.township), nil)], width: width, indent: 2)
    {
      style.emit(line)
    }
    style.emit("")
    // kind 8, score 5, two ids 17 each, handler mark 2, then the name.
    let idWidth = 17
    style.emit(
      style.apply(
        .dim,
        DisplayWidth.pad("kind", toWidth: 9) + DisplayWidth.pad("score", toWidth: 6)
          + DisplayWidth.pad(shortened(a.township, idWidth - 1), toWidth: idWidth)
          + DisplayWidth.pad(shortened(b.township, idWidth - 1), toWidth: idWidth)
          + "  name"))
    for row in rows {
      let kind = DisplayWidth.pad(row.kindLabel, toWidth: 9)
      let score = DisplayWidth.pad(row.score.map { String(format: "%.2f", $0) } ?? "", toWidth: 6)
      let idA = DisplayWidth.pad(row.a.map(\.shortID) ?? "—", toWidth: idWidth)
      let idB = DisplayWidth.pad(row.b.map(\.shortID) ?? "—", toWidth: idWidth)
      let mark = row.handlerDiffers ? "* " : "  "
      let used = 9 + 6 + 2 * idWidth + 2
      let name = DisplayWidth.truncate(
        TerminalText.sanitized(row.a?.name ?? row.b?.name ?? ""), toWidth: max(width - used, 0))
      let line = kind + score + idA + idB + mark + name
      let role: TextStyle.Role? =
        row.a == nil ? .added : row.b == nil ? .removed : row.handlerDiffers ? .warning : nil
      style.emit(role.map { style.apply($0, line) } ?? line)
    }
  }

  private func shortened(_ text: String, _ width: Int) -> String {
    DisplayWidth.truncate(TerminalText.sanitized(text), toWidth: width)
  }
}

// MARK: JSON and CSV shapes; field names are stable.

struct ItemComparisonRecord: Encodable {
  var item: ItemSummary
  var townships: [TownshipMatches]
}

struct TownshipMatches: Encodable {
  var township: String
  /// Empty when the township has no such duty; several when the item was split there.
  var matches: [CounterpartRecord]
}

struct CounterpartRecord: Encodable {
  var item: ItemSummary
  var kind: String
  var score: Double
  var handlerDiffers: Bool
  /// Departments the counterpart names and the asked item does not, and the other way round
  /// (compared without the county's name).
  var departmentsOnlyThere: [String]
  var departmentsOnlyHere: [String]

  init(
    _ match: ItemMatch, departments: (onlyThere: [Department], onlyHere: [Department]),
    sources: SourceFiles
  ) {
    item = ItemSummary(item: sources.record(match.b))
    kind = match.kind.rawValue
    score = (match.score * 1000).rounded() / 1000
    handlerDiffers = match.handlerDiffers
    departmentsOnlyThere = departments.onlyThere.map(\.name)
    departmentsOnlyHere = departments.onlyHere.map(\.name)
  }
}

struct ComparisonSummary: Codable {
  var matched: Int
  var kinds: [String: Int]
  var onlyInA: Int
  var onlyInB: Int
  var differentHandler: Int

  init(_ comparison: CatalogueComparison) {
    matched = comparison.matches.count
    kinds = Dictionary(grouping: comparison.matches, by: \.kind.rawValue).mapValues(\.count)
    onlyInA = comparison.onlyInA.count
    onlyInB = comparison.onlyInB.count
    differentHandler = comparison.differentHandler.count
  }

  func line(a: String, b: String) -> String {
    let kindList = MatchKind.allCases.compactMap { kind in
      kinds[kind.rawValue].map { "\(kind.rawValue) \($0)" }
    }.joined(separator: ", ")
    return "matched \(matched) (\(kindList)) · only in \(a) \(onlyInA) · only in \(b) \(onlyInB)"
      + " · different handler \(differentHandler)"
  }
}

struct TownshipComparisonRecord: Codable {
  var a: String
  var b: String
  var summary: ComparisonSummary
  var rows: [TownshipComparisonRow]
}

/// One line of the whole-catalogue table: a match, or an item found in only one township.
struct TownshipComparisonRow: Codable {
  struct Side: Codable {
    var id: String
    var list: String
    var name: String
    var answer: String

    var shortID: String { id.split(separator: "/").dropFirst().joined(separator: "/") }
  }

  /// A match kind, or "only-a" / "only-b".
  var kind: String
  var score: Double?
  var a: Side?
  var b: Side?
  var handlerDiffers: Bool
  var departmentsOnlyInA: [String]
  var departmentsOnlyInB: [String]

  static func rows(_ comparison: CatalogueComparison, handlers: HandlerComparison) -> [Self] {
    func side(_ item: Item) -> Side {
      Side(id: item.id, list: item.list.rawValue, name: item.name, answer: item.handler.answer)
    }
    var rows = comparison.matches.map { match in
      TownshipComparisonRow(
        kind: match.kind.rawValue, score: (match.score * 1000).rounded() / 1000,
        a: side(match.a), b: side(match.b), handlerDiffers: match.handlerDiffers,
        departmentsOnlyInA: handlers.onlyInA(match.a.handler, match.b.handler).map(\.name),
        departmentsOnlyInB: handlers.onlyInB(match.a.handler, match.b.handler).map(\.name))
    }
    rows += comparison.onlyInA.map {
      TownshipComparisonRow(
        kind: "only-a", score: nil, a: side($0), b: nil, handlerDiffers: false,
        departmentsOnlyInA: [], departmentsOnlyInB: [])
    }
    rows += comparison.onlyInB.map {
      TownshipComparisonRow(
        kind: "only-b", score: nil, a: nil, b: side($0), handlerDiffers: false,
        departmentsOnlyInA: [], departmentsOnlyInB: [])
    }
    return rows
  }

  var kindLabel: String {
    if let kind = MatchKind(rawValue: kind) {
      return String(kind.label.prefix { $0 != " " })
    }
    return kind == "only-a" ? "仅A only" : "仅B only"
  }

  static let csvHeader = [
    "kind", "score", "a_id", "a_list", "a_name", "b_id", "b_list", "b_name", "handler_differs",
    "a_answer", "b_answer", "departments_only_in_a", "departments_only_in_b",
  ]

  var csvFields: [String] {
    [
      kind, score.map { String(format: "%.3f", $0) } ?? "", a?.id ?? "", a?.list ?? "",
      a?.name ?? "", b?.id ?? "", b?.list ?? "", b?.name ?? "", handlerDiffers ? "yes" : "no",
      a?.answer ?? "", b?.answer ?? "", departmentsOnlyInA.joined(separator: "、"),
      departmentsOnlyInB.joined(separator: "、"),
    ]
  }
}
