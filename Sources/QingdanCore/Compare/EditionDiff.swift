/// What changed between two editions of the same catalogues: items added, removed, moved
/// between lists, renamed, re-categorised, re-assigned (other departments or receiver, on the
/// one handler rule) and duty texts changed, each with both ids. Order and numbering alone
/// are not changes: an item that only got another 序号 is the same item.
public struct EditionDiff: Sendable {
  public enum ChangeKind: String, Sendable, Hashable, Codable, CaseIterable {
    case added, removed, moved, renamed, recategorised, reassigned, text

    /// For people: "新增 added".
    public var label: String {
      switch self {
      case .added: "新增 added"
      case .removed: "删除 removed"
      case .moved: "换清单 moved"
      case .renamed: "改名 renamed"
      case .recategorised: "改类别 category"
      case .reassigned: "改部门 reassigned"
      case .text: "改职责 text"
      }
    }
  }

  /// The duty texts an item can have.
  public enum DutyField: String, Sendable, Hashable, Codable {
    case departmentDuties = "department-duties"
    case townshipDuties = "township-duties"
    case method

    /// The column's name in the catalogues.
    public var chineseName: String {
      switch self {
      case .departmentDuties: "上级部门职责"
      case .townshipDuties: "乡镇配合职责"
      case .method: "承接部门及工作方式"
      }
    }
  }

  /// One block (step, paragraph, heading) of a duty text that changed, was added or removed.
  public struct BlockChange: Sendable, Hashable {
    public var old: String?
    public var new: String?
    public var segments: [CharacterDiff.Segment]
  }

  public struct TextChange: Sendable, Hashable {
    public var field: DutyField
    public var blocks: [BlockChange]
  }

  /// One item's changes; `old` is nil for an added item, `new` for a removed one.
  public struct ItemChange: Sendable, Hashable {
    public var kinds: [ChangeKind]
    public var old: Item?
    public var new: Item?
    public var texts: [TextChange]
  }

  public var changes: [ItemChange]

  public var isEmpty: Bool { changes.isEmpty }

  /// Every (kind, old id, new id), one per kind of each change.
  public var flatChanges: [(kind: ChangeKind, oldID: String?, newID: String?)] {
    changes.flatMap { change in
      change.kinds.map { (kind: $0, oldID: change.old?.id, newID: change.new?.id) }
    }
  }

  public init(old: [Catalogue], new: [Catalogue], matcher: ItemMatcher = .editions) {
    var changes: [ItemChange] = []
    for (oldCatalogue, newCatalogue) in Self.pairs(old: old, new: new) {
      switch (oldCatalogue, newCatalogue) {
      case (let before?, let after?):
        let comparison = matcher.compare(before, after)
        changes += comparison.onlyInA.map {
          ItemChange(kinds: [.removed], old: $0, new: nil, texts: [])
        }
        changes += comparison.onlyInB.map {
          ItemChange(kinds: [.added], old: nil, new: $0, texts: [])
        }
        changes += comparison.matches.compactMap { Self.change(from: $0.a, to: $0.b) }
      case (let before?, nil):
        changes += before.items.map { ItemChange(kinds: [.removed], old: $0, new: nil, texts: []) }
      case (nil, let after?):
        changes += after.items.map { ItemChange(kinds: [.added], old: nil, new: $0, texts: []) }
      case (nil, nil):
        break
      }
    }
    self.changes = changes.sorted { Self.precedes($0, $1) }
  }

  /// Catalogues of the same township pair up; a single catalogue on each side pairs up even
  /// when the township was renamed.
  static func pairs(old: [Catalogue], new: [Catalogue]) -> [(Catalogue?, Catalogue?)] {
    if old.count == 1, new.count == 1 { return [(old[0], new[0])] }
    var result: [(Catalogue?, Catalogue?)] = []
    var unpairedNew = new
    for catalogue in old {
      if let index = unpairedNew.firstIndex(where: { $0.township == catalogue.township }) {
        result.append((catalogue, unpairedNew.remove(at: index)))
      } else {
        result.append((catalogue, nil))
      }
    }
    result += unpairedNew.map { (nil, $0) }
    return result
  }

  /// The changes between two matched items; nil when there are none.
  static func change(from old: Item, to new: Item) -> ItemChange? {
    var kinds: [ChangeKind] = []
    var texts: [TextChange] = []
    if old.list != new.list { kinds.append(.moved) }
    if old.name != new.name { kinds.append(.renamed) }
    if old.category != new.category { kinds.append(.recategorised) }
    // Departments and duty texts mean different things in different lists: a move says it.
    if old.list == new.list {
      if reassigned(old.handler, new.handler) { kinds.append(.reassigned) }
      texts = dutyTexts(of: old).compactMap { field, oldText in
        let newText = dutyTexts(of: new).first { $0.field == field }?.text ?? .empty
        return oldText == newText
          ? nil : TextChange(field: field, blocks: blockChanges(from: oldText, to: newText))
      }
      if !texts.isEmpty { kinds.append(.text) }
    }
    return kinds.isEmpty ? nil : ItemChange(kinds: kinds, old: old, new: new, texts: texts)
  }

  /// Other departments or another receiver, on the one handler rule: the normalised names
  /// differ, and so do the names as written (a department written the same way is the same
  /// one, even where the rest of the edition changes what its short form expands to).
  static func reassigned(_ old: Handler, _ new: Handler) -> Bool {
    Set(old.departments.map(\.name)) != Set(new.departments.map(\.name))
      && Set(old.departments.map(\.asWritten)) != Set(new.departments.map(\.asWritten))
  }

  static func dutyTexts(of item: Item) -> [(field: DutyField, text: DutyText)] {
    switch item.detail {
    case .basic: []
    case .cooperative(let cooperation):
      [
        (.departmentDuties, cooperation.departmentDuties),
        (.townshipDuties, cooperation.townshipDuties),
      ]
    case .recovered(let recovery): [(.method, recovery.method)]
    }
  }

  /// Blocks aligned on the ones left unchanged; between two such, old and new blocks pair up
  /// in order and are compared character by character.
  static func blockChanges(from old: DutyText, to new: DutyText) -> [BlockChange] {
    let operations = CharacterDiff.lcsOperations(
      old.blocks.map(\.displayText), new.blocks.map(\.displayText))
    var changes: [BlockChange] = []
    var removed: [String] = []
    var inserted: [String] = []
    func flush() {
      for index in 0..<max(removed.count, inserted.count) {
        let before = index < removed.count ? removed[index] : nil
        let after = index < inserted.count ? inserted[index] : nil
        changes.append(
          BlockChange(
            old: before, new: after,
            segments: CharacterDiff.segments(from: before ?? "", to: after ?? "")))
      }
      removed = []
      inserted = []
    }
    for (operation, text) in operations {
      switch operation {
      case .delete: removed.append(text)
      case .insert: inserted.append(text)
      case .equal: flush()
      }
    }
    flush()
    return changes
  }

  /// By township, list and number, each in the new edition where it is (a removed item where
  /// it was); a removal before an addition at the same place.
  private static func precedes(_ x: ItemChange, _ y: ItemChange) -> Bool {
    let itemX = x.new ?? x.old!
    let itemY = y.new ?? y.old!
    if itemX.township != itemY.township { return itemX.township < itemY.township }
    if itemX.list != itemY.list { return itemX.list < itemY.list }
    if itemX.number != itemY.number { return itemX.number < itemY.number }
    return x.new == nil && y.new != nil
  }
}

extension ItemMatcher {
  /// For two editions of one catalogue: no splits or merges (an edition diff reports them as
  /// items added and removed).
  public static let editions = ItemMatcher(detectsSplits: false)
}
