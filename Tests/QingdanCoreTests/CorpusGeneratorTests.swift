import Foundation
import Testing

@testable import QingdanCore
@testable import QingdanCorpus

/// The bundled catalogues as templates, parsed once per test process.
private enum CorpusFixtures {
  static let templates: [Catalogue] = {
    do {
      return try CatalogueLoader.load(paths: try CatalogueLoader.dataPaths(explicit: [])).catalogues
    } catch {
      fatalError("bundled catalogues not found: \(error)")
    }
  }()

  static let generator = CorpusGenerator(templates: templates, seed: 1)
  static let tenTownships = (0..<10).map { generator.township($0) }

  static func parse(_ generated: GeneratedCatalogue) -> ParseResult {
    CatalogueParser.parse(
      lines: generated.text.split(separator: "\n", omittingEmptySubsequences: false)
        .map(String.init),
      file: generated.fileName)
  }

  static func errors(_ result: ParseResult) -> [Diagnostic] {
    result.diagnostics.filter { $0.severity == .error }
  }
}

@Suite("The synthetic corpus generator")
struct CorpusGeneratorTests {
  @Test func sameSeedSameText() {
    let again = CorpusGenerator(templates: CorpusFixtures.templates, seed: 1)
    for index in [0, 1, 7] {
      #expect(again.township(index) == CorpusFixtures.generator.township(index))
    }
  }

  @Test func differentSeedDifferentText() {
    let other = CorpusGenerator(templates: CorpusFixtures.templates, seed: 2)
    for index in [0, 1, 7] {
      #expect(other.township(index).text != CorpusFixtures.generator.township(index).text)
    }
  }

  @Test func tenTownshipsParseWithoutErrorsAndEveryLineIsPlaced() throws {
    for generated in CorpusFixtures.tenTownships {
      let result = CorpusFixtures.parse(generated)
      #expect(CorpusFixtures.errors(result).isEmpty, "\(generated.fileName)")
      #expect(result.coverage.unplaced == 0, "\(generated.fileName)")
      let catalogue = try #require(result.catalogue)
      #expect(catalogue.items.count == generated.itemCount)
      #expect(
        catalogue.region
          == Region(
            prefecture: generated.prefecture, county: generated.county,
            township: generated.township))
      // Each list is numbered 1…N, so the parser has nothing to say about numbering.
      for list in ListKind.allCases {
        let numbers = catalogue.items(in: list).map(\.number)
        #expect(numbers == Array(1...max(1, numbers.count)).prefix(numbers.count).map { $0 })
        #expect(!numbers.isEmpty)
      }
    }
  }

  @Test func townshipNamesAreUniqueAndCountiesAreShared() {
    let many = (0..<300).map { CorpusFixtures.generator.township($0) }
    #expect(Set(many.map(\.township)).count == many.count)
    #expect(Set(many.map(\.fileName)).count == many.count)
    let townshipsPerCounty = Dictionary(grouping: many, by: \.county).values.map(\.count)
    // The first and last counties may be cut off by the range; the rest hold 12–20.
    #expect(
      townshipsPerCounty.filter { (12...20).contains($0) }.count >= townshipsPerCounty.count - 2)
    #expect(Set(many.map(\.prefecture)).count >= 2)
  }

  @Test func headingsOfManyTownshipsSplitAtTheRightLevelWords() throws {
    let names = PlaceNames(seed: 9)
    for index in stride(from: 0, to: 20_000, by: 7) {
      let county = names.countyIndex(ofTownship: index)
      let region = Region(
        prefecture: names.prefecture(names.prefectureIndex(ofCounty: county)).short,
        county: names.county(county), township: names.townshipStem(index) + "镇")
      let heading = region.prefecture + region.county + region.township + "配合履职事项清单"
      let parsed = try #require(ListHeading.parse(heading), "\(heading)")
      #expect(parsed.0 == .cooperative)
      #expect(parsed.1 == region)
    }
    for table in [
      PlaceNames.townshipCharacters, PlaceNames.countyCharacters, PlaceNames.prefectureCharacters,
    ] {
      #expect(!table.contains { $0.isNumber || "县市区旗州盟乡镇".contains($0) })
    }
    let stems = (0..<5_000).map { names.townshipStem($0) }
    #expect(Set(stems).count == stems.count)
  }

  @Test func itemCountsArePlausible() {
    let templateSize = CorpusFixtures.templates.map(\.items.count).min()!
    for generated in CorpusFixtures.tenTownships {
      // ~5–15% dropped, a few duplicated.
      #expect(generated.itemCount >= templateSize * 8 / 10)
      #expect(generated.itemCount <= templateSize + 10)
    }
  }

  @Test func itemIDsAreUniqueAcrossTownships() {
    let ids = CorpusFixtures.tenTownships.flatMap {
      CorpusFixtures.parse($0).catalogue?.items.map(\.id) ?? []
    }
    #expect(ids.count == CorpusFixtures.tenTownships.reduce(0) { $0 + $1.itemCount })
    #expect(Set(ids).count == ids.count)
  }

  @Test func templateNamesAreReplaced() {
    for generated in CorpusFixtures.tenTownships {
      for name in ["大石头", "大西渠", "木垒", "昌吉"] {
        #expect(!generated.text.contains(name), "\(generated.fileName) still says \(name)")
      }
      #expect(!generated.text.unicodeScalars.contains { (0xE000...0xF8FF).contains($0.value) })
      #expect(generated.text.contains(generated.township))
    }
  }

  @Test func atTheDefaultRatesSomeOfTenTownshipsHaveRepairedDamage() {
    let warnings = CorpusFixtures.tenTownships.flatMap { CorpusFixtures.parse($0).diagnostics }
    #expect(warnings.contains { $0.severity == .warning })
  }

  @Test func forcedDamageIsRepairedWithWarningsNotErrors() throws {
    let always = DamageRates(extraColumnPage: 1, leakedDepartmentText: 1)
    let generator = CorpusGenerator(templates: CorpusFixtures.templates, seed: 3, damage: always)
    for index in 0..<4 {
      let generated = generator.township(index)
      let result = CorpusFixtures.parse(generated)
      #expect(CorpusFixtures.errors(result).isEmpty)
      #expect(result.coverage.unplaced == 0)
      let messages = result.diagnostics.map(\.message)
      #expect(messages.contains { $0.contains("has 7 columns instead of 6") })
      #expect(messages.contains { $0.contains("cell also holds duty text") })
      #expect(generated.text.contains("乡镇配合职责\t\n"))
    }
  }

  @Test func withoutDamageTheParserHasNothingToSay() {
    let generator = CorpusGenerator(templates: CorpusFixtures.templates, seed: 4, damage: .none)
    for index in 0..<4 {
      let result = CorpusFixtures.parse(generator.township(index))
      #expect(result.diagnostics.isEmpty, "\(result.diagnostics.prefix(3))")
    }
  }

  @Test func theFileLooksLikeTheRealOnes() {
    let text = CorpusFixtures.tenTownships[0].text
    #expect(text.hasPrefix("\n\n新疆维吾尔自治区"))
    #expect(text.contains("目 录\n\n1. 基本履职事项清单.....\t1\n"))
    #expect(text.contains("\n\n序号\t事项类别\t事项名称\n"))
    #expect(text.contains("<p>"))
    #expect(CorpusFixtures.tenTownships.contains { $0.text.contains("<ol style=") })
  }

  @Test func writeCreatesOneFilePerTownship() throws {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("qingdan-corpus-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: directory) }
    let written = try CorpusFixtures.generator.write(townships: 3, to: directory)
    #expect(written == Array(CorpusFixtures.tenTownships.prefix(3)))
    let loaded = try CatalogueLoader.load(paths: [directory.path])
    #expect(loaded.catalogues.count == 3)
    #expect(loaded.errors.isEmpty)
  }
}
