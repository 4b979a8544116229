import Foundation
import Testing

@testable import QingdanCore

@Suite("Writing a file others map")
struct WriteAllTests {
  /// A stand-in for `write`: takes at most `accepts` bytes of each call, fails the calls
  /// listed in `failures` with their errno, and records what it was offered.
  final class FakeFile {
    var offered: [Int] = []
    var written: [UInt8] = []
    var accepts = Int.max
    var failures: [Int: Int32] = [:]

    func write(_: Int32, _ bytes: UnsafeRawPointer?, _ count: Int) -> Int {
      offered.append(count)
      if let failure = failures[offered.count] {
        errno = failure
        return -1
      }
      let taken = min(count, accepts)
      written += UnsafeRawBufferPointer(start: bytes, count: taken)
      return taken
    }
  }

  static let bytes = (0..<(3 * mappedWriteLimit + 100)).map { UInt8(truncatingIfNeeded: $0 * 7) }

  @Test func aLargeBufferGoesInPiecesNoLargerThanTheLimit() {
    let file = FakeFile()
    let failure = Self.bytes.withUnsafeBytes { writeAll(3, $0, write: file.write) }
    #expect(failure == nil)
    #expect(file.written == Self.bytes)
    #expect(file.offered == [mappedWriteLimit, mappedWriteLimit, mappedWriteLimit, 100])
  }

  @Test func shortAndInterruptedWritesAreContinued() {
    let file = FakeFile()
    file.accepts = 1000
    file.failures = [2: EINTR]
    let failure = Self.bytes.withUnsafeBytes { writeAll(3, $0, write: file.write) }
    #expect(failure == nil)
    #expect(file.written == Self.bytes)
  }

  @Test func aFailingWriteStopsWithItsErrno() {
    let file = FakeFile()
    file.failures = [2: ENOSPC]
    let failure = Self.bytes.withUnsafeBytes { writeAll(3, $0, write: file.write) }
    #expect(failure == ENOSPC)
    #expect(file.offered.count == 2)
    #expect(file.written == Array(Self.bytes[..<mappedWriteLimit]))
  }

  @Test func aWriteThatTakesNothingIsAnErrorNotALoop() {
    let file = FakeFile()
    file.accepts = 0
    let failure = Self.bytes.withUnsafeBytes { writeAll(3, $0, write: file.write) }
    #expect(failure == EIO)
    #expect(file.offered.count == 1)
  }
}
