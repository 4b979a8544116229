/// Marks what a query matched in a text: characters in a matched pair (a bigram of the
/// query found in the text), and single-character terms where they occur.
public struct Highlighter: Sendable {
  let query: CompiledQuery
  let symbols: SymbolTable
  /// Symbols a one-unit variant matches well: marked wherever they occur.
  private let singles: Set<SymbolID>
  /// Symbol → (the variant, its weight, the unit after it) for every pair of units it can
  /// start, in query order: a text is read once, each character looking up only the pairs
  /// it begins (a work order has a hundred units; most characters of a duty text begin none).
  private let pairStarts: [SymbolID: [PairStart]]
  private let followingUnits: [CompiledQuery.Unit]

  private struct PairStart {
    /// Index of the variant in the query's terms' variants, in order.
    var variant: Int32
    var weight: Float
    /// Index into `followingUnits`.
    var next: Int32
  }

  /// A pair is marked when its characters' weights multiply to this: a typed character
  /// beside a homophone (1 × 0.4) is, two homophones (0.16) are not.
  static let markedPairWeight: Float = 0.3

  init(query: CompiledQuery, symbols: SymbolTable) {
    self.query = query
    self.symbols = symbols
    var singles = Set<SymbolID>()
    var pairStarts: [SymbolID: [PairStart]] = [:]
    var followingUnits: [CompiledQuery.Unit] = []
    for (number, variant) in query.terms.lazy.flatMap(\.variants).enumerated() {
      let units = variant.units
      if units.count == 1 {
        for (symbol, weight) in units[0].candidates
        where weight >= CompiledQuery.Unit.wellMatchedWeight {
          singles.insert(symbol)
        }
        continue
      }
      for position in 0..<(units.count - 1) {
        followingUnits.append(units[position + 1])
        for (symbol, weight) in units[position].candidates where weight > 0 {
          pairStarts[symbol, default: []].append(
            PairStart(
              variant: Int32(number), weight: weight, next: Int32(followingUnits.count - 1)))
        }
      }
    }
    self.singles = singles
    self.pairStarts = pairStarts
    self.followingUnits = followingUnits
  }

  /// Character offsets of the matches in `string`, as sorted, disjoint half-open ranges.
  public func spans(in string: String) -> [Range<Int>] {
    spans(symbols: symbols.symbols(string)[...])
  }

  func spans(symbols: ArraySlice<SymbolID>) -> [Range<Int>] {
    guard !symbols.isEmpty else { return [] }
    let symbols = Array(symbols)
    var marked = [Bool](repeating: false, count: symbols.count)
    for (offset, symbol) in symbols.enumerated() where symbol != SymbolTable.none {
      if singles.contains(symbol) { marked[offset] = true }
      guard offset + 1 < symbols.count, let starts = pairStarts[symbol] else { continue }
      let following = symbols[offset + 1]
      for start in starts
      where start.weight * followingUnits[Int(start.next)].weight(following)
        >= Self.markedPairWeight
      {
        marked[offset] = true
        marked[offset + 1] = true
        break
      }
    }
    var spans: [Range<Int>] = []
    var start: Int? = nil
    for offset in 0...symbols.count {
      let isMarked = offset < symbols.count && marked[offset]
      if isMarked, start == nil { start = offset }
      if !isMarked, let begin = start {
        spans.append(begin..<offset)
        start = nil
      }
    }
    return spans
  }

  /// Why `item` matched: each term that finds its characters in one of the item's fields,
  /// as the term's origin (an expansion's chain) or, for what was typed, how it was read.
  /// Typed words come first, then expansions, as the query lists them.
  func reasons(item: ItemPosition, in index: SearchIndex) -> [MatchReason] {
    var reasons: [MatchReason] = []
    let fields = (0..<SearchField.allCases.count).map { index.fieldSymbols(item: item, field: $0) }
    var firstVariant = 0
    for term in query.terms {
      defer { firstVariant += term.variants.count }
      let variants = term.variants.enumerated().sorted { $0.element.weight > $1.element.weight }
      for (offset, variant) in variants {
        let number = firstVariant + offset
        guard
          let match = fields.lazy.compactMap({
            self.match(variant: number, units: variant.units, in: $0)
          }).first
        else { continue }
        var reason = term.origin
        if !term.isExpansion {
          if variant.reading != .exact {
            reason = MatchReason(kind: variant.reading, chain: [term.text])
          } else if !match.isExact {
            let found = String(
              String.UnicodeScalarView(
                match.symbols.compactMap { Unicode.Scalar(symbols.codes[Int($0)]) }))
            reason = MatchReason(kind: .slip, chain: [term.text, found])
          } else if term.origin.kind == .traditional {
            reason = MatchReason(kind: .traditional, chain: term.origin.chain + [term.text])
          } else {
            reason = MatchReason(kind: .exact, chain: [term.text])
          }
        }
        if !reasons.contains(reason) { reasons.append(reason) }
        break
      }
    }
    return reasons
  }

  /// The first place `units` match in `symbols` the way highlighting counts a match (a
  /// strong single unit, or an adjacent pair), and whether it was the characters themselves.
  /// `variant` is the variant's number in the query (see `PairStart`).
  private func match(
    variant: Int, units: [CompiledQuery.Unit], in symbols: ArraySlice<UInt32>
  ) -> (symbols: [UInt32], isExact: Bool)? {
    let symbols = Array(symbols)
    guard !symbols.isEmpty, !units.isEmpty else { return nil }
    if units.count == 1 {
      return symbols.first { units[0].weight($0) >= 0.7 }.map { ([$0], units[0].weight($0) == 1) }
    }
    var homophone: [UInt32]? = nil
    for offset in 0..<(symbols.count - 1) where symbols[offset] != SymbolTable.none {
      guard let starts = pairStarts[symbols[offset]] else { continue }
      for start in starts where start.variant == variant {
        let product = start.weight * followingUnits[Int(start.next)].weight(symbols[offset + 1])
        if product == 1 { return (Array(symbols[offset...offset + 1]), true) }
        if product >= 0.3, homophone == nil { homophone = Array(symbols[offset...offset + 1]) }
      }
    }
    return homophone.map { ($0, false) }
  }

  func matches(item: ItemPosition, in index: SearchIndex) -> [FieldMatch] {
    SearchField.allCases.enumerated().compactMap { offset, field in
      let spans = spans(symbols: index.fieldSymbols(item: item, field: offset))
      return spans.isEmpty ? nil : FieldMatch(field: field, spans: spans)
    }
  }

  /// The duty-text line with the most matched characters, from the fields' matches.
  func snippet(in item: Item, matches: [FieldMatch]) -> Snippet? {
    var best: Snippet? = nil
    var bestCount = 0
    for match in matches where [.townshipDuties, .departmentDuties, .method].contains(match.field) {
      let text = Array(match.field.text(of: item))
      var lineStart = 0
      for end in 0...text.count where end == text.count || text[end] == "\n" {
        let line = lineStart..<end
        let spans = match.spans.compactMap { span -> Range<Int>? in
          let overlap = span.clamped(to: line)
          return overlap.isEmpty
            ? nil : (overlap.lowerBound - lineStart)..<(overlap.upperBound - lineStart)
        }
        let count = spans.reduce(0) { $0 + $1.count }
        if count > bestCount {
          bestCount = count
          best = Snippet(field: match.field, text: String(text[line]), spans: spans)
        }
        lineStart = end + 1
      }
    }
    return best
  }
}
