/// Pinyin typed for a known term — full ("dibao" → 低保) or initials ("zjd" → 宅基地) —
/// resolved against the project's vocabulary the way a pinyin input method resolves it
/// against its dictionary: the synonyms file's words and the catalogues' categories.
/// Without this, "zjd" would match any 展-禁-毒 that happens to stand in a row, and "dibao"
/// the 地保 of 水源地保护 as readily as 低保.
///
/// The synonyms' part is compiled once (`Stored`, read in place from the compiled tables
/// file); the catalogues' categories are added in memory per engine. Lookups answer as if
/// all terms had been spelt together.
struct KnownTerms: Sendable {
  /// The terms compiled once, read in place.
  private let stored: Stored
  /// The terms added in memory.
  private let added: Spellings

  static let maxInitials = 6
  static let maxTermLength = 8
  /// Polyphonic characters multiply spellings; a term keeps at most this many.
  static let maxSpellings = 16

  /// `pinyinOnly` terms (the caller lexicon's many words) are found by full pinyin only,
  /// and only when no other term reads so ("gonghui" is 工会, not the lexicon's 红会).
  init(terms: some Sequence<String>, pinyinOnly: Set<String> = [], pinyin: PinyinTable) {
    stored = Stored()
    added = Spellings(terms: Set(terms), isPinyinOnly: pinyinOnly.contains, pinyin: pinyin)
  }

  /// `stored` with `terms` added; terms it already has are not spelt again.
  init(
    _ stored: Stored, adding terms: some Sequence<String>, isPinyinOnly: (String) -> Bool,
    pinyin: PinyinTable
  ) {
    self.stored = stored
    added = Spellings(
      terms: Set(terms).filter { !stored.terms.sortedContains($0) }, isPinyinOnly: isPinyinOnly,
      pinyin: pinyin)
  }

  func terms(forInitials letters: String) -> [String] {
    let key = letters.lowercased()
    return Self.merged(stored.initials[key], added.initials[key])
  }

  func terms(forPinyin letters: String) -> [String] {
    let key = letters.lowercased()
    let full = Self.merged(stored.full[key], added.full[key])
    return full.isEmpty ? Self.merged(stored.fallback[key], added.fallback[key]) : full
  }

  /// Two sorted lists of disjoint terms as one sorted list.
  private static func merged(_ first: [String]?, _ second: [String]?) -> [String] {
    guard let second, !second.isEmpty else { return first ?? [] }
    guard let first, !first.isEmpty else { return second }
    return (first + second).sorted()
  }

  /// Every term's spellings, each list sorted.
  struct Spellings: Sendable {
    /// Initials ("zjd") → terms whose characters have those initials.
    var initials: [String: [String]] = [:]
    /// Full toneless pinyin, syllables run together ("dibao") → terms that read so.
    var full: [String: [String]] = [:]
    /// Full pinyin of pinyin-only terms, where no other term reads so.
    var fallback: [String: [String]] = [:]

    init(terms: Set<String>, isPinyinOnly: (String) -> Bool, pinyin: PinyinTable) {
      for term in terms where (2...KnownTerms.maxTermLength).contains(term.count) {
        let readings = term.map { pinyin.readings(of: $0) }
        guard readings.allSatisfy({ !$0.isEmpty }) else { continue }
        let pinyinOnly = isPinyinOnly(term)
        for spelling in Self.spellings(readings.map { $0.map { String($0.prefix(1)) } })
        where term.count <= KnownTerms.maxInitials && !pinyinOnly {
          initials[spelling, default: []].append(term)
        }
        for spelling in Self.spellings(readings) {
          if pinyinOnly {
            fallback[spelling, default: []].append(term)
          } else {
            full[spelling, default: []].append(term)
          }
        }
      }
      initials = initials.mapValues { $0.sorted() }
      full = full.mapValues { $0.sorted() }
      fallback = fallback.mapValues { $0.sorted() }
    }

    /// Every way to spell a term from its characters' readings, at most `maxSpellings`.
    private static func spellings(_ readings: [[String]]) -> Set<String> {
      var spellings: Set<String> = [""]
      for options in readings {
        spellings = Set(spellings.flatMap { prefix in Set(options).map { prefix + $0 } })
        if spellings.count > KnownTerms.maxSpellings { return [] }
      }
      return spellings
    }
  }

  /// The terms compiled once, as the compiled tables file holds them.
  struct Stored: Sendable {
    fileprivate var initials = TableWordMap()
    fileprivate var full = TableWordMap()
    fileprivate var fallback = TableWordMap()
    /// Every term given, sorted by bytes (spelt or not), so an added term is not spelt twice.
    fileprivate var terms = TableStrings()

    init() {}

    static func write(
      terms: Set<String>, pinyinOnly: (String) -> Bool, pinyin: PinyinTable,
      to writer: inout TableWriter
    ) {
      let spellings = Spellings(terms: terms, isPinyinOnly: pinyinOnly, pinyin: pinyin)
      TableWordMap.write(spellings.initials, to: &writer)
      TableWordMap.write(spellings.full, to: &writer)
      TableWordMap.write(spellings.fallback, to: &writer)
      writer.strings(terms.sorted(by: ExactString.bytesPrecede))
    }

    init(reading reader: inout TableReader) throws(TableFormatError) {
      initials = try TableWordMap(reading: &reader)
      full = try TableWordMap(reading: &reader)
      fallback = try TableWordMap(reading: &reader)
      terms = try reader.strings()
    }
  }
}
