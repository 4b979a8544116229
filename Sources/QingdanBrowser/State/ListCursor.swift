/// Where a list is: the selected row and the first row shown, as ratatui's `ListState`.
/// The list's length and the pane's height are not kept here; the caller passes them, so
/// the cursor never disagrees with a list that changed under it.
public struct ListCursor: Sendable, Hashable {
  /// The selected row (0 when the list is empty).
  public var selected = 0
  /// The first row shown.
  public var offset = 0

  public init(selected: Int = 0, offset: Int = 0) {
    self.selected = selected
    self.offset = offset
  }

  public mutating func selectNext(count: Int) { move(by: 1, count: count) }
  public mutating func selectPrevious(count: Int) { move(by: -1, count: count) }
  public mutating func selectFirst() { selected = 0 }
  public mutating func selectLast(count: Int) { selected = max(0, count - 1) }

  /// Selects `index`, kept within the list.
  public mutating func select(_ index: Int, count: Int) {
    selected = min(max(index, 0), max(0, count - 1))
  }

  /// Moves the selection by `delta` rows (a page, a wheel step), kept within the list.
  public mutating func move(by delta: Int, count: Int) {
    select(saturatingAdd(selected, delta), count: count)
  }

  /// Scrolls the view by `delta` rows, for a text that is read rather than picked from:
  /// the offset stays where the last page is still full.
  public mutating func scroll(by delta: Int, count: Int, height: Int) {
    let last = max(0, count - max(1, height))
    let current = min(max(offset, 0), last)
    offset = min(max(saturatingAdd(current, delta), 0), last)
  }

  /// Keeps the selection within the list and on screen, scrolling as little as possible.
  public mutating func keepVisible(height: Int, count: Int) {
    select(selected, count: count)
    let height = max(1, height)
    if selected < offset { offset = selected }
    if selected >= offset + height { offset = selected - height + 1 }
    offset = min(max(offset, 0), max(0, count - height))
  }

  /// The offset a view of `height` rows over `count` shows: `offset`, kept in range.
  public func visibleOffset(height: Int, count: Int) -> Int {
    min(max(offset, 0), max(0, count - max(1, height)))
  }
}

/// `a + b`, stopping at the ends of `Int` instead of overflowing ("to the bottom" is `.max`).
func saturatingAdd(_ a: Int, _ b: Int) -> Int {
  let (sum, overflow) = a.addingReportingOverflow(b)
  return overflow ? (b > 0 ? .max : .min) : sum
}
