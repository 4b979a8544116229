import Foundation
import Testing

@testable import QingdanBrowser

@Test("the README's key table is the key map's")
func readmeKeyTableMatchesTheKeyMap() throws {
  let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("README.md")
  let text = try String(contentsOf: readme, encoding: .utf8)
  let begin = try #require(text.range(of: "<!-- keys:begin -->\n"))
  let end = try #require(text.range(of: "\n<!-- keys:end -->"))
  let table = String(text[begin.upperBound..<end.lowerBound])
  #expect(
    table == KeyMap.markdownTable(),
    "regenerate the README's key table: swift run qingdan-bench keys")
}
