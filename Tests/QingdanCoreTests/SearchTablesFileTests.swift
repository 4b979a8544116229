import Foundation
import Testing

@testable import QingdanCore

/// The search tables compiled once into a mapped file: they answer as the parsed tables do,
/// a source edited in any way is never answered from a stale file, and a damaged file is
/// refused with its reason and compiled again.
@Suite("Compiled search tables")
struct SearchTablesFileTests {
  static let bundled = try! SearchResources.loadDefault()

  /// Small tables in a temporary resources folder, to edit; compiling them takes no time.
  struct SmallSources {
    let root: URL
    let sources: SearchTableSources
    let cache: String

    init() throws {
      root = CacheFixtures.temporaryDirectory("tables")
      let resources = root.appendingPathComponent("resources")
      let files: [(SearchTableSources.Role, String)] = [
        (.pinyin, "低\tdi\n保\tbao\n地\tdi\n包\tbao\n长\tzhang chang\n"),
        (.folding, "報\t报\n"),
        (.synonyms, "吃低保\t低保\n"),
        (.callers, "=低保\n揭不开锅|断顿\n"),
        (.fillers, "怎么办\n"),
        (.thesaurus, "Aa01A01=\t低保|最低生活保障\n"),
        (.thesaurusIndex, "低保\t0\n最低生活保障\t0\n"),
        (.words, "低保\n"),
      ]
      for (role, text) in files {
        let url = resources.appendingPathComponent(SearchTableSources.bundledPath(role))
        try FileManager.default.createDirectory(
          at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: false, encoding: .utf8)
      }
      let user = root.appendingPathComponent("config/qingdan/synonyms.tsv")
      try FileManager.default.createDirectory(
        at: user.deletingLastPathComponent(), withIntermediateDirectories: true)
      try "驼奶粉\t长眉驼\n".write(to: user, atomically: false, encoding: .utf8)
      sources = SearchTableSources(
        paths: SearchTableSources.Role.allCases.map { role in
          role == .userSynonyms
            ? user.path
            : resources.appendingPathComponent(SearchTableSources.bundledPath(role)).path
        })
      cache = root.appendingPathComponent("cache").path
    }

    var file: String { SearchTablesFile.path(for: sources, in: cache) }

    func open() throws -> SearchTablesFile.Opened {
      try SearchTablesFile.open(sources, directory: cache)
    }

    func path(_ role: SearchTableSources.Role) -> String { sources[role] }
  }

  /// Sets a file's access and modification times (nanoseconds since 1970).
  static func setModified(_ path: String, to nanoseconds: Int64) -> Bool {
    let time = timespec(
      tv_sec: Int(nanoseconds / 1_000_000_000), tv_nsec: Int(nanoseconds % 1_000_000_000))
    var times = [time, time]
    return utimensat(AT_FDCWD, path, &times, 0) == 0
  }

  // MARK: Same answers

  @Test func theCompiledTablesAnswerAsTheParsedOnes() throws {
    let cache = CacheFixtures.temporaryDirectory("cache").path
    let sources = SearchTableSources(environment: ["XDG_CONFIG_HOME": "/nonexistent"])
    _ = try SearchTablesFile.open(sources, directory: cache)
    let opened = try SearchTablesFile.open(sources, directory: cache)
    #expect(opened.summary.hasPrefix("search tables: mapped "), "\(opened.summary)")
    let mapped = opened.resources
    let pinyin = try PinyinTable.loadBundled()
    let folding = try TraditionalFolding.loadBundled()
    #expect(mapped.pinyin.syllables == pinyin.syllables)
    #expect(mapped.folding.fingerprint == folding.fingerprint)
    #expect(mapped.folding.count == folding.count)
    let differing = (0x20...0x2FFFF).compactMap(Unicode.Scalar.init).filter { scalar in
      let character = Character(scalar)
      return mapped.pinyin.readings(of: character) != pinyin.readings(of: character)
        || mapped.folding.fold(scalar) != folding.fold(scalar)
    }
    #expect(differing.isEmpty, "\(differing.prefix(10))")
    var synonyms = try Synonyms.loadDefault(environment: ["XDG_CONFIG_HOME": "/nonexistent"])
    #expect(mapped.synonyms.entries.count == synonyms.entries.count)
    for (phrase, terms) in synonyms.entries {
      #expect(mapped.synonyms.entries[phrase] == terms, "\(phrase)")
    }
    #expect(mapped.synonyms.lexiconWords == synonyms.lexiconWords)
    #expect(mapped.synonyms.entries["不是一个词"] == nil)
    let fillers = try Fillers.loadBundled()
    let thesaurus = try Thesaurus.loadBundled()
    let words = try WordList.loadBundled()
    let sample = Array(synonyms.entries.keys.prefix(300)) + ["怎么办", "找谁", "工会", "地里", "工前"]
    for word in sample {
      #expect(mapped.fillers.contains(word) == fillers.contains(word), "\(word)")
      #expect(mapped.thesaurus.synonyms(of: word) == thesaurus.synonyms(of: word), "\(word)")
      #expect(mapped.words.contains(word) == words.contains(word), "\(word)")
    }
    #expect(mapped.thesaurus.longest == thesaurus.longest)
    // Adding to mapped synonyms adds to all of them.
    var extended = mapped.synonyms
    try extended.load(contentsOf: try #require(BundledResources.file("synonyms.tsv")))
    synonyms.add("驼奶粉", ["长眉驼"])
    extended.add("驼奶粉", ["长眉驼"])
    #expect(extended.entries["驼奶粉"] == ["长眉驼"])
    #expect(extended.entries.count == synonyms.entries.count)
    #expect(extended.lexiconWords == synonyms.lexiconWords)
  }

  /// The query compiler's vocabulary compiled once and the catalogue's categories added
  /// give the same answers as the whole vocabulary spelt at once.
  @Test func theCompiledVocabularyPlusCategoriesEqualsTheWholeAtOnce() {
    let resources = Self.bundled
    let categories = Seeds.index.categoryNames + ["低保", "社会保障", "地保"]
    let vocabularyOfEngine = resources.compilerVocabulary(categories: categories)
    let (known, slips) = (vocabularyOfEngine.knownTerms, vocabularyOfEngine.slips)
    let terms = QueryTables.synonymTerms(resources.synonyms)
    let all = Array(terms) + categories
    let wholeKnown = KnownTerms(
      terms: all, pinyinOnly: resources.synonyms.lexiconWords, pinyin: resources.pinyin)
    let vocabulary = Set(all)
    let wholeSlips = SlipRepair(
      vocabulary: vocabulary.union(resources.thesaurus.words(groupedWithAnyOf: vocabulary)),
      pinyin: resources.pinyin)
    var keys: Set<String> = []
    for term in all {
      let readings = term.map { resources.pinyin.readings(of: $0) }
      guard readings.allSatisfy({ !$0.isEmpty }) else { continue }
      keys.insert(readings.map { $0[0] }.joined())
      keys.insert(readings.map { String($0[0].prefix(1)) }.joined())
      keys.insert(readings.map { $0.last! }.joined())
    }
    #expect(keys.count > 1_000)
    for key in keys {
      #expect(known.terms(forInitials: key) == wholeKnown.terms(forInitials: key), "\(key)")
      #expect(known.terms(forPinyin: key) == wholeKnown.terms(forPinyin: key), "\(key)")
    }
    // Slips: every two- and three-character window of the catalogue's item names.
    var windows: Set<String> = []
    for item in Seeds.index.items.prefix(200) {
      let characters = Array(item.name)
      for length in 2...3 where characters.count >= length {
        for start in 0...(characters.count - length) {
          windows.insert(String(characters[start..<start + length]))
        }
      }
    }
    for window in windows {
      #expect(slips.isKnown(window) == wholeSlips.isKnown(window), "\(window)")
      #expect(
        slips.repairs(of: window, pinyin: resources.pinyin)
          == wholeSlips.repairs(of: window, pinyin: resources.pinyin), "\(window)")
    }
  }

  /// The compiled table of known words answers as the tables it was made from: a word of
  /// any of them is a word, a string is a beginning exactly when a longer word of one of
  /// them begins with it, and a thesaurus word is marked so.
  @Test func theKnownWordsAnswerAsTheirTables() {
    let resources = Self.bundled
    let knownWords = resources.compilerVocabulary(categories: []).knownWords
    let slipWords = QueryTables.slipVocabulary(
      QueryTables.synonymTerms(resources.synonyms), thesaurus: resources.thesaurus
    ).filter { SlipRepair.lengths.contains($0.count) }
    let tablesWords =
      resources.words.all + resources.thesaurus.allWords + resources.synonyms.entries.keys
    let wordSet = Set(tablesWords.filter { $0.count >= 2 }).union(slipWords)
    var prefixes: Set<String> = []
    for word in wordSet {
      let characters = Array(word)
      for length in stride(from: 2, to: characters.count, by: 1) {
        prefixes.insert(String(characters[..<length]))
      }
    }
    // The tables' own words and their beginnings, and windows of the catalogue's names.
    var probes = Set(wordSet.prefix(3_000)).union(prefixes.prefix(3_000))
    for item in Seeds.index.items.prefix(150) {
      let characters = Array(item.name + item.category)
      for length in 2...5 where characters.count >= length {
        for start in 0...(characters.count - length) {
          probes.insert(String(characters[start..<start + length]))
        }
      }
    }
    let thesaurusWords = Set(resources.thesaurus.allWords)
    var words = 0
    var beginnings = 0
    for probe in probes {
      let found = knownWords.lookup(probe)
      #expect(found.isWord == wordSet.contains(probe), "\(probe)")
      #expect(found.isPrefix == prefixes.contains(probe), "\(probe)")
      #expect(knownWords.isThesaurusWord(probe) == thesaurusWords.contains(probe), "\(probe)")
      if found.isWord { words += 1 }
      if found.isPrefix { beginnings += 1 }
    }
    #expect(words > 3_000)
    #expect(beginnings > 3_000)
    #expect(knownWords.lookup("一") == .nothing)
  }

  /// A slip's sound keys from the compiled folded syllables equal those folded afresh.
  @Test func soundKeysFromCompiledSyllablesEqualThoseFoldedAfresh() {
    let resources = Self.bundled
    let slips = resources.compilerVocabulary(categories: []).slips
    let fresh = SlipRepair(vocabulary: ["工钱", "低保", "婚宴"], pinyin: resources.pinyin)
    for text in ["工前", "地包", "婚严", "重行", "长乐", "女能", "发还", "音乐会", "銀行", "a1"] {
      #expect(
        slips.soundKeys(of: text, pinyin: resources.pinyin)
          == SlipRepair.keys(of: text, pinyin: resources.pinyin), "\(text)")
      #expect(
        fresh.soundKeys(of: text, pinyin: resources.pinyin)
          == SlipRepair.keys(of: text, pinyin: resources.pinyin), "\(text)")
    }
  }

  @Test func anEngineFromTheCompiledFileRanksAsOneFromTheSources() throws {
    let cache = CacheFixtures.temporaryDirectory("cache").path
    let sources = SearchTableSources(environment: ["XDG_CONFIG_HOME": "/nonexistent"])
    _ = try SearchTablesFile.open(sources, directory: cache)
    let mapped = try SearchTablesFile.open(sources, directory: cache).resources
    // Replacing a table drops the compiled vocabulary: built again from what is there.
    var rebuilt = Self.bundled
    rebuilt.synonyms = try Synonyms.loadDefault(environment: ["XDG_CONFIG_HOME": "/nonexistent"])
    #expect(rebuilt.queryTables == nil)
    let fromFile = SearchEngine(catalogue: Seeds.index, resources: mapped)
    let fromSources = SearchEngine(catalogue: Seeds.index, resources: rebuilt)
    for query in ["低保", "dibao", "zjd", "地包", "我想问一下低保怎么办", "揭不开锅", "臨時救助", "gonghui"] {
      let left = fromFile.search(query).map { "\($0.item.id) \($0.score)" }
      let right = fromSources.search(query).map { "\($0.item.id) \($0.score)" }
      #expect(left == right, "\(query)")
      #expect(!left.isEmpty, "\(query)")
    }
  }

  // MARK: Stale sources

  @Test func aCompiledFileIsMappedUntilASourceChanges() throws {
    let small = try SmallSources()
    let first = try small.open()
    #expect(first.summary.contains("compiled (none compiled yet); wrote"), "\(first.summary)")
    #expect(FileManager.default.fileExists(atPath: small.file))
    let second = try small.open()
    #expect(second.summary == "search tables: mapped \(small.file)")
    #expect(second.resources.synonyms.entries["驼奶粉"] == ["长眉驼"])
    #expect(second.resources.pinyin.readings(of: "长") == ["zhang", "chang"])
  }

  @Test func anEditToTheUsersSynonymsIsPickedUpAtOnce() throws {
    let small = try SmallSources()
    _ = try small.open()
    // Same size, same second: only the content differs (the clock may not have moved).
    let user = small.path(.userSynonyms)
    let before = SourceStamp(path: user)
    try "驼奶茶\t长眉驼\n".write(toFile: user, atomically: false, encoding: .utf8)
    #expect(Self.setModified(user, to: before.modified))
    #expect(SourceStamp(path: user) == before)
    let reopened = try small.open()
    #expect(reopened.summary.contains("\(user) changed"), "\(reopened.summary)")
    #expect(reopened.resources.synonyms.entries["驼奶茶"] == ["长眉驼"])
    #expect(reopened.resources.synonyms.entries["驼奶粉"] == nil)
    #expect(try small.open().summary.hasPrefix("search tables: mapped"))
  }

  @Test func aSourceTouchedReplacedAddedOrRemovedRecompiles() throws {
    let small = try SmallSources()
    _ = try small.open()
    // Touched: a later modification time.
    let words = small.path(.words)
    #expect(Self.setModified(words, to: 2_000_000_000 * 1_000_000_000))
    #expect(try small.open().summary.contains("\(words) changed"))
    // Replaced by another file (another inode) of the same size and time.
    let pinyin = small.path(.pinyin)
    let old = SourceStamp(path: pinyin)
    let replacement = pinyin + ".new"
    try FileManager.default.copyItem(atPath: pinyin, toPath: replacement)
    #expect(Self.setModified(replacement, to: old.modified))
    #expect(rename(replacement, pinyin) == 0)
    #expect(try small.open().summary.contains("\(pinyin) changed"))
    // Removed, then added back.
    let fillers = small.path(.fillers)
    try FileManager.default.removeItem(atPath: fillers)
    let removed = try small.open()
    #expect(removed.summary.contains("\(fillers) was removed"), "\(removed.summary)")
    #expect(!removed.resources.fillers.contains("怎么办"))
    try "怎么办\n".write(toFile: fillers, atomically: false, encoding: .utf8)
    let added = try small.open()
    #expect(added.summary.contains("\(fillers) was added"), "\(added.summary)")
    #expect(added.resources.fillers.contains("怎么办"))
  }

  @Test func aBadLineInASourceIsNamedAndNothingIsWritten() throws {
    let small = try SmallSources()
    try "低\tDI\n".write(toFile: small.path(.pinyin), atomically: false, encoding: .utf8)
    #expect(throws: HanTableError.self) { try small.open() }
    #expect(!FileManager.default.fileExists(atPath: small.file))
    try "只有短语\n".write(toFile: small.path(.userSynonyms), atomically: false, encoding: .utf8)
    try "低\tdi\n".write(toFile: small.path(.pinyin), atomically: false, encoding: .utf8)
    #expect {
      try small.open()
    } throws: { error in
      "\(error)".contains("\(small.path(.userSynonyms)):1")
    }
  }

  // MARK: Damage

  @Test func aDamagedFileIsRefusedWithItsReasonAndCompiledAgain() throws {
    let small = try SmallSources()
    _ = try small.open()
    let good = try Data(contentsOf: URL(fileURLWithPath: small.file))
    func damaged(_ bytes: Data, _ reason: String) throws {
      try bytes.write(to: URL(fileURLWithPath: small.file))
      let opened = try small.open()
      #expect(opened.summary.contains(reason), "\(opened.summary)")
      #expect(opened.resources.synonyms.entries["驼奶粉"] == ["长眉驼"])
      #expect(try small.open().summary.hasPrefix("search tables: mapped"))
    }
    try damaged(good.prefix(good.count / 2), "the header says")
    try damaged(good.prefix(10), "truncated")
    try damaged(Data(), "truncated")
    var flipped = good
    flipped[good.count - 20] ^= 0x40
    try damaged(flipped, "checksum mismatch")
    var magic = good
    magic[0] = 0x58
    try damaged(magic, "wrong magic")
    var version = good
    version[8] = 99
    try damaged(version, "format 99, this qingdan reads \(SearchTablesFile.formatVersion)")
  }

  @Test func aChecksumRecordSkipsTheHashOnlyWhileTheFileKeepsItsStat() throws {
    let small = try SmallSources()
    _ = try small.open()
    let url = URL(fileURLWithPath: small.file)
    var bytes = try Data(contentsOf: url)
    bytes[bytes.count - 20] ^= 0x40
    try bytes.write(to: url)
    // A record taken long after this write vouches for the file as it is: not hashed, so
    // the flipped byte goes unseen (the readers' bounds checks still hold).
    try ChecksumRecordTests.writeSettledRecord(beside: url)
    #expect(try small.open().summary == "search tables: mapped \(small.file)")
    // Written again, even with the same bytes: a new stat, so the record proves nothing.
    try bytes.write(to: url)
    let reopened = try small.open()
    #expect(reopened.summary.contains("checksum mismatch"), "\(reopened.summary)")
    // A start that hashed the file leaves a record of it.
    #expect(FileManager.default.fileExists(atPath: ChecksumRecord.path(for: small.file)))
  }

  @Test func somethingElseWhereTheFileBelongsIsReportedAndLeftAlone() throws {
    let small = try SmallSources()
    try FileManager.default.createDirectory(atPath: small.file, withIntermediateDirectories: true)
    let opened = try small.open()
    #expect(opened.summary.contains("not a regular file"), "\(opened.summary)")
    #expect(opened.summary.contains("not written"), "\(opened.summary)")
    #expect(opened.resources.synonyms.entries["驼奶粉"] == ["长眉驼"])
  }

  @Test func withoutACacheDirectoryTheTablesAreCompiledInMemory() throws {
    let small = try SmallSources()
    let opened = try SearchTablesFile.open(small.sources, directory: nil)
    #expect(opened.summary.contains("in memory"))
    #expect(opened.resources.words.contains("低保"))
  }

  @Test func processesCompilingAtOnceAllGetTheTables() async throws {
    let small = try SmallSources()
    let sources = small.sources
    let cache = small.cache
    let answers = try await withThrowingTaskGroup(of: [String]?.self) { group in
      for _ in 0..<6 {
        group.addTask {
          try SearchTablesFile.open(sources, directory: cache).resources.synonyms.entries["驼奶粉"]
        }
      }
      return try await group.reduce(into: []) { $0.append($1) }
    }
    #expect(answers.count == 6)
    #expect(answers.allSatisfy { $0 == ["长眉驼"] })
    #expect(try small.open().summary.hasPrefix("search tables: mapped"))
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: cache).filter {
      $0.hasSuffix(".tmp")
    }
    #expect(leftovers.isEmpty)
  }
}
