import Foundation
import QingdanCore

/// The one implementation of the desk effects, against any `DeskLog`: used alike by the
/// runtime (on its log thread), the tests (with `MemoryDeskLog`) and anything else that
/// drives the reducer. Each call returns the action that brings its outcome to the reducer;
/// nothing here throws, since a log that fails is one line in the status bar.
public enum DeskClient {
  /// Reads what the browser shows from the log: 热点 of the last `DeskState.hotDays` days,
  /// marks, and the search history.
  public static func load(from log: any DeskLog, now: Date) -> Action {
    var snapshot = DeskSnapshot()
    do {
      snapshot.hotItems = try hotItems(from: log, now: now)
      snapshot.marks = try log.marks()
      snapshot.recentQueries = try log.recentQueries(limit: historyLimit)
    } catch {
      snapshot.problem = "\(error)"
    }
    return .deskLoaded(snapshot)
  }

  /// Performs one write; after a record, reads 热点 again so the node shows it.
  public static func perform(_ write: DeskWrite, on log: any DeskLog, now: Date) -> Action {
    do {
      switch write {
      case .record(let entry):
        try log.record(entry)
        return .deskWritten(
          .done(
            write, hotItems: try? hotItems(from: log, now: now), notice: log.takeNotice()))
      case .recordMiss(let miss): try log.recordMiss(miss)
      case .addQuery(let query): try log.addQuery(query)
      case .setMark(let itemID, let marked): try log.setMark(itemID: itemID, marked: marked)
      }
      return .deskWritten(.done(write, hotItems: nil, notice: log.takeNotice()))
    } catch {
      return .deskWritten(.failed(write, "\(error)"))
    }
  }

  private static func hotItems(from log: any DeskLog, now: Date) throws(DeskLogError) -> [HotItem] {
    let since = now.addingTimeInterval(-Double(DeskState.hotDays) * 24 * 3600)
    return try log.hotItems(since: since, limit: DeskState.hotLimit)
  }
}
