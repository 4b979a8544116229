import Foundation
import Synchronization

/// `(0..<count).map(transform)` on every core, results in order. For work split into a few
/// large independent pieces (files, ranges of items).
func concurrentMap<Result: Sendable>(
  _ count: Int, _ transform: @Sendable (Int) -> Result
) -> [Result] {
  let results = Mutex<[Result?]>(Array(repeating: nil, count: count))
  DispatchQueue.concurrentPerform(iterations: count) { index in
    let result = transform(index)
    results.withLock { $0[index] = result }
  }
  return results.withLock { $0.map { $0! } }
}

/// Runs two independent pieces of work at once and returns both results.
func concurrently<First: Sendable, Second: Sendable>(
  _ first: @Sendable () -> First, and second: @Sendable () -> Second
) -> (First, Second) {
  let results = Mutex<(First?, Second?)>((nil, nil))
  DispatchQueue.concurrentPerform(iterations: 2) { index in
    if index == 0 {
      let value = first()
      results.withLock { $0.0 = value }
    } else {
      let value = second()
      results.withLock { $0.1 = value }
    }
  }
  return results.withLock { ($0.0!, $0.1!) }
}

/// `0..<count` cut into about `pieces` contiguous ranges, in order.
func contiguousRanges(_ count: Int, pieces: Int) -> [Range<Int>] {
  let pieces = max(1, min(pieces, count))
  return (0..<pieces).map { piece in (count * piece / pieces)..<(count * (piece + 1) / pieces) }
}

/// A buffer that several threads fill at disjoint positions. The caller guarantees that no
/// two threads write the same position and that nobody reads until all writers are done.
struct DisjointWrites<Element>: @unchecked Sendable {
  let buffer: UnsafeMutableBufferPointer<Element>

  @inline(__always)
  func write(_ value: Element, at position: Int) { buffer[position] = value }
}
