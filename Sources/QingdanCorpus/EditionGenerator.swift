import QingdanCore

/// One edit made between two editions, with the ids the item has in each (nil on the side
/// where it does not exist). Kinds are those an edition diff reports.
public struct RecordedEdit: Sendable, Hashable, CustomStringConvertible {
  public enum Kind: String, Sendable, Hashable, CaseIterable {
    case added, removed, moved, renamed, reassigned, text
  }

  public var kind: Kind
  public var oldID: String?
  public var newID: String?

  public var description: String { "\(kind.rawValue) \(oldID ?? "-") → \(newID ?? "-")" }
}

/// An older and a newer edition of one synthetic township, and the edits that make the one
/// the other: the expected answer for an edition diff.
public struct EditionPair: Sendable {
  public var old: GeneratedCatalogue
  public var new: GeneratedCatalogue
  public var edits: [RecordedEdit]
}

extension CorpusGenerator {
  /// Editions of township number `index`: the older is a township as `township(_:)` makes
  /// them (items dropped, reworded, duplicated, reordered); the newer has 3–8 items added,
  /// removed, moved to another list, renamed, re-assigned to other departments or with a
  /// duty step changed, and a few rows reordered, which is not an edit. Each edited item is
  /// one no other item of either edition could be taken for (names share under 40% of their
  /// character pairs), so that the expected answer is unambiguous. No damage is added: the
  /// files differ in layout (cell styles, pages), never in what the parser reads back.
  public func editionPair(_ index: Int) -> EditionPair {
    var random = SplitMix64(seed: seed, index: index, purpose: .edition)
    let template = templates[random.int(below: templates.count)]
    let place = place(of: index, template: template)
    var picker = CatalogueWriter(template: template, place: place, damage: .none, random: random)
    var editor = EditionEditor(
      template: template,
      oldLists: ListKind.allCases.indices.map { picker.pickItems(template.itemsByList[$0]) },
      random: picker.random)
    editor.edit(count: editor.random.int(in: 3...8))

    func write(_ lists: [[EditionEditor.Row]], purpose: SplitMix64.Purpose) -> GeneratedCatalogue {
      var writer = CatalogueWriter(
        template: template, place: place, damage: .none,
        random: SplitMix64(seed: seed, index: index, purpose: purpose))
      return generated(
        writer.write(itemsByList: lists.map { $0.map(\.item) }), template: template, place: place)
    }
    let ids = { (lists: [[EditionEditor.Row]]) -> [Int: String] in
      var result: [Int: String] = [:]
      for (list, rows) in zip(ListKind.allCases, lists) {
        for (offset, row) in rows.enumerated() {
          result[row.origin] = ItemID.make(township: place.township, list: list, number: offset + 1)
        }
      }
      return result
    }
    let oldIDs = ids(editor.oldLists)
    let newIDs = ids(editor.newLists)
    return EditionPair(
      old: write(editor.oldLists, purpose: .oldEditionLayout),
      new: write(editor.newLists, purpose: .newEditionLayout),
      edits: editor.edits.map {
        RecordedEdit(kind: $0.kind, oldID: oldIDs[$0.origin], newID: newIDs[$0.origin])
      })
  }
}

/// Makes the newer edition from the older, one recorded edit at a time.
struct EditionEditor {
  /// An item and which item it is, across both editions.
  struct Row {
    var item: TemplateItem
    let origin: Int
  }

  let template: TemplateCatalogue
  /// Per list, in `ListKind` order.
  let oldLists: [[Row]]
  var newLists: [[Row]]
  var random: SplitMix64
  private(set) var edits: [(kind: RecordedEdit.Kind, origin: Int)] = []
  /// Items already edited or too like another to be edited unambiguously.
  private var untouchable: Set<Int> = []
  private var nextOrigin: Int

  /// Names sharing this share of character pairs could be taken for each other.
  static let ambiguousNames = 0.4

  init(template: TemplateCatalogue, oldLists: [[TemplateItem]], random: SplitMix64) {
    self.template = template
    var origin = 0
    var lists: [[Row]] = []
    for items in oldLists {
      lists.append(
        items.map { item in
          defer { origin += 1 }
          return Row(item: item, origin: origin)
        })
    }
    self.oldLists = lists
    newLists = lists
    self.random = random
    nextOrigin = origin
    let names = lists.flatMap { $0 }.map { ($0.origin, Self.bigrams($0.item.name)) }
    for (offset, (origin, name)) in names.enumerated() {
      for (otherOrigin, other) in names[(offset + 1)...] where Self.alike(name, other) {
        untouchable.insert(origin)
        untouchable.insert(otherOrigin)
      }
    }
  }

  static func bigrams(_ name: String) -> BigramSet { BigramSet(Array(name.unicodeScalars)) }

  static func alike(_ x: BigramSet, _ y: BigramSet) -> Bool { x.dice(y) >= ambiguousNames }

  /// `count` edits of random kinds (a kind that finds no item to edit is skipped), then a few
  /// rows reordered.
  mutating func edit(count: Int) {
    var made = 0
    var attempts = 0
    while made < count, attempts < count * 10 {
      attempts += 1
      let kind = random.element(of: RecordedEdit.Kind.allCases)
      if apply(kind) { made += 1 }
    }
    for _ in 0..<random.int(in: 0...2) {
      let list = random.int(below: newLists.count)
      guard newLists[list].count > 1 else { continue }
      let from = random.int(below: newLists[list].count)
      let to = random.int(below: newLists[list].count)
      newLists[list].insert(newLists[list].remove(at: from), at: to)
    }
  }

  private mutating func apply(_ kind: RecordedEdit.Kind) -> Bool {
    switch kind {
    case .added: return add()
    case .removed:
      guard let (list, index) = pickRow(where: { _ in true }) else { return false }
      let row = newLists[list].remove(at: index)
      record(.removed, row.origin)
    case .moved:
      guard let (list, index) = pickRow(where: { _ in true }) else { return false }
      var row = newLists[list].remove(at: index)
      let target = Self.moveTarget(from: row.item.list, random: &random)
      guard let moved = moving(row.item, to: target) else {
        newLists[list].insert(row, at: index)
        return false
      }
      row.item = moved
      let targetIndex = ListKind.allCases.firstIndex(of: target)!
      newLists[targetIndex].insert(row, at: random.int(in: 0...newLists[targetIndex].count))
      record(.moved, row.origin)
    case .renamed:
      guard let (list, index) = pickRow(where: { _ in true }) else { return false }
      let name = newLists[list][index].item.name
      newLists[list][index].item.name =
        TextVariation.swappingSynonym(in: name, random: &random)
        ?? TextVariation.appendingClause(to: name, random: &random)
      record(.renamed, newLists[list][index].origin)
      // Now and then a step changes too.
      var item = newLists[list][index].item
      if random.chance(0.3), Self.changeText(&item, random: &random) {
        newLists[list][index].item = item
        record(.text, newLists[list][index].origin)
      }
    case .reassigned:
      guard let (list, index) = pickRow(where: { $0.list != .basic }),
        let reassigned = reassigning(newLists[list][index].item)
      else { return false }
      newLists[list][index].item = reassigned
      record(.reassigned, newLists[list][index].origin)
    case .text:
      guard let (list, index) = pickRow(where: { $0.list != .basic }) else { return false }
      var item = newLists[list][index].item
      guard Self.changeText(&item, random: &random) else {
        untouchable.insert(newLists[list][index].origin)
        return false
      }
      newLists[list][index].item = item
      record(.text, newLists[list][index].origin)
    }
    return true
  }

  private mutating func record(_ kind: RecordedEdit.Kind, _ origin: Int) {
    edits.append((kind, origin))
    untouchable.insert(origin)
  }

  /// A random row of the newer edition that may be edited.
  private mutating func pickRow(where accepts: (TemplateItem) -> Bool) -> (list: Int, index: Int)? {
    var candidates: [(Int, Int)] = []
    for (list, rows) in newLists.enumerated() {
      for (index, row) in rows.enumerated()
      where !untouchable.contains(row.origin) && accepts(row.item) {
        candidates.append((list, index))
      }
    }
    guard !candidates.isEmpty else { return nil }
    return random.element(of: candidates)
  }

  /// An item of the template the older edition left out, like no item of either edition.
  private mutating func add() -> Bool {
    let present = (oldLists + newLists).flatMap { $0 }.map { Self.bigrams($0.item.name) }
    var pool: [TemplateItem] = []
    for items in template.itemsByList {
      pool += items.filter { item in
        let name = Self.bigrams(item.name)
        return !present.contains { Self.alike($0, name) }
      }
    }
    guard !pool.isEmpty else { return false }
    let item = random.element(of: pool)
    let list = ListKind.allCases.firstIndex(of: item.list)!
    let row = Row(item: item, origin: nextOrigin)
    nextOrigin += 1
    newLists[list].insert(row, at: random.int(in: 0...newLists[list].count))
    record(.added, row.origin)
    return true
  }

  /// Where items go: a township duty becomes one a department leads, a cooperative one is
  /// taken back or handed to the township, a taken-back one is shared again.
  private static func moveTarget(from list: ListKind, random: inout SplitMix64) -> ListKind {
    switch list {
    case .basic: .cooperative
    case .cooperative: random.chance(0.5) ? .recovered : .basic
    case .recovered: .cooperative
    }
  }

  /// The item as it would be written in another list; nil when it has nothing to fill that
  /// list's columns with.
  private mutating func moving(_ item: TemplateItem, to list: ListKind) -> TemplateItem? {
    var moved = TemplateItem(list: list, category: item.category, name: item.name)
    let township = String(PlaceSlot.township.marker)
    switch (item.list, list) {
    case (.basic, .cooperative):
      let donors = template.itemsByList[1].filter { !$0.departments.isEmpty }
      guard !donors.isEmpty else { return nil }
      moved.departments = random.element(of: donors).departments
      moved.departmentDuties = [.paragraph("指导\(township)做好\(item.name)相关工作。")]
      moved.townshipDuties = [.paragraph("配合做好\(item.name)相关工作。")]
    case (.cooperative, .basic):
      break
    case (.cooperative, .recovered):
      guard let receiver = item.departments.first, !item.townshipDuties.isEmpty else { return nil }
      moved.receiver = receiver
      moved.method = item.townshipDuties
    case (.recovered, .cooperative):
      guard !item.receiver.isEmpty, !item.method.isEmpty else { return nil }
      moved.departments = [item.receiver]
      moved.departmentDuties = item.method
      moved.townshipDuties = [.paragraph("配合做好\(item.name)相关工作。")]
    default:
      return nil
    }
    return moved
  }

  /// Other departments: one dropped when there are several, else one replaced by a department
  /// another item of the template names (a different one, whatever the short form).
  private mutating func reassigning(_ item: TemplateItem) -> TemplateItem? {
    var changed = item
    let known =
      (template.itemsByList[1].flatMap(\.departments) + template.itemsByList[2].map(\.receiver))
      .filter { !$0.isEmpty }
    func body(_ name: String) -> String {
      String(
        name.unicodeScalars.filter {
          $0.value < PlaceSlot.markerBase || $0.value > PlaceSlot.markerBase + 0xFF
        }.map(Character.init))
    }
    switch item.list {
    case .basic:
      return nil
    case .cooperative:
      guard !item.departments.isEmpty else { return nil }
      if item.departments.count > 1, random.chance(0.5) {
        changed.departments.remove(at: random.int(below: changed.departments.count))
        return changed
      }
      let present = Set(item.departments.map(body))
      let others = known.filter { !present.contains(body($0)) }
      guard !others.isEmpty else { return nil }
      changed.departments[random.int(below: changed.departments.count)] = random.element(of: others)
    case .recovered:
      guard !item.receiver.isEmpty else { return nil }
      let others = known.filter { body($0) != body(item.receiver) }
      guard !others.isEmpty else { return nil }
      changed.receiver = random.element(of: others)
    }
    return changed
  }

  /// A word swapped in one step, else a clause added to the last; false when the item has no
  /// duty text.
  private static func changeText(_ item: inout TemplateItem, random: inout SplitMix64) -> Bool {
    switch item.list {
    case .basic:
      return false
    case .cooperative:
      if random.chance(0.5),
        TextVariation.editOneBlock(
          &item.departmentDuties, random: &random, TextVariation.swappingSynonym(in:random:))
      {
        return true
      }
      if TextVariation.editOneBlock(
        &item.townshipDuties, random: &random, TextVariation.swappingSynonym(in:random:))
      {
        return true
      }
      return TextVariation.appendClause(toLastOf: &item.townshipDuties, random: &random)
    case .recovered:
      if TextVariation.editOneBlock(
        &item.method, random: &random, TextVariation.swappingSynonym(in:random:))
      {
        return true
      }
      return TextVariation.appendClause(toLastOf: &item.method, random: &random)
    }
  }

}
