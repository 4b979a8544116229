/// A key press, independent of the terminal library that read it.
public enum Key: Hashable, Sendable {
  /// A printable character (including space and CJK characters).
  case character(Character)
  case up, down, left, right
  case pageUp, pageDown, home, end
  case enter, escape, tab, backTab, backspace, delete
  /// Ctrl with a letter, lowercase: Ctrl-C is `.control("c")`. Ctrl-I, Ctrl-M and
  /// Ctrl-H are indistinguishable from Tab, Enter and Backspace and arrive as those.
  case control(Character)
  /// F1 is `.function(1)`.
  case function(Int)
}

/// A mouse action at a screen position (0-based).
public struct MouseEvent: Hashable, Sendable {
  public enum Button: Hashable, Sendable {
    case left, middle, right
  }

  public enum Kind: Hashable, Sendable {
    case press(Button)
    case release(Button)
    case wheelUp
    case wheelDown
  }

  public var row: Int
  public var column: Int
  public var kind: Kind

  public init(row: Int, column: Int, kind: Kind) {
    self.row = row
    self.column = column
    self.kind = kind
  }
}

/// Everything the terminal can tell the browser.
public enum InputEvent: Hashable, Sendable {
  case key(Key)
  /// Several printable characters that arrived at once: an input method committing
  /// a phrase ("履职事项"), or a paste. Kept together so text inputs receive it intact;
  /// where keys are commands rather than text, use `keys` to treat it as key presses.
  case text(String)
  /// Text the terminal marked as pasted (bracketed paste): never keys, even line breaks.
  case paste(String)
  case mouse(MouseEvent)
  /// The terminal is now this size; also sent after resuming from Ctrl-Z, when the
  /// whole screen must be drawn again.
  case resize(width: Int, height: Int)

  /// The event as key presses: `.text` becomes one `.character` per character.
  public var keys: [Key] {
    switch self {
    case .key(let key): [key]
    case .text(let text): text.map { .character($0) }
    case .paste, .mouse, .resize: []
    }
  }
}
