/// A run of fixed-size values read in place: either an array built in this process or a
/// view into a mapped snapshot (`ByteStorage`), kept alive by `owner`. Elements are read
/// with the same bounds check an `Array` makes; the hot loops take `withUnsafeBufferPointer`.
struct Column<Element: BitwiseCopyable>: RandomAccessCollection, @unchecked Sendable {
  private let buffer: UnsafeBufferPointer<Element>
  /// What keeps `buffer` valid: a `ByteStorage` or the array's holder.
  private let owner: AnyObject?

  /// The array's elements, kept in place (the array is never mutated again).
  init(_ array: [Element]) {
    let holder = ArrayHolder(array)
    buffer = holder.buffer
    owner = holder
  }

  /// `count` elements at `offset` of `storage`; the caller has checked the range and the
  /// alignment.
  init(viewing storage: ByteStorage, offset: Int, count: Int) {
    let start = storage.bytes.baseAddress.map {
      ($0 + offset).assumingMemoryBound(to: Element.self)
    }
    buffer = UnsafeBufferPointer(start: start, count: count)
    owner = storage
  }

  init() { self.init([]) }

  var startIndex: Int { 0 }
  var endIndex: Int { buffer.count }
  var count: Int { buffer.count }

  @inline(__always)
  subscript(position: Int) -> Element {
    precondition(UInt(bitPattern: position) < UInt(bitPattern: buffer.count), "index out of range")
    return buffer[position]
  }

  @inline(__always)
  func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Element>) throws -> R) rethrows -> R
  {
    try withExtendedLifetime(owner) { try body(buffer) }
  }

  /// `allSatisfy` for a validating pass over a mapped column: the pages checked leave this
  /// process's resident set as the pass goes, 4 MiB at a time (see
  /// `ByteStorage.releasePages`); queries read the few they need back from the page cache.
  func allSatisfyLettingGo(_ predicate: (Element) -> Bool) -> Bool {
    chunksLettingGo { $0.allSatisfy(predicate) }
  }

  /// Passes the column to `body` 4 MiB at a time, letting go of each chunk's pages once it
  /// is checked; false as soon as `body` is.
  fileprivate func chunksLettingGo(_ body: (UnsafeBufferPointer<Element>) -> Bool) -> Bool {
    let chunk = Swift.max(1, (1 << 22) / MemoryLayout<Element>.stride)
    var start = 0
    while start < count {
      let end = Swift.min(start + chunk, count)
      guard body(UnsafeBufferPointer(rebasing: buffer[start..<end])) else { return false }
      if let storage = owner as? ByteStorage, let base = storage.bytes.baseAddress,
        let first = buffer.baseAddress
      {
        let offset = UnsafeRawPointer(first) - base
        let stride = MemoryLayout<Element>.stride
        storage.releasePages(offset + start * stride..<offset + end * stride)
      }
      start = end
    }
    return true
  }

  func withContiguousStorageIfAvailable<R>(
    _ body: (UnsafeBufferPointer<Element>) throws -> R
  ) rethrows -> R? {
    try withUnsafeBufferPointer(body)
  }
}

extension Slice {
  /// The slice's elements as one buffer, for the hot loops.
  @inline(__always)
  func withUnsafeBufferPointer<Element, R>(
    _ body: (UnsafeBufferPointer<Element>) throws -> R
  ) rethrows -> R where Base == Column<Element> {
    try base.withUnsafeBufferPointer { whole in
      try body(UnsafeBufferPointer(rebasing: whole[startIndex..<endIndex]))
    }
  }
}

extension Column where Element: FixedWidthInteger {
  /// The largest element (nil when empty), in one pass a validating read can afford at every
  /// start: a plain loop over the buffer, which the compiler vectorises.
  var maximum: Element? { withUnsafeBufferPointer { largest(in: $0) } }

  /// Whether each element is above (`strictly`) or at least the one before it. Flags
  /// or-ed together with no early exit, so that the loop vectorises.
  func rises(strictly: Bool) -> Bool {
    withUnsafeBufferPointer { values in
      guard values.count > 1 else { return true }
      var falls: UInt8 = 0
      if strictly {
        for index in 1..<values.count { falls |= values[index - 1] >= values[index] ? 1 : 0 }
      } else {
        for index in 1..<values.count { falls |= values[index - 1] > values[index] ? 1 : 0 }
      }
      return falls == 0
    }
  }
}

extension Column where Element: FixedWidthInteger & UnsignedInteger {
  /// Whether every element is below `bound` (ids into a table of `bound` entries).
  func allBelow(_ bound: Int) -> Bool { Self.allBelow(bound, maximum) }

  /// `allBelow` over a mapped column, letting go of its pages as `allSatisfyLettingGo` does.
  func allBelowLettingGo(_ bound: Int) -> Bool {
    chunksLettingGo { Self.allBelow(bound, largest(in: $0)) }
  }

  /// A damaged file's id may not even fit an `Int`: that is "not below" too, not a trap.
  private static func allBelow(_ bound: Int, _ largest: Element?) -> Bool {
    guard let largest else { return true }
    return Int(exactly: largest).map { $0 < bound } ?? false
  }
}

/// The largest of `values` (nil when empty): a plain loop the compiler vectorises.
private func largest<Element: FixedWidthInteger>(
  in values: UnsafeBufferPointer<Element>
) -> Element? {
  guard var largest = values.first else { return nil }
  for value in values { largest = max(largest, value) }
  return largest
}

/// Holds an array so that a `Column` can point into its (never again mutated) storage.
private final class ArrayHolder<Element: BitwiseCopyable>: @unchecked Sendable {
  let array: [Element]
  let buffer: UnsafeBufferPointer<Element>

  init(_ array: [Element]) {
    self.array = array
    // The buffer of an array that is never mutated again stays where it is while the
    // array is alive (an empty one is never read through).
    buffer = array.withUnsafeBufferPointer { $0 }
  }
}
