import QingdanCore

/// The file each loaded township came from, for records that name their source, and the
/// phones known for them.
struct SourceFiles {
  private let byTownship: [String: String]
  /// Phones added to each record (`ContactDirectory.empty`: none, the records unchanged).
  let contacts: ContactDirectory

  init(_ catalogue: CatalogueIndex, contacts: ContactDirectory = .empty) {
    self.contacts = contacts
    byTownship = Dictionary(
      catalogue.catalogues.map { ($0.township, $0.source) },
      uniquingKeysWith: { first, _ in first })
  }

  func file(of item: Item) -> String { byTownship[item.township] ?? "" }

  func record(_ item: Item) -> ItemRecord {
    ItemRecord(item, file: file(of: item), contacts: contacts)
  }
}
