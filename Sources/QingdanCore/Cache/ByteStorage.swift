import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Bytes that stay where they are while anything reads them: a snapshot file mapped
/// read-only and shared (so every process on the machine reads the same page-cache pages),
/// or a private copy of bytes made in this process. Readers, sections and index columns keep
/// a reference; the mapping is undone when the last one goes.
public final class ByteStorage: @unchecked Sendable {
  /// Never written through: the mapping is read-only, the copy is private and immutable.
  public let bytes: UnsafeRawBufferPointer
  private let isMapped: Bool

  /// A private copy of `array`, aligned for any element type the readers view in place.
  public convenience init(copying array: [UInt8]) {
    let memory = UnsafeMutableRawBufferPointer.allocate(
      byteCount: max(array.count, 1), alignment: 64)
    array.withUnsafeBytes { source in
      if let base = source.baseAddress {
        memory.baseAddress!.copyMemory(from: base, byteCount: source.count)
      }
    }
    self.init(
      bytes: UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(memory)[0..<array.count]),
      isMapped: false)
  }

  private init(bytes: UnsafeRawBufferPointer, isMapped: Bool) {
    self.bytes = bytes
    self.isMapped = isMapped
  }

  /// Maps `count` bytes of the open file `descriptor` (which may be closed afterwards).
  /// Nil when the system refuses (the caller reads the reason from `errno`).
  convenience init?(mapping descriptor: Int32, count: Int) {
    guard count > 0 else {
      self.init(copying: [])
      return
    }
    let address = mmap(nil, count, PROT_READ, MAP_SHARED, descriptor, 0)
    guard let address, address != MAP_FAILED else { return nil }
    self.init(bytes: UnsafeRawBufferPointer(start: address, count: count), isMapped: true)
  }

  public var count: Int { bytes.count }

  deinit {
    if isMapped {
      _ = munmap(UnsafeMutableRawPointer(mutating: bytes.baseAddress), bytes.count)
    } else {
      UnsafeMutableRawPointer(mutating: bytes.baseAddress)?.deallocate()
    }
  }

  /// Lets go of the pages of `range` that this process has read: for a mapped file they
  /// stay in the page cache and come back, unchanged, when read again; only this process's
  /// resident set no longer counts them. For a decoding or validating pass over bytes that
  /// are then rarely (or never) read again. Nothing happens to a private copy.
  func releasePages(_ range: Range<Int>) {
    guard isMapped else { return }
    MemoryRelease.releaseWholePages(
      in: UnsafeRawBufferPointer(rebasing: bytes[range.clamped(to: 0..<bytes.count)]))
  }

  /// The bytes of `range` (which must be in bounds) as an array.
  func copy(_ range: Range<Int>) -> [UInt8] {
    [UInt8](UnsafeRawBufferPointer(rebasing: bytes[range]))
  }
}
