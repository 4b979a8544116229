import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Why a compiled tables file could not be used.
struct TableFormatError: Error, Sendable, CustomStringConvertible {
  var reason: String
  init(_ reason: String) { self.reason = reason }
  var description: String { reason }
}

/// The read-only bytes the search tables are read from in place: a file mapped shared
/// (every process on the machine reads the same pages) or, when there is no file, memory of
/// its own. Freed with the last table that reads it.
final class TableStorage: @unchecked Sendable {
  let base: UnsafeRawPointer
  let count: Int
  private let release: @Sendable (UnsafeMutableRawPointer, Int) -> Void

  private init(
    base: UnsafeRawPointer, count: Int,
    release: @escaping @Sendable (UnsafeMutableRawPointer, Int) -> Void
  ) {
    self.base = base
    self.count = count
    self.release = release
  }

  deinit { release(UnsafeMutableRawPointer(mutating: base), count) }

  /// A copy of `bytes` in memory of its own, 16-byte aligned.
  convenience init(copying bytes: UnsafeRawBufferPointer) {
    let memory = UnsafeMutableRawPointer.allocate(byteCount: max(bytes.count, 1), alignment: 16)
    if let source = bytes.baseAddress, bytes.count > 0 {
      memory.copyMemory(from: source, byteCount: bytes.count)
    }
    self.init(base: memory, count: bytes.count) { pointer, _ in pointer.deallocate() }
  }

  static func copying(_ bytes: [UInt8]) -> TableStorage {
    bytes.withUnsafeBytes { TableStorage(copying: $0) }
  }

  /// The file mapped read-only and shared; nil (with errno's reason) when it cannot be.
  static func mapping(fileDescriptor: Int32, size: Int) -> Result<TableStorage, TableFormatError> {
    guard size > 0 else { return .failure(TableFormatError("empty file")) }
    guard let address = mmap(nil, size, PROT_READ, MAP_SHARED, fileDescriptor, 0),
      address != MAP_FAILED
    else {
      return .failure(TableFormatError("cannot map: \(String(cString: strerror(errno)))"))
    }
    return .success(
      TableStorage(base: UnsafeRawPointer(address), count: size) { pointer, count in
        munmap(pointer, count)
      })
  }

  var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }
}

extension TableStorage {
  /// Arrays of values in memory of their own, laid out as a compiled file would hold them.
  static func holding<Element: BitwiseCopyable>(_ elements: [Element]) -> TableArray<Element> {
    let storage = elements.withUnsafeBytes { TableStorage(copying: $0) }
    return TableArray(storage: storage, offset: 0, count: elements.count)
  }
}

/// A fixed-size array of plain values inside a `TableStorage`, read in place. Every index
/// is checked; the arrays themselves were checked to lie inside the storage when it was
/// opened.
struct TableArray<Element: BitwiseCopyable>: @unchecked Sendable, RandomAccessCollection {
  private let storage: TableStorage?
  private let base: UnsafePointer<Element>?
  let count: Int

  init() {
    storage = nil
    base = nil
    count = 0
  }

  /// `offset` must be aligned for `Element` and `offset + count * stride` inside `storage`
  /// (`TableReader` checks both).
  fileprivate init(storage: TableStorage, offset: Int, count: Int) {
    precondition(
      offset % MemoryLayout<Element>.alignment == 0
        && offset + count * MemoryLayout<Element>.stride <= storage.count)
    self.storage = storage
    base = count == 0 ? nil : (storage.base + offset).assumingMemoryBound(to: Element.self)
    self.count = count
  }

  var startIndex: Int { 0 }
  var endIndex: Int { count }

  @inline(__always)
  subscript(position: Int) -> Element {
    precondition(position >= 0 && position < count, "table index out of range")
    return base.unsafelyUnwrapped[position]
  }

  var buffer: UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: base, count: count) }
}

/// Appends the parts of a compiled tables file: integers, arrays and strings, each aligned
/// to its size so that a reader can use them where they lie. Little-endian.
struct TableWriter {
  private(set) var bytes: [UInt8] = []

  mutating func align(_ alignment: Int) {
    while bytes.count % alignment != 0 { bytes.append(0) }
  }

  /// Overwrites the 8 bytes at `offset` (a length or checksum known only at the end).
  mutating func patch(_ value: UInt64, at offset: Int) {
    withUnsafeBytes(of: value.littleEndian) { bytes.replaceSubrange(offset..<offset + 8, with: $0) }
  }

  mutating func u32(_ value: UInt32) { array([value]) }
  mutating func u64(_ value: UInt64) { array([value]) }
  mutating func int(_ value: Int) { u64(UInt64(value)) }

  /// The elements, aligned, without their count (see `counted`).
  mutating func array<Element: BitwiseCopyable & FixedWidthInteger>(_ elements: [Element]) {
    align(MemoryLayout<Element>.alignment)
    #if _endian(little)
      // In memory as in the file: one copy (element by element was most of compiling).
      elements.withUnsafeBytes { bytes.append(contentsOf: $0) }
    #else
      for element in elements {
        withUnsafeBytes(of: element.littleEndian) { bytes.append(contentsOf: $0) }
      }
    #endif
  }

  mutating func counted<Element: BitwiseCopyable & FixedWidthInteger>(_ elements: [Element]) {
    u64(UInt64(elements.count))
    array(elements)
  }

  /// Strings in the given order: a count, the end offset of each, then their UTF-8 bytes.
  mutating func strings(_ strings: [String]) {
    var ends: [UInt32] = []
    var blob: [UInt8] = []
    for string in strings {
      blob.append(contentsOf: string.utf8)
      ends.append(UInt32(blob.count))
    }
    counted(ends)
    counted(blob)
  }
}

/// Reads what `TableWriter` wrote, in the same order, refusing anything that would reach
/// past the end of its range.
struct TableReader {
  let storage: TableStorage
  private(set) var offset: Int
  let end: Int

  init(storage: TableStorage, range: Range<Int>) {
    self.storage = storage
    offset = range.lowerBound
    end = range.upperBound
  }

  private mutating func align(_ alignment: Int) {
    offset = (offset + alignment - 1) / alignment * alignment
  }

  mutating func u32() throws(TableFormatError) -> UInt32 { try scalar(UInt32.self) }
  mutating func u64() throws(TableFormatError) -> UInt64 { try scalar(UInt64.self) }

  /// A count or length, refused when larger than the whole file could hold.
  mutating func int() throws(TableFormatError) -> Int {
    let value = try u64()
    guard value <= UInt64(storage.count) else { throw TableFormatError("a count out of range") }
    return Int(value)
  }

  private mutating func scalar<Value: FixedWidthInteger>(_: Value.Type) throws(TableFormatError)
    -> Value
  {
    align(MemoryLayout<Value>.alignment)
    guard offset + MemoryLayout<Value>.size <= end else {
      throw TableFormatError("truncated")
    }
    let value = storage.base.loadUnaligned(fromByteOffset: offset, as: Value.self)
    offset += MemoryLayout<Value>.size
    return Value(littleEndian: value)
  }

  /// `count` elements in place (the format is little-endian, as every machine qingdan runs
  /// on; `SearchTablesFile` refuses a file written on another byte order).
  mutating func array<Element: BitwiseCopyable>(_: Element.Type, count: Int)
    throws(TableFormatError) -> TableArray<Element>
  {
    align(MemoryLayout<Element>.alignment)
    let (size, overflow) = count.multipliedReportingOverflow(by: MemoryLayout<Element>.stride)
    guard !overflow, count >= 0, offset <= end, size <= end - offset else {
      throw TableFormatError("truncated: an array reaches past its section")
    }
    let array = TableArray<Element>(storage: storage, offset: offset, count: count)
    offset += size
    return array
  }

  mutating func counted<Element: BitwiseCopyable>(_ type: Element.Type) throws(TableFormatError)
    -> TableArray<Element>
  {
    try array(type, count: try int())
  }

  mutating func strings() throws(TableFormatError) -> TableStrings {
    TableStrings(ends: try counted(UInt32.self), bytes: try counted(UInt8.self))
  }
}

/// Strings stored back to back (`TableWriter.strings`). A string whose recorded bounds are
/// out of order or outside the bytes reads as empty: damage gives a wrong word, not a crash.
struct TableStrings: Sendable {
  private let ends: TableArray<UInt32>
  private let bytes: TableArray<UInt8>

  init() {
    ends = TableArray()
    bytes = TableArray()
  }

  init(ends: TableArray<UInt32>, bytes: TableArray<UInt8>) {
    self.ends = ends
    self.bytes = bytes
  }

  /// Strings in memory of their own, in the given order.
  init(_ strings: [String]) {
    var writer = TableWriter()
    writer.strings(strings)
    var reader = TableReader(
      storage: .copying(writer.bytes), range: 0..<writer.bytes.count)
    // What was just written reads back.
    self = try! reader.strings()
  }

  var count: Int { ends.count }

  @inline(__always)
  func utf8(at index: Int) -> UnsafeBufferPointer<UInt8> {
    let start = index == 0 ? 0 : Int(ends[index - 1])
    let end = Int(ends[index])
    guard start <= end, end <= bytes.count else { return UnsafeBufferPointer(start: nil, count: 0) }
    return UnsafeBufferPointer(rebasing: bytes.buffer[start..<end])
  }

  func string(at index: Int) -> String { String(decoding: utf8(at: index), as: UTF8.self) }

  /// For strings sorted by their UTF-8 bytes: the index of `key`, or nil.
  func sortedIndex(of key: some StringProtocol) -> Int? {
    var key = String(key)
    return key.withUTF8 { target in
      let low = (0..<count).lowerBound { Self.compare(utf8(at: $0), target) < 0 }
      guard low < count, Self.compare(utf8(at: low), target) == 0 else { return nil }
      return low
    }
  }

  func sortedContains(_ key: some StringProtocol) -> Bool { sortedIndex(of: key) != nil }

  /// For strings sorted by their UTF-8 bytes: whether `key` is one, and whether a longer
  /// one begins with it (those sort right after where `key` would be).
  func sortedLookup(_ key: some StringProtocol) -> WordLookup {
    var key = String(key)
    return key.withUTF8 { target in
      let low = (0..<count).lowerBound { Self.compare(utf8(at: $0), target) < 0 }
      let isWord = low < count && Self.compare(utf8(at: low), target) == 0
      let next = isWord ? low + 1 : low
      guard next < count else { return WordLookup(isWord: isWord, isPrefix: false) }
      let following = utf8(at: next)
      return WordLookup(
        isWord: isWord,
        isPrefix: following.count > target.count
          && Self.compare(UnsafeBufferPointer(rebasing: following.prefix(target.count)), target)
            == 0
      )
    }
  }

  /// Byte order: negative, zero or positive as `a` sorts before, equal to or after `b`.
  @inline(__always)
  static func compare(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Int {
    let common = min(a.count, b.count)
    if common > 0, let left = a.baseAddress, let right = b.baseAddress {
      let order = memcmp(left, right, common)
      if order != 0 { return Int(order) }
    }
    return a.count - b.count
  }

  var all: [String] { (0..<count).map(string(at:)) }
}

/// Sorted keys, each with a list of strings (`word → [terms]`), read in place.
struct TableWordMap: Sendable {
  let keys: TableStrings
  private let valueEnds: TableArray<UInt32>
  private let values: TableStrings

  init() {
    keys = TableStrings()
    valueEnds = TableArray()
    values = TableStrings()
  }

  /// Keys are sorted by their bytes here; each list keeps its order.
  static func write(_ map: [String: [String]], to writer: inout TableWriter) {
    let keys = map.keys.sorted(by: ExactString.bytesPrecede)
    var ends: [UInt32] = []
    var values: [String] = []
    for key in keys {
      values += map[key]!
      ends.append(UInt32(values.count))
    }
    writer.strings(keys)
    writer.counted(ends)
    writer.strings(values)
  }

  init(reading reader: inout TableReader) throws(TableFormatError) {
    keys = try reader.strings()
    valueEnds = try reader.counted(UInt32.self)
    values = try reader.strings()
    guard valueEnds.count == keys.count else {
      throw TableFormatError("a word table has \(keys.count) keys but \(valueEnds.count) lists")
    }
  }

  init(_ map: [String: [String]]) {
    var writer = TableWriter()
    Self.write(map, to: &writer)
    var reader = TableReader(
      storage: .copying(writer.bytes), range: 0..<writer.bytes.count)
    self = try! Self(reading: &reader)
  }

  var count: Int { keys.count }

  func values(at index: Int) -> [String] {
    let start = index == 0 ? 0 : Int(valueEnds[index - 1])
    let end = Int(valueEnds[index])
    guard start <= end, end <= values.count else { return [] }
    return (start..<end).map(values.string(at:))
  }

  subscript(key: some StringProtocol) -> [String]? {
    keys.sortedIndex(of: key).map(values(at:))
  }

  func contains(_ key: some StringProtocol) -> Bool { keys.sortedContains(key) }

  func lookup(_ key: some StringProtocol) -> WordLookup { keys.sortedLookup(key) }
}
