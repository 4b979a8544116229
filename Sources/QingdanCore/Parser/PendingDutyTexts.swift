/// The duty texts of one parsed catalogue, left unread: a browser's cold start draws its
/// first frame from names and handlers, and reading duty texts is half of parsing.
/// Holds the file's rows (slices of its text) and its builder's department answers until
/// `read` is called.
///
/// Used by one thread at a time: `read` is called once, after the parse that made it.
final class PendingDutyTexts: @unchecked Sendable, Equatable {
  private var builder: ItemBuilder
  private let items: [Item]

  /// `items`: what `builder.buildItems()` returned, deferring duty texts.
  init(_ builder: ItemBuilder, items: [Item]) {
    self.builder = builder
    self.items = items
  }

  /// The catalogue's items with their duty texts read, in order: the items a parse that
  /// did not defer them gives.
  func read() -> [Item] {
    builder.readDutyTexts(of: items)
  }

  static func == (left: PendingDutyTexts, right: PendingDutyTexts) -> Bool { left === right }
}
