/// What a table of words says of a string: whether it holds it as a word, and whether it
/// holds a longer word that begins with it. A scan of a query's substrings grows each one
/// only while some table may still hold it: a 30-character work order looked up every
/// length up to the thesaurus's longest idiom (40 characters), though its words stop at 4.
struct WordLookup: Equatable, Sendable {
  var isWord: Bool
  /// A longer word begins with the string (or, for a table without order, may).
  var isPrefix: Bool

  static let nothing = WordLookup(isWord: false, isPrefix: false)

  /// A table without order (a set in memory) can only say that a word of up to `longest`
  /// characters may begin with a string of `length`.
  static func unordered(isWord: Bool, length: Int, longest: Int) -> WordLookup {
    WordLookup(isWord: isWord, isPrefix: length < longest)
  }

  /// What two tables together say.
  static func | (first: WordLookup, second: WordLookup) -> WordLookup {
    WordLookup(isWord: first.isWord || second.isWord, isPrefix: first.isPrefix || second.isPrefix)
  }
}

extension WordLookup {
  /// The lengths, shortest first, of the words of a table (`lookup`) that start at `start`
  /// of `characters`, from `shortest` to `longest` characters: a substring grows only while
  /// the table holds a longer word beginning with it.
  static func lengths(
    startingAt start: Int, in characters: [Character], shortest: Int, longest: Int,
    lookup: (String) -> WordLookup
  ) -> [Int] {
    var found: [Int] = []
    var length = shortest
    while length <= min(longest, characters.count - start) {
      let result = lookup(String(joining: characters[start..<start + length]))
      if result.isWord { found.append(length) }
      guard result.isPrefix else { break }
      length += 1
    }
    return found
  }
}
