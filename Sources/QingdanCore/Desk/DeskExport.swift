import Foundation

/// The log's entries as data leaves the tool: one JSON object or CSV row per entry, with the
/// same fields. Times are ISO 8601 with the local offset.
public struct DeskEntryRecord: Sendable, Equatable, Codable {
  public var time: String
  public var township: String?
  public var query: String
  public var item: String
  public var answer: String
  public var note: String?

  public init(_ entry: DeskEntry, timeZone: TimeZone = .current) {
    time = DeskDate.iso(entry.time, timeZone: timeZone)
    township = entry.township
    query = entry.query
    item = entry.itemID
    answer = entry.answer
    note = entry.note
  }

  private enum CodingKeys: String, CodingKey, CaseIterable {
    case time, township, query, item, answer, note
  }

  /// Every key is always there (null when empty), so that scripts see one shape.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(time, forKey: .time)
    try container.encode(township, forKey: .township)
    try container.encode(query, forKey: .query)
    try container.encode(item, forKey: .item)
    try container.encode(answer, forKey: .answer)
    try container.encode(note, forKey: .note)
  }

  public static let csvHeader = CodingKeys.allCases.map(\.stringValue)

  /// The CSV row; control characters other than a line break (kept inside its quoted cell)
  /// become U+FFFD, so a CSV shown on a terminal sends it no escape sequence.
  public var csvRow: [String] {
    [time, township ?? "", query, item, answer, note ?? ""].map {
      TerminalText.sanitized($0, keeping: ["\n"])
    }
  }

  /// `entries` as RFC 4180 CSV with a header row.
  public static func csv(_ entries: [DeskEntry], timeZone: TimeZone = .current) -> String {
    CSVExport.document(
      header: csvHeader, rows: entries.map { DeskEntryRecord($0, timeZone: timeZone).csvRow })
  }
}
