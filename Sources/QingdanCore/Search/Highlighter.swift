/// Marks what a query matched in a text: characters in a matched pair (a bigram of the
/// query found in the text), and single-character terms where they occur.
public struct Highlighter: Sendable {
  let query: CompiledQuery
  let symbols: SymbolTable

  /// A pair is marked when its characters' weights multiply to this: a typed character
  /// beside a homophone (1 × 0.4) is, two homophones (0.16) are not.
  static let markedPairWeight: Float = 0.3

  /// Character offsets of the matches in `string`, as sorted, disjoint half-open ranges.
  public func spans(in string: String) -> [Range<Int>] {
    spans(symbols: symbols.symbols(string)[...])
  }

  func spans(symbols: ArraySlice<SymbolID>) -> [Range<Int>] {
    guard !symbols.isEmpty else { return [] }
    let symbols = Array(symbols)
    var marked = [Bool](repeating: false, count: symbols.count)
    for term in query.terms {
      for variant in term.variants {
        let units = variant.units
        if units.count == 1 {
          for (offset, symbol) in symbols.enumerated() where units[0].matchesWell(symbol) {
            marked[offset] = true
          }
          continue
        }
        for offset in 0..<(symbols.count - 1) {
          let symbol = symbols[offset]
          guard symbol != SymbolTable.none else { continue }
          for position in 0..<(units.count - 1) {
            let first = units[position].weight(symbol)
            guard first > 0 else { continue }
            if first * units[position + 1].weight(symbols[offset + 1]) >= Self.markedPairWeight {
              marked[offset] = true
              marked[offset + 1] = true
              break
            }
          }
        }
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
