import Foundation
import Testing

@testable import QingdanCore

@Suite("Locked values")
struct LockedTests {
  @Test func onceMakesTheValueOnceForEveryCaller() async {
    let lazy = Locked<Int?>(nil)
    let calls = Locked(0)
    let made = await withTaskGroup(of: Int.self) { group in
      for _ in 0..<16 {
        group.addTask {
          lazy.once {
            calls.withLock { $0 += 1 }
            return 42
          }
        }
      }
      return await group.reduce(into: [Int]()) { $0.append($1) }
    }
    #expect(made == Array(repeating: 42, count: 16))
    #expect(calls.withLock { $0 } == 1)
  }
}

@Suite("Eventual values")
struct EventualTests {
  /// Waiters on threads of their own (a blocking wait must not hold the test's task pool).
  @Test func waitersGetTheValueOnceItIsGiven() {
    let eventual = Eventual<Int>()
    #expect(eventual.current == nil)
    let got = Locked<[Int]>([])
    let done = DispatchGroup()
    for _ in 0..<4 {
      done.enter()
      Thread.detachNewThread {
        let value = eventual.wait()
        got.withLock { $0.append(value) }
        done.leave()
      }
    }
    eventual.fulfil(7)
    done.wait()
    #expect(got.withLock { $0 } == [7, 7, 7, 7])
    // A later value changes nothing.
    eventual.fulfil(8)
    #expect(eventual.current == 7)
    #expect(Eventual(3).wait() == 3)
  }
}
