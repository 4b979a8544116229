/// The bonuses on a document's base score, worked out only for documents that may reach
/// the top (see `Ranking.bestItems`).
extension Ranking {
  /// Every typed term matched: ×1.5. A term as a phrase in the name: ×1.6 (×1.3 more at its
  /// start), elsewhere ×1.2.
  func bonus(for document: DocumentID, pass: ScoringPass, scratch: RankingScratch) -> Float {
    var bonus: Float = 1
    if pass.plan.typedTerms > 1,
      Int(scratch.typedTermsMatched[Int(document)]) == pass.plan.typedTerms
    {
      bonus *= Self.allTermsBonus
    }
    let phrases = pass.phraseCandidates(of: document).map { pass.plan.phraseUnits[$0] }
    guard !phrases.isEmpty else { return bonus }
    let fields = SearchField.allCases.indices.map {
      index.fieldSymbols(document: document, field: $0)
    }
    if phrases.contains(where: { Self.containsPhrase(fields[0], $0, atStart: true) }) {
      // The name begins with the term: the item is about it ("地名管理" for "dm").
      bonus *= Self.namePhraseBonus * Self.nameStartBonus
    } else if phrases.contains(where: { Self.containsPhrase(fields[0], $0) }) {
      bonus *= Self.namePhraseBonus
    } else if phrases.contains(where: { units in
      fields.dropFirst().contains { Self.containsPhrase($0, units) }
    }) {
      bonus *= Self.phraseBonus
    }
    return bonus
  }

  /// Whether `symbols` has the units in a row, each matched well (typed, pinyin or initial;
  /// homophones do not make a phrase).
  static func containsPhrase(
    _ symbols: SymbolRun, _ units: [CompiledQuery.Unit], atStart: Bool = false
  ) -> Bool {
    guard units.count <= symbols.count else { return false }
    let last = atStart ? symbols.startIndex : symbols.endIndex - units.count
    var start = symbols.startIndex
    while start <= last {
      var matched = true
      for (offset, unit) in units.enumerated() where !unit.matchesWell(symbols[start + offset]) {
        matched = false
        break
      }
      if matched { return true }
      start += 1
    }
    return false
  }
}
