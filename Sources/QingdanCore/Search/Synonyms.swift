import Foundation

/// Colloquial words callers use, mapped to the catalogue's terms (电瓶车 → 电动自行车).
/// Loaded from `Resources/synonyms.tsv` and the caller lexicon `Resources/search/callers.tsv`
/// (the same mapping written concept by concept), extended by the user's
/// `$XDG_CONFIG_HOME/qingdan/synonyms.tsv` (default `~/.config/qingdan/synonyms.tsv`).
public struct Synonyms: Sendable {
  /// Colloquial phrase → official terms, phrases as written (simplified).
  public private(set) var entries: [String: [String]] = [:]
  /// Phrases and terms that came from the caller lexicon only: too many to guess pinyin
  /// initials against (dm is 地名, not every lexicon word reading d-m).
  public var lexiconWords: Set<String> { conceptWords.subtracting(tableWords) }
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
    var merged = entries[phrase] ?? []
    for term in terms where !merged.contains(term) && term != phrase { merged.append(term) }
    entries[phrase] = merged
    longest = max(longest, phrase.count)
  }

  /// The bundled file, then the user's, if present.
  public static func loadDefault(
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) throws -> Synonyms {
    var synonyms = Synonyms()
    if let bundled = BundledResources.file("synonyms.tsv"),
      FileManager.default.fileExists(atPath: bundled.path)
    {
      try synonyms.load(contentsOf: bundled)
    }
    if let lexicon = BundledResources.existingFile("search/callers.tsv") {
      try synonyms.loadConcepts(contentsOf: lexicon)
    }
    if let user = userFile(environment: environment),
      FileManager.default.fileExists(atPath: user.path)
    {
      try synonyms.load(contentsOf: user)
    }
    return synonyms
  }

  public static func userFile(environment: [String: String]) -> URL? {
    ConfigFiles.userFile(named: "synonyms.tsv", environment: environment)
  }

  /// Character ranges of `characters` that are phrases of the table (two characters or more).
  func phraseSpans(in characters: [Character]) -> [Range<Int>] {
    var spans: [Range<Int>] = []
    guard longest >= 2, characters.count >= 2 else { return [] }
    for start in 0..<(characters.count - 1) {
      for length in stride(from: min(longest, characters.count - start), through: 2, by: -1)
      where entries[String(characters[start..<start + length])] != nil {
        spans.append(start..<start + length)
        break
      }
    }
    return spans
  }

  /// Official terms for every phrase that occurs in `text`, longest phrases first.
  public func expansions(of text: String) -> [(phrase: String, terms: [String])] {
    let characters = Array(text)
    var found: [(phrase: String, terms: [String])] = []
    guard !characters.isEmpty, longest > 0 else { return [] }
    for length in stride(from: min(longest, characters.count), through: 1, by: -1) {
      for start in 0...(characters.count - length) {
        let phrase = String(characters[start..<start + length])
        if let terms = entries[phrase], !found.contains(where: { $0.phrase == phrase }) {
          found.append((phrase, terms))
        }
      }
    }
    return found
  }
}
