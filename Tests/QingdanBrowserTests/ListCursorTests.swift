import Testing

@testable import QingdanBrowser

@Suite("ListCursor: selection and offset of a list")
struct ListCursorTests {
  @Test func nextAndPreviousStopAtTheEnds() {
    var cursor = ListCursor()
    cursor.selectPrevious(count: 3)
    #expect(cursor == ListCursor(selected: 0, offset: 0))
    cursor.selectNext(count: 3)
    cursor.selectNext(count: 3)
    cursor.selectNext(count: 3)
    #expect(cursor.selected == 2)
  }

  @Test func firstAndLast() {
    var cursor = ListCursor(selected: 4, offset: 2)
    cursor.selectLast(count: 10)
    #expect(cursor.selected == 9)
    cursor.selectFirst()
    #expect(cursor.selected == 0)
    cursor.selectLast(count: 0)
    #expect(cursor.selected == 0)
  }

  @Test func movingByAnyAmountNeverOverflows() {
    var cursor = ListCursor(selected: 5)
    cursor.move(by: .max, count: 8)
    #expect(cursor.selected == 7)
    cursor.move(by: .min, count: 8)
    #expect(cursor.selected == 0)
    cursor.move(by: 3, count: 8)
    #expect(cursor.selected == 3)
  }

  @Test func keepVisibleScrollsAsLittleAsPossible() {
    var cursor = ListCursor(selected: 12, offset: 0)
    cursor.keepVisible(height: 5, count: 20)
    #expect(cursor == ListCursor(selected: 12, offset: 8))
    cursor.selected = 10
    cursor.keepVisible(height: 5, count: 20)
    #expect(cursor.offset == 8)
    cursor.selected = 3
    cursor.keepVisible(height: 5, count: 20)
    #expect(cursor == ListCursor(selected: 3, offset: 3))
  }

  @Test func keepVisibleFollowsAListThatShrank() {
    var cursor = ListCursor(selected: 40, offset: 30)
    cursor.keepVisible(height: 10, count: 12)
    #expect(cursor == ListCursor(selected: 11, offset: 2))
    cursor.keepVisible(height: 10, count: 0)
    #expect(cursor == ListCursor(selected: 0, offset: 0))
  }

  @Test func scrollKeepsTheLastPageFull() {
    var cursor = ListCursor()
    cursor.scroll(by: 3, count: 10, height: 4)
    #expect(cursor.offset == 3)
    cursor.scroll(by: .max, count: 10, height: 4)
    #expect(cursor.offset == 6)
    cursor.scroll(by: -100, count: 10, height: 4)
    #expect(cursor.offset == 0)
    // A text shorter than the pane does not scroll.
    cursor.scroll(by: 1, count: 3, height: 4)
    #expect(cursor.offset == 0)
  }

  @Test func scrollStartsFromTheOffsetShownAfterTheTextGotShorter() {
    // 50 was valid for a longer text; this one's last full page starts at 30.
    var cursor = ListCursor(offset: 50)
    #expect(cursor.visibleOffset(height: 10, count: 40) == 30)
    cursor.scroll(by: -1, count: 40, height: 10)
    #expect(cursor.offset == 29)
  }
}
