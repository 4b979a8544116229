import Foundation

/// Two files of one township are two editions of its catalogue (`…-2024-07.txt`,
/// `…-2025-07.txt`). The newer is loaded: by the date in the file name, else the date on
/// its cover, else the file's modification time. Both files are named in a warning, so
/// that every command says which one was used.
enum Editions {
  /// The indices of the catalogues to load (one per township); adds the warnings to
  /// `diagnostics` (one list per file).
  static func choose(
    files: [String], catalogues: [Catalogue?], diagnostics: inout [[Diagnostic]]
  ) -> Set<Int> {
    var byTownship: [String: [Int]] = [:]
    var order: [String] = []
    for (index, catalogue) in catalogues.enumerated() {
      guard let township = catalogue?.township else { continue }
      if byTownship[township] == nil { order.append(township) }
      byTownship[township, default: []].append(index)
    }
    var chosen = Set<Int>()
    for township in order {
      let indices = byTownship[township]!
      // One file: nothing to weigh (its date and modification time are read only to compare).
      guard indices.count > 1 else {
        chosen.insert(indices[0])
        continue
      }
      let editions = indices.map { Edition(file: files[$0], catalogue: catalogues[$0]!) }
      // Stable: among equals the first file (in path order) wins.
      var best = 0
      for candidate in editions.indices.dropFirst()
      where editions[candidate].isNewer(than: editions[best]) {
        best = candidate
      }
      chosen.insert(indices[best])
      let used = editions[best]
      let others = editions.indices.filter { $0 != best }
      diagnostics[indices[best]].append(
        Diagnostic(
          severity: .warning, file: used.file, line: 0,
          message: "\(township) is also in "
            + others.map { editions[$0].file + editions[$0].label }.joined(separator: ", ")
            + "; this edition\(used.label) is used: "
            + others.map { used.reason(over: editions[$0]) }.joined(separator: ", ")
            + "; remove or move the other file to silence this"))
      for other in others {
        diagnostics[indices[other]].append(
          Diagnostic(
            severity: .warning, file: editions[other].file, line: 0,
            message: "\(township) is also in \(used.file)\(used.label), which is used; "
              + "this edition\(editions[other].label) is skipped; remove or move this file to silence this"
          ))
      }
    }
    return chosen
  }

  struct Edition {
    var file: String
    /// Year and month from the file name, else the cover.
    var date: (year: Int, month: Int)?
    var dateSource: String
    var modified: Date?

    init(file: String, catalogue: Catalogue) {
      self.file = file
      let name = (file as NSString).lastPathComponent
      if let fromName = Self.yearMonth(in: name) {
        date = fromName
        dateSource = "file name"
      } else {
        date = catalogue.date.flatMap(Self.yearMonth)
        dateSource = "cover"
      }
      modified =
        (try? FileManager.default.attributesOfItem(atPath: file))?[.modificationDate] as? Date
    }

    var label: String {
      date.map { String(format: " (%04d-%02d)", $0.year, $0.month) } ?? ""
    }

    func isNewer(than other: Edition) -> Bool {
      if let date, let otherDate = other.date, date != otherDate {
        return (date.year, date.month) > (otherDate.year, otherDate.month)
      }
      if let modified, let otherModified = other.modified { return modified > otherModified }
      return false
    }

    /// Why this edition won over `other`, in words.
    func reason(over other: Edition) -> String {
      if let date, let otherDate = other.date, date != otherDate {
        return "newer by the date in its \(dateSource)"
      }
      if let modified, let otherModified = other.modified, modified > otherModified {
        return "modified more recently"
      }
      return "first in path order (no date tells them apart)"
    }

    /// "2025-07", "2025_7", "2025年7月", "202507" → (2025, 7); a year alone → (year, 0).
    static func yearMonth(in text: String) -> (year: Int, month: Int)? {
      let pattern = /(19|20)(\d\d)(?:[-_.年\/]?(\d{1,2})(?!\d))?/
      guard let match = text.firstMatch(of: pattern) else { return nil }
      let year = Int(match.1 + match.2)!
      let month = match.3.flatMap { Int($0) }.flatMap { (1...12).contains($0) ? $0 : nil } ?? 0
      return (year, month)
    }
  }
}
