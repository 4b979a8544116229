import QingdanCore

/// Everything that can happen to the browser. Keys become actions through the key map;
/// mouse, resize, ticks and search results arrive as actions too.
public enum Action: Sendable {
  case moveUp, moveDown, pageUp, pageDown, moveToTop, moveToBottom
  /// Right / l / Enter: expand a tree node, or move focus to the next pane.
  case open
  /// Left / h: collapse a tree node, or move focus to the previous pane.
  case close
  case nextPane, previousPane
  case toggleTreeMode
  case toggleHelp
  case startSearch
  case nextHit, previousHit
  case cycleTownshipFilter
  case setListFilter(ListKind?)
  /// `y`: the call note; `Y`: the whole item.
  case copyNote, copyItem
  /// c: the selected item's duty in every other loaded township (c or Esc closes it).
  case compareItem
  /// r (记录): record the selected item as an enquiry; opens the one-line note prompt.
  case recordEnquiry
  /// Enter in the note prompt: save the entry with the note typed.
  case submitNote
  /// m: mark or unmark the selected item (常用事项).
  case toggleMark
  /// ': list the marked items (the 常用 node).
  case showMarks
  /// Esc: close the overlay, or leave search and restore the previous view.
  case cancel
  case quit
  /// Typing in the query line.
  case insertText(String)
  /// Text the terminal reported as pasted: it goes into the query line as text.
  case pasted(String)
  case deleteBackward
  case clearQuery
  case historyPrevious, historyNext
  /// Search the selected tree node, or everything loaded.
  case toggleSearchScope
  case submitQuery
  case mouse(MouseEvent)
  case resize(width: Int, height: Int)
  /// Time passed (clears transient messages).
  case tick
  case searchResults(generation: Int, hits: [SearchHit], highlighter: Highlighter)
  /// The search engine a cold start builds after the first frame is ready: searches are
  /// answered from now on (`SearchClient.engineIsReady`).
  case searchIndexReady
  /// The comparison `c` asked for, worked out off the event loop.
  case comparisonResult(Counterparts)
  /// What the enquiry log holds (热点, marks, history), read at start (`DeskClient.load`).
  case deskLoaded(DeskSnapshot)
  /// How a `.desk` write went (`DeskClient.perform`).
  case deskWritten(DeskWriteOutcome)
}

/// Work the reducer asks the runtime to do; the reducer itself does no I/O.
public enum Effect: Sendable, Equatable {
  case search(query: String, scope: SearchScope, generation: Int)
  /// Match the item with every other loaded township (`SearchClient.compare`); it takes
  /// ~15 ms per township, too long for the event loop with many loaded.
  case compare(itemID: String)
  /// Put text on the clipboard (OSC 52).
  case copyToClipboard(String)
  /// Write to the enquiry log (`DeskClient.perform`), off the event loop; the outcome comes
  /// back as `.deskWritten`.
  case desk(DeskWrite)
  /// The user asked to leave; the runtime stops after this effect.
  case quit
}
