/// Marks what a query matched in a text: characters in a matched pair (a bigram of the
/// query found in the text), and single-character terms where they occur.
public struct Highlighter: Sendable {
  let query: CompiledQuery
  let symbols: SymbolTable
  /// Symbols a one-unit variant matches well: marked wherever they occur. One bit per
  /// symbol: every character of the hits' texts is looked up.
  private let singles: [UInt64]
  /// For every pair of units the query can match: (the variant, the first unit's weight,
  /// the unit after it), grouped by the first unit's symbols, in query order. A text is
  /// read once, each character looking up only the pairs it begins (a work order has a
  /// hundred units; most characters of a duty text begin none). Symbol `s` begins
  /// `pairStarts[firstPairStart[s]..<firstPairStart[s + 1]]`: an array, not a dictionary,
  /// since hashing every character of 20 hits' texts was a tenth of a query.
  private let pairStarts: [PairStart]
  private let firstPairStart: [Int32]
  private let followingUnits: [CompiledQuery.Unit]
  /// The query's variants, all terms', in order.
  private let variantCount: Int
  /// Per term, its variants' offsets, heaviest first: the order reasons are looked for in.
  private let variantsByWeight: [[Int]]

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
    var singles = [UInt64](repeating: 0, count: (symbols.count + 63) / 64)
    var begun: [(symbol: SymbolID, start: PairStart)] = []
    var followingUnits: [CompiledQuery.Unit] = []
    var variantCount = 0
    for (number, variant) in query.terms.lazy.flatMap(\.variants).enumerated() {
      variantCount = number + 1
      let units = variant.units
      if units.count == 1 {
        for (symbol, weight) in units[0].candidates
        where weight >= CompiledQuery.Unit.wellMatchedWeight {
          if Int(symbol) < symbols.count { singles[Int(symbol) / 64] |= 1 << UInt64(symbol % 64) }
        }
        continue
      }
      for position in 0..<(units.count - 1) {
        followingUnits.append(units[position + 1])
        for (symbol, weight) in units[position].candidates where weight > 0 {
          begun.append(
            (
              symbol,
              PairStart(
                variant: Int32(number), weight: weight, next: Int32(followingUnits.count - 1))
            ))
        }
      }
    }
    // Counting sort by symbol, stable: each symbol's pairs stay in query order.
    var firstPairStart = [Int32](repeating: 0, count: symbols.count + 1)
    for entry in begun { firstPairStart[Int(entry.symbol) + 1] += 1 }
    for symbol in 0..<symbols.count { firstPairStart[symbol + 1] += firstPairStart[symbol] }
    var next = firstPairStart
    var pairStarts = [PairStart](
      repeating: PairStart(variant: 0, weight: 0, next: 0), count: begun.count)
    for entry in begun {
      pairStarts[Int(next[Int(entry.symbol)])] = entry.start
      next[Int(entry.symbol)] += 1
    }
    self.singles = singles
    self.pairStarts = pairStarts
    self.firstPairStart = firstPairStart
    self.followingUnits = followingUnits
    self.variantCount = variantCount
    variantsByWeight = query.terms.map { term in
      term.variants.enumerated().sorted { $0.element.weight > $1.element.weight }.map(\.offset)
    }
  }

  /// The pairs `symbol` begins (none for a character the index does not know).
  @inline(__always)
  private func pairs(startingWith symbol: SymbolID) -> ArraySlice<PairStart> {
    guard Int(symbol) + 1 < firstPairStart.count else { return [] }
    return pairStarts[Int(firstPairStart[Int(symbol)])..<Int(firstPairStart[Int(symbol) + 1])]
  }

  /// Character offsets of the matches in `string`, as sorted, disjoint half-open ranges.
  public func spans(in string: String) -> [Range<Int>] {
    spans(symbols: symbols.symbols(string)[...])
  }

  func spans<Run: Collection<SymbolID>>(symbols: Run) -> [Range<Int>] {
    guard !symbols.isEmpty else { return [] }
    // A run read in place where it lies, else one copy of it.
    if let spans = symbols.withContiguousStorageIfAvailable(spans(in:)) { return spans }
    return Array(symbols).withUnsafeBufferPointer(spans(in:))
  }

  private func spans(in symbols: UnsafeBufferPointer<SymbolID>) -> [Range<Int>] {
    var unused = PairMatches(fieldCount: 0, variantCount: 0)
    return scan(symbols, field: 0, origin: 0, marking: true, recording: false, pairs: &unused)
  }

  /// One read of a field's symbols for what highlighting and "why" both need: the spans to
  /// mark (when `marking`), and where each variant first matches as a pair (into `pairs`,
  /// when `recording`, as offsets from `origin`). A hit's fields are read once for both.
  @inline(__always)
  private func scan(
    _ symbols: UnsafeBufferPointer<SymbolID>, field: Int, origin: Int, marking: Bool,
    recording: Bool, pairs: inout PairMatches
  ) -> [Range<Int>] {
    // Most fields of a hit hold no match: nothing is allocated until one is found.
    var marked: [Bool] = []
    let base = field * pairs.variantCount
    for (offset, symbol) in symbols.enumerated() where symbol != SymbolTable.none {
      var markHere = marking && isSingle(symbol)
      var markNext = false
      if offset + 1 < symbols.count {
        let following = symbols[offset + 1]
        for start in self.pairs(startingWith: symbol) {
          let slot = base + Int(start.variant)
          // A variant's first exact pair is kept; once this character is marked, only
          // variants still without one need the weight.
          let record = recording && pairs.exact[slot] < 0
          guard record || (marking && !markNext) else {
            if recording { continue } else { break }
          }
          let product = start.weight * followingUnits[Int(start.next)].weight(following)
          guard product >= Self.markedPairWeight else { continue }
          if marking {
            markHere = true
            markNext = true
          }
          if record {
            if product == 1 {
              pairs.exact[slot] = origin + offset
            } else if pairs.homophone[slot] < 0 {
              pairs.homophone[slot] = origin + offset
            }
          }
        }
      }
      guard markHere else { continue }
      if marked.isEmpty { marked = [Bool](repeating: false, count: symbols.count) }
      marked[offset] = true
      if markNext { marked[offset + 1] = true }
    }
    guard !marked.isEmpty else { return [] }
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

  @inline(__always)
  private func isSingle(_ symbol: SymbolID) -> Bool {
    Int(symbol) / 64 < singles.count && singles[Int(symbol) / 64] & (1 << UInt64(symbol % 64)) != 0
  }

  /// Why `item` matched: each term that finds its characters in one of the item's fields,
  /// as the term's origin (an expansion's chain) or, for what was typed, how it was read.
  /// Typed words come first, then expansions, as the query lists them.
  func reasons(item: ItemPosition, in index: SearchIndex) -> [MatchReason] {
    read(item: item, in: index, marking: false).why
  }

  /// `matches(item:in:)` and `reasons(item:in:)` at once, each field read once for both.
  func matchesAndReasons(item: ItemPosition, in index: SearchIndex)
    -> (matches: [FieldMatch], why: [MatchReason])
  {
    read(item: item, in: index, marking: true)
  }

  private func read(item: ItemPosition, in index: SearchIndex, marking: Bool)
    -> (matches: [FieldMatch], why: [MatchReason])
  {
    // The fields' symbols in one array (one copy of each run read in place, not an
    // element-by-element one), and where each variant first matches as a pair in each.
    let fieldCount = SearchIndex.fieldCount
    var symbols: [SymbolID] = []
    var fields: [Range<Int>] = []
    fields.reserveCapacity(fieldCount)
    for field in 0..<fieldCount {
      let run = index.fieldSymbols(item: item, field: field)
      let start = symbols.count
      if run.withContiguousStorageIfAvailable({ symbols.append(contentsOf: $0) }) == nil {
        symbols.append(contentsOf: run)
      }
      fields.append(start..<symbols.count)
    }
    var pairs = PairMatches(fieldCount: fieldCount, variantCount: variantCount)
    var matches: [FieldMatch] = []
    symbols.withUnsafeBufferPointer { all in
      for (field, range) in fields.enumerated() {
        let spans = scan(
          UnsafeBufferPointer(rebasing: all[range]), field: field, origin: range.lowerBound,
          marking: marking, recording: true, pairs: &pairs)
        if !spans.isEmpty {
          matches.append(FieldMatch(field: SearchField.allCases[field], spans: spans))
        }
      }
    }
    return (matches, reasons(symbols: symbols, fields: fields, pairs: pairs))
  }

  /// The reasons, from the fields' symbols and where each variant matched as a pair.
  private func reasons(symbols: [SymbolID], fields: [Range<Int>], pairs: PairMatches)
    -> [MatchReason]
  {
    var reasons: [MatchReason] = []
    var firstVariant = 0
    for (termNumber, term) in query.terms.enumerated() {
      defer { firstVariant += term.variants.count }
      for offset in variantsByWeight[termNumber] {
        let variant = term.variants[offset]
        let number = firstVariant + offset
        guard
          let match = fields.indices.lazy.compactMap({
            self.match(
              variant: number, units: variant.units, in: symbols[fields[$0]], field: $0,
              pairs: pairs)
          }).first
        else { continue }
        var reason = term.origin
        if !term.isExpansion {
          if variant.reading != .exact {
            reason = MatchReason(kind: variant.reading, chain: [term.text])
          } else if !match.isExact {
            let found = String(
              String.UnicodeScalarView(
                symbols[match.symbols].compactMap { Unicode.Scalar(self.symbols.codes[Int($0)]) }
              ))
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

  /// Where each variant of two units or more first matches in each field as a pair (an
  /// offset into the fields' symbols, -1 for none): with its characters themselves
  /// (`exact`), and with a homophone beside a typed character.
  private struct PairMatches {
    let variantCount: Int
    var exact: [Int]
    var homophone: [Int]

    init(fieldCount: Int, variantCount: Int) {
      self.variantCount = variantCount
      exact = [Int](repeating: -1, count: fieldCount * variantCount)
      homophone = exact
    }
  }

  /// The first place `units` match in `symbols` (one field's) the way highlighting counts
  /// a match (a strong single unit, or an adjacent pair, from `pairs`): where the matched
  /// symbols lie, and whether they were the characters themselves. `variant` is the
  /// variant's number in the query.
  private func match(
    variant: Int, units: [CompiledQuery.Unit], in symbols: ArraySlice<UInt32>, field: Int,
    pairs: PairMatches
  ) -> (symbols: Range<Int>, isExact: Bool)? {
    guard !symbols.isEmpty, !units.isEmpty else { return nil }
    if units.count == 1 {
      return symbols.firstIndex { units[0].matchesWell($0) }.map {
        ($0..<$0 + 1, units[0].weight(symbols[$0]) == 1)
      }
    }
    let slot = field * pairs.variantCount + variant
    if pairs.exact[slot] >= 0 {
      let offset = pairs.exact[slot]
      return (offset..<offset + 2, true)
    }
    if pairs.homophone[slot] >= 0 {
      let offset = pairs.homophone[slot]
      return (offset..<offset + 2, false)
    }
    return nil
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
      let text = match.field.text(of: item)
      // Read as it goes, no array of Characters: only the best line becomes a String. A
      // text of characters that never join their neighbours (Han, ASCII, CJK and
      // full-width punctuation) is read by scalars, which are then its Characters, without
      // working out grapheme breaks.
      if Self.isOneScalarPerCharacter(text) {
        Self.bestLine(
          of: match, in: text, reading: text.unicodeScalars, isLineFeed: { $0.value == 0x0A },
          best: &best, bestCount: &bestCount)
      } else {
        Self.bestLine(
          of: match, in: text, reading: text, isLineFeed: Self.isLineFeed, best: &best,
          bestCount: &bestCount)
      }
    }
    return best
  }

  /// Offers each line of `text`, read through `view` (the text's Characters or, where
  /// they are the same, its scalars), as the snippet.
  @inline(__always)
  private static func bestLine<View: Collection<View.Element>>(
    of match: FieldMatch, in text: String, reading view: View,
    isLineFeed: (View.Element) -> Bool, best: inout Snippet?, bestCount: inout Int
  ) where View.Index == String.Index {
    var lineStart = (offset: 0, index: view.startIndex)
    var offset = 0
    var index = view.startIndex
    while true {
      let isEnd = index == view.endIndex
      if isEnd || isLineFeed(view[index]) {
        let line = lineStart.offset..<offset
        let spans = match.spans.compactMap { span -> Range<Int>? in
          let overlap = span.clamped(to: line)
          return overlap.isEmpty
            ? nil
            : (overlap.lowerBound - line.lowerBound)..<(overlap.upperBound - line.lowerBound)
        }
        let count = spans.reduce(0) { $0 + $1.count }
        if count > bestCount {
          bestCount = count
          best = Snippet(
            field: match.field, text: String(text[lineStart.index..<index]), spans: spans)
        }
        if isEnd { break }
        lineStart = (offset + 1, view.index(after: index))
      }
      index = view.index(after: index)
      offset += 1
    }
  }

  /// Whether every scalar of `text` is one the standard library never joins with a
  /// neighbour into one Character (its own fast check: CJK ideographs, Latin below U+0300
  /// but the carriage return, general and CJK punctuation, full-width forms).
  static func isOneScalarPerCharacter(_ text: String) -> Bool {
    text.unicodeScalars.allSatisfy { scalar in
      switch scalar.value {
      case 0x3400...0xA4CF, 0x3000...0x3029, 0xFF01...0xFF9D, 0x2010...0x2029: true
      case 0x0D: false
      case 0x0000...0x02FF: true
      default: false
      }
    }
  }

  /// "\n" itself (a comparison of Characters compares strings; "\r\n" is another Character).
  @inline(__always)
  private static func isLineFeed(_ character: Character) -> Bool {
    let utf8 = character.utf8
    return utf8.count == 1 && utf8.first == 0x0A
  }
}
