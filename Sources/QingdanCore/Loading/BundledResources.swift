import Foundation

/// Finds qingdan's resources folder: the bundled catalogues, the synonyms file and the Han
/// reading tables. No bundle machinery; the folder is looked for, in order:
///
/// 1. `$QINGDAN_RESOURCES`, when set;
/// 2. installed (the running executable sits in a `bin` folder, symlinks resolved):
///    `PREFIX/share/qingdan` beside it, and nothing else — an installed binary never reads
///    a folder that happens to lie above it, nor the checkout it was built from;
/// 3. built (`.build/<triple>/release/qingdan`): a `Resources` folder beside or up to four
///    levels above the executable, then the checkout this binary was compiled from.
public enum BundledResources {
  /// One place looked at, and why it was a candidate.
  public struct Candidate: Sendable, Equatable {
    public var url: URL
    public var reason: String
  }

  /// Where the resources were found (nil: nowhere), and every place looked at in order.
  public struct Lookup: Sendable {
    public var found: URL?
    public var looked: [Candidate]
  }

  public static func directory(
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) -> URL? {
    lookup(environment: environment).found
  }

  /// A file inside the resources folder, e.g. `file("han/pinyin.tsv")`.
  public static func file(_ relativePath: String) -> URL? {
    directory()?.appendingPathComponent(relativePath)
  }

  /// Looks for the resources folder and says where it looked (for `qingdan --version`).
  public static func lookup(
    environment: [String: String] = ProcessInfo.processInfo.environment,
    executable: String = runningExecutable()
  ) -> Lookup {
    var looked: [Candidate] = []
    for candidate in candidates(environment: environment, executable: executable) {
      looked.append(candidate)
      if isResourceDirectory(candidate.url) { return Lookup(found: candidate.url, looked: looked) }
    }
    return Lookup(found: nil, looked: looked)
  }

  static func candidates(environment: [String: String], executable: String) -> [Candidate] {
    var result: [Candidate] = []
    if let explicit = environment["QINGDAN_RESOURCES"], !explicit.isEmpty {
      result.append(Candidate(url: URL(fileURLWithPath: explicit), reason: "$QINGDAN_RESOURCES"))
    }
    let folder = executableFolder(executable)
    if folder.lastPathComponent == "bin" {
      let prefix = folder.deletingLastPathComponent()
      result.append(
        Candidate(
          url: prefix.appendingPathComponent("share/qingdan").standardized,
          reason: "installed beside \(folder.path)"))
      return result
    }
    var above = folder
    for _ in 0..<5 {
      result.append(
        Candidate(url: above.appendingPathComponent("Resources"), reason: "build tree"))
      above = above.deletingLastPathComponent()
    }
    // Sources/QingdanCore/Loading/BundledResources.swift → checkout root.
    let checkout = URL(fileURLWithPath: #filePath)
      .deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
    result.append(
      Candidate(url: checkout.appendingPathComponent("Resources"), reason: "checkout built from"))
    return result
  }

  /// The running executable's path: `/proc/self/exe` where there is one (argv[0] may be a
  /// bare name found on PATH), else argv[0].
  public static func runningExecutable() -> String {
    if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
      return path
    }
    return CommandLine.arguments.first ?? ""
  }

  /// The folder holding the executable, symlinks resolved (`/usr/local/bin/qingdan` may
  /// point into `/opt/qingdan/bin`).
  static func executableFolder(_ executable: String) -> URL {
    URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
  }

  static func isResourceDirectory(_ url: URL) -> Bool {
    var isDirectory: ObjCBool = false
    let marker = url.appendingPathComponent("catalogues").path
    return FileManager.default.fileExists(atPath: marker, isDirectory: &isDirectory)
      && isDirectory.boolValue
  }
}
