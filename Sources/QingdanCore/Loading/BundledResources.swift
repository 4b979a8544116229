import Foundation

/// Finds the repository's `Resources/` folder: the bundled catalogues, the synonyms file and
/// the Han reading tables. No bundle machinery: the folder is looked for, in order,
/// at `$QINGDAN_RESOURCES`, beside or above the running executable (`.build/release/qingdan`
/// sits two levels below the checkout), under `../share/qingdan` for an installed binary,
/// and at the checkout this binary was compiled from.
public enum BundledResources {
  public static func directory(
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) -> URL? {
    candidates(environment: environment).first(where: isResourceDirectory)
  }

  /// A file inside the resources folder, e.g. `file("han/pinyin.tsv")`.
  public static func file(_ relativePath: String) -> URL? {
    directory()?.appendingPathComponent(relativePath)
  }

  /// The file, if the resources folder has it (optional search tables).
  public static func existingFile(_ relativePath: String) -> URL? {
    file(relativePath).flatMap { FileManager.default.fileExists(atPath: $0.path) ? $0 : nil }
  }

  static func candidates(environment: [String: String]) -> [URL] {
    var result: [URL] = []
    if let explicit = environment["QINGDAN_RESOURCES"], !explicit.isEmpty {
      result.append(URL(fileURLWithPath: explicit))
    }
    let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "")
      .resolvingSymlinksInPath().deletingLastPathComponent()
    var folder = executable
    for _ in 0..<5 {
      result.append(folder.appendingPathComponent("Resources"))
      folder = folder.deletingLastPathComponent()
    }
    result.append(executable.appendingPathComponent("../share/qingdan").standardized)
    // Sources/QingdanCore/Loading/BundledResources.swift → checkout root.
    let checkout = URL(fileURLWithPath: #filePath)
      .deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
    result.append(checkout.appendingPathComponent("Resources"))
    return result
  }

  static func isResourceDirectory(_ url: URL) -> Bool {
    var isDirectory: ObjCBool = false
    let marker = url.appendingPathComponent("catalogues").path
    return FileManager.default.fileExists(atPath: marker, isDirectory: &isDirectory)
      && isDirectory.boolValue
  }
}
