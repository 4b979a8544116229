import Testing

@testable import QingdanBrowser

@Suite struct ScreenTests {
  @Test func startsBlank() {
    let screen = Screen(width: 4, height: 2)
    #expect(screen.cells.count == 8)
    #expect(screen.cells.allSatisfy { $0 == .blank })
    #expect(screen.text() == "\n")
  }

  @Test func putWritesTextAndReturnsColumnsUsed() {
    var screen = Screen(width: 12, height: 2)
    #expect(screen.put("清单 ok", row: 0, column: 1) == 7)
    #expect(screen.text() == " 清单 ok\n")
    #expect(screen[0, 1].grapheme == "清")
    #expect(screen[0, 2].isContinuation)
    #expect(screen[0, 3].grapheme == "单")
  }

  @Test func combiningMarksStayInTheirCell() {
    var screen = Screen(width: 4, height: 1)
    #expect(screen.put("e\u{301}x", row: 0, column: 0) == 2)
    #expect(screen[0, 0].grapheme == "e\u{301}")
    #expect(screen.text() == "e\u{301}x")
  }

  @Test func wideCharacterAtTheRightEdgeBecomesASpace() {
    var screen = Screen(width: 5, height: 1)
    let used = screen.put("ab清单", row: 0, column: 0)
    // "清" fills columns 2–3; "单" would need columns 4–5 but only 4 exists.
    #expect(used == 5)
    #expect(screen.text() == "ab清")
    #expect(screen[0, 4] == Cell(grapheme: " "))
    #expect(!screen[0, 4].isContinuation)
  }

  @Test func maxWidthClipsLikeAnEdge() {
    var screen = Screen(width: 10, height: 1)
    let style = Style(reverse: true)
    #expect(screen.put("清单事项", row: 0, column: 1, style: style, maxWidth: 5) == 5)
    #expect(screen.text() == " 清单")
    #expect(screen.styleMap() == " rrrrr")
    #expect(screen.put("xyz", row: 0, column: 7, maxWidth: 0) == 0)
  }

  @Test func offscreenWritesAreIgnored() {
    var screen = Screen(width: 4, height: 1)
    #expect(screen.put("abc", row: 1, column: 0) == 0)
    #expect(screen.put("abc", row: -1, column: 0) == 0)
    #expect(screen.put("abc", row: 0, column: 4) == 0)
    screen.put("清单", row: 0, column: -1)
    // "清" straddles column 0 from the left: a space; "单" is whole.
    #expect(screen.text() == " 单")
  }

  @Test func overwritingTheLeftHalfClearsTheRightHalf() {
    var screen = Screen(width: 6, height: 1)
    screen.put("清单", row: 0, column: 0)
    screen.put("x", row: 0, column: 0)
    #expect(screen.text() == "x 单")
    #expect(!screen[0, 1].isContinuation)
    #expect(screen[0, 1].grapheme == " ")
  }

  @Test func overwritingTheRightHalfClearsTheLeftHalf() {
    var screen = Screen(width: 6, height: 1)
    screen.put("清单", row: 0, column: 0)
    screen.put("y", row: 0, column: 3)
    #expect(screen.text() == "清 y")
    #expect(screen[0, 2].grapheme == " ")
    #expect(!screen[0, 3].isContinuation)
  }

  @Test func wideOverWideOffByOneClearsBothNeighbours() {
    var screen = Screen(width: 6, height: 1)
    screen.put("清单事", row: 0, column: 0)
    screen.put("项", row: 0, column: 1)
    #expect(screen.text() == " 项 事")
    #expect(screen.cells.filter(\.isContinuation).count == 2)
  }

  @Test func escapeSequencesAreSanitised() {
    var screen = Screen(width: 12, height: 1)
    let used = screen.put("\u{1b}[31mred", row: 0, column: 0)
    #expect(used == 8)
    #expect(screen.text() == "\u{FFFD}[31mred")
    #expect(!screen.cells.contains { $0.grapheme.unicodeScalars.contains { $0.value == 0x1b } })
  }

  @Test func tabsAndLineBreaksAreSanitised() {
    var screen = Screen(width: 12, height: 2)
    #expect(screen.put("a\r\n\tb", row: 0, column: 0) == 5)
    #expect(screen.text() == "a\u{FFFD}\u{FFFD}\u{FFFD}b\n")
    screen.put("\u{7f}\u{9b}\u{2028}", row: 1, column: 0)
    #expect(screen.text() == "a\u{FFFD}\u{FFFD}\u{FFFD}b\n\u{FFFD}\u{FFFD}\u{FFFD}")
    let controls = screen.cells.flatMap { $0.grapheme.unicodeScalars }.filter {
      $0.value < 0x20 || (0x7F...0x9F).contains($0.value)
    }
    #expect(controls.isEmpty)
  }

  @Test func strayZeroWidthCharactersAreDropped() {
    var screen = Screen(width: 6, height: 1)
    #expect(screen.put("\u{301}a\u{202E}b", row: 0, column: 0) == 2)
    #expect(screen.text() == "ab")
  }

  @Test func fillPaintsARectangleAndBreaksWideCharacters() {
    var screen = Screen(width: 6, height: 3)
    screen.put("清单事", row: 1, column: 0)
    screen.fill(row: 1, column: 1, width: 2, height: 5, style: Style(background: .blue))
    #expect(screen.text() == "\n    事\n")
    #expect(screen.styleMap() == "\n hh\n hh")
    screen.fill(row: 0, column: 4, width: 10, height: 1, style: Style(reverse: true))
    #expect(screen.styleMap() == "    rr\n hh\n hh")
  }

  @Test func textSkipsContinuationsAndTrimsTrailingSpaces() {
    var screen = Screen(width: 10, height: 3)
    screen.put("乡镇  ", row: 0, column: 0)
    screen.put("  x", row: 2, column: 0)
    #expect(screen.text() == "乡镇\n\n  x")
  }

  @Test func styleMapMarksAttributes() {
    var screen = Screen(width: 12, height: 1)
    screen.put("r", row: 0, column: 0, style: Style(reverse: true))
    screen.put("b", row: 0, column: 1, style: Style(bold: true))
    screen.put("h", row: 0, column: 2, style: Style(foreground: .white, background: .blue))
    screen.put("u", row: 0, column: 3, style: Style(underline: true))
    screen.put("c", row: 0, column: 4, style: Style(foreground: .red))
    screen.put("d", row: 0, column: 5, style: Style(dim: true))
    screen.put("宽", row: 0, column: 7, style: Style(reverse: true))
    #expect(screen.styleMap() == "rbhucd rr")
    #expect(screen.styleMap { $0.bold ? "B" : "." } == ".B..........")
  }

  @Test func boxDrawsLightLinesWithATitle() {
    var screen = Screen(width: 12, height: 4)
    screen.put("inside", row: 1, column: 1)
    screen.box(row: 0, column: 0, width: 12, height: 4, title: "事项")
    #expect(
      screen.text() == """
        ┌ 事项 ────┐
        │inside    │
        │          │
        └──────────┘
        """)
  }

  @Test func boxTitleIsTruncatedAndTinyBoxesAreSkipped() {
    var screen = Screen(width: 8, height: 3)
    screen.box(row: 0, column: 0, width: 8, height: 3, title: "履职事项清单")
    #expect(screen.text().split(separator: "\n").first == "┌ 履… ─┐")
    var tiny = Screen(width: 3, height: 3)
    tiny.box(row: 0, column: 0, width: 1, height: 3)
    #expect(tiny.text() == "\n\n")
  }

  @Test func screensAreValues() {
    var first = Screen(width: 3, height: 1)
    let copy = first
    first.put("x", row: 0, column: 0)
    #expect(copy.text() == "")
    #expect(first != copy)
  }
}
