import Testing

@testable import QingdanBrowser

@Suite("bracketed paste: pasted text is one event, never keys")
struct PasteDecodingTests {
  func raw(_ text: String) -> [RawInput] {
    text.unicodeScalars.map { .character($0.value) }
  }

  @Test func aPasteOfSeveralLinesIsOneEvent() {
    var decoder = KeyDecoder()
    let events = decoder.decode(raw("j\u{1b}[200~低保\r1q\u{1b}[201~k"))
    #expect(events == [.key(.character("j")), .paste("低保\r1q"), .key(.character("k"))])
    #expect(decoder.pasted == nil)
  }

  @Test func aPasteMaySpanReads() {
    var decoder = KeyDecoder()
    #expect(decoder.decode(raw("\u{1b}[200~临时")) == [])
    #expect(decoder.decode(raw("\r\n救")) == [])
    #expect(decoder.decode(raw("助\u{1b}[201~")) == [.paste("临时\r\n救助")])
  }

  @Test func withoutMarkersDecodingIsAsBefore() {
    var decoder = KeyDecoder()
    let input = raw("ab") + [.keyCode(KeyCodes.ncurses.up)] + raw("\u{1b}x")
    #expect(decoder.decode(input) == KeyDecoder().events(from: input))
  }

  @Test func aHugePasteKeepsABoundedBeginning() {
    var decoder = KeyDecoder()
    let long = String(repeating: "清", count: 100_000)
    guard case .paste(let text)? = decoder.decode(raw("\u{1b}[200~" + long + "\u{1b}[201~")).first
    else {
      Issue.record("expected a paste")
      return
    }
    #expect(text.utf8.count <= BracketedPaste.maximumBytes)
    #expect(text.hasPrefix("清清清"))
  }
}
