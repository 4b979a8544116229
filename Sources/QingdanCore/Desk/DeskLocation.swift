import Foundation

/// Where the desk log lives: `$XDG_DATA_HOME/qingdan/desk.sqlite`, else
/// `~/.local/share/qingdan/desk.sqlite`. It may hold what callers said, so it stays in the
/// user's own data folder (created 0700, the file 0600).
public enum DeskLocation {
  public static let fileName = "desk.sqlite"

  /// The default file, nil when neither `XDG_DATA_HOME` nor `HOME` is set.
  public static func `default`(environment: [String: String]) -> URL? {
    if let data = environment["XDG_DATA_HOME"], data.hasPrefix("/") {
      return URL(fileURLWithPath: data).appendingPathComponent("qingdan/" + fileName)
    }
    guard let home = environment["HOME"], !home.isEmpty else { return nil }
    return URL(fileURLWithPath: home).appendingPathComponent(".local/share/qingdan/" + fileName)
  }

  /// The default file for this process's environment.
  public static var `default`: URL? {
    self.default(environment: ProcessInfo.processInfo.environment)
  }
}

/// Times as the log stores them: whole milliseconds since 1970, so a time reads back equal
/// to what was written, from memory or from disk.
public enum DeskTime {
  public static func milliseconds(_ date: Date) -> Int64 {
    Int64((date.timeIntervalSince1970 * 1000).rounded())
  }

  public static func date(milliseconds: Int64) -> Date {
    Date(timeIntervalSince1970: Double(milliseconds) / 1000)
  }

  /// `date` cut to what is stored.
  public static func stored(_ date: Date) -> Date { self.date(milliseconds: milliseconds(date)) }
}
