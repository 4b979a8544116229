import QingdanCore

/// One terminal cell: a grapheme cluster and its style.
///
/// A wide (two-column) character lives in its cell; the cell to its right is a
/// continuation cell with an empty grapheme, so the grid stays one cell per column.
public struct Cell: Hashable, Sendable {
  public var grapheme: String
  public var style: Style
  public var isContinuation: Bool

  public init(grapheme: String = " ", style: Style = .plain, isContinuation: Bool = false) {
    self.grapheme = grapheme
    self.style = style
    self.isContinuation = isContinuation
  }

  public static let blank = Cell()
}

/// What the view draws, built without a terminal: a grid of cells that the backend
/// copies to the screen and that tests compare as text.
///
/// All widths come from `DisplayWidth`. Text written with `put` is sanitised:
/// control characters (C0 including ESC, TAB, CR and LF; DEL; C1; and the line and
/// paragraph separators U+2028/U+2029) are each replaced by U+FFFD "�", so escape
/// sequences can never reach the terminal and their presence stays visible.
/// Zero-width characters that do not follow a base character (a stray combining mark,
/// a bidi override) are dropped.
public struct Screen: Hashable, Sendable {
  public let width: Int
  public let height: Int
  /// Row-major: the cell at (row, column) is `cells[row * width + column]`.
  public private(set) var cells: [Cell]

  /// Shown in place of control characters.
  public static let replacementCharacter: Character = "\u{FFFD}"

  public init(width: Int, height: Int) {
    self.width = max(width, 0)
    self.height = max(height, 0)
    cells = Array(repeating: .blank, count: self.width * self.height)
  }

  public subscript(row: Int, column: Int) -> Cell {
    cells[row * width + column]
  }

  /// The cells of one row, left to right.
  public func row(_ row: Int) -> ArraySlice<Cell> {
    cells[(row * width)..<(row * width + width)]
  }

  // MARK: Writing

  /// Writes `text` from (`row`, `column`), clipped at `maxWidth` columns and the screen
  /// edge. A wide character that would straddle that edge is replaced by one space.
  /// Overwriting either half of a wide character turns its other half into a space.
  ///
  /// - Returns: the number of columns the cursor advanced from `column`.
  @discardableResult
  public mutating func put(
    _ text: String, row: Int, column: Int, style: Style = .init(), maxWidth: Int? = nil
  ) -> Int {
    guard row >= 0, row < height else { return 0 }
    let limit = min(width, maxWidth.map { column + max($0, 0) } ?? width)
    var x = column
    for character in text {
      guard x < limit else { break }
      if Self.isControl(character) {
        // CR LF is a single Character: one replacement per scalar keeps the count honest.
        for _ in character.unicodeScalars where x < limit {
          if x >= 0 {
            write(String(Self.replacementCharacter), row: row, column: x, columns: 1, style: style)
          }
          x += 1
        }
        continue
      }
      let columns = DisplayWidth.of(character)
      if columns == 0 { continue }
      if x + columns > limit {
        // Half a wide character cannot be drawn: blank the remaining column instead.
        if x >= 0 { write(" ", row: row, column: x, columns: 1, style: style) }
        x += 1
        break
      }
      if x < 0 {
        // Clipped on the left; a wide character straddling column 0 leaves a space.
        if x + columns > 0 { write(" ", row: row, column: 0, columns: 1, style: style) }
        x += columns
        continue
      }
      write(String(character), row: row, column: x, columns: columns, style: style)
      x += columns
    }
    return x - column
  }

  /// Fills a rectangle with spaces in `style`, clipped to the screen.
  public mutating func fill(row: Int, column: Int, width: Int, height: Int, style: Style = .init())
  {
    let columns = max(column, 0)..<min(column + width, self.width)
    let rows = max(row, 0)..<min(row + height, self.height)
    guard !columns.isEmpty else { return }
    for y in rows {
      for x in columns {
        write(" ", row: y, column: x, columns: 1, style: style)
      }
    }
  }

  /// Draws a light box (┌─┐│└┘) around a rectangle, leaving its inside untouched, with
  /// an optional title in the top border. Boxes smaller than 2×2 are not drawn.
  public mutating func box(
    row: Int, column: Int, width: Int, height: Int,
    style: Style = .init(), title: String? = nil, titleStyle: Style? = nil
  ) {
    guard width >= 2, height >= 2 else { return }
    let bar = String(repeating: "─", count: width - 2)
    put("┌" + bar + "┐", row: row, column: column, style: style)
    for y in (row + 1)..<(row + height - 1) {
      put("│", row: y, column: column, style: style)
      put("│", row: y, column: column + width - 1, style: style)
    }
    put("└" + bar + "┘", row: row + height - 1, column: column, style: style)
    if let title, !title.isEmpty, width >= 5 {
      let shown = DisplayWidth.truncate(title, toWidth: width - 4)
      put(
        " " + shown + " ", row: row, column: column + 1, style: titleStyle ?? style,
        maxWidth: width - 2)
    }
  }

  // MARK: Snapshots

  /// The characters on screen: rows joined by "\n", trailing spaces trimmed,
  /// continuation cells skipped. For golden tests.
  public func text() -> String {
    (0..<height).map { y in
      var line = ""
      for cell in row(y) where !cell.isContinuation {
        line += cell.grapheme
      }
      return Self.trimmingTrailingSpaces(line)
    }.joined(separator: "\n")
  }

  /// The styles on screen as text parallel to `text()`: one character per cell
  /// (continuation cells repeat their wide character's letter, so columns line up),
  /// trailing spaces trimmed. `legend` picks the letter; see `styleLetter`.
  public func styleMap(_ legend: (Style) -> Character = Screen.styleLetter) -> String {
    (0..<height).map { y in
      Self.trimmingTrailingSpaces(String(row(y).map { legend($0.style) }))
    }.joined(separator: "\n")
  }

  /// Default legend for `styleMap`, most significant attribute first:
  /// ' ' plain, 'r' reverse, 'h' highlight (a background colour), 'b' bold,
  /// 'u' underline, 'c' foreground colour only, 'd' dim.
  public static func styleLetter(_ style: Style) -> Character {
    if style.reverse { return "r" }
    if style.background != nil { return "h" }
    if style.bold { return "b" }
    if style.underline { return "u" }
    if style.foreground != nil { return "c" }
    if style.dim { return "d" }
    return " "
  }

  // MARK: Private

  /// Puts a grapheme of `columns` (1 or 2) width at (row, column), which must fit.
  private mutating func write(_ grapheme: String, row: Int, column: Int, columns: Int, style: Style)
  {
    breakWideCharacter(row: row, column: column)
    if columns == 2 { breakWideCharacter(row: row, column: column + 1) }
    let index = row * width + column
    cells[index] = Cell(grapheme: grapheme, style: style)
    if columns == 2 {
      cells[index + 1] = Cell(grapheme: "", style: style, isContinuation: true)
    }
  }

  /// If (row, column) is half of a wide character, turns the other half into a space,
  /// since the terminal cannot show half a character.
  private mutating func breakWideCharacter(row: Int, column: Int) {
    let index = row * width + column
    if cells[index].isContinuation {
      cells[index - 1] = Cell(grapheme: " ", style: cells[index - 1].style)
      cells[index] = Cell(grapheme: " ", style: cells[index].style)
    } else if column + 1 < width, cells[index + 1].isContinuation {
      cells[index + 1] = Cell(grapheme: " ", style: cells[index + 1].style)
    }
  }

  static func isControl(_ character: Character) -> Bool {
    guard let value = character.unicodeScalars.first?.value else { return false }
    return value < 0x20 || (0x7F...0x9F).contains(value) || value == 0x2028 || value == 0x2029
  }

  private static func trimmingTrailingSpaces(_ line: String) -> String {
    var line = line
    while line.last == " " { line.removeLast() }
    return line
  }
}
