import Foundation
import Testing

@testable import QingdanTerminal

#if canImport(Glibc)
  import Glibc
#endif

@Suite("the runtime's one event queue and the input watcher feeding it")
struct EventQueueTests {
  @Test func eventsComeOutInOrderAndAllAtOnce() {
    let queue = EventQueue<Int>()
    for number in 1...3 { queue.post(number) }
    #expect(queue.next() == [1, 2, 3])
    queue.post(4)
    #expect(queue.next() == [4])
  }

  @Test func eventsFromManyThreadsArriveExactlyOnce() async {
    let queue = EventQueue<Int>()
    await withTaskGroup(of: Void.self) { group in
      for thread in 0..<4 {
        group.addTask {
          for number in 0..<250 { queue.post(thread * 1000 + number) }
        }
      }
    }
    var received: [Int] = []
    while received.count < 1000 { received += queue.next() }
    #expect(Set(received).count == 1000)
  }

  @Test func nextWaitsForAPost() {
    let queue = EventQueue<String>()
    let posted = Date()
    Thread.detachNewThread {
      Thread.sleep(forTimeInterval: 0.05)
      queue.post("late")
    }
    #expect(queue.next() == ["late"])
    #expect(Date().timeIntervalSince(posted) >= 0.04)
  }

  /// A pipe stands in for the tty and another for the signal handlers' wake pipe.
  @Test func watcherPostsInputSignalsAndHangUp() throws {
    var tty: [Int32] = [0, 0]
    var wake: [Int32] = [0, 0]
    #expect(pipe(&tty) == 0 && pipe(&wake) == 0)
    defer { for descriptor in [tty[0], wake[0], wake[1]] { close(descriptor) } }
    let queue = EventQueue<LoopEvent>()
    let watcher = InputWatcher(tty: tty[0], wake: wake[0], queue: queue)

    #expect(write(tty[1], "a", 1) == 1)
    #expect(kinds(queue.next()) == ["input"])
    var byte: UInt8 = 0
    #expect(read(tty[0], &byte, 1) == 1)
    watcher.inputWasRead()

    #expect(write(wake[1], "s", 1) == 1)
    #expect(kinds(queue.next()) == ["signal"])

    close(tty[1])
    #expect(kinds(queue.next()) == ["hangUp"])

    // Stopped, it ends at the next wake-up and posts nothing more.
    watcher.stop()
    #expect(write(wake[1], "s", 1) == 1)
    Thread.sleep(forTimeInterval: 0.05)
    queue.post(.progress(done: 1, total: 1))
    #expect(kinds(queue.next()) == ["progress"])
  }

  private func kinds(_ events: [LoopEvent]) -> [String] {
    events.map { event in
      switch event {
      case .input: "input"
      case .signal: "signal"
      case .hangUp: "hangUp"
      case .action: "action"
      case .progress: "progress"
      case .loaded: "loaded"
      }
    }
  }
}
