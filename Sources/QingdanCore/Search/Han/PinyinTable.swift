import Foundation

/// Toneless Mandarin readings of Han characters, loaded from `Resources/han/pinyin.tsv`.
///
/// Readings are lowercase ASCII with ü written `v` (`lv`, `nve`), most common first; a
/// polyphonic character has all of them (长 → `zhang chang`). Each distinct syllable is
/// stored once and identified by a small integer, so hot loops can compare IDs with
/// `syllableIDs(of:)` and ``syllableID(of:)`` instead of strings.
public struct PinyinTable: Sendable {
  /// Every distinct syllable in the table; a syllable ID indexes this array.
  public let syllables: [String]
  private let idsBySyllable: [String: UInt16]
  /// All characters' syllable IDs back to back.
  private let readingIDs: TableArray<UInt16>
  /// Scalar → `offset << 8 | count` into `readingIDs`.
  private let entries: HanScalarMap

  public static let bundledPath = "han/pinyin.tsv"

  /// The table shipped in `Resources/han/pinyin.tsv`.
  public static func loadBundled() throws -> PinyinTable {
    try PinyinTable(contentsOf: HanTableText.bundledFile(bundledPath))
  }

  /// Parses `CHAR<TAB>reading reading …` lines; blank lines and `#` lines are skipped.
  /// Throws ``HanTableError/malformedLine(file:line:reason:)`` naming the first bad line.
  public init(contentsOf url: URL) throws {
    let data = try HanTableText.read(url)
    var builder = Builder()
    try data.withUnsafeBytes { raw in
      let bytes = raw.bindMemory(to: UInt8.self)
      try HanTableText.forEachLine(bytes) { line, start, end in
        if let reason = builder.addLine(bytes, start, end) {
          throw HanTableError.malformedLine(file: url.path, line: line, reason: reason)
        }
      }
    }
    self.init(builder)
  }

  /// A table from literal readings, for tests. Keys made of more than one Unicode scalar
  /// (other than trailing variation selectors) are ignored; readings keep their order,
  /// duplicates dropped.
  public init(readings: [Character: [String]]) {
    var builder = Builder()
    for (character, list) in readings {
      guard let scalar = HanTableText.keyScalar(of: character) else { continue }
      var ids: [UInt16] = []
      for syllable in list {
        let id = builder.intern(syllable)
        if !ids.contains(id) { ids.append(id) }
      }
      builder.add(scalar, ids)
    }
    self.init(builder)
  }

  private init(_ builder: Builder) {
    self.init(
      syllables: builder.syllables, readingIDs: TableStorage.holding(builder.readingIDs),
      entries: HanScalarMap(builder.entries))
  }

  private init(syllables: [String], readingIDs: TableArray<UInt16>, entries: HanScalarMap) {
    self.syllables = syllables
    var ids: [String: UInt16] = [:]
    for (id, syllable) in syllables.enumerated() where ids[syllable] == nil {
      ids[syllable] = UInt16(truncatingIfNeeded: id)
    }
    idsBySyllable = ids
    self.readingIDs = readingIDs
    self.entries = entries
  }

  /// The table as a compiled tables file holds it (`SearchTablesFile`).
  func write(to writer: inout TableWriter) {
    writer.strings(syllables)
    writer.counted(Array(readingIDs))
    entries.write(to: &writer)
  }

  init(reading reader: inout TableReader) throws(TableFormatError) {
    let syllables = try reader.strings()
    guard syllables.count <= Int(UInt16.max) + 1 else {
      throw TableFormatError("too many pinyin syllables")
    }
    let readingIDs = try reader.counted(UInt16.self)
    // Every ID must name a syllable: callers index `syllables` with them.
    guard readingIDs.buffer.allSatisfy({ Int($0) < syllables.count }) else {
      throw TableFormatError("a pinyin reading names no syllable")
    }
    self.init(
      syllables: syllables.all, readingIDs: readingIDs,
      entries: try HanScalarMap(reading: &reader))
  }

  /// The character's readings, most common first; empty for characters not in the table
  /// (non-Han, punctuation, letters).
  public func readings(of character: Character) -> [String] {
    syllableIDs(of: character).map { syllables[Int($0)] }
  }

  /// Allocation-free form of ``readings(of:)``: indices into ``syllables``.
  @inline(__always)
  public func syllableIDs(of character: Character) -> SyllableIDs {
    guard let scalar = HanTableText.keyScalar(of: character) else { return SyllableIDs() }
    return ids(forScalarValue: scalar)
  }

  @inline(__always)
  public func syllableIDs(of scalar: Unicode.Scalar) -> SyllableIDs {
    ids(forScalarValue: scalar.value)
  }

  /// The ID of a syllable as spelt in the table (`"zhang"`, `"lv"`), or nil if no
  /// character in the table has that reading.
  public func syllableID(of syllable: String) -> UInt16? {
    idsBySyllable[syllable]
  }

  /// True if the character has at least one reading.
  public func contains(_ character: Character) -> Bool {
    !syllableIDs(of: character).isEmpty
  }

  @inline(__always)
  private func ids(forScalarValue scalar: UInt32) -> SyllableIDs {
    let entry = entries[scalar]
    let offset = Int(entry >> 8)
    let end = offset + Int(entry & 0xFF)
    // A damaged entry pointing past the readings reads as none.
    guard entry != 0, end <= readingIDs.count else { return SyllableIDs() }
    return SyllableIDs(readingIDs[offset..<end])
  }

  /// A character's syllable IDs, read in place.
  public struct SyllableIDs: RandomAccessCollection, Equatable, Sendable {
    private let slice: Slice<TableArray<UInt16>>

    init(_ slice: Slice<TableArray<UInt16>> = TableArray<UInt16>()[...]) { self.slice = slice }

    public var startIndex: Int { slice.startIndex }
    public var endIndex: Int { slice.endIndex }
    @inline(__always) public subscript(position: Int) -> UInt16 { slice[position] }

    public static func == (left: SyllableIDs, right: SyllableIDs) -> Bool {
      left.elementsEqual(right)
    }
  }

  private struct Builder {
    var syllables: [String] = []
    var readingIDs: [UInt16] = []
    var entries = HanScalarMap.Builder()
    var idsBySyllable: [String: UInt16] = [:]
    /// Syllables packed 5 bits a letter, so the file parser interns without building
    /// Strings.
    var idsByPacked: [UInt64: UInt16] = [:]
    /// Reused per line to avoid an allocation per character.
    var lineIDs: [UInt16] = []

    static let maxSyllableLength = 12  // 12 × 5 bits fits a UInt64
    static let maxReadings = 255  // the count byte of an entry

    init() {
      readingIDs.reserveCapacity(40_000)
    }

    mutating func intern(_ syllable: String) -> UInt16 {
      if let id = idsBySyllable[syllable] { return id }
      precondition(syllables.count <= Int(UInt16.max), "too many distinct syllables")
      let id = UInt16(syllables.count)
      syllables.append(syllable)
      idsBySyllable[syllable] = id
      return id
    }

    /// Returns false if the scalar already has an entry.
    @discardableResult
    mutating func add(_ scalar: UInt32, _ ids: [UInt16]) -> Bool {
      guard !ids.isEmpty else { return true }
      let count = min(ids.count, Self.maxReadings)
      let offset = readingIDs.count
      precondition(offset < 1 << 24, "pinyin table too large")
      guard entries.insert(UInt32(offset) << 8 | UInt32(count), for: scalar) else {
        return false
      }
      readingIDs.append(contentsOf: ids.prefix(count))
      return true
    }

    /// Parses one line; returns why it is malformed, or nil.
    mutating func addLine(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int)
      -> String?
    {
      let expected = "expected a Han character, a tab, then space-separated readings"
      guard let decoded = HanTableText.decodeScalar(bytes, at: start, end: end) else {
        return "invalid UTF-8; \(expected)"
      }
      let (scalar, afterCharacter) = decoded
      guard afterCharacter < end, bytes[afterCharacter] == HanTableText.tab else {
        return expected
      }
      lineIDs.removeAll(keepingCapacity: true)
      var position = afterCharacter + 1
      while position < end {
        if bytes[position] == HanTableText.space {
          position += 1
          continue
        }
        let tokenStart = position
        var packed: UInt64 = 0
        while position < end && bytes[position] != HanTableText.space {
          let byte = bytes[position]
          guard byte >= 0x61 && byte <= 0x7A else {
            return "reading must be lowercase ASCII letters (ü as v); \(expected)"
          }
          packed = packed << 5 | UInt64(byte - 0x60)
          position += 1
        }
        guard position - tokenStart <= Self.maxSyllableLength else {
          return "reading longer than \(Self.maxSyllableLength) letters"
        }
        let id: UInt16
        if let known = idsByPacked[packed] {
          id = known
        } else {
          let text = String(
            decoding: UnsafeBufferPointer(rebasing: bytes[tokenStart..<position]),
            as: UTF8.self)
          id = intern(text)
          idsByPacked[packed] = id
        }
        if !lineIDs.contains(id) { lineIDs.append(id) }
      }
      guard !lineIDs.isEmpty else { return "no readings; \(expected)" }
      guard lineIDs.count <= Self.maxReadings else {
        return "more than \(Self.maxReadings) readings"
      }
      let ids = lineIDs
      guard add(scalar, ids) else {
        return "duplicate entry for U+\(String(scalar, radix: 16, uppercase: true))"
      }
      return nil
    }
  }
}
