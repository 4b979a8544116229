import Dispatch

#if canImport(Glibc)
  import Glibc
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
