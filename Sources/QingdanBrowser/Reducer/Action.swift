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
  case copyAnswer
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
}

/// Work the reducer asks the runtime to do; the reducer itself does no I/O.
public enum Effect: Sendable, Equatable {
  case search(query: String, scope: SearchScope, generation: Int)
  /// Put text on the clipboard (OSC 52).
  case copyToClipboard(String)
  /// The user asked to leave; the runtime stops after this effect.
  case quit
}
