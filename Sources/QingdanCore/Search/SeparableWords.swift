/// Separable words (离合词): a caller splits a verb-object word with a measure between its
/// halves — 开一次会, 请个假, 办个证, 打一针 — and neither half alone says what the word
/// says. The measure comes out when the two halves make a known word again (开会, 请假,
/// 办证), so the word is searched, and the lexicon's phrases see it, as written whole.
enum SeparableWords {
  /// What goes between the halves: measures and counts, longest first. Aspect particles
  /// alone (了, 过) are not here: they end clauses as often (天太旱了地里… is not 旱地).
  static let infixes: [[Character]] = [
    "了一次", "过一次", "了一个", "一次", "一回", "一趟", "一下", "一个", "几次", "了个", "个",
  ].map(Array.init)
  static let infixStarts: [Character] = infixes.reduce(into: []) { starts, infix in
    if !starts.contains(infix[0]) { starts.append(infix[0]) }
  }

  /// `clause` with each infix taken out from between two characters that make a word
  /// (`isWord`); everything else as it was.
  static func reunited(_ clause: [Character], isWord: (Character, Character) -> Bool)
    -> String
  {
    var result: [Character] = []
    var offset = 0
    while offset < clause.count {
      result.append(clause[offset])
      let next = offset + 1
      // Most characters start no infix: one comparison each, not one per infix.
      guard next < clause.count, infixStarts.contains(clause[next]) else {
        offset = next
        continue
      }
      let infix = infixes.first { infix in
        let end = next + infix.count
        return end < clause.count && clause[next..<end].elementsEqual(infix)
          && isWord(clause[offset], clause[end])
      }
      offset = next + (infix?.count ?? 0)
    }
    return String(result)
  }
}
