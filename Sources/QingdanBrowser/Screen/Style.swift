/// How a cell is drawn: colours and attributes. `nil` colours mean the terminal's own
/// default, so the browser looks right on light and dark themes alike.
public struct Style: Hashable, Sendable {
  /// The eight basic terminal colours; every colour terminal has these.
  public enum Color: Int, Hashable, Sendable, CaseIterable {
    case black, red, green, yellow, blue, magenta, cyan, white
  }

  public var foreground: Color?
  public var background: Color?
  public var bold: Bool
  public var reverse: Bool
  public var underline: Bool
  public var dim: Bool

  public init(
    foreground: Color? = nil,
    background: Color? = nil,
    bold: Bool = false,
    reverse: Bool = false,
    underline: Bool = false,
    dim: Bool = false
  ) {
    self.foreground = foreground
    self.background = background
    self.bold = bold
    self.reverse = reverse
    self.underline = underline
    self.dim = dim
  }

  /// Terminal defaults, no attributes.
  public static let plain = Style()

  public var isPlain: Bool { self == .plain }
}
