import Foundation

/// The tables search needs besides the catalogues; compiled once into a file read in
/// place (`SearchTablesFile`).
public struct SearchResources: Sendable {
  public var pinyin: PinyinTable { didSet { queryTables = nil } }
  public var folding: TraditionalFolding
  public var synonyms: Synonyms { didSet { queryTables = nil } }
  public var fillers: Fillers
  public var thesaurus: Thesaurus { didSet { queryTables = nil } }
  public var words: WordList { didSet { queryTables = nil } }
  /// The query compiler's structures compiled with these tables; dropped when a table they
  /// depend on is replaced or changed.
  var queryTables: QueryTables?

  public init(
    pinyin: PinyinTable, folding: TraditionalFolding, synonyms: Synonyms,
    fillers: Fillers = Fillers(), thesaurus: Thesaurus = Thesaurus(), words: WordList = WordList()
  ) {
    self.pinyin = pinyin
    self.folding = folding
    self.synonyms = synonyms
    self.fillers = fillers
    self.thesaurus = thesaurus
    self.words = words
  }

  /// The bundled tables, fillers, thesaurus and synonyms, plus the user's synonyms file,
  /// compiled in memory (no file is read or written but the sources).
  public static func loadDefault(
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) throws -> SearchResources {
    try SearchTablesFile.compile(SearchTableSources(environment: environment)).resources
  }

  /// The same tables through their compiled file in the cache directory: read in place
  /// when it is valid for the sources as they are, else compiled and written for the
  /// next start. `summary` says which.
  public static func loadCompiled(
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) throws -> (resources: SearchResources, summary: String) {
    let opened = try SearchTablesFile.open(
      SearchTableSources(environment: environment),
      directory: SnapshotStore(environment: environment).directory)
    return (opened.resources, opened.summary)
  }
}

/// Where a search looks: everything, or one township, list or category.
public struct SearchScope: Sendable, Hashable {
  public var township: String?
  public var list: ListKind?
  public var category: String?

  public init(township: String? = nil, list: ListKind? = nil, category: String? = nil) {
    self.township = township
    self.list = list
    self.category = category
  }

  public static let everything = SearchScope()

  var isEverything: Bool { township == nil && list == nil && category == nil }

  func contains(_ item: Item) -> Bool {
    (township == nil || item.township == township) && (list == nil || item.list == list)
      && (category == nil || item.category == category)
  }
}

/// One ranked result.
public struct SearchHit: Sendable {
  /// Position of the item in `CatalogueIndex.items`.
  public var position: ItemPosition
  public var item: Item
  public var score: Double
  /// Matched character spans per field, for highlighting.
  public var matches: [FieldMatch]
  /// The best-matching block of the duty texts, if the match is there.
  public var snippet: Snippet?
  /// Why it matched, strongest first (worked out with the matches, for highlighted hits).
  public var why: [MatchReason] = []
}

public struct FieldMatch: Sendable, Hashable {
  public var field: SearchField
  /// Character offsets into `field.text(of: item)`, half-open, sorted, disjoint.
  public var spans: [Range<Int>]
}

public struct Snippet: Sendable, Hashable {
  public var field: SearchField
  public var text: String
  public var spans: [Range<Int>]
}

/// Ranked Chinese keyword search over every field of every item: character unigrams and
/// bigrams scored BM25F-style, pinyin (full, initials, mixed) through a reading table with
/// every reading of polyphonic characters, homophone slips, traditional folding, synonyms,
/// bonuses for phrase and name matches.
public struct SearchEngine: Sendable {
  public let catalogue: CatalogueIndex
  let index: SearchIndex
  /// Hits scoring below this share of the best hit are dropped.
  static let relativeCutoff: Float = 0.08
  let compiler: QueryCompiler
  /// Working arrays for ranking, kept between queries.
  let scratchPool: RankingScratchPool

  public init(catalogue: CatalogueIndex, resources: SearchResources) {
    self.init(
      catalogue: catalogue, resources: resources,
      index: SearchIndex(
        parts: catalogue.items.partArrays, text: SearchText(folding: resources.folding),
        pinyin: resources.pinyin))
  }

  /// The index stored in a snapshot's sections (their checksums checked by the store),
  /// checked against the catalogues' item count.
  static func storedIndex(
    _ sections: [String: SnapshotSection], itemCount: Int, resources: SearchResources
  ) throws(SnapshotError) -> SearchIndex {
    guard let section = sections[SearchIndex.snapshotSection] else {
      throw .corrupt("no search index in the snapshot")
    }
    let index = try SearchIndex(
      decoding: section, itemCount: itemCount, text: SearchText(folding: resources.folding),
      pinyin: resources.pinyin)
    // Validation read every page; queries read a few again, from the page cache.
    section.releasePages()
    return index
  }

  init(catalogue: CatalogueIndex, resources: SearchResources, index: SearchIndex) {
    self.catalogue = catalogue
    self.index = index
    let vocabulary = resources.compilerVocabulary(categories: catalogue.categoryNames)
    var compiler = QueryCompiler(
      index: index, text: SearchText(folding: resources.folding), pinyin: resources.pinyin,
      synonyms: resources.synonyms, knownTerms: vocabulary.knownTerms)
    compiler.fillers = resources.fillers
    compiler.thesaurus = resources.thesaurus
    compiler.words = resources.words
    compiler.slips = vocabulary.slips
    compiler.knownWords = vocabulary.knownWords
    self.compiler = compiler
    scratchPool = RankingScratchPool(documentCount: index.documentCount)
    MemoryRelease.returnFreedPages()
  }

  /// Gives back what searching holds between searches (the ranking scratch's pages, freed
  /// heap pages), for a process that has gone idle: a browser left open holds little more
  /// than its start. The next search maps the scratch in again (a millisecond or two).
  public func releaseIdleMemory() {
    scratchPool.releaseSparePages()
    MemoryRelease.returnFreedPages()
  }

  /// The index, to store with a snapshot of the catalogues.
  public var snapshotSections: [String: [UInt8]] {
    [SearchIndex.snapshotSection: index.encoded()]
  }

  /// What a stored index depends on besides the catalogues: its layout and the folding
  /// table its text went through.
  public static func snapshotKey(resources: SearchResources) -> UInt64 {
    resources.folding.fingerprint ^ (SearchIndex.snapshotVersion &* 0x9E37_79B9_7F4A_7C15)
  }

  /// Hits best first, at most `limit` (any value; clamped to the number of items). Empty
  /// only when no character of the query matches anything, or nothing is loaded.
  /// Match spans and snippets are worked out for the first `highlighted` hits (all by
  /// default).
  public func search(
    _ query: String, scope: SearchScope = .everything, limit: Int = 20,
    highlighted: Int = .max
  ) -> [SearchHit] {
    searchAndHighlighter(query, scope: scope, limit: limit, highlighted: highlighted).hits
  }

  /// Why each hit matched is worked out for the first `explained` hits (by default those
  /// highlighted).

  /// The hits and a highlighter for the same query, compiled once: the browser highlights
  /// what it shows itself.
  public func searchAndHighlighter(
    _ query: String, scope: SearchScope = .everything, limit: Int = 20,
    highlighted: Int = .max, explained: Int? = nil
  ) -> (hits: [SearchHit], highlighter: Highlighter) {
    let explained = explained ?? highlighted
    let compiled = compiler.compile(query)
    let highlighter = Highlighter(query: compiled, symbols: index.symbols)
    let items = catalogue.items
    // Any limit is allowed (`--limit 9223372036854775807`); no more hits than items can
    // be found, and the ranking allocates for `limit`.
    let limit = min(limit, items.count)
    guard !compiled.isEmpty, limit > 0 else { return ([], highlighter) }
    let inScope =
      scope.isEverything
      ? ItemSet.everything(index)
      : ItemSet(
        positions: catalogue.positions(
          township: scope.township, list: scope.list, category: scope.category),
        index: index)
    let ranked = scratchPool.withScratch { scratch in
      Ranking(index: index, query: compiled).ranked(
        limit: limit, scope: inScope, scratch: scratch)
    }
    // The long tail of one-character and homophone matches is noise once there are good
    // hits; the best hit is always kept, so a query with any match never comes back empty.
    let top = ranked.first?.score ?? 0
    // Items of one document have equal texts, so equal matches, snippet and reasons: at
    // scale the best hits are often a county's townships' copies of one duty.
    var marked = HitMarks(index: index)
    let hits = ranked.filter { $0.score >= top * Self.relativeCutoff }.enumerated().map {
      rank, entry in
      let item = items[entry.item]
      let marks = marked.marks(
        item: item, at: entry.item, highlighting: rank < highlighted,
        explaining: rank < explained, with: highlighter)
      return SearchHit(
        position: entry.item, item: item, score: Double(entry.score), matches: marks.matches,
        snippet: marks.snippet, why: marks.why)
    }
    return (hits, highlighter)
  }

  /// Whether `query` is nothing but fillers (我想问一下怎么办): such a query finds nothing,
  /// and says so rather than returning noise.
  public func isFillerOnly(_ query: String) -> Bool {
    compiler.compile(query).isFillerOnly
  }

  /// A highlighter for `query`, to mark matches in any text the browser shows.
  public func highlighter(for query: String) -> Highlighter {
    Highlighter(query: compiler.compile(query), symbols: index.symbols)
  }
}

/// A query's hits' matches, snippets and reasons, worked out once per document (items of
/// one document have equal texts).
private struct HitMarks {
  let index: SearchIndex
  private var done: [DocumentID: (highlighted: Bool, explained: Bool, marks: Marks)] = [:]

  struct Marks {
    var matches: [FieldMatch] = []
    var snippet: Snippet?
    var why: [MatchReason] = []
  }

  init(index: SearchIndex) { self.index = index }

  mutating func marks(
    item: Item, at position: ItemPosition, highlighting: Bool, explaining: Bool,
    with highlighter: Highlighter
  ) -> Marks {
    let document = index.documentOfItem[position]
    if let known = done[document], known.highlighted == highlighting,
      known.explained == explaining
    {
      return known.marks
    }
    var marks = Marks()
    switch (highlighting, explaining) {
    case (true, true):
      (marks.matches, marks.why) = highlighter.matchesAndReasons(item: position, in: index)
    case (true, false): marks.matches = highlighter.matches(item: position, in: index)
    case (false, true): marks.why = highlighter.reasons(item: position, in: index)
    case (false, false): break
    }
    marks.snippet = highlighter.snippet(in: item, matches: marks.matches)
    done[document] = (highlighting, explaining, marks)
    return marks
  }
}
