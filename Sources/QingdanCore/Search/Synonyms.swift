import Foundation

/// Colloquial words callers use, mapped to the catalogue's terms (电瓶车 → 电动自行车).
/// Loaded from `Resources/synonyms.tsv` and the caller lexicon `Resources/search/callers.tsv`
/// (the same mapping written concept by concept), extended by the user's
/// `$XDG_CONFIG_HOME/qingdan/synonyms.tsv` (default `~/.config/qingdan/synonyms.tsv`).
public struct Synonyms: Sendable {
  /// Colloquial phrase → official terms, phrases as written (simplified).
  public var entries: Entries { Entries(memory: memory, mapped: mapped, longest: longest) }
  /// Phrases and terms that came from the caller lexicon only: too many to guess pinyin
  /// initials against (dm is 地名, not every lexicon word reading d-m).
  public var lexiconWords: Set<String> {
    mapped.count > 0 ? Set(mappedLexicon.all) : conceptWords.subtracting(tableWords)
  }
  /// Entries loaded or given here; empty while `mapped` holds them.
  private var memory: [String: [String]] = [:]
  /// Entries read in place from a compiled tables file (`SearchTablesFile`), with the
  /// lexicon words, sorted; copied into `memory` before anything is added.
  private var mapped = TableWordMap()
  private var mappedLexicon = TableStrings()
  private var conceptWords: Set<String> = []
  /// Phrases and terms of the tab-separated files (bundled and the user's).
  private var tableWords: Set<String> = []
  /// Length of the longest phrase, bounding the substring scan of a query.
  private var longest = 0

  public init() {}

  public init(entries: [String: [String]]) {
    for (phrase, terms) in entries {
      add(phrase, terms)
      tableWords.insert(phrase)
      tableWords.formUnion(terms)
    }
  }

  /// The entries as a dictionary would give them; read in place from a compiled file.
  public struct Entries: Sequence, Sendable {
    fileprivate let memory: [String: [String]]
    fileprivate let mapped: TableWordMap
    /// Characters in the longest phrase.
    fileprivate let longest: Int

    public subscript(phrase: String) -> [String]? {
      mapped.count > 0 ? mapped[phrase] : memory[phrase]
    }

    /// Whether `phrase` has an entry, without reading its terms.
    public func contains(_ phrase: String) -> Bool {
      mapped.count > 0 ? mapped.contains(phrase) : memory[phrase] != nil
    }

    func lookup(_ phrase: String) -> WordLookup {
      mapped.count > 0
        ? mapped.lookup(phrase)
        : .unordered(isWord: memory[phrase] != nil, length: phrase.count, longest: longest)
    }

    public var count: Int { mapped.count > 0 ? mapped.count : memory.count }
    public var isEmpty: Bool { count == 0 }
    public var keys: [String] {
      mapped.count > 0 ? mapped.keys.all : Array(memory.keys)
    }
    public var values: [[String]] { map(\.value) }

    public func makeIterator() -> IndexingIterator<[(key: String, value: [String])]> {
      guard mapped.count > 0 else { return memory.map { ($0.key, $0.value) }.makeIterator() }
      return (0..<mapped.count).map { (mapped.keys.string(at: $0), mapped.values(at: $0)) }
        .makeIterator()
    }
  }

  /// Whether `word` came from the caller lexicon only (see `lexiconWords`).
  func isLexiconWord(_ word: String) -> Bool {
    mapped.count > 0
      ? mappedLexicon.sortedContains(word)
      : conceptWords.contains(word) && !tableWords.contains(word)
  }

  /// The synonyms as a compiled tables file holds them (`SearchTablesFile`).
  func write(to writer: inout TableWriter) {
    TableWordMap.write(Dictionary(uniqueKeysWithValues: Array(entries)), to: &writer)
    writer.strings(lexiconWords.sorted(by: ExactString.bytesPrecede))
    writer.int(longest)
  }

  init(reading reader: inout TableReader) throws(TableFormatError) {
    mapped = try TableWordMap(reading: &reader)
    mappedLexicon = try reader.strings()
    longest = try reader.int()
  }

  /// Entries read in place become entries of its own before more are added.
  private mutating func copyMapped() {
    guard mapped.count > 0 else { return }
    let lexicon = Set(mappedLexicon.all)
    for (phrase, terms) in entries {
      memory[phrase] = terms
      for word in [phrase] + terms where !lexicon.contains(word) { tableWords.insert(word) }
    }
    conceptWords = lexicon
    mapped = TableWordMap()
    mappedLexicon = TableStrings()
  }

  public enum LoadError: Error, CustomStringConvertible, Sendable {
    case malformed(file: String, line: Int, reason: String)

    public var description: String {
      switch self {
      case .malformed(let file, let line, let reason):
        "\(file):\(line): \(reason); lines look like “电瓶车<TAB>电动自行车|电动车”"
      }
    }
  }

  /// The whole of a table file, or an error naming it.
  static func text(of url: URL) throws -> String {
    do {
      return try String(contentsOf: url, encoding: .utf8)
    } catch {
      throw LoadError.malformed(file: url.path, line: 0, reason: "cannot be read as UTF-8 text")
    }
  }

  /// `colloquial<TAB>term|term`, `#` comments and blank lines ignored.
  public mutating func load(contentsOf url: URL) throws {
    let text = try Self.text(of: url)
    copyMapped()
    for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false)
      .enumerated()
    {
      let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
      if line.isEmpty || line.hasPrefix("#") { continue }
      let parts = line.split(separator: "\t", maxSplits: 1).map {
        $0.trimmingCharacters(in: .whitespaces)
      }
      guard parts.count == 2, !parts[0].isEmpty else {
        throw LoadError.malformed(
          file: url.path, line: offset + 1, reason: "expected a phrase, a tab, and terms")
      }
      let terms = parts[1].split(separator: "|").map {
        $0.trimmingCharacters(in: .whitespaces)
      }.filter { !$0.isEmpty }
      guard !terms.isEmpty else {
        throw LoadError.malformed(
          file: url.path, line: offset + 1, reason: "no terms after the tab")
      }
      add(parts[0], terms)
      tableWords.insert(parts[0])
      tableWords.formUnion(terms)
    }
  }

  /// The caller lexicon's layout: a line `=term|term` starts a concept (catalogue terms);
  /// the lines after it list phrases callers use for it, `|`-separated; `#` comments.
  public mutating func loadConcepts(contentsOf url: URL) throws {
    let text = try Self.text(of: url)
    copyMapped()
    var concept: [String] = []
    for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false)
      .enumerated()
    {
      let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
      if line.isEmpty || line.hasPrefix("#") { continue }
      let parts = line.drop(while: { $0 == "=" }).split(separator: "|").map {
        $0.trimmingCharacters(in: .whitespaces)
      }.filter { !$0.isEmpty }
      if line.hasPrefix("=") {
        guard !parts.isEmpty else {
          throw LoadError.malformed(
            file: url.path, line: offset + 1, reason: "a concept line names no terms after =")
        }
        concept = parts
        conceptWords.formUnion(parts)
      } else {
        guard !concept.isEmpty else {
          throw LoadError.malformed(
            file: url.path, line: offset + 1,
            reason: "phrases before any concept line (=term|term)")
        }
        for phrase in parts {
          conceptWords.insert(phrase)
          add(phrase, concept)
        }
      }
    }
  }

  mutating func add(_ phrase: String, _ terms: [String]) {
    copyMapped()
    var merged = memory[phrase] ?? []
    for term in terms where !merged.contains(term) && term != phrase { merged.append(term) }
    memory[phrase] = merged
    longest = max(longest, phrase.count)
  }

  /// The bundled file, then the user's, if present.
  public static func loadDefault(
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) throws -> Synonyms {
    var synonyms = Synonyms()
    for (url, isLexicon) in defaultFiles(environment: environment)
    where FileManager.default.fileExists(atPath: url.path) {
      if isLexicon {
        try synonyms.loadConcepts(contentsOf: url)
      } else {
        try synonyms.load(contentsOf: url)
      }
    }
    return synonyms
  }

  /// The files `loadDefault` reads, in order, whether or not they exist: the bundled
  /// synonyms, the caller lexicon, the user's synonyms.
  static func defaultFiles(environment: [String: String]) -> [(url: URL, isLexicon: Bool)] {
    [
      BundledResources.file("synonyms.tsv").map { ($0, false) },
      BundledResources.file("search/callers.tsv").map { ($0, true) },
      userFile(environment: environment).map { ($0, false) },
    ].compactMap { $0 }
  }

  public static func userFile(environment: [String: String]) -> URL? {
    ConfigFiles.userFile(named: "synonyms.tsv", environment: environment)
  }

  /// Character ranges of `characters` that are phrases of the table (two characters or more).
  func phraseSpans(in characters: [Character]) -> [Range<Int>] {
    var spans: [Range<Int>] = []
    guard longest >= 2, characters.count >= 2 else { return [] }
    let entries = entries
    for start in 0..<(characters.count - 1) {
      let lengths = WordLookup.lengths(
        startingAt: start, in: characters, shortest: 2, longest: longest, lookup: entries.lookup)
      if let longest = lengths.last { spans.append(start..<start + longest) }
    }
    return spans
  }

  /// Official terms for every phrase that occurs in `text`, longest phrases first.
  public func expansions(of text: String) -> [(phrase: String, terms: [String])] {
    let characters = Array(text)
    var found: [(phrase: String, terms: [String])] = []
    guard !characters.isEmpty, longest > 0 else { return [] }
    let entries = entries
    // Each start's phrases, then longest first and, of equal length, leftmost first.
    var spans: [Range<Int>] = []
    for start in characters.indices {
      for length in WordLookup.lengths(
        startingAt: start, in: characters, shortest: 1, longest: longest, lookup: entries.lookup)
      {
        spans.append(start..<start + length)
      }
    }
    spans.sort { $0.count != $1.count ? $0.count > $1.count : $0.lowerBound < $1.lowerBound }
    for span in spans {
      let phrase = String(joining: characters[span])
      if let terms = entries[phrase], !found.contains(where: { $0.phrase == phrase }) {
        found.append((phrase, terms))
      }
    }
    return found
  }
}
