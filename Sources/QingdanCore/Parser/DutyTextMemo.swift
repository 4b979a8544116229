import Foundation

/// Duty cells already read in this load, shared by the threads parsing its files: across a
/// county's townships (and within one) most duty cells repeat word for word, and reading one
/// again costs far more than looking it up.
///
/// A cell's blocks depend on its text, the item's department spellings and the department
/// directory of its file, which differs from file to file. An entry keeps every question it
/// asked the directory and its answer; it is reused only where the directory in hand gives
/// the same answers, so a reused text is byte for byte what reading the cell would give.
final class DutyTextMemo: Sendable {
  /// Tables chosen by the cell's hash, each behind its own lock: the parsing threads look
  /// up a cell or two per row, and one lock for all would keep them waiting on each other.
  private let shards = (0..<16).map { _ in Locked([Key: Entry]()) }

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
  func parse(
    _ cell: Substring, spellings: Spellings, normalise: @escaping (String) -> Department
  ) -> DutyText {
    let key = Key(cell: ExactSubstring(cell), spellings: spellings.keys)
    let shard = shards[Int(truncatingIfNeeded: key.cell.hash >> 60)]
    if let entry = shard.withLock({ $0[key] }),
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
    let stored = Key(cell: ExactSubstring(Substring(String(cell))), spellings: key.spellings)
    shard.withLock { $0[stored] = Entry(text: text, answers: answers) }
    return text
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
