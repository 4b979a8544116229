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

  /// One client for every state, so states built alike compare equal; its clock is fixed,
  /// so what is recorded (misses, entries) can be compared whole.
  static let client = SearchClient(engine: engine, now: { noon })

  static func state(width: Int = 80, height: Int = 24, colors: Bool = true) -> BrowserState {
    BrowserState(client: client, width: width, height: height, colors: colors)
  }

  /// A contacts file of the tests' own (fake numbers; never the user's ~/.config).
  static let contactsText = """
    部门\t电话\t地址\t办公时间\t备注
    县公安局\t0000-0000001
    木垒县农业农村局\t0000-0000002\t人民路1号\t工作日 10:00-19:30
    大石头乡党政办\t0000-0000004
    """
  static let noon = Date(timeIntervalSince1970: 1_764_590_400)
  static let contactsClient = SearchClient(
    engine: engine,
    contacts: ContactDirectory(
      file: ContactsFile.parse(Array(contactsText.utf8), path: "contacts.tsv"),
      catalogue: engine.catalogue),
    now: { noon })

  static func stateWithContacts(width: Int = 80, height: Int = 24) -> BrowserState {
    BrowserState(client: contactsClient, width: width, height: height)
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
        if case .compare(let itemID) = effect, let result = state.client.compare(itemID: itemID) {
          _ = reduce(&state, result)
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
