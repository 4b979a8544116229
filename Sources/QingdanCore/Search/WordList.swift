import Foundation

/// Common words of Chinese (jieba's dictionary, words seen often enough; see
/// `Scripts/generate-words.py`), from `Resources/search/words.txt`. Search only asks
/// whether something is a word: 地里 is one and is no slip for 地力; 工前 is not.
public struct WordList: Sendable {
  private var words: Set<String> = []

  public init() {}

  public init(words: some Sequence<String>) { self.words = Set(words) }

  /// One word a line; `#` comments and blank lines ignored.
  public mutating func load(contentsOf url: URL) throws {
    let text: String
    do {
      text = try String(contentsOf: url, encoding: .utf8)
    } catch {
      throw Synonyms.LoadError.malformed(
        file: url.path, line: 0, reason: "cannot be read as UTF-8 text")
    }
    for line in text.split(separator: "\n") where !line.hasPrefix("#") {
      words.insert(String(line))
    }
  }

  public static func loadBundled() throws -> WordList {
    var list = WordList()
    if let url = BundledResources.file("search/words.txt"),
      FileManager.default.fileExists(atPath: url.path)
    {
      try list.load(contentsOf: url)
    }
    return list
  }

  public func contains(_ word: String) -> Bool { words.contains(word) }
}
