import Foundation
import Testing

@testable import QingdanCore

/// The shortcuts the search takes for speed give what the plain way gives.
struct SearchExecutionTests {
  /// Lines compared in place give what splitting the file into lines and keys gives:
  /// keys that are prefixes of others, values after a tab, CRLF endings, a carriage return
  /// inside a key, comments, a last line without a newline (a key sought that runs past
  /// it), keys sought with and without the bytes that end keys.
  @Test func sortedLinesFindWhatSplitLinesFind() {
    let lines = [
      "# a comment", "低保", "低保户\t最低生活保障", "地\r", "工钱\t工资\r", "工钱表", "a\rb",
      "ab\tc\td", "b", "低保户口\t", "龙",
    ]
    let sorted = lines.filter { !$0.hasPrefix("#") }.sorted {
      $0.utf8.lexicographicallyPrecedes($1.utf8)
    }
    let text = (["# a comment"] + sorted).joined(separator: "\n")
    let table = SortedLines(bytes: Array(text.utf8))
    var expected: [String: String] = [:]
    for line in sorted {
      var line = Substring(line)
      if line.hasSuffix("\r") { line = line.dropLast() }
      let parts = line.split(separator: "\t", maxSplits: 1, omittingEmptySubsequences: false)
      expected[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
    }
    let probes =
      Array(expected.keys) + [
        "", "低", "低保户口本", "工", "工钱表格", "a", "a\r", "ab", "ab\tc", "c", "zz", "龙头", "龙", "黑",
      ]
    for probe in probes {
      #expect(table.value(for: probe).map(String.init) == expected[probe], "\(probe)")
      #expect(table.contains(probe) == (expected[probe] != nil), "\(probe)")
    }
    #expect(table.value(for: "工钱") == "工资")
    #expect(table.value(for: "地") == "")
  }

  /// Where the scalars are taken for Characters, they are the Characters.
  @Test func scalarsAreCharactersOnlyWhereTheyNeverJoin() {
    let joining = [
      "e\u{301}", "低保\r\n", "👍🏽", "\u{1100}\u{1161}", "🇨🇳", "a\u{200D}b", "低\u{FE0F}",
    ]
    for text in joining {
      #expect(!Highlighter.isOneScalarPerCharacter(text), "\(text.debugDescription)")
    }
    let plain = [
      "负责本镇生活困难群体的救助帮扶工作。\n1. 建立台账（ABC-12）；", "", "a\nb", "“低保”、《条例》",
      "ＡＢＣ！", "café",
    ]
    for text in plain {
      #expect(Highlighter.isOneScalarPerCharacter(text), "\(text.debugDescription)")
      #expect(text.count == text.unicodeScalars.count)
    }
  }

  /// Snippets read by scalars are those read by Characters: the duty-text line with the
  /// most matched characters, its spans relative to the line.
  @Test func snippetsAreTheLinesWithTheMostMatches() {
    let engine = SearchTests.engine
    var checked = 0
    for query in ["低保", "救助", "动物疫病防控", "来电人反映村里养殖场粪污直排", "dibao", "消防安全检查"] {
      for hit in engine.search(query, limit: 20) {
        #expect(
          hit.snippet == Self.characterSnippet(in: hit.item, matches: hit.matches), "\(query)")
        if hit.snippet != nil { checked += 1 }
      }
    }
    #expect(checked > 10)
  }

  /// A run of characters joined in one go is the string appending them one by one makes.
  @Test func charactersJoinAsAppended() {
    let characters = Array("来电人反映e\u{301}🇨🇳\r\n👍🏽ＡＢＣ，低保。")
    for start in 0..<characters.count {
      for end in start...characters.count {
        let joined = String(joining: characters[start..<end])
        let appended = String(characters[start..<end])
        #expect(Array(joined.utf8) == Array(appended.utf8))
        #expect(joined.count == end - start)
      }
    }
  }

  /// Offering a score several times at once is offering it that many times.
  @Test func topScoresOfferedManyTimesAtOnce() {
    var generator = SplitMix64(seed: 11)
    var one = TopScores(capacity: 15)
    var many = TopScores(capacity: 15)
    for _ in 0..<400 {
      let score = Float(generator.next() % 200)
      let times = Int(generator.next() % 4)
      for _ in 0..<times { one.offer(score) }
      many.offer(score, times: times)
      #expect(one.isFull == many.isFull && one.smallest == many.smallest)
    }
  }

  /// The snippet as worked out over an array of Characters.
  private static func characterSnippet(in item: Item, matches: [FieldMatch]) -> Snippet? {
    var best: Snippet? = nil
    var bestCount = 0
    for match in matches where [.townshipDuties, .departmentDuties, .method].contains(match.field) {
      let characters = Array(match.field.text(of: item))
      var lineStart = 0
      for offset in 0...characters.count
      where offset == characters.count || characters[offset] == "\n" {
        let line = lineStart..<offset
        let spans = match.spans.compactMap { span -> Range<Int>? in
          let overlap = span.clamped(to: line)
          return overlap.isEmpty
            ? nil : (overlap.lowerBound - line.lowerBound)..<(overlap.upperBound - line.lowerBound)
        }
        let count = spans.reduce(0) { $0 + $1.count }
        if count > bestCount {
          bestCount = count
          best = Snippet(field: match.field, text: String(characters[line]), spans: spans)
        }
        lineStart = offset + 1
      }
    }
    return best
  }
}
