import Testing

@testable import QingdanBrowser

@Suite struct KeyDecodingTests {
  let decoder = KeyDecoder()

  func characters(_ text: String) -> [RawInput] {
    text.unicodeScalars.map { .character($0.value) }
  }

  @Test func printableCharacters() {
    #expect(KeyDecoder.key(forCharacter: 0x61) == .character("a"))
    #expect(KeyDecoder.key(forCharacter: 0x20) == .character(" "))
    #expect(KeyDecoder.key(forCharacter: 0x6E05) == .character("清"))
  }

  @Test func controlCharacters() {
    #expect(KeyDecoder.key(forCharacter: 3) == .control("c"))
    #expect(KeyDecoder.key(forCharacter: 1) == .control("a"))
    #expect(KeyDecoder.key(forCharacter: 26) == .control("z"))
    #expect(KeyDecoder.key(forCharacter: 0) == .control("@"))
    #expect(KeyDecoder.key(forCharacter: 31) == .control("_"))
    #expect(KeyDecoder.key(forCharacter: 9) == .tab)
    #expect(KeyDecoder.key(forCharacter: 13) == .enter)
    #expect(KeyDecoder.key(forCharacter: 10) == .enter)
    #expect(KeyDecoder.key(forCharacter: 27) == .escape)
    #expect(KeyDecoder.key(forCharacter: 127) == .backspace)
    #expect(KeyDecoder.key(forCharacter: 8) == .backspace)
  }

  @Test func invalidAndC1CodesAreDropped() {
    #expect(KeyDecoder.key(forCharacter: 0x9B) == nil)
    #expect(KeyDecoder.key(forCharacter: 0xD800) == nil)
    #expect(KeyDecoder.key(forCharacter: 0x110000) == nil)
    #expect(decoder.events(from: [.character(0x85), .keyCode(-1)]) == [])
  }

  @Test func cursesKeyCodes() {
    let codes = KeyCodes.ncurses
    #expect(decoder.key(forKeyCode: codes.up) == .up)
    #expect(decoder.key(forKeyCode: codes.down) == .down)
    #expect(decoder.key(forKeyCode: codes.left) == .left)
    #expect(decoder.key(forKeyCode: codes.right) == .right)
    #expect(decoder.key(forKeyCode: codes.pageUp) == .pageUp)
    #expect(decoder.key(forKeyCode: codes.pageDown) == .pageDown)
    #expect(decoder.key(forKeyCode: codes.home) == .home)
    #expect(decoder.key(forKeyCode: codes.end) == .end)
    #expect(decoder.key(forKeyCode: codes.enter) == .enter)
    #expect(decoder.key(forKeyCode: codes.backspace) == .backspace)
    #expect(decoder.key(forKeyCode: codes.delete) == .delete)
    #expect(decoder.key(forKeyCode: codes.backTab) == .backTab)
    #expect(decoder.key(forKeyCode: codes.f0 + 1) == .function(1))
    #expect(decoder.key(forKeyCode: codes.f0 + 12) == .function(12))
    #expect(decoder.key(forKeyCode: 0o632) == nil)  // KEY_RESIZE is the backend's job.
  }

  @Test func singleCharacterIsAKey() {
    #expect(decoder.events(from: characters("j")) == [.key(.character("j"))])
    #expect(decoder.events(from: characters("清")) == [.key(.character("清"))])
  }

  @Test func severalCharactersAtOnceAreText() {
    // An IME committing a phrase must arrive intact.
    #expect(decoder.events(from: characters("履职事项")) == [.text("履职事项")])
    #expect(decoder.events(from: characters("e\u{301}")) == [.key(.character("e\u{301}"))])
  }

  @Test func controlKeysSplitText() {
    let batch =
      characters("ab") + [.character(13), .keyCode(KeyCodes.ncurses.up)] + characters("清单")
    #expect(
      decoder.events(from: batch) == [
        .text("ab"), .key(.enter), .key(.up), .text("清单"),
      ])
  }

  @Test func escapeFollowedByACharacterIsEscapeThenTheCharacter() {
    #expect(
      decoder.events(from: [.character(27), .character(0x78)]) == [
        .key(.escape), .key(.character("x")),
      ])
    #expect(decoder.events(from: [.character(27)]) == [.key(.escape)])
  }

  @Test func backendEventsPassThrough() {
    let mouse = MouseEvent(row: 2, column: 5, kind: .press(.left))
    let batch: [RawInput] = [
      .character(0x61), .event(.mouse(mouse)), .event(.resize(width: 50, height: 15)),
    ]
    #expect(
      decoder.events(from: batch) == [
        .key(.character("a")), .mouse(mouse), .resize(width: 50, height: 15),
      ])
  }

  @Test func mouseButtonStates() {
    let masks = MouseMasks.ncursesVersion2
    #expect(masks.leftPressed == 0o2)
    #expect(masks.wheelUp == 0o200000)  // BUTTON4_PRESSED
    #expect(masks.wheelDown == 0o2 << 20)
    #expect(decoder.mouseKind(buttonState: masks.leftPressed) == .press(.left))
    #expect(decoder.mouseKind(buttonState: masks.leftReleased) == .release(.left))
    #expect(decoder.mouseKind(buttonState: masks.middlePressed) == .press(.middle))
    #expect(decoder.mouseKind(buttonState: masks.rightReleased) == .release(.right))
    #expect(decoder.mouseKind(buttonState: masks.wheelUp) == .wheelUp)
    #expect(decoder.mouseKind(buttonState: masks.wheelDown) == .wheelDown)
    #expect(decoder.mouseKind(buttonState: 0) == nil)
  }

  @Test func textEventAsKeys() {
    #expect(InputEvent.text("jk").keys == [.character("j"), .character("k")])
    #expect(InputEvent.key(.up).keys == [.up])
    #expect(InputEvent.resize(width: 1, height: 1).keys == [])
  }
}
