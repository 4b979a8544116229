import Foundation

/// A value that becomes available once, from another thread: readers ask whether it is
/// there yet, or wait for it. For the search engine a cold start builds after the
/// browser's first frame. A pthread condition (NSCondition), as `Locked` uses pthread
/// mutexes, so that ThreadSanitizer understands the waits.
public final class Eventual<Value: Sendable>: @unchecked Sendable {
  private let condition = NSCondition()
  private var value: Value?

  /// Available at once with a value, else once `fulfil` gives one.
  public init(_ value: Value? = nil) { self.value = value }

  /// The value, nil while it is still to come.
  public var current: Value? {
    condition.lock()
    defer { condition.unlock() }
    return value
  }

  /// Makes `made` the value and wakes every waiter; later calls change nothing.
  public func fulfil(_ made: Value) {
    condition.lock()
    defer { condition.unlock() }
    guard value == nil else { return }
    value = made
    condition.broadcast()
  }

  /// The value, waiting for it when it is still to come.
  public func wait() -> Value {
    condition.lock()
    defer { condition.unlock() }
    while true {
      if let value { return value }
      condition.wait()
    }
  }
}
