import Dispatch

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Building an index frees hundreds of megabytes of temporaries; glibc keeps freed heap
/// pages for reuse, so without this they would stay in the process's resident memory.
/// (`malloc_trim` is glibc's and not in Swift's Glibc module; looked up at run time, so
/// other C libraries simply skip it.)
enum MemoryRelease {
  static func returnFreedPages() {
    #if canImport(Glibc)
      typealias Trim = @convention(c) (Int) -> Int32
      guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else {
        return
      }
      _ = unsafeBitCast(symbol, to: Trim.self)(0)
    #endif
  }
}

extension MemoryRelease {
  /// Lets go of the whole pages inside `bytes`, whose contents this process no longer
  /// needs (the allocator's own records, if any, lie outside them). A mapped file's pages
  /// stay in the page cache and read the same when read again; private anonymous memory
  /// reads as zero again (on Linux).
  static func releaseWholePages(in bytes: UnsafeRawBufferPointer) {
    guard let start = bytes.baseAddress else { return }
    let page = Int(sysconf(Int32(_SC_PAGESIZE)))
    let first = (Int(bitPattern: start) + page - 1) / page * page
    let end = (Int(bitPattern: start) + bytes.count) / page * page
    guard first < end else { return }
    _ = madvise(UnsafeMutableRawPointer(bitPattern: first), end - first, MADV_DONTNEED)
  }

  /// Lets go of `value` on another thread: freeing a large structure of many small buffers
  /// (a load's duty-text memo, an index build's temporaries) takes a tenth of a second or
  /// more, which the caller would otherwise spend before its next step. Pass the last
  /// reference (`consume`); anything still shared is only released there.
  static func inBackground<Value: Sendable>(_ value: consuming Value) {
    let doomed = Doomed(value)
    DispatchQueue.global(qos: .utility).async { doomed.drop() }
  }

  /// Holds a value until `drop`, so that the last release happens on the thread that drops it.
  private final class Doomed<Value: Sendable>: @unchecked Sendable {
    private var value: Value?
    init(_ value: consuming Value) { self.value = value }
    /// Called once, by the one thread that owns the box by then.
    func drop() { value = nil }
  }
}
