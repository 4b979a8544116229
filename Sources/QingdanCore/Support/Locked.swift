import Foundation

/// A value behind a pthread mutex (NSLock), for state that threads hold for a while: the
/// loader's interner, fed by every parsing thread. `Synchronization.Mutex` is as correct,
/// but on Linux it waits on a futex ThreadSanitizer cannot see, so a contended Mutex reads
/// as a race and a TSan run could not tell real races from it; pthread mutexes are
/// understood.
public final class Locked<Value>: @unchecked Sendable {
  private let lock = NSLock()
  private var value: Value

  public init(_ value: Value) { self.value = value }

  public func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
    lock.lock()
    defer { lock.unlock() }
    return try body(&value)
  }
}

extension Locked {
  /// The value `make` gives on the first call, kept for every later one (and for every
  /// thread: the first caller makes it while the others wait). For what a start need not
  /// pay for: a province's department table, the browser's department tree.
  public func once<Made>(_ make: () -> Made) -> Made where Value == Made? {
    withLock { value in
      if let value { return value }
      let made = make()
      value = made
      return made
    }
  }
}
