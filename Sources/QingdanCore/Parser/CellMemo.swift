import Foundation

/// Cells already read in this load, shared by the threads parsing its files: across a
/// county's townships (and within one) most cells repeat word for word, and reading one
/// again costs far more than looking it up. Duty cells, 对应上级部门 cells and
/// 承接部门及工作方式 cells each have a table.
///
/// A duty cell's blocks depend on its text, the item's department spellings and the
/// department directory of its file, which differs from file to file. An entry keeps every
/// question it asked the directory and its answer; it is reused only where the directory in
/// hand gives the same answers, so a reused text is byte for byte what reading the cell would
/// give. A department or 承接部门 cell as read (`DepartmentCell`, `RecoveryCell`) depends on
/// its text alone; its names are normalised by each file's directory afterwards.
final class CellMemo: Sendable {
  private let dutyTexts = ShardedTable<Key, Entry>()
  private let departmentCells = ShardedTable<ExactSubstring, DepartmentCell>()
  private let recoveryCells = ShardedTable<ExactSubstring, RecoveryCell>()

  init() {}

  /// A duty text's department spellings, with their keys made once (a builder passes the
  /// same spellings for every row of a department cell).
  struct Spellings {
    fileprivate let keys: [ExactString]
    /// The spellings as the parser matches them.
    let markers: DutyTextParser.Markers

    init(_ strings: [String]) {
      keys = strings.map(ExactString.init)
      markers = DutyTextParser.Markers(strings)
    }

    static let none = Spellings([])
  }

  /// The blocks of `cell` as `DutyTextParser(markers:normalise:)` reads them.
  func dutyText(
    _ cell: Substring, spellings: Spellings, normalise: @escaping (String) -> Department
  ) -> DutyText {
    let key = Key(cell: ExactSubstring(cell), spellings: spellings.keys)
    if let entry = dutyTexts.value(for: key, hash: key.cell.hash),
      entry.answers.allSatisfy({
        ExactString.sameBytes(normalise($0.asWritten).name, $0.name)
      })
    {
      return entry.text
    }
    var answers: [Entry.Answer] = []
    let text = DutyTextParser(
      markers: spellings.markers,
      normalise: { asWritten in
        let department = normalise(asWritten)
        answers.append(Entry.Answer(asWritten: asWritten, name: department.name))
        return department
      }
    ).parse([cell])
    // The key keeps a copy of its bytes, not the file's whole text.
    let stored = Key(cell: Self.copied(key.cell), spellings: key.spellings)
    dutyTexts.store(Entry(text: text, answers: answers), for: stored, hash: key.cell.hash)
    return text
  }

  /// The 对应上级部门 cell `cell` read: `DepartmentCell(CellMarkup.plainText(cell))`.
  func departmentCell(_ cell: Substring) -> DepartmentCell {
    Self.remembered(cell, in: departmentCells) { DepartmentCell(CellMarkup.plainText($0)) }
  }

  /// The 承接部门及工作方式 cell `cell` read: `RecoveryCell(String(cell))`.
  func recoveryCell(_ cell: Substring) -> RecoveryCell {
    Self.remembered(cell, in: recoveryCells) { RecoveryCell(String($0)) }
  }

  private static func remembered<Value>(
    _ cell: Substring, in table: ShardedTable<ExactSubstring, Value>,
    read: (Substring) -> Value
  ) -> Value {
    let key = ExactSubstring(cell)
    if let known = table.value(for: key, hash: key.hash) { return known }
    let value = read(cell)
    table.store(value, for: copied(key), hash: key.hash)
    return value
  }

  /// `key` holding a copy of its bytes, so that a table does not keep a file's whole text.
  private static func copied(_ key: ExactSubstring) -> ExactSubstring {
    ExactSubstring(Substring(String(key.text)))
  }

  private struct Entry: Sendable {
    struct Answer: Sendable {
      var asWritten: String
      var name: String
    }
    var text: DutyText
    /// Every department name the parser normalised, in order, and the name it got.
    var answers: [Answer]
  }

  /// A cell and spellings, equal when their UTF-8 is (as the parser reads them).
  private struct Key: Hashable, Sendable {
    var cell: ExactSubstring
    var spellings: [ExactString]
  }
}

/// A dictionary split into tables chosen by the key's hash, each behind its own lock: the
/// parsing threads look up a cell or two per row, and one lock for all would keep them
/// waiting on each other.
private final class ShardedTable<Key: Hashable & Sendable, Value: Sendable>: Sendable {
  private let shards = (0..<16).map { _ in Locked([Key: Value]()) }

  func value(for key: Key, hash: UInt64) -> Value? {
    shard(hash).withLock { $0[key] }
  }

  func store(_ value: Value, for key: Key, hash: UInt64) {
    shard(hash).withLock { $0[key] = value }
  }

  private func shard(_ hash: UInt64) -> Locked<[Key: Value]> {
    shards[Int(truncatingIfNeeded: hash >> 60)]
  }
}
