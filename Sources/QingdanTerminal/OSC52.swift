/// The OSC 52 "set clipboard" escape sequence, which lets a terminal program copy text
/// to the system clipboard, also over ssh.
enum OSC52 {
  /// `ESC ] 52 ; c ; <base64 of UTF-8> BEL`.
  static func sequence(for text: String) -> [UInt8] {
    Array("\u{1b}]52;c;".utf8) + base64(Array(text.utf8)) + [0x07]
  }

  /// The same sequence inside tmux's DCS passthrough (`ESC P tmux; … ESC \`), where
  /// every ESC in the payload is doubled. tmux forwards it when `allow-passthrough` is on.
  static func tmuxPassthrough(for text: String) -> [UInt8] {
    var bytes = Array("\u{1b}Ptmux;".utf8)
    for byte in sequence(for: text) {
      if byte == 0x1b { bytes.append(0x1b) }
      bytes.append(byte)
    }
    return bytes + [0x1b, 0x5c]
  }

  static func base64(_ bytes: [UInt8]) -> [UInt8] {
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    var output: [UInt8] = []
    output.reserveCapacity((bytes.count + 2) / 3 * 4)
    var index = 0
    while index < bytes.count {
      let chunk = bytes[index..<min(index + 3, bytes.count)]
      var value = 0
      for (offset, byte) in chunk.enumerated() {
        value |= Int(byte) << (16 - 8 * offset)
      }
      for position in 0..<4 {
        if position <= chunk.count {
          output.append(alphabet[(value >> (18 - 6 * position)) & 0x3F])
        } else {
          output.append(UInt8(ascii: "="))
        }
      }
      index += 3
    }
    return output
  }
}
