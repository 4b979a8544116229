import Foundation

/// Common words of Chinese (jieba's dictionary, words seen often enough; see
/// `Scripts/generate-words.py`), from `Resources/search/words.txt`. Search only asks
/// whether something is a word: 地里 is one and is no slip for 地力; 工前 is not.
public struct WordList: Sendable {
  private var sorted = SortedLines()
  private var extra: Set<String> = []

  public init() {}

  public init(words: some Sequence<String>) { extra = Set(words) }

  /// One word a line, sorted by UTF-8 bytes (as the generator writes it); `#` comments.
  public mutating func load(contentsOf url: URL) throws {
    sorted = try SortedLines(contentsOf: url)
  }

  public static func loadBundled() throws -> WordList {
    var list = WordList()
    if let url = BundledResources.existingFile("search/words.txt") {
      try list.load(contentsOf: url)
    }
    return list
  }

  /// The words loaded from a file (not those given in memory), as a compiled tables file
  /// holds them (`SearchTablesFile`).
  func write(to writer: inout TableWriter) { sorted.write(to: &writer) }

  init(reading reader: inout TableReader) throws(TableFormatError) {
    sorted = try SortedLines(reading: &reader)
  }

  public func contains(_ word: String) -> Bool {
    (!extra.isEmpty && extra.contains(word)) || sorted.contains(word)
  }

  /// Every word, for the query compiler's table of known words (`KnownWords`).
  var all: [String] { sorted.keys + extra }
}
