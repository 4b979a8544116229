import Foundation

/// Words a caller's sentence is full of that point at no duty — pronouns, question words,
/// particles, 怎么办/找谁/谁管/有没有 — from the reviewed `Resources/search/fillers.tsv`.
/// A sentence is searched by what is left; a query that is nothing but fillers says so.
public struct Fillers: Sendable {
  private var words: Set<String> = []
  /// The words read in place from a compiled tables file, sorted; copied into `words`
  /// before anything is added.
  private var mapped = TableStrings()
  private var longest = 0

  public init() {}

  public init(words: some Sequence<String>) {
    for word in words { add(word) }
  }

  private mutating func add(_ word: String) {
    guard !word.isEmpty else { return }
    if mapped.count > 0 {
      words.formUnion(mapped.all)
      mapped = TableStrings()
    }
    words.insert(word)
    longest = max(longest, word.count)
  }

  /// One word a line, optionally a tab and a note; `#` comments and blank lines ignored.
  public mutating func load(contentsOf url: URL) throws {
    let text = try Synonyms.text(of: url)
    for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
      let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
      if line.isEmpty || line.hasPrefix("#") { continue }
      add(String(line.split(separator: "\t", maxSplits: 1)[0]).trimmingCharacters(in: .whitespaces))
    }
  }

  public static func loadBundled() throws -> Fillers {
    var fillers = Fillers()
    if let url = BundledResources.existingFile("search/fillers.tsv") {
      try fillers.load(contentsOf: url)
    }
    return fillers
  }

  public func contains(_ word: String) -> Bool {
    mapped.count > 0 ? mapped.sortedContains(word) : words.contains(word)
  }

  func lookup(_ word: String) -> WordLookup {
    mapped.count > 0
      ? mapped.sortedLookup(word)
      : .unordered(isWord: words.contains(word), length: word.count, longest: longest)
  }

  /// The fillers as a compiled tables file holds them (`SearchTablesFile`).
  func write(to writer: inout TableWriter) {
    let all = mapped.count > 0 ? Set(mapped.all) : words
    writer.strings(all.sorted(by: ExactString.bytesPrecede))
    writer.int(longest)
  }

  init(reading reader: inout TableReader) throws(TableFormatError) {
    mapped = try reader.strings()
    longest = try reader.int()
  }

  /// The content of `word`: the runs left once fillers are taken out, longest filler first.
  /// Characters inside a `protected` range (a known phrase such as 不给工钱) stay. A
  /// one-character filler stays when it forms a word with a neighbour (`isWord`: the 会 of
  /// 工会, the 要 of 重要).
  func content(
    of word: String, protected: [Range<Int>], isWord: (Character, Character) -> Bool
  ) -> [String] {
    let characters = Array(word)
    guard longest > 0, !characters.isEmpty else { return [word] }
    var kept = [Bool](repeating: true, count: characters.count)
    var isProtected = [Bool](repeating: false, count: characters.count)
    for range in protected {
      for offset in range where offset < characters.count { isProtected[offset] = true }
    }
    var start = 0
    while start < characters.count {
      let matched =
        WordLookup.lengths(
          startingAt: start, in: characters, shortest: 1, longest: longest, lookup: lookup
        ).last ?? 0
      guard matched > 0 else {
        start += 1
        continue
      }
      let span = start..<start + matched
      var remove = !span.contains(where: { isProtected[$0] })
      if remove, matched == 1 {
        let before =
          start > 0 && kept[start - 1] && isWord(characters[start - 1], characters[start])
        let after =
          start + 1 < characters.count && isWord(characters[start], characters[start + 1])
        remove = !before && !after
      }
      if remove { for offset in span { kept[offset] = false } }
      start += remove ? matched : 1
    }
    var pieces: [String] = []
    var run = ""
    for (offset, character) in characters.enumerated() {
      if kept[offset] {
        run.append(character)
      } else if !run.isEmpty {
        pieces.append(run)
        run = ""
      }
    }
    if !run.isEmpty { pieces.append(run) }
    return pieces
  }
}
