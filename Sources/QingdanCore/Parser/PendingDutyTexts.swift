/// The duty texts of one parsed catalogue, left unread: a browser's cold start draws its
/// first frame from names and handlers, and reading duty texts is half of parsing.
/// Holds the file's rows (slices of its text) and its builder's department answers until
/// `read` is called.
final class PendingDutyTexts: Sendable, Equatable {
  /// The builder and its items until read; then the items read (a second caller gets them).
  private let state: Locked<State>

  private enum State {
    case unread(ItemBuilder, [Item])
    case read([Item])
  }

  /// `items`: what `builder.buildItems()` returned, deferring duty texts.
  init(_ builder: ItemBuilder, items: [Item]) {
    state = Locked(.unread(builder, items))
  }

  /// The catalogue's items with their duty texts read, in order: the items a parse that
  /// did not defer them gives. Read once; the rows and the builder are let go then.
  func read() -> [Item] {
    state.withLock { state in
      switch state {
      case .read(let items):
        return items
      case .unread(var builder, let items):
        let read = builder.readDutyTexts(of: items)
        state = .read(read)
        return read
      }
    }
  }

  static func == (left: PendingDutyTexts, right: PendingDutyTexts) -> Bool { left === right }
}
