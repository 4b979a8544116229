/// What the matcher compares of one item, computed once per catalogue.
public struct ItemFingerprint: Sendable {
  public let item: Item
  /// Where the item stands in its catalogue, as a share of the catalogue (0…1): a tie between
  /// equally good partners goes to the one at the nearer place.
  let place: Double
  /// List, name and duty texts, normalised: equal keys are the same duty, worded alike.
  let key: [Unicode.Scalar]
  let name: BigramSet
  /// Departments and duty texts (empty for a basic item, which is only its name).
  let body: BigramSet
  let whole: BigramSet

  init(item: Item, place: Double, text: ComparableText) {
    self.item = item
    self.place = place
    let name = text.scalars(item.name)
    var bodyParts: [String] = []
    switch item.detail {
    case .basic:
      break
    case .cooperative(let cooperation):
      bodyParts = [
        text.dutyText(cooperation.departmentDuties), text.dutyText(cooperation.townshipDuties),
      ]
    case .recovered(let recovery):
      bodyParts = [text.dutyText(recovery.method)]
    }
    let body = text.scalars(bodyParts.joined(separator: "\n"))
    key = Array(item.list.rawValue.unicodeScalars) + ["\u{0}"] + name + ["\u{0}"] + body
    self.name = BigramSet(name)
    self.body = BigramSet(body)
    whole = self.name.union(self.body)
  }

  /// How alike two items are, 0…1: the names, and the duty texts when both have them.
  /// Names less alike than `nameFloor` make it 0: two penalties (处罚) of the same law-laden
  /// wording are not the same duty.
  func similarity(to other: ItemFingerprint, nameFloor: Double) -> Double {
    let names = name.dice(other.name)
    if names < nameFloor { return 0 }
    if body.isEmpty || other.body.isEmpty { return names }
    return 0.5 * names + 0.5 * body.dice(other.body)
  }
}

/// One catalogue's items, fingerprinted for matching against other catalogues.
public struct CatalogueFingerprint: Sendable {
  public let catalogue: Catalogue
  let items: [ItemFingerprint]

  public init(_ catalogue: Catalogue) {
    self.catalogue = catalogue
    let text = ComparableText(region: catalogue.region)
    let count = max(catalogue.items.count - 1, 1)
    items = catalogue.items.enumerated().map { offset, item in
      ItemFingerprint(item: item, place: Double(offset) / Double(count), text: text)
    }
  }
}
