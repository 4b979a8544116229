import Testing

@testable import QingdanCore

/// The parser's byte-level fast paths give what the rules they stand for give, stepping by
/// Character, on text mixing every kind of byte they look for: tabs, line ends, the spaces,
/// markup, CJK punctuation that shares their lead bytes, and text that is not simple.
@Suite("Text scanning by bytes")
struct TextScanningTests {
  private static func randomText(_ pieces: [String], seed: UInt64, count: Int) -> [String] {
    var generator = SplitMix64(seed: seed)
    return (0..<count).map { _ in
      (0..<Int.random(in: 0...40, using: &generator)).map { _ in
        pieces.randomElement(using: &generator)!
      }.joined()
    }
  }

  /// Each newline Character (LF, VT, FF, CR, CR LF, NEL, U+2028, U+2029) ends a line.
  @Test func lineEndsAreTheNewlineCharacters() {
    let pieces = [
      "a", "\t", "\t\t", "\n", "\r", "\r\n", "\u{0B}", "\u{0C}", "\u{85}", "\u{A0}", "\u{2028}",
      "\u{2029}", "“", "”", "—", "…", "中", "文", "、", "\u{C2}", "12345678",
    ]
    for text in Self.randomText(pieces, seed: 11, count: 2_000) {
      var expected: [Range<Int>] = []
      var lineStart = 0
      var offset = 0
      for character in text {
        let length = character.utf8.count
        if character.isNewline {
          expected.append(lineStart..<offset)
          lineStart = offset + length
        }
        offset += length
      }
      expected.append(lineStart..<offset)
      var copy = text
      let ranges = copy.withUTF8(CatalogueText.lineRanges(utf8:))
      #expect(ranges == expected, "\(Array(text.unicodeScalars))")
    }
  }

  /// `plainText` of a cell is its segments (tags dropped, entities decoded, spaces collapsed
  /// and trimmed), joined by a space.
  @Test func plainTextIsTheCellsSegmentsJoined() {
    let pieces = [
      "乡", "民政", "、", "“", "…", " ", "  ", "\t", "\u{3000}", "\u{A0}", "\u{2003}", "\u{2028}",
      "\u{1680}", "\u{85}", "<p>", "</p>", "<br/>", "&nbsp;", "&amp;", "&", "<", "a", "e\u{301}",
    ]
    for text in Self.randomText(pieces, seed: 12, count: 2_000) {
      let cell = text[...]
      let hasMarkup = text.contains("<") || text.contains("&")
      let expected =
        hasMarkup
        ? CellMarkup.segments(cell).joined(separator: " ") : CellMarkup.collapseWhitespace(cell)
      #expect(CellMarkup.plainText(cell) == expected, "\(Array(text.unicodeScalars))")
    }
  }

  /// `withRegionPrefix` steps by scalar through simple names: the same answers as the rule
  /// stepping by Character, written out here as it was.
  @Test func regionPrefixesAgreeWithTheRuleByCharacter() {
    let regions = [
      Region(prefecture: "昌吉州", county: "木垒县", township: "大石头乡"),
      Region(prefecture: "昌吉州", county: "昌吉市", township: "大西渠镇"),
      Region(prefecture: "", county: "奇台县", township: "老奇台镇"),
      Region(prefecture: "州", county: "县", township: "乡"),
    ]
    let pieces = ["县", "市", "州", "昌吉", "木垒", "民政局", "委", "e\u{301}", "\u{0D}", "局", "A"]
    for (index, name) in Self.randomText(pieces, seed: 13, count: 2_000).enumerated() {
      let region = regions[index % regions.count]
      #expect(
        DepartmentDirectory.withRegionPrefix(name, region: region)
          == Self.withRegionPrefixByCharacter(name, region: region),
        "\(name) in \(region.county)")
    }
  }

  private static func withRegionPrefixByCharacter(_ name: String, region: Region) -> String {
    let county = region.county
    let prefecture = region.prefecture
    if name.hasPrefix(county) || (!prefecture.isEmpty && name.hasPrefix(prefecture)) {
      return name
    }
    if let level = county.last, name.first == level, name.count > 1 {
      return county + name.dropFirst()
    }
    if let level = prefecture.last, !prefecture.isEmpty, name.first == level, name.count > 1 {
      return prefecture + name.dropFirst()
    }
    let countyStem = String(county.dropLast())
    let prefectureStem = String(prefecture.dropLast())
    if countyStem.count >= 2, name.hasPrefix(countyStem),
      prefectureStem.isEmpty || !name.hasPrefix(prefecture)
    {
      return county + name.dropFirst(countyStem.count)
    }
    return name
  }

  @Test(arguments: [
    ("大石头乡", ListKind.basic, 1), ("大西渠镇", .cooperative, 120), ("x", .recovered, -3),
    ("", .basic, 0),
  ])
  func itemIDsAreTownshipListAndNumber(township: String, list: ListKind, number: Int) {
    let id = ItemID.make(township: township, list: list, number: number)
    #expect(id == "\(township)/\(list.rawValue)/\(number)")
    if !township.isEmpty {
      #expect(
        ItemID.parse(id).map { [$0.township, $0.list.rawValue, String($0.number)] }
          == [township, list.rawValue, String(number)])
    }
  }
}
