import QingdanCore

/// The file each loaded township came from, for records that name their source.
struct SourceFiles {
  private let byTownship: [String: String]

  init(_ catalogue: CatalogueIndex) {
    byTownship = Dictionary(
      catalogue.catalogues.map { ($0.township, $0.source) },
      uniquingKeysWith: { first, _ in first })
  }

  func file(of item: Item) -> String { byTownship[item.township] ?? "" }

  func record(_ item: Item) -> ItemRecord { ItemRecord(item, file: file(of: item)) }
}
