import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Working arrays that start zero and are zero again whenever they are at rest, in one
/// private anonymous mapping of their own: pages are mapped in only when first written, and
/// `release` hands them all back to the kernel (reading them afterwards gives zeros again),
/// which memory from `malloc` cannot promise.
final class ZeroPages: @unchecked Sendable {
  /// Where each array lies in the mapping: every array starts on a cache line.
  struct Layout {
    fileprivate(set) var byteCount = 0

    /// Room for `count` values of `type`; the returned slot names the array for `buffer`.
    mutating func add<Element>(_ type: Element.Type, _ count: Int) -> Slot<Element> {
      let start = (byteCount + 63) & ~63
      byteCount = start + MemoryLayout<Element>.stride * count
      return Slot(offset: start, count: count)
    }
  }

  struct Slot<Element> {
    let offset: Int
    let count: Int
  }

  private let base: UnsafeMutableRawPointer
  private let length: Int

  init(_ layout: Layout) {
    length = max(layout.byteCount, 1)
    let mapped = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
    guard let mapped, mapped != MAP_FAILED else {
      // As `malloc` does when memory runs out: nothing sensible to go on with.
      fatalError("could not map \(length) bytes of working memory (errno \(errno))")
    }
    base = mapped
  }

  deinit { munmap(base, length) }

  func buffer<Element>(_ slot: Slot<Element>) -> UnsafeMutableBufferPointer<Element> {
    UnsafeMutableBufferPointer(
      start: (base + slot.offset).bindMemory(to: Element.self, capacity: slot.count),
      count: slot.count)
  }

  /// Hands every page back; the arrays read as zero afterwards. Only while they are zero
  /// and unused.
  func release() {
    // Linux maps zero pages in again where private anonymous memory given back is touched
    // (elsewhere the advice need not zero them, so the pages are kept).
    #if canImport(Glibc)
      _ = madvise(base, length, MADV_DONTNEED)
    #endif
  }

  /// How many of the mapping's pages are in memory (`mincore`), nil where unknown.
  var residentPages: Int? {
    #if canImport(Glibc)
      let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
      var resident = [UInt8](repeating: 0, count: (length + pageSize - 1) / pageSize)
      guard mincore(base, length, &resident) == 0 else { return nil }
      return resident.reduce(0) { $0 + Int($1 & 1) }
    #else
      return nil
    #endif
  }

  var isAllZero: Bool {
    UnsafeRawBufferPointer(start: base, count: length).allSatisfy { $0 == 0 }
  }
}
