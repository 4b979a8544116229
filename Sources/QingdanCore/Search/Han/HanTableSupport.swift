import Foundation

/// Why a Han table (`Resources/han/*.tsv`) could not be loaded.
public enum HanTableError: Error, Sendable, Hashable, CustomStringConvertible, LocalizedError {
  /// The resources folder, or the file inside it, was not found.
  case resourceNotFound(String)
  case unreadable(file: String, reason: String)
  /// `line` is 1-based, counting comment lines.
  case malformedLine(file: String, line: Int, reason: String)

  public var description: String {
    switch self {
    case .resourceNotFound(let path):
      "bundled resource \(path) not found (`qingdan --version` lists where qingdan looked; "
        + "set QINGDAN_RESOURCES to the resources folder)"
    case .unreadable(let file, let reason):
      "\(file): cannot read: \(reason)"
    case .malformedLine(let file, let line, let reason):
      "\(file), line \(line): \(reason)"
    }
  }

  public var errorDescription: String? { description }
}

/// Unicode scalar → non-zero `UInt32` payload, read in place (from a compiled tables file,
/// or memory of its own). The URO and Extension A, where nearly all entries live, are a flat
/// array so lookups on the search hot path do not hash; the few others are sorted.
struct HanScalarMap: Sendable {
  static let denseBase: UInt32 = 0x3400
  static let denseEnd: UInt32 = 0xA000  // exclusive: Extension A through the URO

  /// Indexed by `scalar - denseBase`; 0 means absent. Empty when nothing is dense, so small
  /// test tables stay small.
  private let dense: TableArray<UInt32>
  /// Scalars outside the dense range, ascending, and their payloads.
  private let sparseKeys: TableArray<UInt32>
  private let sparseValues: TableArray<UInt32>
  /// Bounds of `sparseKeys`, so ASCII and punctuation are turned away without a search.
  private let sparseLow: UInt32
  private let sparseHigh: UInt32

  init() { self.init(Builder()) }

  init(_ builder: Builder) {
    dense = builder.dense.isEmpty ? TableArray() : TableStorage.holding(builder.dense)
    let sparse = builder.sparse.sorted { $0.key < $1.key }
    sparseKeys = TableStorage.holding(sparse.map(\.key))
    sparseValues = TableStorage.holding(sparse.map(\.value))
    (sparseLow, sparseHigh) = (sparse.first?.key ?? 1, sparse.last?.key ?? 0)
  }

  @inline(__always)
  subscript(scalar: UInt32) -> UInt32 {
    if scalar >= Self.denseBase && scalar < Self.denseEnd {
      let index = Int(scalar &- Self.denseBase)
      return index < dense.count ? dense[index] : 0
    }
    guard scalar >= sparseLow && scalar <= sparseHigh else { return 0 }
    return sparseKeys.sortedIndex(of: scalar).map { sparseValues[$0] } ?? 0
  }

  /// Whether every payload present satisfies `isValid` (a file read in place is checked
  /// once where its values are trusted later).
  func allPayloads(_ isValid: (UInt32) -> Bool) -> Bool {
    dense.buffer.allSatisfy { $0 == 0 || isValid($0) } && sparseValues.buffer.allSatisfy(isValid)
  }

  func write(to writer: inout TableWriter) {
    writer.counted(Array(dense))
    writer.counted(Array(sparseKeys))
    writer.counted(Array(sparseValues))
  }

  init(reading reader: inout TableReader) throws(TableFormatError) {
    dense = try reader.counted(UInt32.self)
    sparseKeys = try reader.counted(UInt32.self)
    sparseValues = try reader.counted(UInt32.self)
    guard dense.count == 0 || dense.count == Int(Self.denseEnd - Self.denseBase),
      sparseKeys.count == sparseValues.count
    else { throw TableFormatError("a Han table has the wrong size") }
    (sparseLow, sparseHigh) = (sparseKeys.first ?? 1, sparseKeys.last ?? 0)
  }

  /// Collects entries; `HanScalarMap(builder)` freezes them.
  struct Builder {
    fileprivate var dense: [UInt32] = []
    fileprivate var sparse: [UInt32: UInt32] = [:]

    /// Returns false, leaving the map unchanged, if `scalar` is already present.
    mutating func insert(_ payload: UInt32, for scalar: UInt32) -> Bool {
      precondition(payload != 0, "HanScalarMap payloads must be non-zero")
      if scalar >= HanScalarMap.denseBase && scalar < HanScalarMap.denseEnd {
        if dense.isEmpty {
          dense = Array(repeating: 0, count: Int(HanScalarMap.denseEnd - HanScalarMap.denseBase))
        }
        let index = Int(scalar - HanScalarMap.denseBase)
        guard dense[index] == 0 else { return false }
        dense[index] = payload
        return true
      }
      guard sparse[scalar] == nil else { return false }
      sparse[scalar] = payload
      return true
    }
  }
}

/// Byte-level helpers shared by the table parsers: the tables are read as raw UTF-8 so that
/// loading stays in the low milliseconds.
enum HanTableText {
  static let tab: UInt8 = 0x09
  static let newline: UInt8 = 0x0A
  static let carriageReturn: UInt8 = 0x0D
  static let space: UInt8 = 0x20
  static let hash: UInt8 = 0x23

  static func bundledFile(_ relativePath: String) throws -> URL {
    guard let url = BundledResources.file(relativePath),
      FileManager.default.fileExists(atPath: url.path)
    else { throw HanTableError.resourceNotFound(relativePath) }
    return url
  }

  static func read(_ url: URL) throws -> Data {
    do {
      return try Data(contentsOf: url)
    } catch {
      throw HanTableError.unreadable(file: url.path, reason: "\(error.localizedDescription)")
    }
  }

  /// Calls `body(lineNumber, start, end)` for each line that is neither blank nor a `#`
  /// comment; `end` excludes the line terminator (LF or CRLF). A leading BOM is skipped.
  static func forEachLine(
    _ bytes: UnsafeBufferPointer<UInt8>,
    _ body: (_ line: Int, _ start: Int, _ end: Int) throws -> Void
  ) rethrows {
    var position = 0
    if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF {
      position = 3
    }
    var line = 0
    while position < bytes.count {
      line += 1
      let start = position
      while position < bytes.count && bytes[position] != newline { position += 1 }
      var end = position
      position += 1  // past the newline
      if end > start && bytes[end - 1] == carriageReturn { end -= 1 }
      if end == start || bytes[start] == hash { continue }
      try body(line, start, end)
    }
  }

  /// Decodes one UTF-8 scalar at `index`; returns it and the index after it, or nil if the
  /// bytes are not well-formed UTF-8.
  static func decodeScalar(
    _ bytes: UnsafeBufferPointer<UInt8>, at index: Int, end: Int
  ) -> (value: UInt32, next: Int)? {
    guard index < end else { return nil }
    let lead = bytes[index]
    let length: Int
    var value: UInt32
    switch lead {
    case 0x00..<0x80: return (UInt32(lead), index + 1)
    case 0xC2..<0xE0: (length, value) = (2, UInt32(lead & 0x1F))
    case 0xE0..<0xF0: (length, value) = (3, UInt32(lead & 0x0F))
    case 0xF0..<0xF5: (length, value) = (4, UInt32(lead & 0x07))
    default: return nil
    }
    guard index + length <= end else { return nil }
    for offset in 1..<length {
      let byte = bytes[index + offset]
      guard byte & 0xC0 == 0x80 else { return nil }
      value = value << 6 | UInt32(byte & 0x3F)
    }
    // Reject overlong forms, surrogates and values past U+10FFFF.
    let minimum: UInt32 = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000
    guard value >= minimum, Unicode.Scalar(value) != nil else { return nil }
    return (value, index + length)
  }

  /// The scalar a table entry is keyed by: the character's only scalar, ignoring trailing
  /// variation selectors (an IVS picks a glyph, not a different character).
  @inline(__always)
  static func keyScalar(of character: Character) -> UInt32? {
    var iterator = character.unicodeScalars.makeIterator()
    guard let first = iterator.next() else { return nil }
    while let next = iterator.next() {
      guard isVariationSelector(next.value) else { return nil }
    }
    return first.value
  }

  static func isVariationSelector(_ value: UInt32) -> Bool {
    (0xFE00...0xFE0F).contains(value) || (0xE0100...0xE01EF).contains(value)
  }

  /// CJK ideograph blocks (URO, extensions, compatibility) and 〇. All have
  /// Grapheme_Cluster_Break=Other, so swapping one for another never merges or splits
  /// characters.
  static func isHan(_ value: UInt32) -> Bool {
    value == 0x3007 || (0x3400...0x4DBF).contains(value) || (0x4E00...0x9FFF).contains(value)
      || (0xF900...0xFAFF).contains(value) || (0x20000...0x3FFFF).contains(value)
  }
}
