/// A value that bulk array reads and writes copy as raw bytes (little-endian on disk).
public protocol RawArrayElement: BitwiseCopyable {
  /// The value with its bytes reversed; used only on big-endian hosts.
  var byteSwapped: Self { get }
}

extension UInt8: RawArrayElement {}
extension UInt16: RawArrayElement {}
extension UInt32: RawArrayElement {}
extension UInt64: RawArrayElement {}
// As 64 bits: snapshots are written and read on 64-bit hosts only.
extension Int: RawArrayElement {}
extension Int32: RawArrayElement {}
extension Int64: RawArrayElement {}
extension Float: RawArrayElement {
  public var byteSwapped: Float { Float(bitPattern: bitPattern.byteSwapped) }
}
extension Double: RawArrayElement {
  public var byteSwapped: Double { Double(bitPattern: bitPattern.byteSwapped) }
}

/// Builds one self-contained binary blob: a string table followed by the values written.
/// Every distinct string (by its exact UTF-8 bytes) is stored once and referenced by index,
/// so a reader creates each distinct `String` once and equal strings share one buffer.
///
/// Blob layout: string count (varint), string byte lengths (raw `[UInt32]`), the strings'
/// UTF-8 bytes back to back, zero bytes up to a multiple of `bodyAlignment`, then the body.
public struct BinaryWriter {
  private var body: [UInt8] = []
  private var stringIndices: [ExactString: UInt32] = [:]
  private var strings: [String] = []

  public init() {}

  /// Bytes of body written so far (the string table is not counted).
  public var bodyCount: Int { body.count }

  public mutating func writeByte(_ value: UInt8) {
    body.append(value)
  }

  public mutating func writeBool(_ value: Bool) {
    body.append(value ? 1 : 0)
  }

  /// Little-endian, `T.bitWidth / 8` bytes.
  public mutating func writeFixed<T: FixedWidthInteger>(_ value: T) {
    withUnsafeBytes(of: value.littleEndian) { body.append(contentsOf: $0) }
  }

  /// LEB128: 7 bits a byte, low bits first.
  public mutating func writeVarint(_ value: UInt64) {
    var value = value
    while value >= 0x80 {
      body.append(UInt8(truncatingIfNeeded: value) | 0x80)
      value >>= 7
    }
    body.append(UInt8(value))
  }

  /// A signed integer, zigzag-encoded so small negative numbers stay short.
  public mutating func writeInt(_ value: Int) {
    let wide = Int64(value)
    writeVarint(UInt64(bitPattern: (wide << 1) ^ (wide >> 63)))
  }

  public mutating func writeFloat(_ value: Float) {
    writeFixed(value.bitPattern)
  }

  public mutating func writeDouble(_ value: Double) {
    writeFixed(value.bitPattern)
  }

  /// The element count (varint), then the elements' bytes in one copy.
  public mutating func writeArray<T: RawArrayElement>(_ values: [T]) {
    writeVarint(UInt64(values.count))
    #if _endian(little)
      values.withUnsafeBytes { body.append(contentsOf: $0) }
    #else
      values.map(\.byteSwapped).withUnsafeBytes { body.append(contentsOf: $0) }
    #endif
  }

  /// Like `writeArray`, but the elements start at an offset of the body aligned for `T`
  /// (zero bytes between), so that a reader of a mapped blob can view them in place
  /// (`BinaryReader.readColumn`).
  public mutating func writeAlignedArray<T: RawArrayElement>(_ values: [T]) {
    writeVarint(UInt64(values.count))
    body.append(
      contentsOf: repeatElement(
        0, count: Self.padding(at: body.count, alignment: MemoryLayout<T>.alignment)))
    #if _endian(little)
      values.withUnsafeBytes { body.append(contentsOf: $0) }
    #else
      values.map(\.byteSwapped).withUnsafeBytes { body.append(contentsOf: $0) }
    #endif
  }

  /// The body starts at this alignment relative to the blob, so aligned arrays in it are
  /// aligned in any copy or mapping of the blob that is itself aligned this much.
  static let bodyAlignment = 16

  /// Zero bytes that bring `offset` to a multiple of `alignment`.
  static func padding(at offset: Int, alignment: Int) -> Int {
    (alignment - offset % alignment) % alignment
  }

  /// Opaque bytes: their count (varint), then the bytes.
  public mutating func writeBytes(_ bytes: [UInt8]) {
    writeArray(bytes)
  }

  /// A reference into the string table.
  public mutating func writeString(_ string: String) {
    writeVarint(UInt64(intern(string)))
  }

  /// 0 for nil, else the string's table index + 1.
  public mutating func writeOptionalString(_ string: String?) {
    guard let string else { return writeVarint(0) }
    writeVarint(UInt64(intern(string)) + 1)
  }

  /// Writes what `body` writes as a block prefixed with its byte length, so that a reader
  /// can skip it or hand it to another thread (`BinaryReader.readBlock`).
  public mutating func writeBlock(_ content: (inout BinaryWriter) -> Void) {
    let lengthOffset = body.count
    writeFixed(UInt32(0))
    let start = body.count
    content(&self)
    let length = UInt32(body.count - start)
    withUnsafeBytes(of: length.littleEndian) { bytes in
      for (index, byte) in bytes.enumerated() { body[lengthOffset + index] = byte }
    }
  }

  /// The blob: string table, then body.
  public func finish() -> [UInt8] {
    var header = BinaryWriter()
    header.writeVarint(UInt64(strings.count))
    let lengths = strings.map { UInt32($0.utf8.count) }
    let utf8Count = lengths.reduce(0) { $0 + Int($1) }
    var result: [UInt8] = []
    result.reserveCapacity(header.body.count + lengths.count * 4 + utf8Count + body.count)
    result += header.body
    #if _endian(little)
      lengths.withUnsafeBytes { result.append(contentsOf: $0) }
    #else
      lengths.map(\.byteSwapped).withUnsafeBytes { result.append(contentsOf: $0) }
    #endif
    for string in strings { result.append(contentsOf: string.utf8) }
    result.append(
      contentsOf: repeatElement(
        0, count: Self.padding(at: result.count, alignment: Self.bodyAlignment)))
    result += body
    return result
  }

  /// The string's index in the table (added when new), for columns of string ids.
  mutating func stringID(_ string: String) -> UInt32 {
    intern(string)
  }

  private mutating func intern(_ string: String) -> UInt32 {
    let key = ExactString(string)
    if let index = stringIndices[key] { return index }
    let index = UInt32(strings.count)
    stringIndices[key] = index
    strings.append(string)
    return index
  }
}
