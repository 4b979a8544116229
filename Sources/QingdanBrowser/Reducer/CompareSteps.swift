import QingdanCore

/// c: the selected item's duty in the other loaded townships, in an overlay; c again or Esc
/// closes it. The matching (`Counterparts`: each other catalogue matched whole with the
/// item's own, so the overlay says what `qingdan compare ID` says) runs off the event loop;
/// the overlay says "比较中" until it arrives.
func compareItem(_ state: inout BrowserState) -> [Effect] {
  if state.overlay == .compare {
    state.overlay = nil
    return []
  }
  guard let item = state.selectedItem else {
    state.message = "先选择一个事项 select an item first"
    return []
  }
  guard state.catalogue.catalogues.count > 1 else {
    state.message = "只载入了一个乡镇 only one township is loaded"
    return []
  }
  state.comparison = nil
  state.compareLines = ListCursor()
  state.overlay = .compare
  return [.compare(itemID: item.id)]
}

/// A comparison is shown while its overlay is open and waiting for that item's; one for an
/// item since closed or left is dropped.
func receiveComparison(_ state: inout BrowserState, _ result: Counterparts) {
  guard state.overlay == .compare, state.comparison == nil,
    result.item.id == state.selectedItem?.id
  else { return }
  state.comparison = result
}

/// While the comparison is open, moving keys scroll it and other keys wait; c, Esc and q go
/// through. Nil for actions handled as usual.
func reduceComparison(_ state: inout BrowserState, _ action: Action) -> [Effect]? {
  switch action {
  case .compareItem, .cancel, .quit, .resize, .searchResults, .comparisonResult, .tick, .mouse,
    .deskLoaded, .deskWritten:
    return nil
  default: break
  }
  guard let comparison = state.comparison else { return nil }
  let box = CompareOverlay.box(width: state.width, height: state.height)
  guard let delta = overlayScroll(action, visible: box.visible) else { return [] }
  let count = CompareOverlay.lines(comparison, width: box.inner).count
  state.compareLines.scroll(by: delta, count: count, height: box.visible)
  return []
}
