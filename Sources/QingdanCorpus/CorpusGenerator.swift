import Foundation
import QingdanCore

/// The text of one synthetic catalogue file and what it holds.
public struct GeneratedCatalogue: Sendable, Hashable {
  /// "伊犁州昆仑县红柳乡履职事项清单-2025-07.txt", as the real files are named.
  public var fileName: String
  /// The whole file, in the format of the bundled catalogues.
  public var text: String
  public var township: String
  public var county: String
  public var prefecture: String
  /// Item rows in the file, all three lists.
  public var itemCount: Int
}

/// Synthetic township catalogues for scale tests: each is one of the bundled catalogues
/// re-set for an invented township (new place names, some items dropped, duplicated, moved
/// or reworded), written out in the real file format with pages, repeated header rows, HTML
/// fragments and, at low rates, the same damage the real files have. The same seed and
/// index always give the same file.
public struct CorpusGenerator: Sendable {
  public let seed: UInt64
  let templates: [TemplateCatalogue]
  let names: PlaceNames
  let damage: DamageRates

  /// `templates`: parsed catalogues to build from, normally the bundled ones (load them with
  /// `CatalogueLoader`); at least one.
  public init(templates: [Catalogue], seed: UInt64) {
    self.init(templates: templates, seed: seed, damage: .realistic)
  }

  /// `damage` sets how often the repairable damage appears (tests force it on or off).
  init(templates: [Catalogue], seed: UInt64, damage: DamageRates) {
    precondition(!templates.isEmpty, "the corpus generator needs at least one template catalogue")
    self.seed = seed
    self.damage = damage
    names = PlaceNames(seed: seed)
    // Department names of every template count in each, so that "县水利局" is a place word
    // in a template even if only the other one names that department in full.
    var bodies = PlaceTemplater.DepartmentBodies()
    for catalogue in templates { bodies.add(catalogue) }
    self.templates = templates.map { catalogue in
      TemplateCatalogue(
        catalogue, placeTemplater: PlaceTemplater(region: catalogue.region, bodies: bodies))
    }
  }

  /// Township number `index` (0, 1, …): its names depend only on the seed and the index;
  /// townships next to each other share a county (12–20 per county, 8–12 counties per
  /// prefecture).
  public func township(_ index: Int) -> GeneratedCatalogue {
    var random = SplitMix64(seed: seed, index: index, purpose: .township)
    let template = templates[random.int(below: templates.count)]
    let place = place(of: index, template: template)
    var writer = CatalogueWriter(template: template, place: place, damage: damage, random: random)
    return generated(writer.write(), template: template, place: place)
  }

  /// The names of township number `index`, at its template's level (乡, 镇).
  func place(of index: Int, template: TemplateCatalogue) -> Place {
    let county = names.countyIndex(ofTownship: index)
    let prefecture = names.prefecture(names.prefectureIndex(ofCounty: county))
    return Place(
      prefecture: prefecture.short, prefectureLongName: prefecture.long,
      county: names.county(county),
      township: names.townshipStem(index) + template.townshipLevel)
  }

  func generated(
    _ written: (text: String, itemCount: Int), template: TemplateCatalogue, place: Place
  ) -> GeneratedCatalogue {
    let digits = template.date.split(whereSeparator: { !$0.isNumber })
    let stamp =
      digits.count >= 2
      ? "-\(digits[0])-\(digits[1].count == 1 ? "0" : "")\(digits[1])" : ""
    return GeneratedCatalogue(
      fileName: "\(place.prefecture)\(place.county)\(place.township)履职事项清单\(stamp).txt",
      text: written.text, township: place.township, county: place.county,
      prefecture: place.prefecture, itemCount: written.itemCount)
  }

  /// Writes townships 0..<count into `directory` (created if missing), two at a time where
  /// there are cores for it, and returns them in index order.
  public func write(townships count: Int, to directory: URL) throws -> [GeneratedCatalogue] {
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let results = ResultSlots(count: count)
    // Each township is independent of the others, so generating them in parallel changes
    // nothing in the output.
    DispatchQueue.concurrentPerform(iterations: count) { index in
      let catalogue = township(index)
      do {
        try Data(catalogue.text.utf8).write(
          to: directory.appendingPathComponent(catalogue.fileName))
        results.store(.success(catalogue), at: index)
      } catch {
        results.store(.failure(error), at: index)
      }
    }
    return try results.values()
  }
}

/// Results of the parallel loop, one slot per township, behind a lock.
private final class ResultSlots: @unchecked Sendable {
  private var slots: [Result<GeneratedCatalogue, any Error>?]
  private let lock = NSLock()

  init(count: Int) {
    slots = Array(repeating: nil, count: count)
  }

  func store(_ result: Result<GeneratedCatalogue, any Error>, at index: Int) {
    lock.withLock { slots[index] = result }
  }

  func values() throws -> [GeneratedCatalogue] {
    try lock.withLock { slots }.map { try $0!.get() }
  }
}
