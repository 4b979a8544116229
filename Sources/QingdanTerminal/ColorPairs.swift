import CNcursesw
import QingdanBrowser

/// Maps a `Style` to curses attributes and a colour pair, creating pairs on first use
/// (terminals such as TERM=screen have only 64 pairs, too few for every combination).
struct ColorPairs {
  let isEnabled: Bool
  /// Whether colour -1 means the terminal's own default (`use_default_colors`).
  let hasDefaultColors: Bool

  private struct Key: Hashable {
    let foreground: Int16
    let background: Int16
  }

  private var pairs: [Key: Int16] = [:]
  private var nextPair: Int16 = 1

  init(isEnabled: Bool, hasDefaultColors: Bool) {
    self.isEnabled = isEnabled
    self.hasDefaultColors = hasDefaultColors
  }

  /// Pairs 1–8: the eight colours over the default background, the common case.
  mutating func prepareForegroundPairs() {
    for color in Style.Color.allCases {
      _ = pair(foreground: color, background: nil)
    }
  }

  /// Attributes and pair for `style`. Without colours a background colour (a
  /// highlight) is shown as reverse video so it stays visible.
  mutating func attributes(for style: Style) -> (attributes: attr_t, pair: Int16) {
    var attributes = qd_a_normal()
    if style.bold { attributes |= qd_a_bold() }
    if style.reverse { attributes |= qd_a_reverse() }
    if style.underline { attributes |= qd_a_underline() }
    if style.dim { attributes |= qd_a_dim() }
    guard isEnabled else {
      if style.background != nil { attributes |= qd_a_reverse() }
      return (attributes, 0)
    }
    return (attributes, pair(foreground: style.foreground, background: style.background))
  }

  private mutating func pair(foreground: Style.Color?, background: Style.Color?) -> Int16 {
    guard foreground != nil || background != nil else { return 0 }
    let key = Key(
      foreground: foreground.map { Int16($0.rawValue) } ?? (hasDefaultColors ? -1 : 7),
      background: background.map { Int16($0.rawValue) } ?? (hasDefaultColors ? -1 : 0))
    if let existing = pairs[key] { return existing }
    let limit = min(Int(qd_color_pairs()), Int(Int16.max))
    guard Int(nextPair) < limit, init_pair(nextPair, key.foreground, key.background) == QD_OK else {
      return 0  // Out of pairs: default colours rather than wrong ones.
    }
    pairs[key] = nextPair
    nextPair += 1
    return pairs[key]!
  }
}
