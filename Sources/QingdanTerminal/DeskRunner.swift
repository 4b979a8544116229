import Foundation
import QingdanBrowser
import QingdanCore

/// Runs the reducer's `.desk` writes and the start-up read off the event loop, one at a
/// time in order, so a busy or locked database never holds up typing; each outcome is
/// posted to the loop as an action (`DeskClient`). A log that fails says so in the status
/// line and the browser goes on.
final class DeskRunner: Sendable {
  private let log: any DeskLog
  private let queue = DispatchQueue(label: "qingdan.desk")
  private let deliver: @Sendable (Action) -> Void

  init(log: any DeskLog, deliver: @escaping @Sendable (Action) -> Void) {
    self.log = log
    self.deliver = deliver
  }

  /// Reads 热点, marks and history; they arrive as `.deskLoaded`.
  func load() {
    queue.async { [log, deliver] in deliver(DeskClient.load(from: log, now: Date())) }
  }

  func submit(_ write: DeskWrite) {
    queue.async { [log, deliver] in
      deliver(DeskClient.perform(write, on: log, now: Date()))
    }
  }

  /// Waits for the writes already asked for (on quitting).
  func finish() {
    queue.sync {}
  }
}
