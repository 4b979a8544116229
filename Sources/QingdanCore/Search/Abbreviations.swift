/// Initial-letter abbreviations ("zjd" → 宅基地), resolved against known terms the way a
/// pinyin input method resolves them against its dictionary: the synonyms file's words
/// and the catalogues' categories. Without this, "zjd" would match any 展-禁-毒 that
/// happens to stand in a row.
struct Abbreviations: Sendable {
  /// Initials ("zjd") → terms whose characters have those initials.
  private let termsByInitials: [String: [String]]

  static let maxLength = 6

  init(terms: some Sequence<String>, pinyin: PinyinTable) {
    var table: [String: [String]] = [:]
    for term in Set(terms) where (2...Self.maxLength).contains(term.count) {
      var spellings: Set<String> = [""]
      for character in term {
        let initials = Set(pinyin.readings(of: character).compactMap(\.first))
        guard !initials.isEmpty else {
          spellings = []
          break
        }
        spellings = Set(spellings.flatMap { prefix in initials.map { prefix + String($0) } })
        if spellings.count > 16 { break }
      }
      for spelling in spellings where spelling.count == term.count {
        table[spelling, default: []].append(term)
      }
    }
    termsByInitials = table.mapValues { $0.sorted() }
  }

  func terms(for letters: String) -> [String] {
    termsByInitials[letters.lowercased()] ?? []
  }
}
