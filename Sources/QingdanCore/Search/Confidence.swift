/// The confidence floor: whether a hit is sure enough to read out to a caller.
///
/// Ranking always finds something for Latin letters, since any letters are the initials of
/// some characters (`zzzzqqqq`, `password`). A hit is confident only on evidence of what
/// the user meant:
/// - a run of consecutive query units matched by consecutive characters of one field,
///   worth at least `anchoredRun` in characters typed as themselves, full pinyin syllables
///   and homophones of typed characters (公意岗 → 公益岗);
/// - or a run that covers a whole reading of a term (typed, or a synonym's official
///   words), worth at least `wholeTerm`: one typed character, initials spelling the whole
///   term (zjd → 宅基地);
/// - or typed characters found anywhere in the hit: `scatteredCount` of them, or
///   `scatteredShare` of a short term's units (盲流 → 流动人口, 乡里要办篮球赛 → 举办…赛事).
///   Latin letters do not count here: one letter says little, while one Han character
///   narrows a search to a few items.
/// Letters read as initials are guesses: they count only when they spell a whole term.
enum ConfidenceFloor {
  /// What one matched unit shows.
  enum Evidence {
    /// The character typed, or a full pinyin syllable of it.
    case exact
    /// A homophone of a character typed.
    case homophone
    /// A letter read as the initial of a syllable.
    case initial

    var strength: Float {
      switch self {
      case .exact: 1
      case .homophone, .initial: 0.5
      }
    }
  }

  /// What a run of exact and homophone units must be worth on its own.
  static let anchoredRun: Float = 2
  /// What a match of a whole term must be worth.
  static let wholeTerm: Float = 1
  /// Typed characters found anywhere in the hit that make it confident, as a count or as
  /// a share of the term's units.
  static let scatteredCount = 2
  static let scatteredShare: Float = 0.5

  static func evidence(_ unit: CompiledQuery.Unit, _ symbol: UInt32) -> Evidence? {
    let weight = unit.weight(symbol)
    guard weight > 0 else { return nil }
    if unit.isLiteral { return weight >= 1 ? .exact : .homophone }
    return weight >= QueryCompiler.syllableWeight ? .exact : .initial
  }

  /// Whether any term of `query` has confident evidence in `fields` (one symbol per
  /// character of each of the hit's fields).
  static func isConfident(
    _ query: CompiledQuery, symbols: SymbolTable, fields: [SymbolRun]
  ) -> Bool {
    query.terms.contains { term in
      term.variants.contains { variant in
        // The scattered check is the cheaper: most hits of Chinese queries pass it.
        (!term.isExpansion && coversScattered(variant.units, fields, symbols))
          || fields.contains { hasConfidentRun(variant.units, in: $0) }
      }
    }
  }

  /// One pass over `symbols`, keeping per unit the run of consecutive units that ends at
  /// this unit and the current character (a run extends the one ending one unit and one
  /// character earlier).
  static func hasConfidentRun(_ units: [CompiledQuery.Unit], in symbols: SymbolRun)
    -> Bool
  {
    struct Run {
      var strength: Float = 0
      /// Of the exact and homophone units at the run's end.
      var anchoredStrength: Float = 0
      /// The run started at the term's first unit.
      var fromStart = false
    }
    guard !units.isEmpty else { return false }
    var previous = [Run?](repeating: nil, count: units.count)
    var current = previous
    for symbol in symbols {
      for (offset, unit) in units.enumerated() {
        guard let evidence = evidence(unit, symbol) else {
          current[offset] = nil
          continue
        }
        var run = offset > 0 ? previous[offset - 1] ?? Run() : Run(fromStart: true)
        run.strength += evidence.strength
        run.anchoredStrength =
          evidence == .initial ? 0 : run.anchoredStrength + evidence.strength
        if run.anchoredStrength >= anchoredRun { return true }
        if run.fromStart, offset == units.count - 1, run.strength >= wholeTerm { return true }
        current[offset] = run
      }
      swap(&previous, &current)
    }
    return false
  }

  /// Whether `scatteredCount` or `scatteredShare` of `units` are typed characters (not
  /// Latin letters) that occur somewhere in `fields`.
  static func coversScattered(
    _ units: [CompiledQuery.Unit], _ fields: [SymbolRun], _ symbols: SymbolTable
  ) -> Bool {
    let found = units.count { unit in
      guard unit.isLiteral,
        let typed = unit.candidates.first(where: { $0.weight >= 1 })?.symbol,
        !SearchText.isASCIILetter(symbols.codes[Int(typed)])
      else { return false }
      return fields.contains { $0.contains(typed) }
    }
    return found >= scatteredCount
      || (found > 0 && Float(found) >= scatteredShare * Float(units.count))
  }
}

/// A hit and whether it clears the confidence floor.
public struct JudgedHit: Sendable {
  public var hit: SearchHit
  /// An answer to read out, not a guess (`ConfidenceFloor`).
  public var isConfident: Bool
}

extension SearchEngine {
  /// Whether `hit`, found for the query `highlighter` was made for, clears the confidence
  /// floor (`ConfidenceFloor`). Asked per hit, as it scans the hit's texts: the browser
  /// judges only what it shows, and plain `search` does not pay for it.
  public func isConfident(_ hit: SearchHit, highlighter: Highlighter) -> Bool {
    ConfidenceFloor.isConfident(
      highlighter.query, symbols: index.symbols,
      fields: SearchField.allCases.indices.map {
        index.fieldSymbols(item: hit.position, field: $0)
      })
  }

  /// `search` with each hit judged against the confidence floor (the command line).
  public func judgedSearch(_ query: String, scope: SearchScope = .everything, limit: Int = 20)
    -> [JudgedHit]
  {
    let (hits, highlighter) = searchAndHighlighter(query, scope: scope, limit: limit)
    return hits.map { JudgedHit(hit: $0, isConfident: isConfident($0, highlighter: highlighter)) }
  }
}
