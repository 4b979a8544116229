import Foundation
import Testing

@testable import QingdanCore

@Suite("Confidence floor")
struct ConfidenceTests {
  static let engine = SearchTests.engine

  func hits(_ query: String) -> [SearchHit] { Self.engine.search(query, limit: 5) }

  @Test(arguments: ["zzzzqqqq", "qwerty", "password", "hello world", "asdfgh", "xkcd"])
  func gibberishHasNoConfidentHit(_ query: String) {
    let found = hits(query)
    #expect(!found.isEmpty, "ranking still lists something for \(query)")
    #expect(found.allSatisfy { !$0.isConfident }, "\(query): \(found.map(\.item.name))")
  }

  @Test(arguments: ["最低生活保障", "低保", "党", "jiuzhu", "zjd", "临时救注", "臨時救助", "戒du", "电瓶车"])
  func meantQueriesHaveAConfidentTopHit(_ query: String) {
    #expect(hits(query).first?.isConfident == true, "\(query)")
  }

  @Test func hitsBeyondTheHighlightedAreNotWorkedOut() {
    let (found, highlighter) = Self.engine.searchAndHighlighter("低保", limit: 5, highlighted: 0)
    #expect(found.allSatisfy { !$0.isConfident })
    #expect(found.first.map { Self.engine.isConfident($0, highlighter: highlighter) } == true)
  }

  /// The floor must not cost the judged queries their answers: judged relevant hits in a
  /// top 5 stay confident (the judged sets beside the checkout and the project's own).
  /// Measured: 2 of 503 are not, both for 下暴雨村里被淹了 → the 防汛 items, ranked on
  /// homophones alone (雨 → 预案, 淹 → 演练); no character of the query is in them.
  @Test func judgedRelevantTopHitsStayConfident() throws {
    let checkout = try #require(BundledResources.directory()).deletingLastPathComponent()
    let shared = checkout.appendingPathComponent("../shared/eval").standardized
    let files =
      ((try? FileManager.default.contentsOfDirectory(atPath: shared.path)) ?? [])
      .filter { $0.hasSuffix(".jsonl") }.sorted().map { shared.appendingPathComponent($0).path }
      + [checkout.appendingPathComponent("eval/queries.jsonl").path]
    struct Judged: Decodable {
      var q: String
      var relevant: [String]
    }
    var relevantInTop5 = 0
    var notConfident: [String] = []
    for file in files {
      let text = try String(contentsOfFile: file, encoding: .utf8)
      for line in text.split(separator: "\n") where !line.isEmpty {
        let judged = try JSONDecoder().decode(Judged.self, from: Data(line.utf8))
        for hit in hits(judged.q) where judged.relevant.contains(hit.item.id) {
          relevantInTop5 += 1
          if !hit.isConfident { notConfident.append("\(judged.q) → \(hit.item.id)") }
        }
      }
    }
    print(
      "confidence floor: \(notConfident.count) of \(relevantInTop5) judged relevant top-5 hits not confident"
    )
    #expect(relevantInTop5 > 300)
    #expect(notConfident.count <= 2, "\(notConfident)")
  }
}
