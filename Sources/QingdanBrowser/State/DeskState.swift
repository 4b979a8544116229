import Foundation
import QingdanCore

/// The operator's desk in the browser: what the enquiry log gave at start (热点, marks,
/// history go to `BrowserState.history`), the search being judged by the miss rule, and the
/// note prompt `r` opens. The reducer never calls the log: it reads what arrives as
/// `.deskLoaded`, and asks for writes as `.desk` effects, which the runtime performs.
public struct DeskState: Sendable, Equatable {
  /// The items asked about most in the last `hotDays` days, most first (the 热点 node).
  public var hotItems: [HotItem] = []
  /// Marked item ids (常用事项), most recently marked first (the 常用 node).
  public var marks: [String] = []
  /// The search in progress, for the miss rule.
  public var tracker = SearchTracker()
  /// The one-line note prompt of `r`, while it is open.
  public var notePrompt: NotePrompt?

  /// How far back 热点 looks, and how many items it lists.
  public static let hotDays = 7
  public static let hotLimit = 30

  public init() {}
}

/// `r`: the entry being recorded, waiting for its optional note (Enter saves, Esc cancels).
public struct NotePrompt: Sendable, Equatable {
  /// The entry as it was when `r` was pressed (time, filter, query, item, answer).
  public var entry: DeskEntry
  public var text = ""

  public init(entry: DeskEntry) {
    self.entry = entry
  }
}

/// What the log holds for the browser, read once at start (and 热点 again after a record).
public struct DeskSnapshot: Sendable, Equatable {
  public var hotItems: [HotItem]
  public var marks: [String]
  /// Past queries, newest first, as `DeskLog.recentQueries` gives them.
  public var recentQueries: [String]
  /// Why the log could not be read or opened, one line for the status bar.
  public var problem: String?

  public init(
    hotItems: [HotItem] = [], marks: [String] = [], recentQueries: [String] = [],
    problem: String? = nil
  ) {
    self.hotItems = hotItems
    self.marks = marks
    self.recentQueries = recentQueries
    self.problem = problem
  }
}

/// A write the reducer asks of the enquiry log (`Effect.desk`).
public enum DeskWrite: Sendable, Equatable {
  case record(DeskEntry)
  case recordMiss(MissedSearch)
  case addQuery(String)
  case setMark(itemID: String, marked: Bool)
}

/// How a write went, brought back to the reducer (`Action.deskWritten`).
public enum DeskWriteOutcome: Sendable, Equatable {
  /// Done; after a record, the 热点 list as it now is; what the log got over on the way
  /// (`DeskLog.takeNotice`).
  case done(DeskWrite, hotItems: [HotItem]?, notice: String? = nil)
  /// The log's one line (`DeskLogError.unavailable`).
  case failed(DeskWrite, String)
}
