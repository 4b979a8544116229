/// Pinyin typed for a known term — full ("dibao" → 低保) or initials ("zjd" → 宅基地) —
/// resolved against the project's vocabulary the way a pinyin input method resolves it
/// against its dictionary: the synonyms file's words and the catalogues' categories.
/// Without this, "zjd" would match any 展-禁-毒 that happens to stand in a row, and "dibao"
/// the 地保 of 水源地保护 as readily as 低保.
struct KnownTerms: Sendable {
  /// Initials ("zjd") → terms whose characters have those initials.
  private let termsByInitials: [String: [String]]
  /// Full toneless pinyin, syllables run together ("dibao") → terms that read so.
  private let termsByPinyin: [String: [String]]

  static let maxInitials = 6
  static let maxTermLength = 8
  /// Polyphonic characters multiply spellings; a term keeps at most this many.
  static let maxSpellings = 16

  /// `pinyinOnly` terms (the caller lexicon's many words) are found by full pinyin only,
  /// and only when no other term reads so ("gonghui" is 工会, not the lexicon's 红会).
  init(terms: some Sequence<String>, pinyinOnly: Set<String> = [], pinyin: PinyinTable) {
    var initials: [String: [String]] = [:]
    var full: [String: [String]] = [:]
    var fallback: [String: [String]] = [:]
    for term in Set(terms) where (2...Self.maxTermLength).contains(term.count) {
      let readings = term.map { pinyin.readings(of: $0) }
      guard readings.allSatisfy({ !$0.isEmpty }) else { continue }
      for spelling in Self.spellings(readings.map { $0.map { String($0.prefix(1)) } })
      where term.count <= Self.maxInitials && !pinyinOnly.contains(term) {
        initials[spelling, default: []].append(term)
      }
      for spelling in Self.spellings(readings) {
        if pinyinOnly.contains(term) {
          fallback[spelling, default: []].append(term)
        } else {
          full[spelling, default: []].append(term)
        }
      }
    }
    termsByInitials = initials.mapValues { $0.sorted() }
    for (spelling, words) in fallback where full[spelling] == nil { full[spelling] = words }
    termsByPinyin = full.mapValues { $0.sorted() }
  }

  /// Every way to spell a term from its characters' readings, at most `maxSpellings`.
  private static func spellings(_ readings: [[String]]) -> Set<String> {
    var spellings: Set<String> = [""]
    for options in readings {
      spellings = Set(spellings.flatMap { prefix in Set(options).map { prefix + $0 } })
      if spellings.count > Self.maxSpellings { return [] }
    }
    return spellings
  }

  func terms(forInitials letters: String) -> [String] {
    termsByInitials[letters.lowercased()] ?? []
  }

  func terms(forPinyin letters: String) -> [String] {
    termsByPinyin[letters.lowercased()] ?? []
  }
}
