import Foundation

/// A text file of lines sorted by their UTF-8 bytes, kept as its bytes and searched in
/// place: no string per line, so a table of 70,000 words loads in about a millisecond.
/// A line is `key` or `key<TAB>value`; lines starting with `#` are skipped.
struct SortedLines: Sendable {
  /// The file's bytes, here or in a compiled tables file (`SearchTablesFile`).
  private let bytes: TableArray<UInt8>
  /// Start of each line.
  private let starts: TableArray<Int32>

  init() {
    bytes = TableArray()
    starts = TableArray()
  }

  init(bytes: [UInt8]) {
    var starts: [Int32] = []
    var position = 0
    while position < bytes.count {
      let end = bytes[position...].firstIndex(of: 0x0A) ?? bytes.count
      if end > position, bytes[position] != 0x23 { starts.append(Int32(position)) }
      position = end + 1
    }
    self.bytes = TableStorage.holding(bytes)
    // Each line ends at the newline before the next start (or the end).
    self.starts = TableStorage.holding(starts)
  }

  /// The lines as a compiled tables file holds them.
  func write(to writer: inout TableWriter) {
    writer.counted(Array(bytes))
    writer.counted(Array(starts))
  }

  init(reading reader: inout TableReader) throws(TableFormatError) {
    bytes = try reader.counted(UInt8.self)
    starts = try reader.counted(Int32.self)
  }

  init(contentsOf url: URL) throws {
    guard let data = FileManager.default.contents(atPath: url.path) else {
      throw Synonyms.LoadError.malformed(file: url.path, line: 0, reason: "cannot be read")
    }
    self.init(bytes: [UInt8](data))
  }

  var count: Int { starts.count }

  /// The bytes of line `index` without its newline (none for a start past the end: a
  /// damaged compiled file gives an empty line, not a crash).
  private func line(_ index: Int) -> Slice<UnsafeBufferPointer<UInt8>> {
    let all = bytes.buffer
    let start = min(max(0, Int(starts[index])), all.count)
    var end = all[start...].firstIndex(of: 0x0A) ?? all.count
    if end > start, all[end - 1] == 0x0D { end -= 1 }
    return all[start..<end]
  }

  /// The key of a line: up to its first tab.
  private func key(_ line: Slice<UnsafeBufferPointer<UInt8>>) -> Slice<UnsafeBufferPointer<UInt8>> {
    line[..<(line.firstIndex(of: 0x09) ?? line.endIndex)]
  }

  /// The value after the tab of the line whose key is `key`, "" for a line without one;
  /// nil when no line has that key.
  func value(for key: String) -> Substring? {
    guard let index = index(of: key) else { return nil }
    return value(at: index)
  }

  func contains(_ key: String) -> Bool { index(of: key) != nil }

  /// The line whose key is `key`: a binary search comparing keys where they lie, without
  /// finding each probed line's end (a query looks up hundreds of its substrings).
  private func index(of key: String) -> Int? {
    var key = key
    return key.withUTF8 { target in
      let all = bytes.buffer
      var low = 0
      var high = starts.count
      while low < high {
        let middle = (low + high) / 2
        if compareKey(at: middle, with: target, in: all) < 0 {
          low = middle + 1
        } else {
          high = middle
        }
      }
      guard low < starts.count, compareKey(at: low, with: target, in: all) == 0 else {
        return nil
      }
      return low
    }
  }

  /// Byte order of line `index`'s key against `target`: negative, zero or positive. The key
  /// is what `key(line(index))` gives: up to the first tab, newline or end, less a carriage
  /// return that ends the line.
  @inline(__always)
  private func compareKey(
    at index: Int, with target: UnsafeBufferPointer<UInt8>, in all: UnsafeBufferPointer<UInt8>
  ) -> Int {
    var position = min(max(0, Int(starts[index])), all.count)
    for byte in target {
      guard position < all.count else { return -1 }
      if Self.endsKey(at: position, in: all) { return -1 }
      let found = all[position]
      if found != byte { return found < byte ? -1 : 1 }
      position += 1
    }
    return position == all.count || Self.endsKey(at: position, in: all) ? 0 : 1
  }

  /// Whether the byte at `position` ends a key: a tab, a newline, or a carriage return that
  /// ends its line.
  @inline(__always)
  private static func endsKey(at position: Int, in all: UnsafeBufferPointer<UInt8>) -> Bool {
    switch all[position] {
    case 0x09, 0x0A: true
    case 0x0D: position + 1 == all.count || all[position + 1] == 0x0A
    default: false
    }
  }

  /// The value of line `index` (in file order).
  func value(at index: Int) -> Substring {
    let found = line(index)
    let keyEnd = key(found).endIndex
    return Substring(
      decoding: found[(keyEnd < found.endIndex ? keyEnd + 1 : keyEnd)...], as: UTF8.self)
  }

  /// Every line's key, in file order.
  var keys: [String] {
    (0..<starts.count).map { String(decoding: key(line($0)), as: UTF8.self) }
  }

  /// The most characters in a key.
  var longestKey: Int {
    (0..<starts.count).reduce(0) { longest, index in
      max(longest, key(line(index)).reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) })
    }
  }
}
