/// The same duty as one item in every other township: what `qingdan compare ID` prints and
/// the browser's `c` shows.
public struct Counterparts: Sendable, Hashable {
  /// One other township: the item's matches there (none when it has no such duty, several
  /// when the item was split there).
  public struct Township: Sendable, Hashable {
    public var region: Region
    public var matches: [ItemMatch]
  }

  public var item: Item
  public var region: Region
  public var townships: [Township]

  /// Each other catalogue compared whole with the item's own (so the answer is the one
  /// `qingdan compare --townships` gives), in the order given.
  public init(of item: Item, among catalogues: [Catalogue], matcher: ItemMatcher = ItemMatcher()) {
    self.item = item
    guard let home = catalogues.first(where: { $0.township == item.township }) else {
      region = Region(prefecture: "", county: "", township: item.township)
      townships = []
      return
    }
    region = home.region
    let homePrint = CatalogueFingerprint(home)
    townships = catalogues.filter { $0.township != item.township }.map { other in
      Township(
        region: other.region,
        matches: matcher.compare(homePrint, CatalogueFingerprint(other)).matches(ofA: item.id))
    }
  }

  /// How the departments of `match` (in `township`) differ from the item's.
  public func departments(of match: ItemMatch, in township: Township) -> (
    onlyThere: [Department], onlyHere: [Department]
  ) {
    let handlers = HandlerComparison(a: region, b: township.region)
    return (
      handlers.onlyInB(match.a.handler, match.b.handler),
      handlers.onlyInA(match.a.handler, match.b.handler)
    )
  }
}
