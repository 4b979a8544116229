/// How an item of one catalogue corresponds to an item of another.
public enum MatchKind: String, Sendable, Hashable, Codable, CaseIterable {
  /// Same list, and the same name and duty texts once place names are set aside.
  case same
  /// Same list, worded differently.
  case reworded
  /// In another list (basic in one catalogue, cooperative or taken back in the other).
  case moved
  /// One item of A is several items of B; each part is its own match.
  case split
  /// Several items of A are one item of B.
  case merged

  /// For people: "相同 same".
  public var label: String {
    switch self {
    case .same: "相同 same"
    case .reworded: "改写 reworded"
    case .moved: "换清单 moved"
    case .split: "拆分 split"
    case .merged: "合并 merged"
    }
  }
}

/// One item of catalogue A and its counterpart in catalogue B.
public struct ItemMatch: Sendable, Hashable {
  public var a: Item
  public var b: Item
  /// How alike the two are, 0…1 (for a part of a split or merge: the share of the smaller
  /// item found in the larger).
  public var score: Double
  public var kind: MatchKind
  /// The answer to "who handles it" differs: another role, or other departments (compared
  /// without their county's name, see `HandlerComparison`).
  public var handlerDiffers: Bool
}

/// Two catalogues side by side: every item of either is in a match or "only here".
public struct CatalogueComparison: Sendable {
  public var a: Catalogue
  public var b: Catalogue
  /// In A's item order; a split item of A appears once per part.
  public var matches: [ItemMatch]
  public var onlyInA: [Item]
  public var onlyInB: [Item]

  public var differentHandler: [ItemMatch] { matches.filter(\.handlerDiffers) }

  /// The matches of one item of A (several when it was split).
  public func matches(ofA id: String) -> [ItemMatch] {
    matches.filter { $0.a.id == id }
  }

  /// The matches of one item of B (several when items of A were merged into it).
  public func matches(ofB id: String) -> [ItemMatch] {
    matches.filter { $0.b.id == id }
  }
}

/// Finds the same duty in two catalogues: first items whose normalised texts are equal, then
/// the most alike remaining pairs (greedy, best score first), then the leftover items that
/// are part of a matched one (split or merged).
public struct ItemMatcher: Sendable {
  /// Pairs less alike than this are not the same duty.
  public var threshold: Double = 0.5
  /// Pairs whose names are less alike than this are not the same duty, whatever their texts.
  public var nameFloor: Double = 0.3
  /// Look for splits and merges among the leftovers (an edition diff reports them as added
  /// and removed instead).
  public var detectsSplits = true
  /// The share of a leftover item's character pairs that must stand in a matched item for it
  /// to count as a part of it.
  public var partContainment = 0.7

  public init(threshold: Double = 0.5, detectsSplits: Bool = true) {
    self.threshold = threshold
    self.detectsSplits = detectsSplits
  }

  public func compare(_ a: Catalogue, _ b: Catalogue) -> CatalogueComparison {
    compare(CatalogueFingerprint(a), CatalogueFingerprint(b))
  }

  public func compare(_ a: CatalogueFingerprint, _ b: CatalogueFingerprint) -> CatalogueComparison {
    var partnerOfA = [Int?](repeating: nil, count: a.items.count)
    var partnerOfB = [Int?](repeating: nil, count: b.items.count)
    var pairs: [(a: Int, b: Int, score: Double, kind: MatchKind)] = []

    // Equal texts first; repeated equal items pair in order.
    var byKey: [[Unicode.Scalar]: [Int]] = [:]
    for (index, item) in b.items.enumerated() { byKey[item.key, default: []].append(index) }
    for (index, item) in a.items.enumerated() {
      guard var candidates = byKey[item.key], !candidates.isEmpty else { continue }
      let other = candidates.removeFirst()
      byKey[item.key] = candidates
      partnerOfA[index] = other
      partnerOfB[other] = index
      pairs.append((index, other, 1, .same))
    }

    // Then the most alike of the rest.
    let restA = a.items.indices.filter { partnerOfA[$0] == nil }
    let restB = b.items.indices.filter { partnerOfB[$0] == nil }
    var candidates: [(a: Int, b: Int, score: Double)] = []
    for i in restA {
      for j in restB {
        let score = a.items[i].similarity(to: b.items[j], nameFloor: nameFloor)
        if score >= threshold { candidates.append((i, j, score)) }
      }
    }
    candidates.sort { x, y in
      if x.score != y.score { return x.score > y.score }
      let xSame = a.items[x.a].item.list == b.items[x.b].item.list
      let ySame = a.items[y.a].item.list == b.items[y.b].item.list
      if xSame != ySame { return xSame }
      let xDistance = abs(a.items[x.a].place - b.items[x.b].place)
      let yDistance = abs(a.items[y.a].place - b.items[y.b].place)
      if xDistance != yDistance { return xDistance < yDistance }
      return (x.a, x.b) < (y.a, y.b)
    }
    for candidate in candidates
    where partnerOfA[candidate.a] == nil && partnerOfB[candidate.b] == nil {
      partnerOfA[candidate.a] = candidate.b
      partnerOfB[candidate.b] = candidate.a
      let moved = a.items[candidate.a].item.list != b.items[candidate.b].item.list
      pairs.append((candidate.a, candidate.b, candidate.score, moved ? .moved : .reworded))
    }

    var splitParts: [(a: Int, b: Int, score: Double, kind: MatchKind)] = []
    if detectsSplits {
      splitParts += parts(
        of: a.items, partners: partnerOfA, leftovers: b.items, leftoverPartner: partnerOfB
      ).map { ($0.whole, $0.part, $0.score, .split) }
      splitParts += parts(
        of: b.items, partners: partnerOfB, leftovers: a.items, leftoverPartner: partnerOfA
      ).map { ($0.part, $0.whole, $0.score, .merged) }
    }
    let splitA = Set(splitParts.filter { $0.kind == .split }.map(\.a))
    let mergedB = Set(splitParts.filter { $0.kind == .merged }.map(\.b))
    for index in pairs.indices {
      if splitA.contains(pairs[index].a) { pairs[index].kind = .split }
      if mergedB.contains(pairs[index].b) { pairs[index].kind = .merged }
    }
    pairs += splitParts
    pairs.sort { ($0.a, $0.b) < ($1.a, $1.b) }

    let inPairA = Set(pairs.map(\.a))
    let inPairB = Set(pairs.map(\.b))
    let handlers = HandlerComparison(a: a.catalogue.region, b: b.catalogue.region)
    return CatalogueComparison(
      a: a.catalogue, b: b.catalogue,
      matches: pairs.map { pair in
        let itemA = a.items[pair.a].item
        let itemB = b.items[pair.b].item
        return ItemMatch(
          a: itemA, b: itemB, score: pair.score, kind: pair.kind,
          handlerDiffers: handlers.differ(itemA.handler, itemB.handler))
      },
      onlyInA: a.items.indices.filter { !inPairA.contains($0) }.map { a.items[$0].item },
      onlyInB: b.items.indices.filter { !inPairB.contains($0) }.map { b.items[$0].item })
  }

  /// Leftover items that are a part of a matched item: most of their character pairs stand
  /// in it, and adding them makes the matched side more like it.
  private func parts(
    of wholes: [ItemFingerprint], partners: [Int?], leftovers: [ItemFingerprint],
    leftoverPartner: [Int?]
  ) -> [(whole: Int, part: Int, score: Double)] {
    var found: [(whole: Int, part: Int, score: Double)] = []
    var covered: [Int: BigramSet] = [:]
    for part in leftovers.indices where leftoverPartner[part] == nil {
      let leftover = leftovers[part]
      // Very short texts are contained in too much to mean anything.
      guard leftover.whole.count >= 8 else { continue }
      var best: (whole: Int, score: Double)?
      for whole in wholes.indices {
        guard let partner = partners[whole] else { continue }
        let containment = leftover.whole.containment(in: wholes[whole].whole)
        guard containment >= partContainment, containment > best?.score ?? 0 else { continue }
        let sides = covered[whole] ?? leftovers[partner].whole
        let target = wholes[whole].whole
        guard target.dice(sides.union(leftover.whole)) > target.dice(sides) else { continue }
        best = (whole, containment)
      }
      if let best {
        found.append((best.whole, part, best.score))
        covered[best.whole] = (covered[best.whole] ?? leftovers[partners[best.whole]!].whole)
          .union(leftover.whole)
      }
    }
    return found
  }
}
