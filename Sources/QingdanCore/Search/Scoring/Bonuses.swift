/// The bonuses on a document's base score, worked out only for documents that may reach
/// the top (see `Ranking.bestItems`).
extension Ranking {
  /// Every typed term matched: ×1.5. A term as a phrase in the name: ×1.6 (×1.3 more at its
  /// start), elsewhere ×1.2 — in full for a term that is half the query or more, in
  /// proportion for a smaller part (`phraseBonus`); the best phrase counts.
  func bonus(for document: DocumentID, pass: ScoringPass, scratch: RankingScratch) -> Float {
    let bonus = allTermsPart(for: document, pass: pass, scratch: scratch)
    // The name decides most phrases; the other fields are read only for one it lacks, one
    // at a time. A phrase whose bonus cannot beat the best so far is not looked for (a
    // caller's sentence notes up to fifteen phrases in each of hundreds of documents).
    var name: SymbolRun? = nil
    var otherFields: [SymbolRun?] = []
    var best: Float = 1
    pass.forEachPhraseCandidate(of: document) { phrase in
      let share = pass.plan.phraseShares[phrase]
      guard Self.phraseBonus(.nameStart, share: share) > best else { return }
      let units = pass.plan.phraseUnits[phrase]
      let nameSymbols = name ?? index.fieldSymbols(document: document, field: 0)
      name = nameSymbols
      let place: PhrasePlace?
      if Self.containsPhrase(nameSymbols, units, atStart: true) {
        place = .nameStart
      } else if Self.containsPhrase(nameSymbols, units) {
        place = .name
      } else if Self.phraseBonus(.elsewhere, share: share) > best {
        if otherFields.isEmpty {
          otherFields = Array(repeating: nil, count: SearchIndex.fieldCount - 1)
        }
        var found = false
        for offset in otherFields.indices where !found {
          let symbols =
            otherFields[offset] ?? index.fieldSymbols(document: document, field: offset + 1)
          otherFields[offset] = symbols
          found = Self.containsPhrase(symbols, units)
        }
        place = found ? .elsewhere : nil
      } else {
        place = nil
      }
      if let place {
        best = max(best, Self.phraseBonus(place, share: share))
      }
    }
    return bonus * best
  }

  /// At least `bonus(for:)`, without reading the document's fields: its all-terms bonus
  /// times the bonus its best-placed possible phrase would get (at the name's start). The
  /// same formulas, so the bound holds in floats too.
  func bonusBound(for document: DocumentID, pass: ScoringPass, scratch: RankingScratch) -> Float {
    var best: Float = 1
    pass.forEachPhraseCandidate(of: document) { phrase in
      best = max(best, Self.phraseBonus(.nameStart, share: pass.plan.phraseShares[phrase]))
    }
    return allTermsPart(for: document, pass: pass, scratch: scratch) * best
  }

  /// The all-terms bonus the document earned (1 for a query of one typed term).
  private func allTermsPart(for document: DocumentID, pass: ScoringPass, scratch: RankingScratch)
    -> Float
  {
    guard pass.plan.typedTerms > 1 else { return 1 }
    return Self.allTermsBonus(
      matched: Int(scratch.typedLengthMatched[Int(document)]), of: pass.plan.typedLength)
  }

  /// The bonus for matching `matched` of the typed query's `length` (typed terms' lengths):
  /// the whole of `allTermsBonus` for all of it, falling off with the square of the share
  /// missed. Not all or nothing: in a work order the clause 要求协调 is a term too, and an
  /// item matching every clause but the main one must not outrank one matching the main
  /// clause only.
  static func allTermsBonus(matched: Int, of length: Int) -> Float {
    let share = Float(matched) / Float(max(1, length))
    return 1 + (allTermsBonus - 1) * min(1, share * share)
  }

  /// Where a term was found as a phrase.
  enum PhrasePlace {
    /// The name begins with it: the item is about it ("地名管理" for "dm").
    case nameStart
    case name
    /// Another field.
    case elsewhere
  }

  /// The bonus of a phrase found at `place`, for a term that is `share` of the query: the
  /// whole bonus for a term that is half the query or more, less for a smaller part.
  static func phraseBonus(_ place: PhrasePlace, share: Float) -> Float {
    let whole: Float =
      switch place {
      case .nameStart: namePhraseBonus * nameStartBonus
      case .name: namePhraseBonus
      case .elsewhere: phraseBonus
      }
    return 1 + (whole - 1) * min(1, share)
  }

  /// Whether `symbols` has the units in a row, each matched well (typed, pinyin or initial;
  /// homophones do not make a phrase).
  static func containsPhrase(
    _ symbols: SymbolRun, _ units: [CompiledQuery.Unit], atStart: Bool = false
  ) -> Bool {
    guard let first = units.first, units.count <= symbols.count else { return false }
    let last = atStart ? symbols.startIndex : symbols.endIndex - units.count
    var start = symbols.startIndex
    // The first unit alone rules out most places; the units are read in place (copying one
    // out retains its tables, once per place tried).
    while start <= last {
      if first.matchesWell(symbols[start]) {
        var offset = 1
        while offset < units.count, units[offset].matchesWell(symbols[start + offset]) {
          offset += 1
        }
        if offset == units.count { return true }
      }
      start += 1
    }
    return false
  }
}
