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
