import Foundation
import Testing

@testable import QingdanCore

@Suite("Nothing loaded")
struct EmptyLoadTests {
  @Test func anEmptyIndexIsSafeToQuery() throws {
    let catalogue = CatalogueIndex(catalogues: [])
    #expect(catalogue.items.isEmpty)
    #expect(catalogue.item(id: "大石头乡/basic/1") == nil)
    let engine = SearchEngine(catalogue: catalogue, resources: SearchTests.resources)
    for query in ["低保", "dibao", "zjd", "", "臨時救助"] {
      #expect(engine.search(query).isEmpty)
      #expect(engine.search(query, scope: SearchScope(township: "大石头乡"), limit: .max).isEmpty)
    }
  }
}

@Suite("Search limits")
struct SearchLimitTests {
  @Test(arguments: [Int.max, 999_999_999_999, Int.max / 2 + 1])
  func anyLimitIsClampedToTheItems(_ limit: Int) {
    let hits = SearchTests.engine.search("低保", limit: limit)
    #expect(!hits.isEmpty)
    #expect(hits.count <= Seeds.index.items.count)
  }
}
