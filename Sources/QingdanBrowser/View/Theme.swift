/// The browser's styles in one place. Colours are foregrounds over the terminal's own
/// background; without colour (NO_COLOR, monochrome) attributes carry the meaning.
struct Theme {
  var colors: Bool

  var header: Style { Style(bold: true) }
  var paneTitle: Style { Style(foreground: colors ? .cyan : nil, bold: true) }
  var focusedPaneTitle: Style { Style(bold: true, reverse: true) }
  var rule: Style { Style(dim: true) }
  var cursor: Style { Style(reverse: true) }
  /// The cursor of a pane without focus.
  var inactiveCursor: Style { Style(bold: true, underline: true) }
  var match: Style { Style(foreground: colors ? .yellow : nil, bold: true, underline: !colors) }
  var count: Style { Style(dim: true) }
  var tag: Style { Style(foreground: colors ? .green : nil) }
  var recoveredTag: Style { Style(foreground: colors ? .magenta : nil) }
  var answer: Style { Style(foreground: colors ? .green : nil, bold: true) }
  var section: Style { Style(foreground: colors ? .cyan : nil, bold: true) }
  var department: Style { Style(foreground: colors ? .blue : nil, bold: true) }
  var meta: Style { Style(dim: true) }
  /// A search hit below the confidence floor: listed, but not to be read out as the answer.
  var weakHit: Style { Style(dim: true) }
  var status: Style { Style(reverse: true) }
  var message: Style { Style(foreground: colors ? .green : nil, bold: true) }
}
