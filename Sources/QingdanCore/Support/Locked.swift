import Foundation

/// A value behind a pthread mutex (NSLock), for state that threads hold for a while: the
/// loader's interner, fed by every parsing thread. `Synchronization.Mutex` is as correct,
/// but on Linux it waits on a futex ThreadSanitizer cannot see, so a contended Mutex reads
/// as a race and a TSan run could not tell real races from it; pthread mutexes are
/// understood.
final class Locked<Value>: @unchecked Sendable {
  private let lock = NSLock()
  private var value: Value

  init(_ value: Value) { self.value = value }

  func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
    lock.lock()
    defer { lock.unlock() }
    return try body(&value)
  }
}
