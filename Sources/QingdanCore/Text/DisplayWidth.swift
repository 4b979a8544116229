/// Terminal display width: the one place in the project where columns are counted.
///
/// Widths follow Unicode's East Asian Width (W and F take two columns; ambiguous
/// characters, the curly quotes “”‘’ among them, take one, as `wcwidth` says) and
/// glibc's `wcwidth` for zero-width characters, because
/// that is what ncurses and the terminal will actually draw. A grapheme cluster
/// (`Character`) is as wide as its widest scalar, so "e\u{301}" is one column and an
/// emoji ZWJ sequence is two. Control characters are zero columns wide here; the
/// `Screen` replaces them before they can reach a terminal.
public enum DisplayWidth {
  // MARK: Measuring

  /// Columns one grapheme cluster takes in a terminal (0, 1 or 2).
  @inlinable
  public static func of(_ character: Character) -> Int {
    if let ascii = character.asciiValue {
      return ascii >= 0x20 && ascii < 0x7F ? 1 : 0
    }
    return nonASCIIWidth(character)
  }

  /// Columns a whole string takes in a terminal.
  public static func of<S: StringProtocol>(_ text: S) -> Int {
    // Hot path: plain printable ASCII is one column per byte.
    var printableASCII = true
    for byte in text.utf8 where byte < 0x20 || byte >= 0x7F {
      printableASCII = false
      break
    }
    if printableASCII { return text.utf8.count }
    var total = 0
    for character in text {
      total += of(character)
    }
    return total
  }

  /// Columns one Unicode scalar takes on its own (0, 1 or 2).
  public static func of(scalar: Unicode.Scalar) -> Int {
    let value = scalar.value
    if value < 0x7F { return value >= 0x20 ? 1 : 0 }
    // CJK Unified Ideographs: the common case for this project's text.
    if value >= 0x4E00 && value <= 0x9FFF { return 2 }
    let runs = EastAsianWidthTable.runs
    // The last run starting at or before `value` (the first run starts at 0).
    let after = runs.lowerBound { $0 >> 2 <= value }
    return Int(runs[max(0, after - 1)] & 0b11)
  }

  @usableFromInline
  static func nonASCIIWidth(_ character: Character) -> Int {
    let scalars = character.unicodeScalars
    var iterator = scalars.makeIterator()
    guard let first = iterator.next() else { return 0 }
    var widest = of(scalar: first)
    var regionalIndicators = isRegionalIndicator(first) ? 1 : 0
    while let next = iterator.next() {
      widest = max(widest, of(scalar: next))
      if isRegionalIndicator(next) { regionalIndicators += 1 }
    }
    // A pair of regional indicators is a flag, drawn two columns wide.
    if regionalIndicators >= 2 { return 2 }
    return widest
  }

  private static func isRegionalIndicator(_ scalar: Unicode.Scalar) -> Bool {
    (0x1F1E6...0x1F1FF).contains(scalar.value)
  }

  // MARK: Fitting

  /// `text` cut to at most `toWidth` columns, ending in `ellipsis` when anything was cut.
  ///
  /// A wide character that would straddle the edge is dropped, so the result may be
  /// one column narrower than `toWidth`; no padding is added. When even the ellipsis
  /// does not fit, the text is cut without it.
  public static func truncate(_ text: String, toWidth: Int, ellipsis: String = "…") -> String {
    guard toWidth > 0 else { return "" }
    if of(text) <= toWidth { return text }
    let ellipsisWidth = of(ellipsis)
    let keepsEllipsis = ellipsisWidth <= toWidth
    let budget = keepsEllipsis ? toWidth - ellipsisWidth : toWidth
    var result = prefix(of: text, fittingIn: budget)
    if keepsEllipsis { result += ellipsis }
    return result
  }

  /// `text` followed by spaces up to `toWidth` columns; text already that wide is unchanged.
  public static func pad(_ text: String, toWidth: Int) -> String {
    let width = of(text)
    guard width < toWidth else { return text }
    return text + String(repeating: " ", count: toWidth - width)
  }

  /// `text` truncated (with an ellipsis) and padded to exactly `toWidth` columns,
  /// except that a dropped wide character may leave it one column short before padding.
  public static func fit(_ text: String, toWidth: Int, ellipsis: String = "…") -> String {
    pad(truncate(text, toWidth: toWidth, ellipsis: ellipsis), toWidth: toWidth)
  }

  /// The longest leading part of `text` that fits in `width` columns.
  static func prefix(of text: String, fittingIn width: Int) -> String {
    var used = 0
    var end = text.startIndex
    for index in text.indices {
      let columns = of(text[index])
      if used + columns > width { break }
      used += columns
      end = text.index(after: index)
    }
    return String(text[..<end])
  }

  // MARK: Wrapping

  /// `text` broken into lines of at most `width` columns.
  ///
  /// - Chinese text may break between any two characters; a run of ASCII non-space
  ///   characters (a word, number, code such as "2025" or "A-1") stays whole when it fits
  ///   on a line, and is split only when it is wider than a line.
  /// - Simple kinsoku: closing punctuation ("，。；：）…") is kept with the character before
  ///   it and opening punctuation ("（“《") with the character after it, so no line starts
  ///   with a closing mark unless a single unbreakable group is wider than a line.
  /// - Spaces where a line breaks are dropped; trailing spaces are trimmed.
  /// - "\n" starts a new paragraph: its first line gets no hanging indent.
  /// - Continuation lines start with `hangingIndent` spaces. The indent is reduced so
  ///   that a continuation line still has two columns for text (enough for a wide char).
  /// - Every line fits in `width`. A character that can never fit (a wide character when
  ///   `width` is 1) is dropped. `width` < 1 gives no lines.
  public static func wrap(_ text: String, width: Int, hangingIndent: Int = 0) -> [String] {
    guard width >= 1 else { return [] }
    let indent = min(max(hangingIndent, 0), max(width - 2, 0))
    var wrapper = LineWrapper(width: width, indent: indent)
    for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
      wrapper.wrapParagraph(paragraph)
    }
    return wrapper.lines
  }
}

// MARK: - Line wrapping

/// Greedy line filling over unbreakable groups; see `DisplayWidth.wrap`.
private struct LineWrapper {
  let width: Int
  let indent: Int
  var lines: [String] = []

  private var line = ""
  private var lineWidth = 0
  private var pendingSpaces = 0
  /// True while filling the first line of a paragraph (no indent, leading spaces kept).
  private var isFirstLine = true

  init(width: Int, indent: Int) {
    self.width = width
    self.indent = indent
  }

  private var indentString: String { String(repeating: " ", count: indent) }

  /// True when nothing but the indent is on the line yet.
  private var lineIsEmpty: Bool { lineWidth == (isFirstLine ? 0 : indent) }

  mutating func wrapParagraph(_ paragraph: Substring) {
    line = ""
    lineWidth = 0
    pendingSpaces = 0
    isFirstLine = true
    for group in Self.groups(in: paragraph) {
      switch group {
      case .spaces(let count):
        pendingSpaces += count
      case .text(let text, let columns):
        place(text, columns: columns)
      }
    }
    // A continuation line left holding only its indent (its characters could not fit).
    if isFirstLine || !lineIsEmpty { lines.append(line) }
  }

  private mutating func place(_ text: String, columns: Int) {
    let spaces = lineIsEmpty && !isFirstLine ? 0 : pendingSpaces
    pendingSpaces = 0
    if lineWidth + spaces + columns <= width {
      append(String(repeating: " ", count: spaces), columns: spaces)
      append(text, columns: columns)
      return
    }
    if !lineIsEmpty { breakLine() }
    if lineWidth + columns <= width {
      append(text, columns: columns)
      return
    }
    // Wider than a whole line: break it character by character.
    for character in text {
      let characterWidth = DisplayWidth.of(character)
      if lineWidth + characterWidth > width {
        if !lineIsEmpty { breakLine() }
        // Still too wide on an empty line: it can never be drawn here.
        if lineWidth + characterWidth > width { continue }
      }
      append(String(character), columns: characterWidth)
    }
  }

  private mutating func append(_ text: String, columns: Int) {
    line += text
    lineWidth += columns
  }

  private mutating func breakLine() {
    lines.append(line)
    isFirstLine = false
    line = indentString
    lineWidth = indent
  }

  // MARK: Grouping

  enum Group {
    case spaces(Int)
    case text(String, columns: Int)
  }

  /// Splits a paragraph into runs of spaces and unbreakable text groups.
  static func groups(in paragraph: Substring) -> [Group] {
    var groups: [Group] = []
    var current = ""
    var currentWidth = 0
    var previous: Character?

    func flush() {
      if !current.isEmpty { groups.append(.text(current, columns: currentWidth)) }
      current = ""
      currentWidth = 0
    }

    for character in paragraph {
      if character == " " {
        flush()
        if case .spaces(let count)? = groups.last {
          groups[groups.count - 1] = .spaces(count + 1)
        } else {
          groups.append(.spaces(1))
        }
        previous = character
        continue
      }
      if let previous, !current.isEmpty, !canBreak(between: previous, and: character) {
        // Same group: no break allowed here.
      } else {
        flush()
      }
      current.append(character)
      currentWidth += DisplayWidth.of(character)
      previous = character
    }
    flush()
    return groups
  }

  /// Whether a line may break between two adjacent non-space characters.
  static func canBreak(between before: Character, and after: Character) -> Bool {
    if isWordCharacter(before) && isWordCharacter(after) { return false }
    if closingPunctuation.contains(after) { return false }
    if openingPunctuation.contains(before) { return false }
    // Zero-width characters (stray marks, joiners) stay with what precedes them.
    if DisplayWidth.of(after) == 0 { return false }
    return true
  }

  /// ASCII letters, digits and punctuation: runs of these are words or codes.
  static func isWordCharacter(_ character: Character) -> Bool {
    guard let ascii = character.asciiValue else { return false }
    return ascii > 0x20 && ascii < 0x7F
  }

  /// Must not start a line.
  static let closingPunctuation: Set<Character> = [
    "，", "。", "、", "；", "：", "？", "！", "）", "》", "」", "』", "】", "〕", "〉",
    "”", "’", "…", "·", "—", "～", "％", "．", "]", ")", "}", ",", ".", ";", ":",
    "!", "?", "%",
  ]

  /// Must not end a line.
  static let openingPunctuation: Set<Character> = [
    "（", "《", "「", "『", "【", "〔", "〈", "“", "‘", "(", "[", "{",
  ]
}
