/// Marks what a query matched in a text: characters in a matched pair (a bigram of the
/// query found in the text), and single-character terms where they occur.
public struct Highlighter: Sendable {
  let query: CompiledQuery
  let text: SearchText?

  init(query: CompiledQuery, text: SearchText? = nil) {
    self.query = query
    self.text = text
  }

  /// Character offsets of the matches in `string`, as sorted, disjoint half-open ranges.
  public func spans(in string: String) -> [Range<Int>] {
    guard let text else { return [] }
    return spans(codes: text.codes(string))
  }

  func spans(codes: [UInt32]) -> [Range<Int>] {
    guard !codes.isEmpty else { return [] }
    var marked = [Bool](repeating: false, count: codes.count)
    for term in query.terms {
      for variant in term.variants {
        let units = variant.units
        if units.count == 1 {
          for (offset, code) in codes.enumerated() where (units[0].weights[code] ?? 0) >= 0.7 {
            marked[offset] = true
          }
          continue
        }
        for offset in 0..<(codes.count - 1) {
          for position in 0..<(units.count - 1) {
            let first = units[position].weights[codes[offset]] ?? 0
            guard first > 0 else { continue }
            let second = units[position + 1].weights[codes[offset + 1]] ?? 0
            if first * second >= 0.3 {
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
    for offset in 0...codes.count {
      let isMarked = offset < codes.count && marked[offset]
      if isMarked, start == nil { start = offset }
      if !isMarked, let begin = start {
        spans.append(begin..<offset)
        start = nil
      }
    }
    return spans
  }

  func matches(in item: Item, codes: [[UInt32]]) -> [FieldMatch] {
    zip(SearchField.allCases, codes).compactMap { field, fieldCodes in
      let spans = spans(codes: fieldCodes)
      return spans.isEmpty ? nil : FieldMatch(field: field, spans: spans)
    }
  }

  /// The duty-text block with the most matched characters.
  func snippet(in item: Item, text: SearchText) -> Snippet? {
    var best: Snippet? = nil
    var bestCount = 0
    for field in [SearchField.townshipDuties, .departmentDuties, .method] {
      for line in field.text(of: item).split(separator: "\n") {
        let line = String(line)
        let spans = spans(codes: text.codes(line))
        let count = spans.reduce(0) { $0 + $1.count }
        if count > bestCount {
          bestCount = count
          best = Snippet(field: field, text: line, spans: spans)
        }
      }
    }
    return best
  }
}
