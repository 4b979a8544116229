import Foundation

@testable import QingdanCore

/// The two real catalogues shipped in Resources/catalogues, parsed once per test process.
enum Seeds {
  static let directory: URL = {
    guard let resources = BundledResources.directory() else {
      fatalError("Resources/ not found from the test bundle; run the tests from the checkout")
    }
    return resources.appendingPathComponent("catalogues")
  }()

  static func path(_ township: String) -> String {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
    guard let name = names.first(where: { $0.contains(township) }) else {
      fatalError("no bundled catalogue for \(township)")
    }
    return directory.appendingPathComponent(name).path
  }

  static let dashitou = CatalogueLoader.parse(file: path("大石头乡"))
  static let daxiqu = CatalogueLoader.parse(file: path("大西渠镇"))
  static let index = CatalogueIndex(catalogues: [dashitou.catalogue!, daxiqu.catalogue!])

  static func item(_ id: String) -> Item {
    guard let item = index.item(id: id) else { fatalError("no item \(id)") }
    return item
  }

  static func lines(_ township: String) -> [String] {
    let data = FileManager.default.contents(atPath: path(township))!
    return try! CatalogueText.lines(of: data, file: township)
  }
}
