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
  /// CRLF/CR line ends are accepted. Bytes that are not UTF-8 read as U+FFFD (see
  /// `decodedLines`).
  public static func lines(of data: Data, file: String) throws(DecodingError) -> [String] {
    try decodedLines(of: data, file: file).lines.map(String.init)
  }

  /// The lines of a file as slices of one string, and a warning for each line that held
  /// bytes that are not UTF-8.
  struct DecodedLines {
    var lines: [Substring]
    var repairs: [Diagnostic]
  }

  /// Valid UTF-8 is split as it is (no copy or validation per line). A file that is UTF-8
  /// but for a few bytes (a stray byte, a download cut mid-character) loads with those
  /// bytes as U+FFFD and a warning per line; a file that is mostly not UTF-8 is refused,
  /// with the iconv hint when its bytes pair up as GBK.
  static func decodedLines(of data: Data, file: String) throws(DecodingError) -> DecodedLines {
    // Checked where the bytes lie: valid UTF-8 (the common case) is copied once, into the
    // text.
    let checked: Result<String?, DecodingError> = data.withUnsafeBytes { raw in
      let bytes = raw.assumingMemoryBound(to: UInt8.self)
      if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
        return .failure(.empty(file: file))
      }
      if looksBinary(bytes) { return .failure(.binary(file: file)) }
      return .success(String(validating: bytes, as: UTF8.self))
    }
    switch checked {
    case .failure(let error):
      throw error
    case .success(var text?):
      let lineRanges = text.withUTF8(lineRanges(utf8:))
      return DecodedLines(lines: lineRanges.map { text.utf8Slice($0) }, repairs: [])
    case .success(nil):
      break
    }
    let bytes = [UInt8](data)
    let repair = UTF8Repair(bytes)
    var text = String(decoding: repair.bytes, as: UTF8.self)
    let lineRanges = text.withUTF8(lineRanges(utf8:))
    let damagedLines = repair.damage.map { lineNumber(ofOffset: $0.offset, in: lineRanges) }
    guard repair.isMostlyUTF8 else {
      throw .notUTF8(
        file: file, line: damagedLines.first ?? 1,
        looksLikeGBK: repair.validShare < 0.5 && GBKEvidence(bytes).looksLikeGBK)
    }
    var repairs: [Diagnostic] = []
    var index = 0
    while index < repair.damage.count {
      let line = damagedLines[index]
      var end = index
      while end < repair.damage.count, damagedLines[end] == line { end += 1 }
      repairs.append(
        Diagnostic(
          severity: .warning, file: file, line: line,
          message: damageMessage(Array(repair.damage[index..<end]))))
      index = end
    }
    return DecodedLines(lines: lineRanges.map { text.utf8Slice($0) }, repairs: repairs)
  }

  /// The 1-based line holding byte `offset`: the last line starting at or before it.
  private static func lineNumber(ofOffset offset: Int, in lines: [Range<Int>]) -> Int {
    var low = 0
    var high = lines.count
    while high - low > 1 {
      let middle = (low + high) / 2
      if lines[middle].lowerBound <= offset { low = middle } else { high = middle }
    }
    return low + 1
  }

  /// What one line's bad bytes were, in hex, so `check` shows them as they are on disk.
  private static func damageMessage(_ damage: [UTF8Repair.Damage]) -> String {
    let raw = damage.flatMap(\.raw)
    let shown = raw.prefix(12).map { String(format: "%02X", $0) }.joined(separator: " ")
    let bytes = shown + (raw.count > 12 ? " …" : "")
    if damage.last?.isCutAtEnd == true, damage.count == 1 {
      return "the file ends in the middle of a character (bytes \(bytes)); this last line is "
        + "cut short (an interrupted download?) and is read up to the cut, shown as “\u{FFFD}”"
    }
    let count = raw.count == 1 ? "1 byte is" : "\(raw.count) bytes are"
    return "\(count) not UTF-8 (\(bytes)), shown as “\u{FFFD}”; the rest of the line is read "
      + "as written; fix or re-save the file as UTF-8"
      + (damage.last?.isCutAtEnd == true ? "; the file also ends in the middle of a character" : "")
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
      // Eight bytes at a time past those that cannot start a line end (most of a file), and
      // straight to the first that may.
      if index + 8 <= bytes.count {
        let candidates = lineEndStarts(
          UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self))
        guard candidates != 0 else {
          index += 8
          continue
        }
        index += candidates.trailingZeroBitCount / 8
      }
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

  /// The high bit of each of eight bytes (in memory order: lowest first, as `loadUnaligned`
  /// reads them on a little-endian machine) that is one a line end starts with: 0x0A–0x0D,
  /// 0xC2 or 0xE2 (see `newlineLength`). The lowest set bit marks a byte that really is one;
  /// a bit above a 0xC2 or 0xE2 byte may be set wrongly, and is never read.
  @inline(__always)
  private static func lineEndStarts(_ word: UInt64) -> UInt64 {
    let ones: UInt64 = 0x0101_0101_0101_0101
    let highs: UInt64 = 0x8080_8080_8080_8080
    let lows = word & (ones &* 0x7F)
    // 0x09 < byte < 0x0E, byte by byte and exact (the bit trick "has between"): tabs, which
    // every row has, are not candidates.
    let between =
      ((ones &* (0x7F + 0x0E)) &- lows) & ~word & (lows &+ ones &* (0x7F - 0x09)) & highs
    // A byte equal to 0xC2 or 0xE2: a zero byte after xor ("has zero byte").
    let c2 = word ^ (ones &* 0xC2)
    let e2 = word ^ (ones &* 0xE2)
    let equal = ((c2 &- ones) & ~c2 | (e2 &- ones) & ~e2) & highs
    return between | equal
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
  static func looksBinary(_ bytes: some Collection<UInt8>) -> Bool {
    let sample = bytes.prefix(8192)
    var controls = 0
    for byte in sample where byte < 0x20 {
      if byte == 0 { return true }
      if byte != 0x09 && byte != 0x0A && byte != 0x0D && byte != 0x0C { controls += 1 }
    }
    return controls * 20 > sample.count
  }
}
