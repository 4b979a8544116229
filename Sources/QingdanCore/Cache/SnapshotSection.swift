/// One caller section of a snapshot: a blob written by a `BinaryWriter`. Read from a
/// snapshot file it stays a view of the bytes read (a search index is most of the file;
/// copying it out first would double the memory and time of a warm start).
public struct SnapshotSection: Sendable, Equatable {
  private let storage: [UInt8]
  private let range: Range<Int>

  public init(_ bytes: [UInt8]) {
    storage = bytes
    range = bytes.indices
  }

  init(storage: [UInt8], range: Range<Int>) {
    self.storage = storage
    self.range = range
  }

  /// The blob's bytes (a copy only for a view into a larger snapshot).
  public var bytes: [UInt8] { range == storage.indices ? storage : Array(storage[range]) }

  public var count: Int { range.count }

  /// A reader for the blob, in place.
  public func reader() throws(SnapshotError) -> BinaryReader {
    try BinaryReader(storage: storage, blob: range)
  }

  public static func == (lhs: Self, rhs: Self) -> Bool {
    lhs.storage[lhs.range].elementsEqual(rhs.storage[rhs.range])
  }
}
