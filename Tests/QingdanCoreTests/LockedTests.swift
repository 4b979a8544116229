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
