import Foundation

/// One enquiry as the operator recorded it (`r` in the browser, `qingdan log add`): when,
/// which township filter was on, the query as typed, the item given and the answer as shown.
public struct DeskEntry: Sendable, Equatable, Codable {
  public var time: Date
  /// The township filter at the time, nil when all townships were searched.
  public var township: String?
  public var query: String
  public var itemID: String
  /// The handler line as shown (`Handler.answer`).
  public var answer: String
  public var note: String?

  public init(
    time: Date, township: String? = nil, query: String, itemID: String, answer: String,
    note: String? = nil
  ) {
    self.time = time
    self.township = township
    self.query = query
    self.itemID = itemID
    self.answer = answer
    self.note = note
  }

  /// The entry as it is stored: every text trimmed and cut to `DeskLimits`, an empty
  /// township or note as none, the time in whole milliseconds. Every `DeskLog` stores this
  /// form.
  public var bounded: DeskEntry {
    DeskEntry(
      time: DeskTime.stored(time), township: DeskLimits.optional(township, limit: DeskLimits.name),
      query: DeskLimits.clip(query, limit: DeskLimits.query),
      itemID: DeskLimits.clip(itemID, limit: DeskLimits.name),
      answer: DeskLimits.clip(answer, limit: DeskLimits.note),
      note: DeskLimits.optional(note, limit: DeskLimits.note))
  }
}

/// How much of what an operator types is kept: a caller's words are short, and a log that
/// anyone can append to must not grow without bound from one pasted file.
public enum DeskLimits {
  /// Characters of a query (the search line, `--query`).
  public static let query = 200
  /// Characters of a note or an answer.
  public static let note = 1000
  /// Characters of an item id or a township name.
  public static let name = 100
  /// Past queries kept for ↑/↓; older ones are dropped.
  public static let history = 500

  /// `text` trimmed of surrounding white space and cut to `limit` characters.
  public static func clip(_ text: String, limit: Int) -> String {
    let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
    return trimmed.count <= limit ? trimmed : String(trimmed.prefix(limit))
  }

  /// `clip`, with nil for nothing left.
  public static func optional(_ text: String?, limit: Int) -> String? {
    guard let text else { return nil }
    let clipped = clip(text, limit: limit)
    return clipped.isEmpty ? nil : clipped
  }
}
