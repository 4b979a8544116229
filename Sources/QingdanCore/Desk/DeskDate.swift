import Foundation

/// Dates on the command line (`--since`, `--until`, `--time`) and times in the log's output.
/// A day (`2026-12-01`) is a local calendar day: `--since` starts at its first moment and
/// `--until` includes the whole day. An ISO 8601 time (`2026-12-01T09:30`, with seconds, a
/// `Z` or an offset; local time without one) is that instant.
public enum DeskDate {
  public enum Bound: Sendable {
    /// The first moment that counts.
    case since
    /// The first moment that no longer counts.
    case until
  }

  public static let help = "YYYY-MM-DD (a local day) or ISO 8601 such as 2026-12-01T09:30:00+08:00"

  /// The moment `text` names as `bound`, or nil when it is not a date.
  public static func parse(_ text: String, as bound: Bound, timeZone: TimeZone = .current) -> Date?
  {
    let text = text.trimmingCharacters(in: .whitespaces)
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = timeZone
    if let day = day(text) {
      var components = DateComponents(year: day.year, month: day.month, day: day.day)
      components.calendar = calendar
      guard components.isValidDate, let start = calendar.date(from: components) else { return nil }
      return bound == .since ? start : calendar.date(byAdding: .day, value: 1, to: start)
    }
    let normalized = text.replacingOccurrences(of: " ", with: "T")
    for options: ISO8601DateFormatter.Options in [
      [.withInternetDateTime], [.withInternetDateTime, .withFractionalSeconds],
    ] {
      let formatter = ISO8601DateFormatter()
      formatter.formatOptions = options
      if let date = formatter.date(from: normalized) { return date }
    }
    for format in ["yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm"] {
      let formatter = DateFormatter()
      formatter.locale = Locale(identifier: "en_US_POSIX")
      formatter.calendar = calendar
      formatter.timeZone = timeZone
      formatter.dateFormat = format
      formatter.isLenient = false
      if let date = formatter.date(from: normalized) { return date }
    }
    return nil
  }

  /// `2026-12-01T17:22:08+08:00`: the time as the log's machine formats (CSV, JSON) give it.
  public static func iso(_ date: Date, timeZone: TimeZone = .current) -> String {
    let formatter = ISO8601DateFormatter()
    formatter.timeZone = timeZone
    formatter.formatOptions = [.withInternetDateTime]
    return formatter.string(from: date)
  }

  /// `2026-12-01 17:22`: the time as people read it.
  public static func minute(_ date: Date, timeZone: TimeZone = .current) -> String {
    let parts = local(date, timeZone)
    return String(
      format: "%04d-%02d-%02d %02d:%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0,
      parts.hour ?? 0, parts.minute ?? 0)
  }

  /// `2026-12-01`: the local day.
  public static func day(_ date: Date, timeZone: TimeZone = .current) -> String {
    let parts = local(date, timeZone)
    return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
  }

  private static func local(_ date: Date, _ timeZone: TimeZone) -> DateComponents {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = timeZone
    return calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
  }

  /// `YYYY-MM-DD` exactly, as numbers.
  private static func day(_ text: String) -> (year: Int, month: Int, day: Int)? {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 3, parts.map(\.count) == [4, 2, 2],
      parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
      let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
    else { return nil }
    return (year, month, day)
  }
}
