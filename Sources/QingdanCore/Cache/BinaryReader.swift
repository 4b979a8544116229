import Foundation

/// Why a snapshot or a blob could not be read.
public enum SnapshotError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The bytes do not hold what they should; the message says where it went wrong.
  case corrupt(String)

  public var description: String {
    switch self {
    case .corrupt(let message): "corrupt: \(message)"
    }
  }
}

/// Reads a blob made by `BinaryWriter`. Every read is bounds-checked and throws
/// `SnapshotError.corrupt` rather than trapping; counts are checked against the bytes that
/// remain before anything is reserved, so damaged input cannot ask for absurd allocations.
public struct BinaryReader: Sendable {
  private let storage: ByteStorage
  private let end: Int
  /// Where the blob's body starts: aligned arrays are aligned relative to it.
  private let bodyStart: Int
  public private(set) var offset: Int
  /// The blob's string table, shared by the blocks read from it.
  private let strings: StringTable

  /// Reads the string table at the start of `bytes`; the body follows.
  public init(bytes: [UInt8]) throws(SnapshotError) {
    let storage = ByteStorage(copying: bytes)
    try self.init(storage: storage, blob: 0..<storage.count)
  }

  /// The blob at `blob` of `storage`, read in place: its string table, then its body.
  /// With `lazyStrings`, a string is made from the mapped bytes each time it is read,
  /// instead of all of them once at the start (for blobs read only here and there: the
  /// catalogues, whose items are decoded when shown).
  init(storage: ByteStorage, blob: Range<Int>, lazyStrings: Bool = false) throws(SnapshotError) {
    var reader = BinaryReader(storage: storage, range: blob, strings: [])
    let strings =
      lazyStrings
      ? StringTable.lazy(try reader.readStringStarts()) : .decoded(try reader.readStringTable())
    try reader.skipPadding(to: BinaryWriter.bodyAlignment, from: blob.lowerBound)
    self.init(storage: storage, range: reader.offset..<blob.upperBound, strings: strings)
  }

  /// A reader for bytes that have no string table (string reads then fail).
  public init(rawBytes bytes: [UInt8]) {
    let storage = ByteStorage(copying: bytes)
    self.init(storage: storage, range: 0..<storage.count, strings: [])
  }

  /// The bytes of `range` of `storage` (checked by the caller), without a string table.
  init(storage: ByteStorage, raw range: Range<Int>) {
    self.init(storage: storage, range: range, strings: [])
  }

  private init(
    storage: ByteStorage, range: Range<Int>, strings: StringTable, bodyStart: Int? = nil
  ) {
    self.storage = storage
    self.offset = range.lowerBound
    self.end = range.upperBound
    self.strings = strings
    self.bodyStart = bodyStart ?? range.lowerBound
  }

  /// Which string table this reader's string ids index: the readers of one blob, and the
  /// blocks read from it, share one.
  var stringTableIdentity: StringTableIdentity {
    StringTableIdentity(storage: ObjectIdentifier(storage), body: bodyStart)
  }

  public var remaining: Int { end - offset }
  /// How many strings the blob's table holds (string ids are below this).
  var stringCount: Int { strings.count }
  public var isAtEnd: Bool { offset == end }

  /// Throws unless every byte was read: trailing bytes mean the writer and reader disagree.
  public func expectEnd(_ context: @autoclosure () -> String) throws(SnapshotError) {
    guard isAtEnd else {
      throw .corrupt("\(remaining) unexpected byte(s) after \(context())")
    }
  }

  public mutating func readByte() throws(SnapshotError) -> UInt8 {
    guard offset < end else { throw .corrupt("unexpected end of data") }
    defer { offset += 1 }
    return storage.bytes[offset]
  }

  public mutating func readBool() throws(SnapshotError) -> Bool {
    switch try readByte() {
    case 0: return false
    case 1: return true
    case let byte: throw .corrupt("\(byte) is not a Bool")
    }
  }

  public mutating func readFixed<T: FixedWidthInteger>(_: T.Type) throws(SnapshotError) -> T {
    let size = MemoryLayout<T>.size
    try require(size)
    let value = storage.bytes.loadUnaligned(fromByteOffset: offset, as: T.self)
    offset += size
    return T(littleEndian: value)
  }

  public mutating func readVarint() throws(SnapshotError) -> UInt64 {
    var value: UInt64 = 0
    var shift: UInt64 = 0
    while true {
      let byte = try readByte()
      if shift == 63 && byte > 1 { throw .corrupt("varint overflows 64 bits") }
      value |= UInt64(byte & 0x7F) << shift
      if byte < 0x80 { return value }
      shift += 7
      if shift > 63 { throw .corrupt("varint longer than 10 bytes") }
    }
  }

  public mutating func readInt() throws(SnapshotError) -> Int {
    let zigzag = try readVarint()
    let wide = Int64(bitPattern: zigzag >> 1) ^ -Int64(bitPattern: zigzag & 1)
    guard let value = Int(exactly: wide) else { throw .corrupt("\(wide) does not fit an Int") }
    return value
  }

  public mutating func readFloat() throws(SnapshotError) -> Float {
    Float(bitPattern: try readFixed(UInt32.self))
  }

  public mutating func readDouble() throws(SnapshotError) -> Double {
    Double(bitPattern: try readFixed(UInt64.self))
  }

  /// An element count, checked against the bytes left: each element takes at least
  /// `minimumElementBytes`, so a damaged count fails here instead of reserving memory.
  public mutating func readCount(minimumElementBytes: Int = 1) throws(SnapshotError) -> Int {
    let count = try readVarint()
    guard count <= UInt64(remaining / max(1, minimumElementBytes)) else {
      throw .corrupt("a count of \(count) does not fit the \(remaining) byte(s) left")
    }
    return Int(count)
  }

  /// An array written by `BinaryWriter.writeArray`, copied in one go.
  public mutating func readArray<T: RawArrayElement>(_: T.Type) throws(SnapshotError) -> [T] {
    let stride = MemoryLayout<T>.stride
    let count = try readCount(minimumElementBytes: stride)
    let byteCount = count * stride
    // An empty array is the shared empty storage, which initialising would write to (a
    // data race between threads reading snapshots at once, ThreadSanitizer says).
    guard count > 0 else { return [] }
    let values = [T](unsafeUninitializedCapacity: count) { buffer, initialized in
      UnsafeMutableRawBufferPointer(buffer).copyMemory(
        from: UnsafeRawBufferPointer(rebasing: storage.bytes[offset..<offset + byteCount]))
      initialized = count
    }
    offset += byteCount
    #if _endian(little)
      return values
    #else
      return values.map(\.byteSwapped)
    #endif
  }

  /// An array written by `BinaryWriter.writeAlignedArray`, viewed in place (no copy, no
  /// pass over its elements: a mapped snapshot's pages are read only when used).
  mutating func readColumn<T: RawArrayElement>(_: T.Type) throws(SnapshotError) -> Column<T> {
    let stride = MemoryLayout<T>.stride
    let count = try readVarint()
    try skipPadding(to: MemoryLayout<T>.alignment, from: bodyStart)
    guard count <= UInt64(remaining / stride) else {
      throw .corrupt("a count of \(count) does not fit the \(remaining) byte(s) left")
    }
    let byteCount = Int(count) * stride
    let address = Int(bitPattern: storage.bytes.baseAddress) + offset
    defer { offset += byteCount }
    #if _endian(little)
      if address % MemoryLayout<T>.alignment == 0 {
        return Column(viewing: storage, offset: offset, count: Int(count))
      }
    #endif
    // Only a blob copied to an odd address (never a mapped file), or a big-endian host.
    guard count > 0 else { return Column([]) }
    let values = [T](unsafeUninitializedCapacity: Int(count)) { buffer, initialized in
      UnsafeMutableRawBufferPointer(buffer).copyMemory(
        from: UnsafeRawBufferPointer(rebasing: storage.bytes[offset..<offset + byteCount]))
      initialized = Int(count)
    }
    #if _endian(little)
      return Column(values)
    #else
      return Column(values.map(\.byteSwapped))
    #endif
  }

  /// Skips the zero bytes that align the next value to `alignment` relative to `origin`.
  mutating func skipPadding(to alignment: Int, from origin: Int) throws(SnapshotError) {
    let padding = BinaryWriter.padding(at: offset - origin, alignment: alignment)
    try require(padding)
    offset += padding
  }

  public mutating func readBytes() throws(SnapshotError) -> [UInt8] {
    try readArray(UInt8.self)
  }

  public mutating func readString() throws(SnapshotError) -> String {
    string(Int(try readStringID()))
  }

  /// The table index of the next string, checked, without making the string.
  mutating func readStringID() throws(SnapshotError) -> UInt32 {
    let index = try readVarint()
    guard index < UInt64(strings.count), index <= UInt64(UInt32.max) else {
      throw .corrupt("string \(index) is not in the table of \(strings.count)")
    }
    return UInt32(index)
  }

  /// The string at a table index from `readStringID`.
  func string(_ index: Int) -> String {
    switch strings {
    case .decoded(let decoded): return decoded[index]
    case .lazy(let starts):
      return withExtendedLifetime(storage) {
        String(
          decoding: UnsafeRawBufferPointer(rebasing: storage.bytes[starts.range(of: index)])
            .assumingMemoryBound(to: UInt8.self), as: UTF8.self)
      }
    }
  }

  public mutating func readOptionalString() throws(SnapshotError) -> String? {
    let reference = try readVarint()
    guard reference > 0 else { return nil }
    guard reference <= UInt64(strings.count) else {
      throw .corrupt("string \(reference - 1) is not in the table of \(strings.count)")
    }
    return string(Int(reference - 1))
  }

  /// Lets go of the string table's pages (see `ByteStorage.releasePages`): after a pass
  /// that made names from it here and there.
  func releaseStringTablePages() {
    guard case .lazy(let starts) = strings else { return }
    storage.releasePages(starts.whole)
  }

  /// Lets go of the pages between `start` and where this reader is (see
  /// `ByteStorage.releasePages`): a pass that reads bytes once need not keep them resident.
  func releasePages(from start: Int) {
    storage.releasePages(start..<offset)
  }

  /// Moves to `offset` of the storage, which must lie within this reader's bytes (an
  /// offset this reader's `offset` had before).
  mutating func seek(to offset: Int) throws(SnapshotError) {
    guard offset >= bodyStart, offset <= end else {
      throw .corrupt("offset \(offset) lies outside the blob")
    }
    self.offset = offset
  }

  /// A block written by `BinaryWriter.writeBlock`, as its own reader sharing the string
  /// table (no bytes are copied); this reader moves past it.
  public mutating func readBlock() throws(SnapshotError) -> BinaryReader {
    let length = Int(try readFixed(UInt32.self))
    try require(length)
    let block = BinaryReader(
      storage: storage, range: offset..<offset + length, strings: strings, bodyStart: bodyStart)
    offset += length
    return block
  }

  private func require(_ count: Int) throws(SnapshotError) {
    guard count <= remaining else {
      throw .corrupt("needs \(count) byte(s), \(remaining) left")
    }
  }

  /// Where each string of the table starts in the storage (and the last one ends); the
  /// reader moves past the table.
  private mutating func readStringStarts() throws(SnapshotError) -> StringStarts {
    let lengths = try readArray(UInt32.self)
    var offsets = [UInt32](repeating: 0, count: lengths.count + 1)
    var total = 0
    for (index, length) in lengths.enumerated() {
      total += Int(length)
      guard total <= remaining, total <= UInt32.max else {
        throw .corrupt("string table needs \(total) byte(s), \(remaining) left")
      }
      offsets[index + 1] = UInt32(total)
    }
    defer { offset += total }
    return StringStarts(base: offset, offsets: offsets)
  }

  /// Creates each string once, on every core when there are many.
  private mutating func readStringTable() throws(SnapshotError) -> [String] {
    let starts = try readStringStarts()
    let count = starts.offsets.count - 1
    guard count > 0 else { return [] }
    let chunks = count < 4096 ? 1 : ProcessInfo.processInfo.activeProcessorCount * 4
    let source = storage.bytes
    return withExtendedLifetime(storage) {
      [String](unsafeUninitializedCapacity: count) { buffer, initialized in
        // Chunks write disjoint slots of `buffer` and only read `source` and `starts`.
        nonisolated(unsafe) let slots = buffer
        nonisolated(unsafe) let bytes = source
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
          for index in (count * chunk / chunks)..<(count * (chunk + 1) / chunks) {
            let utf8 = UnsafeRawBufferPointer(rebasing: bytes[starts.range(of: index)])
            (slots.baseAddress! + index).initialize(
              to: String(decoding: utf8.assumingMemoryBound(to: UInt8.self), as: UTF8.self))
          }
        }
        initialized = count
      }
    }
  }
}

/// See `BinaryReader.stringTableIdentity`.
struct StringTableIdentity: Hashable, Sendable {
  let storage: ObjectIdentifier
  let body: Int
}

/// A blob's strings: made once at the start, or from the bytes at each read.
private enum StringTable: Sendable {
  case decoded([String])
  /// Where each string starts in the storage, and where the last one ends.
  case lazy(StringStarts)

  var count: Int {
    switch self {
    case .decoded(let strings): strings.count
    case .lazy(let starts): starts.offsets.count - 1
    }
  }
}

/// Where a string table's strings lie in the storage: offsets from the table's start, four
/// bytes each (a province's 80,000 names, held by every browser for its whole session).
private struct StringStarts: Sendable {
  let base: Int
  /// Each string's start from `base`, then the end of the last.
  let offsets: [UInt32]

  func range(of index: Int) -> Range<Int> {
    base + Int(offsets[index])..<base + Int(offsets[index + 1])
  }

  var whole: Range<Int> { base..<base + Int(offsets.last ?? 0) }
}

extension StringTable: ExpressibleByArrayLiteral {
  init(arrayLiteral elements: String...) { self = .decoded(elements) }
}
