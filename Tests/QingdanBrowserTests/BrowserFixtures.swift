import Foundation
import QingdanCore

@testable import QingdanBrowser

/// The bundled catalogues and search tables, loaded once per test process.
enum Fixtures {
  static let engine: SearchEngine = {
    do {
      let loaded = try CatalogueLoader.load(paths: try CatalogueLoader.dataPaths(explicit: []))
      return SearchEngine(
        catalogue: CatalogueIndex(catalogues: loaded.catalogues), resources: try .loadDefault())
    } catch {
      fatalError("cannot load the bundled catalogues: \(error)")
    }
  }()

  /// One client for every state, so states built alike compare equal.
  static let client = SearchClient(engine: engine)

  static func state(width: Int = 80, height: Int = 24, colors: Bool = true) -> BrowserState {
    BrowserState(client: client, width: width, height: height, colors: colors)
  }

  /// Applies actions in order, performing search effects as the runtime would.
  @discardableResult
  static func send(_ state: inout BrowserState, _ actions: Action...) -> [Effect] {
    var all: [Effect] = []
    for action in actions {
      for effect in reduce(&state, action) {
        all.append(effect)
        if case .search(let query, let scope, let generation) = effect {
          _ = reduce(
            &state, state.client.respond(query: query, scope: scope, generation: generation))
        }
      }
    }
    return all
  }

  static func type(_ state: inout BrowserState, _ text: String) {
    for character in text { send(&state, .insertText(String(character))) }
  }
}

/// Golden files of rendered screens: text, then the style map. `QINGDAN_RECORD=1` rewrites
/// them; a missing golden file is written and the test fails, so CI never passes on one.
enum Golden {
  static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Snapshots")

  /// Matched characters ("m") are what these goldens are about; the rest as usual.
  static func legend(_ style: Style) -> Character {
    style.foreground == .yellow ? "m" : Screen.styleLetter(style)
  }

  static func compare(_ screen: Screen, named name: String) -> String? {
    let actual =
      "\(screen.width)x\(screen.height)\n" + screen.text() + "\n--- styles ---\n"
      + screen.styleMap(legend) + "\n"
    let file = directory.appendingPathComponent(name + ".txt")
    let record = ProcessInfo.processInfo.environment["QINGDAN_RECORD"] == "1"
    guard !record, let expected = try? String(contentsOf: file, encoding: .utf8) else {
      try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
      try? actual.write(to: file, atomically: true, encoding: .utf8)
      return record ? nil : "no golden file \(name).txt; it was written now: check it and rerun"
    }
    return expected == actual ? nil : "screen differs from \(name).txt:\n\(actual)"
  }
}
