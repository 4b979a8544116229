import CNcursesw
import QingdanBrowser

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Why the terminal could not be started.
public enum TerminalError: Error, CustomStringConvertible, Sendable {
  case notATerminal
  case termNotSet
  case unknownTerminal(String)
  /// A terminal that cannot move the cursor (TERM=dumb, an editor's shell buffer).
  case cannotAddressCursor(String)

  public var description: String {
    switch self {
    case .notATerminal:
      "standard input and output must be a terminal (not a pipe or file)"
    case .termNotSet:
      "TERM is not set; set it to your terminal type, e.g. TERM=xterm-256color"
    case .unknownTerminal(let term):
      "unknown terminal type TERM=\(term) (no terminfo entry); try TERM=xterm-256color"
    case .cannotAddressCursor(let term):
      "TERM=\(term) cannot move the cursor, so the browser cannot be drawn; run it in a full "
        + "terminal (e.g. TERM=xterm-256color), or use the commands (qingdan search, qingdan who)"
    }
  }
}

/// The thin ncursesw backend: draws a `Screen`, reads `InputEvent`s, and always gives
/// the terminal back in the state it found it (also on Ctrl-C, kill, hang-up and Ctrl-Z).
///
/// SIGINT, SIGTERM, SIGHUP and SIGQUIT restore the terminal and exit with 128 + the
/// signal's number. Their handlers wake the event loop (through `InputWatcher`), which
/// acts on them in `readAvailableEvents`; a second one while the program is busy restores
/// the terminal from the signal handler and exits at once.
public final class NcursesTerminal {
  /// Problems worth telling the user that did not stop the terminal (e.g. no UTF-8 locale).
  public let warnings: [String]
  /// Whether colours are in use (asked for and supported).
  public let usesColors: Bool

  private var decoder: KeyDecoder
  private var colorPairs: ColorPairs
  private var isStopped = false
  /// The read end of the pipe signal handlers write to, for `InputWatcher`.
  let wakeDescriptor: Int32

  /// Bracketed paste on and off (xterm): pasted text arrives between ESC[200~ and ESC[201~.
  private static let bracketedPasteOn = "\u{1b}[?2004h"
  private static let bracketedPasteOff = "\u{1b}[?2004l"

  private init(warnings: [String], colorPairs: ColorPairs, wakeDescriptor: Int32) {
    self.wakeDescriptor = wakeDescriptor
    self.warnings = warnings
    self.colorPairs = colorPairs
    self.usesColors = colorPairs.isEnabled
    decoder = KeyDecoder(codes: Self.keyCodes, masks: Self.mouseMasks)
  }

  deinit {
    stop()
  }

  // MARK: Starting and stopping

  /// Takes over the terminal. Throws instead of exiting when stdin/stdout are not a
  /// terminal or TERM is unknown.
  public static func start(colors: Bool) throws -> NcursesTerminal {
    guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
      throw TerminalError.notATerminal
    }
    guard let termValue = getenv("TERM"), termValue.pointee != 0 else {
      throw TerminalError.termNotSet
    }
    let term = String(cString: termValue)
    let warnings = chooseUTF8Locale()

    // Before newterm: ncurses installs its own SIGINT/SIGTERM/SIGTSTP handlers only
    // where none is set, and ours exit with the conventional codes.
    let wakeDescriptor = TerminalSignals.install(ttyDescriptor: STDOUT_FILENO)
    guard qd_newterm(term) != nil else {
      TerminalSignals.uninstall()
      throw TerminalError.unknownTerminal(term)
    }
    guard qd_tigetstr("cup") != nil else {
      endwin()
      TerminalSignals.uninstall()
      throw TerminalError.cannotAddressCursor(term)
    }
    TerminalSignals.watchResize()

    setInputModes()
    var colorPairs = ColorPairs(isEnabled: false, hasDefaultColors: false)
    if colors && has_colors() {
      start_color()
      colorPairs = ColorPairs(isEnabled: true, hasDefaultColors: use_default_colors() == QD_OK)
      colorPairs.prepareForegroundPairs()
    }

    TerminalSignals.setEmergencyResetSequence(emergencyResetSequence())
    // A program that calls exit() without stop() still gets its terminal back.
    atexit {
      if !isendwin() {
        endwin()
        NcursesTerminal.writeToTerminal(Array(NcursesTerminal.bracketedPasteOff.utf8))
      }
    }
    writeToTerminal(Array(bracketedPasteOn.utf8))
    return NcursesTerminal(
      warnings: warnings, colorPairs: colorPairs, wakeDescriptor: wakeDescriptor)
  }

  private static func setInputModes() {
    cbreak()  // Keys arrive at once; Ctrl-C, Ctrl-\ and Ctrl-Z still send signals.
    noecho()
    nonl()  // Enter arrives as CR and output newlines are not translated.
    keypad(qd_stdscr(), true)
    set_escdelay(25)  // ESC alone is reported after 25 ms, not the default second.
    _ = curs_set(0)
    mouseinterval(0)  // Report presses and releases immediately, not synthesised clicks.
    let buttons =
      qd_button1_pressed() | qd_button1_released() | qd_button2_pressed()
      | qd_button2_released() | qd_button3_pressed() | qd_button3_released()
      | qd_button4_pressed() | qd_button5_pressed()
    mousemask(buttons, nil)
  }

  /// Gives the terminal back: leaves curses mode and removes the signal handlers.
  /// Safe to call more than once.
  public func stop() {
    guard !isStopped else { return }
    isStopped = true
    endwin()
    Self.writeToTerminal(Array(Self.bracketedPasteOff.utf8))
    TerminalSignals.uninstall()
  }

  /// Sets the locale from the environment; if that is not UTF-8, tries C.UTF-8 so
  /// Chinese still renders. Returns warnings for the user.
  private static func chooseUTF8Locale() -> [String] {
    setlocale(LC_ALL, "")
    if isUTF8Codeset() { return [] }
    let original = String(cString: qd_codeset())
    if setlocale(LC_ALL, "C.UTF-8") != nil, isUTF8Codeset() {
      return ["locale character set \(original) is not UTF-8; using C.UTF-8"]
    }
    return ["no UTF-8 locale available (character set \(original)); Chinese text may not display"]
  }

  private static func isUTF8Codeset() -> Bool {
    let codeset = String(cString: qd_codeset()).uppercased()
    return codeset == "UTF-8" || codeset == "UTF8"
  }

  /// Bytes that undo what curses set up, for the signal handler's emergency restore.
  private static func emergencyResetSequence() -> [UInt8] {
    var bytes: [UInt8] = []
    for capability in ["sgr0", "cnorm", "rmkx", "rmcup"] {
      if let value = qd_tigetstr(capability) {
        bytes += Array(String(cString: value).utf8)
      }
    }
    bytes += Array("\u{1b}[?1000l\u{1b}[?1002l\u{1b}[?1006l\(bracketedPasteOff)\r\n".utf8)
    return bytes
  }

  // MARK: Size and drawing

  /// The terminal's size in columns and rows.
  public var size: (width: Int, height: Int) {
    var rows: Int32 = 0
    var columns: Int32 = 0
    qd_getmaxyx(qd_stdscr(), &rows, &columns)
    return (Int(columns), Int(rows))
  }

  /// Shows `screen`. Cells outside the terminal are clipped; terminal cells outside the
  /// screen are cleared. ncurses sends only what changed.
  public func draw(_ screen: Screen) {
    guard !isStopped else { return }
    let (width, height) = size
    if screen.width != width || screen.height != height {
      werase(qd_stdscr())
    }
    var cell = cchar_t()
    var characters = [wchar_t](repeating: 0, count: Int(QD_CCHARW_MAX) + 1)
    for row in 0..<min(height, screen.height) {
      let cells = screen.row(row)
      let visibleColumns = min(width, screen.width)
      for column in 0..<visibleColumns {
        let current = cells[cells.startIndex + column]
        if current.isContinuation { continue }
        let isWide =
          column + 1 < screen.width && cells[cells.startIndex + column + 1].isContinuation
        let (attributes, pair) = colorPairs.attributes(for: current.style)
        let needsPadding = Self.fillCharacters(
          &characters, from: current.grapheme, columns: isWide ? 2 : 1,
          available: visibleColumns - column)
        var characterColumn = column
        if needsPadding {
          // A two-column cell whose character the terminal draws one column wide. An
          // opening quote hugs the text after it, like a full-width “ in a CJK font.
          let isOpeningQuote = characters[0] == 0x201C || characters[0] == 0x2018
          let paddingColumn = isOpeningQuote ? column : column + 1
          characterColumn = isOpeningQuote ? column + 1 : column
          var space: [wchar_t] = [0x20, 0]
          qd_setcchar(&cell, &space, attributes, pair)
          qd_mvadd_wch(Int32(row), Int32(paddingColumn), &cell)
        }
        qd_setcchar(&cell, characters, attributes, pair)
        qd_mvadd_wch(Int32(row), Int32(characterColumn), &cell)
      }
    }
    wnoutrefresh(qd_stdscr())
    doupdate()
  }

  /// Writes `grapheme` as a NUL-terminated wide string (its base character and the
  /// zero-width characters after it that fit in a cchar_t). When the C library's width
  /// disagrees with the layout's, writes U+FFFD (or "?") instead, so that one cell's
  /// disagreement cannot shift the rest of the row.
  ///
  /// - Returns: whether the character fills only one of the cell's two columns, so the
  ///   caller must draw a space in the other.
  private static func fillCharacters(
    _ characters: inout [wchar_t], from grapheme: String, columns: Int, available: Int
  ) -> Bool {
    var count = 0
    for scalar in grapheme.unicodeScalars {
      let value = wchar_t(bitPattern: scalar.value)
      // Only combining marks join the base character; a joiner (emoji ZWJ sequence)
      // ends it, so the terminal draws the first emoji rather than joining across cells.
      if count > 0 && (qd_wcwidth(value) != 0 || value == 0x200D) { break }
      characters[count] = value
      count += 1
      if count == characters.count - 1 { break }
    }
    characters[count] = 0
    if columns > available {
      // A wide cell cut by a terminal narrower than the screen.
      characters[0] = 0x20
      characters[1] = 0
      return false
    }
    let libraryWidth = count == 0 ? -1 : Int(qd_wcwidth(characters[0]))
    if libraryWidth == columns { return false }
    if libraryWidth != 1 {
      characters[0] = qd_wcwidth(0xFFFD) == 1 ? 0xFFFD : 0x3F
      characters[1] = 0
    }
    return columns == 2
  }

  // MARK: Input

  /// Everything the terminal has for the program now, without waiting: signals that
  /// arrived are acted on first (see `handlePendingSignals`), then the keys, mouse and
  /// resize events read. Called by the event loop when `InputWatcher` says there is input
  /// or a signal; it is the only place that reads the terminal.
  ///
  /// Several printable characters that arrived together (an IME commit) come as one
  /// `.text`; a bracketed paste comes as one `.paste`, however many reads it spans.
  public func readAvailableEvents() -> [InputEvent] {
    guard !isStopped else { return [] }
    var events: [InputEvent] = []
    if let event = handlePendingSignals() { events.append(event) }
    wtimeout(qd_stdscr(), 0)
    var batch: [RawInput] = []
    // Bounded: what is left is read on the next wake-up, so drawing is never held off long.
    while batch.count < 65_536, let next = readRaw() {
      batch.append(next)
    }
    events += decoder.decode(batch)
    return events
  }

  /// One `get_wch` result, with mouse and resize already turned into events.
  private func readRaw() -> RawInput? {
    var character: wint_t = 0
    switch qd_get_wch(&character) {
    case QD_OK:
      return .character(UInt32(character))
    case QD_KEY_CODE_YES:
      switch Int32(character) {
      case QD_KEY_RESIZE:
        let (width, height) = size
        return .event(.resize(width: width, height: height))
      case QD_KEY_MOUSE:
        return readMouse()
      default:
        return .keyCode(Int32(character))
      }
    default:
      return nil
    }
  }

  private func readMouse() -> RawInput {
    var row: Int32 = 0
    var column: Int32 = 0
    var buttonState: mmask_t = 0
    guard qd_getmouse(&row, &column, &buttonState) == QD_OK,
      let kind = decoder.mouseKind(buttonState: UInt(buttonState))
    else {
      return .keyCode(-1)  // Decodes to nothing.
    }
    return .event(.mouse(MouseEvent(row: Int(row), column: Int(column), kind: kind)))
  }

  /// Restores the terminal and ends the process as `signal` would (exit status 128 + its
  /// number): for stop signals, and for a tty that hung up.
  public func exitAfterSignal(_ signal: Int32) -> Never {
    stop()
    exit(128 + signal)
  }

  /// Acts on signals that arrived: exits on SIGINT, SIGTERM, SIGHUP and SIGQUIT; on
  /// Ctrl-Z suspends and, once continued, returns the `.resize` that makes the program
  /// redraw.
  private func handlePendingSignals() -> InputEvent? {
    if let signal = TerminalSignals.takeTermination() { exitAfterSignal(signal) }
    guard TerminalSignals.takeSuspend() else { return nil }
    endwin()
    Self.writeToTerminal(Array(Self.bracketedPasteOff.utf8))
    TerminalSignals.suspendProcess()
    Self.writeToTerminal(Array(Self.bracketedPasteOn.utf8))
    // Continued. The size may have changed while stopped, when curses was not listening.
    var rows: Int32 = 0
    var columns: Int32 = 0
    if qd_tty_size(STDOUT_FILENO, &rows, &columns) == 0, rows != qd_lines() || columns != qd_cols()
    {
      resizeterm(rows, columns)
    }
    qd_clear_on_next_refresh()
    wrefresh(qd_stdscr())
    let (width, height) = size
    return .resize(width: width, height: height)
  }

  // MARK: Clipboard

  /// Copies `text` to the system clipboard with OSC 52, written straight to the tty.
  /// Inside tmux it is sent twice: plain (taken by tmux when `set-clipboard on`) and in
  /// tmux's passthrough wrapper (forwarded to the outer terminal when `allow-passthrough on`).
  public func writeOSC52(_ text: String) {
    var bytes = OSC52.sequence(for: text)
    if let tmux = getenv("TMUX"), tmux.pointee != 0 {
      bytes += OSC52.tmuxPassthrough(for: text)
    }
    Self.writeToTerminal(bytes)
  }

  /// Writes bytes straight to the tty, past curses.
  private static func writeToTerminal(_ bytes: [UInt8]) {
    var offset = 0
    while offset < bytes.count {
      let written = bytes[offset...].withUnsafeBytes {
        write(STDOUT_FILENO, $0.baseAddress, $0.count)
      }
      if written < 0 && errno == EINTR { continue }
      if written <= 0 { return }
      offset += written
    }
  }

  // MARK: Codes from the curses header

  private static let keyCodes = KeyCodes(
    up: QD_KEY_UP, down: QD_KEY_DOWN, left: QD_KEY_LEFT, right: QD_KEY_RIGHT,
    home: QD_KEY_HOME, end: QD_KEY_END, pageUp: QD_KEY_PPAGE, pageDown: QD_KEY_NPAGE,
    enter: QD_KEY_ENTER, backspace: QD_KEY_BACKSPACE, delete: QD_KEY_DC,
    backTab: QD_KEY_BTAB, f0: QD_KEY_F0
  )

  private static let mouseMasks = MouseMasks(
    leftPressed: UInt(qd_button1_pressed()), leftReleased: UInt(qd_button1_released()),
    middlePressed: UInt(qd_button2_pressed()), middleReleased: UInt(qd_button2_released()),
    rightPressed: UInt(qd_button3_pressed()), rightReleased: UInt(qd_button3_released()),
    wheelUp: UInt(qd_button4_pressed()), wheelDown: UInt(qd_button5_pressed())
  )
}
