/// What the terminal backend read, before it becomes an `InputEvent`.
/// Kept free of curses types so decoding is a pure, testable function.
public enum RawInput: Hashable, Sendable {
  /// A character code (`get_wch` returned OK).
  case character(UInt32)
  /// A curses key code (`get_wch` returned KEY_CODE_YES).
  case keyCode(Int32)
  /// An event the backend decoded itself because it needed the terminal (mouse, resize).
  case event(InputEvent)
}

/// The curses key codes the decoder recognises. The backend fills this from its curses
/// header; `ncurses` holds the standard ncurses values, for tests.
public struct KeyCodes: Hashable, Sendable {
  public var up: Int32
  public var down: Int32
  public var left: Int32
  public var right: Int32
  public var home: Int32
  public var end: Int32
  public var pageUp: Int32
  public var pageDown: Int32
  public var enter: Int32
  public var backspace: Int32
  public var delete: Int32
  public var backTab: Int32
  /// F0; Fn is `f0 + n`. curses reserves 64 function keys.
  public var f0: Int32

  public init(
    up: Int32, down: Int32, left: Int32, right: Int32, home: Int32, end: Int32,
    pageUp: Int32, pageDown: Int32, enter: Int32, backspace: Int32, delete: Int32,
    backTab: Int32, f0: Int32
  ) {
    self.up = up
    self.down = down
    self.left = left
    self.right = right
    self.home = home
    self.end = end
    self.pageUp = pageUp
    self.pageDown = pageDown
    self.enter = enter
    self.backspace = backspace
    self.delete = delete
    self.backTab = backTab
    self.f0 = f0
  }

  /// The values in ncurses' curses.h.
  public static let ncurses = KeyCodes(
    up: 0o403, down: 0o402, left: 0o404, right: 0o405, home: 0o406, end: 0o550,
    pageUp: 0o523, pageDown: 0o522, enter: 0o527, backspace: 0o407, delete: 0o512,
    backTab: 0o541, f0: 0o410
  )
}

/// The curses mouse button-state bits the decoder recognises.
public struct MouseMasks: Hashable, Sendable {
  public var leftPressed: UInt
  public var leftReleased: UInt
  public var middlePressed: UInt
  public var middleReleased: UInt
  public var rightPressed: UInt
  public var rightReleased: UInt
  public var wheelUp: UInt
  public var wheelDown: UInt

  public init(
    leftPressed: UInt, leftReleased: UInt, middlePressed: UInt, middleReleased: UInt,
    rightPressed: UInt, rightReleased: UInt, wheelUp: UInt, wheelDown: UInt
  ) {
    self.leftPressed = leftPressed
    self.leftReleased = leftReleased
    self.middlePressed = middlePressed
    self.middleReleased = middleReleased
    self.rightPressed = rightPressed
    self.rightReleased = rightReleased
    self.wheelUp = wheelUp
    self.wheelDown = wheelDown
  }

  /// ncurses with NCURSES_MOUSE_VERSION 2: button b's bit m is `m << ((b - 1) * 5)`,
  /// released = 1, pressed = 2; the wheel reports as buttons 4 and 5 pressed.
  public static let ncursesVersion2: MouseMasks = {
    func mask(_ button: Int, _ bit: UInt) -> UInt { bit << ((button - 1) * 5) }
    return MouseMasks(
      leftPressed: mask(1, 2), leftReleased: mask(1, 1),
      middlePressed: mask(2, 2), middleReleased: mask(2, 1),
      rightPressed: mask(3, 2), rightReleased: mask(3, 1),
      wheelUp: mask(4, 2), wheelDown: mask(5, 2)
    )
  }()
}

/// Turns what curses read into `InputEvent`s.
public struct KeyDecoder: Hashable, Sendable {
  public var codes: KeyCodes
  public var masks: MouseMasks
  /// The text of a bracketed paste read so far, while its end marker has not arrived.
  public var pasted: String?

  public init(codes: KeyCodes = .ncurses, masks: MouseMasks = .ncursesVersion2) {
    self.codes = codes
    self.masks = masks
  }

  /// Decodes everything that arrived together. Consecutive printable characters become
  /// one `.text` event when there are two or more (an IME commit or a paste), a single
  /// one becomes `.key(.character)`. ESC followed by a character (Alt-x) comes out as
  /// `.escape` then the character. Unknown codes are dropped.
  public func events(from batch: [RawInput]) -> [InputEvent] {
    var events: [InputEvent] = []
    var printable = ""
    func flushPrintable() {
      switch printable.count {
      case 0: break
      case 1: events.append(.key(.character(printable.first!)))
      default: events.append(.text(printable))
      }
      printable = ""
    }
    for raw in batch {
      switch raw {
      case .character(let code):
        guard let key = Self.key(forCharacter: code) else { continue }
        if case .character(let character) = key {
          printable.append(character)
        } else {
          flushPrintable()
          events.append(.key(key))
        }
      case .keyCode(let code):
        guard let key = key(forKeyCode: code) else { continue }
        flushPrintable()
        events.append(.key(key))
      case .event(let event):
        flushPrintable()
        events.append(event)
      }
    }
    flushPrintable()
    return events
  }

  /// The key for a curses key code, or nil for keys the browser does not use.
  public func key(forKeyCode code: Int32) -> Key? {
    switch code {
    case codes.up: return .up
    case codes.down: return .down
    case codes.left: return .left
    case codes.right: return .right
    case codes.home: return .home
    case codes.end: return .end
    case codes.pageUp: return .pageUp
    case codes.pageDown: return .pageDown
    case codes.enter: return .enter
    case codes.backspace: return .backspace
    case codes.delete: return .delete
    case codes.backTab: return .backTab
    case (codes.f0 + 1)...(codes.f0 + 63): return .function(Int(code - codes.f0))
    default: return nil
    }
  }

  /// The key for a character code: control codes become named or `.control` keys,
  /// printable characters become `.character`. C1 controls and invalid codes give nil.
  public static func key(forCharacter code: UInt32) -> Key? {
    switch code {
    case 8, 127: return .backspace  // Terminals send either for the Backspace key.
    case 9: return .tab
    case 10, 13: return .enter
    case 27: return .escape
    case 0: return .control("@")
    case 1...26: return .control(Character(Unicode.Scalar(UInt8(code) + 0x60)))
    case 28...31: return .control(Character(Unicode.Scalar(UInt8(code) + 0x40)))
    case 0x80...0x9F: return nil
    default:
      guard let scalar = Unicode.Scalar(code) else { return nil }
      return .character(Character(scalar))
    }
  }

  /// The mouse action for a curses button state, or nil for ones the browser ignores
  /// (clicks are read as separate press and release events).
  public func mouseKind(buttonState: UInt) -> MouseEvent.Kind? {
    if buttonState & masks.wheelUp != 0 { return .wheelUp }
    if buttonState & masks.wheelDown != 0 { return .wheelDown }
    if buttonState & masks.leftPressed != 0 { return .press(.left) }
    if buttonState & masks.leftReleased != 0 { return .release(.left) }
    if buttonState & masks.middlePressed != 0 { return .press(.middle) }
    if buttonState & masks.middleReleased != 0 { return .release(.middle) }
    if buttonState & masks.rightPressed != 0 { return .press(.right) }
    if buttonState & masks.rightReleased != 0 { return .release(.right) }
    return nil
  }
}

/// Bracketed paste: what the terminal puts around pasted text once the program asked for
/// it (ESC[?2004h), so that a paste is never taken for keys.
public enum BracketedPaste {
  public static let start: [UInt32] = Array("\u{1b}[200~".unicodeScalars.map(\.value))
  public static let end: [UInt32] = Array("\u{1b}[201~".unicodeScalars.map(\.value))
  /// A paste longer than this (in UTF-8 bytes) keeps its beginning: a query is short,
  /// and memory stays bounded whatever is pasted.
  public static let maximumBytes = 16_384
}

extension KeyDecoder {
  /// Decodes a batch as `events(from:)` does, but text between the bracketed-paste markers
  /// becomes one `.paste`, line breaks and all. A paste may span batches: the part read so
  /// far is kept in `pasted` until the end marker arrives.
  public mutating func decode(_ batch: [RawInput]) -> [InputEvent] {
    var events: [InputEvent] = []
    var keys: [RawInput] = []
    var index = 0
    while index < batch.count {
      if pasted != nil {
        if Self.marker(BracketedPaste.end, in: batch, at: index) {
          events.append(.paste(pasted ?? ""))
          pasted = nil
          index += BracketedPaste.end.count
          continue
        }
        if case .character(let code) = batch[index], let scalar = Unicode.Scalar(code),
          pasted!.utf8.count + UTF8.width(scalar) <= BracketedPaste.maximumBytes
        {
          pasted!.unicodeScalars.append(scalar)
        }
        index += 1
        continue
      }
      if Self.marker(BracketedPaste.start, in: batch, at: index) {
        events += self.events(from: keys)
        keys = []
        pasted = ""
        index += BracketedPaste.start.count
        continue
      }
      keys.append(batch[index])
      index += 1
    }
    return events + self.events(from: keys)
  }

  private static func marker(_ marker: [UInt32], in batch: [RawInput], at index: Int) -> Bool {
    guard index + marker.count <= batch.count else { return false }
    for (offset, code) in marker.enumerated() where batch[index + offset] != .character(code) {
      return false
    }
    return true
  }
}
