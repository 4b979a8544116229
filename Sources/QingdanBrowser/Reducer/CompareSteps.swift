import QingdanCore

/// c: the selected item's duty in the other loaded townships, in an overlay; c again or Esc
/// closes it. Each other catalogue is matched whole with the item's own (`Counterparts`),
/// so the overlay says what `qingdan compare ID` says.
func compareItem(_ state: inout BrowserState) {
  if state.overlay == .compare {
    state.overlay = nil
    return
  }
  guard let item = state.selectedItem else {
    state.message = "先选择一个事项 select an item first"
    return
  }
  guard state.catalogue.catalogues.count > 1 else {
    state.message = "只载入了一个乡镇 only one township is loaded"
    return
  }
  state.comparison = Counterparts(of: item, among: state.catalogue.catalogues)
  state.compareLines = ListCursor()
  state.overlay = .compare
}

/// While the comparison is open, moving keys scroll it and other keys wait; c, Esc and q go
/// through. Nil for actions handled as usual.
func reduceComparison(_ state: inout BrowserState, _ action: Action) -> [Effect]? {
  switch action {
  case .compareItem, .cancel, .quit, .resize, .searchResults, .tick, .mouse: return nil
  default: break
  }
  guard let comparison = state.comparison else { return nil }
  let box = CompareOverlay.box(width: state.width, height: state.height)
  guard let delta = overlayScroll(action, visible: box.visible) else { return [] }
  let count = CompareOverlay.lines(comparison, width: box.inner).count
  state.compareLines.scroll(by: delta, count: count, height: box.visible)
  return []
}
