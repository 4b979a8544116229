import QingdanCore

/// The loaded catalogues and their search engine, held by reference: states that share it
/// compare equal by identity, so whole states can be compared without comparing catalogues.
/// It is also the one implementation of the `.search` effect, used alike by the runtime (on
/// its search thread), the tests and the benchmarks.
public final class SearchClient: Sendable, Equatable {
  public let engine: SearchEngine
  /// How many hits a search in the browser keeps.
  public static let hitLimit = 200

  public init(engine: SearchEngine) {
    self.engine = engine
  }

  public var catalogue: CatalogueIndex { engine.catalogue }

  /// Runs a search and returns the action that brings its results to the reducer.
  /// The browser highlights what it shows itself, so no hit is highlighted here.
  public func respond(query: String, scope: SearchScope, generation: Int) -> Action {
    let found = engine.searchAndHighlighter(
      query, scope: scope, limit: Self.hitLimit, highlighted: 0)
    return .searchResults(generation: generation, hits: found.hits, highlighter: found.highlighter)
  }

  public static func == (left: SearchClient, right: SearchClient) -> Bool { left === right }
}
