import Foundation

/// The user's qingdan settings folder: `$XDG_CONFIG_HOME/qingdan/`, else `~/.config/qingdan/`.
public enum ConfigFiles {
  public static func userFile(named name: String, environment: [String: String]) -> URL? {
    if let config = environment["XDG_CONFIG_HOME"], !config.isEmpty {
      return URL(fileURLWithPath: config).appendingPathComponent("qingdan/" + name)
    }
    guard let home = environment["HOME"], !home.isEmpty else { return nil }
    return URL(fileURLWithPath: home).appendingPathComponent(".config/qingdan/" + name)
  }
}
