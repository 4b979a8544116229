import Foundation
import QingdanCore

/// `qingdan --version`: the version, the index cache's format and place, where the
/// resources were looked for, and the catalogue files a run without `--data` would load.
/// The packaging scripts read the version from the first line.
enum VersionInfo {
  /// The one place the version is written; `Scripts/package-deb.sh` names the package by it.
  static let version = "0.1.0"

  static func text(
    environment: [String: String] = ProcessInfo.processInfo.environment,
    executable: String = BundledResources.runningExecutable()
  ) -> String {
    var lines = ["qingdan \(version)"]
    let store = SnapshotStore(environment: environment)
    if let directory = store.directory {
      lines.append("index cache: format \(SnapshotStore.formatVersion), in \(directory)")
    } else {
      lines.append(
        "index cache: format \(SnapshotStore.formatVersion), off (\(store.disabledReason ?? ""))")
    }
    let lookup = BundledResources.lookup(environment: environment, executable: executable)
    lines.append("resources: \(lookup.found?.path ?? "not found")")
    for candidate in lookup.looked {
      let mark = candidate.url == lookup.found ? "found" : "no catalogues/ folder"
      lines.append("  looked in \(candidate.url.path) (\(candidate.reason)): \(mark)")
    }
    lines += dataLines(environment: environment)
    return lines.joined(separator: "\n")
  }

  /// What a run without `--data` would load: from `$QINGDAN_DATA` or the bundled folder.
  private static func dataLines(environment: [String: String]) -> [String] {
    let source =
      (environment["QINGDAN_DATA"].map { !$0.isEmpty } ?? false)
      ? "$QINGDAN_DATA" : "bundled"
    do {
      let paths = try CatalogueLoader.dataPaths(explicit: [], environment: environment)
      let files = try CatalogueLoader.files(in: paths)
      return ["data (\(source), unless --data is given): \(files.count) catalogue file(s)"]
        + files.map { "  \($0)" }
    } catch {
      return ["data (\(source)): none: \(error.description)"]
    }
  }
}
