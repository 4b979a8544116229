import Testing

@testable import QingdanCore

@Suite struct DisplayWidthMeasuringTests {
  @Test func asciiIsOneColumnPerCharacter() {
    #expect(DisplayWidth.of("hello, world") == 12)
    #expect(DisplayWidth.of("") == 0)
    #expect(DisplayWidth.of(Character("a")) == 1)
    #expect(DisplayWidth.of(Character(" ")) == 1)
  }

  @Test func cjkIdeographsAreTwoColumns() {
    #expect(DisplayWidth.of(Character("乡")) == 2)
    #expect(DisplayWidth.of("履职事项清单") == 12)
    #expect(DisplayWidth.of("木垒县2025年") == 12)
    // Extension B ideograph (outside the BMP).
    #expect(DisplayWidth.of(Character("\u{20000}")) == 2)
  }

  @Test func fullWidthPunctuationIsTwoColumns() {
    for punctuation in "，。：；（）、！？《》【】" {
      #expect(DisplayWidth.of(punctuation) == 2, "\(punctuation)")
    }
    // Curly quotes are ambiguous width: one column, as wcwidth and the terminal say.
    for quote in "“”‘’" {
      #expect(DisplayWidth.of(quote) == 1, "\(quote)")
    }
    #expect(DisplayWidth.of(Character("\u{3000}")) == 2)  // Ideographic space.
    #expect(DisplayWidth.of(Character("Ａ")) == 2)  // Full-width Latin.
  }

  @Test func hangulIsTwoColumns() {
    #expect(DisplayWidth.of("한국어") == 6)
    // A syllable spelled with conjoining jamo is one two-column character.
    #expect(DisplayWidth.of(Character("\u{1100}\u{1161}\u{11A8}")) == 2)
  }

  @Test func ambiguousCharactersAreOneColumn() {
    #expect(DisplayWidth.of(Character("…")) == 1)
    #expect(DisplayWidth.of("┌─┐│└┘") == 6)
    #expect(DisplayWidth.of(Character("·")) == 1)
    #expect(DisplayWidth.of(Character("°")) == 1)
  }

  @Test func combiningMarksAddNoWidth() {
    #expect(DisplayWidth.of(Character("e\u{301}")) == 1)
    #expect(DisplayWidth.of("e\u{301}e\u{301}") == 2)
    #expect(DisplayWidth.of(scalar: "\u{301}") == 0)
    #expect(DisplayWidth.of(Character("\u{301}")) == 0)  // A stray mark on its own.
  }

  @Test func joinersAndVariationSelectorsAreZeroWidth() {
    #expect(DisplayWidth.of(scalar: "\u{200D}") == 0)
    #expect(DisplayWidth.of(scalar: "\u{FE0F}") == 0)
    #expect(DisplayWidth.of(scalar: "\u{E0100}") == 0)
    #expect(DisplayWidth.of(scalar: "\u{200B}") == 0)
    #expect(DisplayWidth.of(Character("\u{AD}")) == 1)  // Soft hyphen prints, as in wcwidth.
  }

  @Test func emojiPresentationIsTwoColumns() {
    #expect(DisplayWidth.of(Character("😀")) == 2)
    #expect(DisplayWidth.of(Character("👍🏽")) == 2)  // With a skin-tone modifier.
    #expect(DisplayWidth.of(Character("👨‍👩‍👧")) == 2)  // ZWJ sequence: one glyph.
    #expect(DisplayWidth.of(Character("🇨🇳")) == 2)  // Flag.
    #expect(DisplayWidth.of("ok👍") == 4)
  }

  @Test func controlCharactersAreZeroWidth() {
    #expect(DisplayWidth.of(Character("\u{1b}")) == 0)
    #expect(DisplayWidth.of(Character("\t")) == 0)
    #expect(DisplayWidth.of(Character("\r\n")) == 0)
    #expect(DisplayWidth.of(Character("\u{7f}")) == 0)
    #expect(DisplayWidth.of(Character("\u{85}")) == 0)
    #expect(DisplayWidth.of("a\u{1b}[31mb") == 6)
  }

  @Test func substringsAreMeasuredToo() {
    let text = "清单abc"
    #expect(DisplayWidth.of(text.dropFirst()) == 5)
  }

  @Test func longStringIsMeasuredQuickly() {
    let text = String(repeating: "乡镇履职事项清单，ab 123。", count: 625)
    #expect(text.count == 10_000)
    #expect(DisplayWidth.of(text) == 625 * 26)
    let ascii = String(repeating: "x", count: 10_000)
    #expect(DisplayWidth.of(ascii) == 10_000)
  }
}

@Suite struct DisplayWidthTruncateTests {
  @Test func shortTextIsUnchanged() {
    #expect(DisplayWidth.truncate("乡镇", toWidth: 4) == "乡镇")
    #expect(DisplayWidth.truncate("abc", toWidth: 10) == "abc")
  }

  @Test func longTextGetsAnEllipsis() {
    #expect(DisplayWidth.truncate("abcdefgh", toWidth: 5) == "abcd…")
    #expect(DisplayWidth.truncate("履职事项清单", toWidth: 7) == "履职事…")
  }

  @Test func wideCharacterStraddlingTheEdgeIsDropped() {
    // 6 columns: "履职" takes 4, the ellipsis 1, and "事" would need columns 5–6.
    let result = DisplayWidth.truncate("履职事项清单", toWidth: 6)
    #expect(result == "履职…")
    #expect(DisplayWidth.of(result) == 5)
    #expect(DisplayWidth.truncate("ab履职", toWidth: 4) == "ab…")
  }

  @Test func resultNeverExceedsWidth() {
    let text = "A类事项（乡镇履职）e\u{301}😀 mixed"
    for width in 0...30 {
      let result = DisplayWidth.truncate(text, toWidth: width)
      #expect(DisplayWidth.of(result) <= width, "width \(width): \(result)")
    }
  }

  @Test func tinyWidths() {
    #expect(DisplayWidth.truncate("清单", toWidth: 0) == "")
    #expect(DisplayWidth.truncate("清单", toWidth: 1) == "…")
    #expect(DisplayWidth.truncate("abc", toWidth: -3) == "")
    #expect(DisplayWidth.truncate("清单", toWidth: 1, ellipsis: "") == "")
  }

  @Test func customEllipsis() {
    #expect(DisplayWidth.truncate("abcdefgh", toWidth: 6, ellipsis: "...") == "abc...")
  }

  @Test func padAndFit() {
    #expect(DisplayWidth.pad("清单", toWidth: 6) == "清单  ")
    #expect(DisplayWidth.pad("清单", toWidth: 2) == "清单")
    #expect(DisplayWidth.pad("清单", toWidth: 1) == "清单")
    #expect(DisplayWidth.fit("履职事项清单", toWidth: 6) == "履职… ")
    #expect(DisplayWidth.fit("ab", toWidth: 4) == "ab  ")
  }
}

@Suite struct DisplayWidthWrapTests {
  func expectFits(
    _ lines: [String], _ width: Int, sourceLocation: SourceLocation = #_sourceLocation
  ) {
    for line in lines {
      #expect(DisplayWidth.of(line) <= width, "\(line)", sourceLocation: sourceLocation)
    }
  }

  @Test func chineseBreaksBetweenAnyTwoCharacters() {
    let lines = DisplayWidth.wrap("负责辖区内安全生产监督管理", width: 8)
    #expect(lines == ["负责辖区", "内安全生", "产监督管", "理"])
  }

  @Test func asciiRunsStayWhole() {
    let lines = DisplayWidth.wrap("依据GB50016标准执行", width: 10)
    #expect(lines == ["依据", "GB50016标", "准执行"])
    #expect(DisplayWidth.wrap("the quick brown fox", width: 10) == ["the quick", "brown fox"])
  }

  @Test func longAsciiRunIsSplitWhenWiderThanALine() {
    let lines = DisplayWidth.wrap("http://example.com/very/long", width: 10)
    #expect(lines == ["http://exa", "mple.com/v", "ery/long"])
  }

  @Test func closingPunctuationDoesNotStartALine() {
    // "管理，" would put "，" at the start of line 2; it moves with "理" instead.
    let lines = DisplayWidth.wrap("负责监督管理，组织实施。", width: 12)
    #expect(lines == ["负责监督管", "理，组织实", "施。"])
    for line in lines.dropFirst() {
      #expect(!"，。；：）、".contains(line.first!), "\(line)")
    }
    #expect(lines.joined() == "负责监督管理，组织实施。")
    #expect(DisplayWidth.wrap("甲乙丙，丁", width: 6) == ["甲乙", "丙，丁"])
  }

  @Test func openingPunctuationDoesNotEndALine() {
    let lines = DisplayWidth.wrap("甲乙（丙）", width: 6)
    #expect(lines == ["甲乙", "（丙）"])
  }

  @Test func hangingIndentPrefixesContinuationLines() {
    let lines = DisplayWidth.wrap("1. 负责辖区内安全生产监督管理工作", width: 12, hangingIndent: 3)
    #expect(lines == ["1. 负责辖区", "   内安全生", "   产监督管", "   理工作"])
    expectFits(lines, 12)
  }

  @Test func newlinesStartParagraphsWithoutIndent() {
    let lines = DisplayWidth.wrap("甲乙丙丁\n戊己", width: 4, hangingIndent: 1)
    #expect(lines == ["甲乙", " 丙", " 丁", "戊己"])
    #expect(DisplayWidth.wrap("a\n\nb", width: 5) == ["a", "", "b"])
  }

  @Test func spacesAtBreaksAreDropped() {
    #expect(DisplayWidth.wrap("abc   def", width: 4) == ["abc", "def"])
    #expect(DisplayWidth.wrap("  indented text", width: 12) == ["  indented", "text"])
  }

  @Test func emptyText() {
    #expect(DisplayWidth.wrap("", width: 10) == [""])
  }

  @Test func tinyWidthsDoNotHang() {
    #expect(DisplayWidth.wrap("清单", width: 0) == [])
    #expect(DisplayWidth.wrap("清单", width: -5) == [])
    // One column: ASCII fits one per line, wide characters can never fit.
    #expect(DisplayWidth.wrap("ab", width: 1) == ["a", "b"])
    let oneColumn = DisplayWidth.wrap("清单ab，。", width: 1, hangingIndent: 4)
    expectFits(oneColumn, 1)
    #expect(oneColumn.joined() == "ab")
    let twoColumns = DisplayWidth.wrap("清单，。", width: 2, hangingIndent: 4)
    #expect(twoColumns == ["清", "单", "，", "。"])
  }

  @Test func indentWiderThanWidthStillFits() {
    let lines = DisplayWidth.wrap("履职事项清单", width: 5, hangingIndent: 10)
    expectFits(lines, 5)
    #expect(lines.map { $0.trimmingPrefixSpaces }.joined() == "履职事项清单")
  }

  @Test func everyLineFitsForManyWidths() {
    let text = "（一）负责辖区内safety生产、消防安全监督管理工作；组织开展2025年度检查。e\u{301}😀 ok"
    for width in 1...40 {
      for indent in [0, 2, 4] {
        let lines = DisplayWidth.wrap(text, width: width, hangingIndent: indent)
        expectFits(lines, width)
      }
    }
  }

  @Test func longTextWrapsQuickly() {
    let text = String(repeating: "乡镇履职事项清单，ab 123。", count: 625)
    let lines = DisplayWidth.wrap(text, width: 40, hangingIndent: 2)
    expectFits(lines, 40)
    #expect(lines.count > 400)
    let rejoined = lines.map { $0.trimmingPrefixSpaces }.joined()
    #expect(rejoined.filter { $0 != " " } == text.filter { $0 != " " })
  }
}

extension String {
  fileprivate var trimmingPrefixSpaces: String { String(drop(while: { $0 == " " })) }
}
