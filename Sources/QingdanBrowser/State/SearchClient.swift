import Foundation
import QingdanCore

/// The loaded catalogues and their search engine, held by reference: states that share it
/// compare equal by identity, so whole states can be compared without comparing catalogues.
/// It is also the one implementation of the `.search` effect, used alike by the runtime (on
/// its search thread), the tests and the benchmarks.
public final class SearchClient: Sendable, Equatable {
  /// The catalogues, indexed for browsing: there from the start. On a cold start their
  /// duty texts may be `.pending` until the engine is built over them all (its catalogue
  /// index is then this one, items in the same positions).
  public var catalogue: CatalogueIndex {
    if let engine = built.current { return engine.catalogue }
    // Let go once the engine is given (then waiting returns at once).
    return browsing.withLock { $0 } ?? built.wait().catalogue
  }
  /// A cold start's catalogue index until the engine (with whole items) replaces it.
  private let browsing: Locked<CatalogueIndex?>
  /// The search engine; nil while a cold start is still building it (`engineIsReady`).
  public var engine: SearchEngine? { built.current }
  private let built: Eventual<SearchEngine>
  /// The phones shown with answers (`ContactDirectory.empty` without a contacts file).
  public let contacts: ContactDirectory
  /// The department tree's places and their departments, worked out when the department
  /// tree is first shown (a province's thousands of department names are not split at
  /// start).
  public var departmentGroups: DepartmentGroups {
    groups.once {
      DepartmentGroups(
        departments: catalogue.departments, regions: catalogue.catalogues.map(\.region))
    }
  }
  private let groups = Locked<DepartmentGroups?>(nil)
  /// The clock a call note is stamped with; tests give a fixed one.
  public let now: @Sendable () -> Date
  /// How many hits a search in the browser keeps.
  public static let hitLimit = 200
  /// Hits whose match reasons (the tags on hit lines) are worked out: more than a screen.
  public static let explainedHits = 60

  /// A client whose engine is ready (a warm start, the tests).
  public init(
    engine: SearchEngine, contacts: ContactDirectory = .empty,
    now: @escaping @Sendable () -> Date = { Date() }
  ) {
    self.browsing = Locked(nil)
    self.built = Eventual(engine)
    self.contacts = contacts
    self.now = now
  }

  /// A client whose engine is still being built (a cold start): browsing works at once,
  /// searches wait in `respond` until `engineIsReady` gives the engine.
  public init(
    catalogue: CatalogueIndex, contacts: ContactDirectory = .empty,
    now: @escaping @Sendable () -> Date = { Date() }
  ) {
    self.browsing = Locked(catalogue)
    self.built = Eventual()
    self.contacts = contacts
    self.now = now
  }

  /// The engine built for `catalogue`: searches waiting in `respond` go on. Called once,
  /// by the thread that built it; the reducer hears of it as `.searchIndexReady`.
  public func engineIsReady(_ engine: SearchEngine) {
    built.fulfil(engine)
    // The first index is not needed again: a cold start's may hold every item twice over.
    browsing.withLock { $0 = nil }
  }

  /// Runs a search and returns the action that brings its results to the reducer.
  /// The browser highlights what it shows itself, so no hit is highlighted here; and it
  /// checks the confidence floor only for the hits it shows (`BrowserState.isWeakHit`).
  /// Called on the search thread: while the engine is still being built it waits for it, so
  /// a query typed early is answered as soon as the index is ready.
  public func respond(query: String, scope: SearchScope, generation: Int) -> Action {
    let found = built.wait().searchAndHighlighter(
      query, scope: scope, limit: Self.hitLimit, highlighted: 0, explained: Self.explainedHits)
    return .searchResults(generation: generation, hits: found.hits, highlighter: found.highlighter)
  }

  /// Gives back what searching holds between searches (`SearchEngine.releaseIdleMemory`);
  /// called by the search thread once searching has paused.
  public func releaseIdleMemory() { engine?.releaseIdleMemory() }

  /// Matches an item with every other loaded township and returns the action that brings
  /// the comparison to the reducer; the one implementation of the `.compare` effect.
  /// Called off the input loop: on a cold start it waits for the engine, whose catalogue
  /// index has every duty text (counterparts are matched by them).
  public func compare(itemID: String) -> Action? {
    let catalogue = built.wait().catalogue
    guard let item = catalogue.item(id: itemID) else { return nil }
    return .comparisonResult(Counterparts(of: item, among: catalogue.catalogues))
  }

  public static func == (left: SearchClient, right: SearchClient) -> Bool { left === right }
}
