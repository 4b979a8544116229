/// One caller section of a snapshot: a blob written by a `BinaryWriter`. Read from a
/// snapshot file it is a view of the mapped file (a search index is most of the file;
/// copying it out would cost every process its own copy of the index).
public struct SnapshotSection: Sendable, Equatable {
  private let storage: ByteStorage
  private let range: Range<Int>
  /// The checksum the snapshot's section table gives for these bytes; nil for a section
  /// made in this process.
  let expectedChecksum: UInt64?

  public init(_ bytes: [UInt8]) {
    storage = ByteStorage(copying: bytes)
    range = 0..<bytes.count
    expectedChecksum = nil
  }

  /// `range` of `storage`, which the caller has checked is in bounds.
  init(storage: ByteStorage, range: Range<Int>, checksum: UInt64?) {
    self.storage = storage
    self.range = range
    expectedChecksum = checksum
  }

  /// A copy of the blob's bytes.
  public var bytes: [UInt8] { storage.copy(range) }

  public var count: Int { range.count }

  /// A reader for the blob, in place.
  public func reader() throws(SnapshotError) -> BinaryReader {
    try BinaryReader(storage: storage, blob: range)
  }

  /// The hash of the bytes (reads every page of them).
  var checksum: UInt64 {
    withExtendedLifetime(storage) {
      ContentHash.hash(UnsafeRawBufferPointer(rebasing: storage.bytes[range]))
    }
  }

  /// Throws unless the bytes hash to what the section table recorded for them.
  func verify(_ name: String) throws(SnapshotError) {
    guard let expectedChecksum, checksum != expectedChecksum else { return }
    throw .corrupt("checksum mismatch in section \(name)")
  }

  var lowerBound: Int { range.lowerBound }

  /// After a pass over the whole section (decoding, validating): its pages leave this
  /// process's resident set, and come back from the page cache as they are read again.
  func releasePages() {
    storage.releasePages(range)
  }

  /// The bytes at `offsets` from this section's start (checked by the caller).
  func subsection(_ offsets: Range<UInt64>, checksum: UInt64?) -> SnapshotSection {
    SnapshotSection(
      storage: storage,
      range: range.lowerBound + Int(offsets.lowerBound)..<range.lowerBound
        + Int(offsets.upperBound),
      checksum: checksum)
  }

  /// The bytes in place, for hashing or writing them without a copy.
  func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
    try withExtendedLifetime(storage) {
      try body(UnsafeRawBufferPointer(rebasing: storage.bytes[range]))
    }
  }

  public static func == (lhs: Self, rhs: Self) -> Bool {
    lhs.withBytes { left in rhs.withBytes { right in left.elementsEqual(right) } }
  }
}
