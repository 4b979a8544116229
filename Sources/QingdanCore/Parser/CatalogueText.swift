import Foundation

/// Turns the bytes of a catalogue file into lines of text, or says plainly why it cannot.
public enum CatalogueText {
  public enum DecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    case empty(file: String)
    case binary(file: String)
    case notUTF8(file: String, line: Int, looksLikeGBK: Bool)

    public var description: String {
      switch self {
      case .empty(let file):
        return "\(file): error: the file is empty; a catalogue needs a list heading such as "
          + "“…基本履职事项清单” followed by tab-separated rows"
      case .binary(let file):
        return "\(file): error: this is a binary file, not a text catalogue; "
          + "export the table as UTF-8 text (tab-separated) first"
      case .notUTF8(let file, let line, let looksLikeGBK):
        let hint =
          looksLikeGBK
          ? "it looks like GBK, common for Chinese government files; convert it with "
            + "`iconv -f GBK -t UTF-8 '\(file)' > converted.txt` and load that"
          : "save it as UTF-8 text and try again"
        return "\(file):\(line): error: the file is not UTF-8 text; \(hint)"
      }
    }

    public var diagnostic: Diagnostic {
      let line: Int
      let file: String
      switch self {
      case .empty(let name), .binary(let name):
        file = name
        line = 0
      case .notUTF8(let name, let number, _):
        file = name
        line = number
      }
      let message = description.components(separatedBy: ": error: ").dropFirst().joined(
        separator: ": error: ")
      return Diagnostic(severity: .error, file: file, line: line, message: message)
    }
  }

  /// Lines of the file (without terminators), decoded as UTF-8; a BOM is dropped and
  /// CRLF/CR line ends are accepted.
  public static func lines(of data: Data, file: String) throws(DecodingError) -> [String] {
    try lineSlices(of: data, file: file).map(String.init)
  }

  /// `lines(of:file:)` as slices of one string: no copy or validation per line.
  static func lineSlices(of data: Data, file: String) throws(DecodingError) -> [Substring] {
    let bytes = [UInt8](data)
    if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
      throw .empty(file: file)
    }
    if looksBinary(bytes) { throw .binary(file: file) }
    guard var text = String(validating: bytes, as: UTF8.self) else {
      throw .notUTF8(
        file: file, line: lineOfFirstInvalidUTF8(bytes), looksLikeGBK: looksLikeGBK(bytes))
    }
    let lineRanges = text.withUTF8(lineRanges(utf8:))
    return lineRanges.map { text.utf8Slice($0) }
  }

  /// Splits valid UTF-8 at the newline Characters, byte by byte: every newline scalar
  /// (LF, VT, FF, CR, NEL, U+2028, U+2029) is a Character of its own except CR LF, which
  /// is one Character and so one line end. A leading BOM (also a Character of its own) is
  /// dropped.
  static func lineRanges(utf8 bytes: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
    var lines: [Range<Int>] = []
    var lineStart = 0
    if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { lineStart = 3 }
    var index = lineStart
    while index < bytes.count {
      let terminator = newlineLength(in: bytes, at: index)
      if terminator == 0 {
        index += 1
        continue
      }
      lines.append(lineStart..<index)
      index += terminator
      lineStart = index
    }
    lines.append(lineStart..<bytes.count)
    return lines
  }

  /// The length of the line end at `index`, or 0. `index` may be inside a scalar: the
  /// patterns matched start with bytes that never continue one.
  @inline(__always)
  private static func newlineLength(in bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
    switch bytes[index] {
    case 0x0A, 0x0B, 0x0C: return 1
    case 0x0D: return index + 1 < bytes.count && bytes[index + 1] == 0x0A ? 2 : 1
    case 0xC2: return bytes[index + 1] == 0x85 ? 2 : 0
    case 0xE2:
      return bytes[index + 1] == 0x80 && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9)
        ? 3 : 0
    default: return 0
    }
  }

  /// NUL bytes, or many control bytes, mean this is not a text export.
  static func looksBinary(_ bytes: [UInt8]) -> Bool {
    let sample = bytes.prefix(8192)
    if sample.contains(0) { return true }
    let controls = sample.filter {
      $0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D && $0 != 0x0C
    }
    return controls.count * 20 > sample.count
  }

  static func lineOfFirstInvalidUTF8(_ bytes: [UInt8]) -> Int {
    var line = 1
    var index = 0
    while index < bytes.count {
      let byte = bytes[index]
      let length: Int
      switch byte {
      case 0x00...0x7F: length = 1
      case 0xC2...0xDF: length = 2
      case 0xE0...0xEF: length = 3
      case 0xF0...0xF4: length = 4
      default: return line
      }
      if index + length > bytes.count { return line }
      for offset in 1..<length where bytes[index + offset] & 0xC0 != 0x80 {
        return line
      }
      if byte == 0x0A { line += 1 }
      index += length
    }
    return line
  }

  /// GBK encodes each Chinese character as a lead byte 0x81–0xFE and a trail byte 0x40–0xFE;
  /// if most high bytes pair up that way, the file is very likely GBK/GB18030.
  static func looksLikeGBK(_ bytes: [UInt8]) -> Bool {
    var pairs = 0
    var strays = 0
    var index = 0
    while index < bytes.count {
      let byte = bytes[index]
      if byte < 0x80 {
        index += 1
      } else if (0x81...0xFE).contains(byte), index + 1 < bytes.count,
        (0x40...0xFE).contains(bytes[index + 1]), bytes[index + 1] != 0x7F
      {
        pairs += 1
        index += 2
      } else {
        strays += 1
        index += 1
      }
    }
    return pairs > 0 && strays * 10 <= pairs
  }
}
