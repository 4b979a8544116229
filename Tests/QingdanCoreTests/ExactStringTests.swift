import Testing

@testable import QingdanCore

@Suite("Exact strings")
struct ExactStringTests {
  @Test(arguments: [
    ("/data/大石头乡.txt is also in /data/b.txt", "/data/b.txt", true),
    ("/data/b.tx", "/data/b.txt", false),
    ("abcab", "cab", true),
    ("aaab", "aab", true),
    ("大石头乡", "石头", true),
    ("大石头乡", "头石", false),
    ("", "", true),
    ("x", "", true),
    ("", "x", false),
  ])
  func containsBytesAgreesWithASubstringSearch(haystack: String, needle: String, expected: Bool) {
    #expect(ExactString.containsBytes(haystack, needle) == expected)
  }
}
