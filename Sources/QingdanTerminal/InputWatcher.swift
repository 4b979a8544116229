import CNcursesw
import Foundation
import Synchronization

/// Watches the tty and the signal handlers' wake pipe on its own thread, blocking in
/// poll(2) with no timeout, and posts what happened to the event queue. It never reads the
/// tty itself (curses is not thread-safe): after posting `.input` it waits until the loop
/// has read (`inputWasRead`), then watches again.
final class InputWatcher: Sendable {
  private let readDone = DispatchSemaphore(value: 0)
  private let isStopped = Atomic<Bool>(false)

  init(tty: Int32, wake: Int32, queue: EventQueue<LoopEvent>) {
    let thread = Thread { [self] in watch(tty: tty, wake: wake, queue: queue) }
    thread.start()
  }

  /// The loop read the input it was told about: watch the tty again.
  func inputWasRead() {
    readDone.signal()
  }

  /// Ends the watching thread.
  func stop() {
    isStopped.store(true, ordering: .sequentiallyConsistent)
    TerminalSignals.wake()
    readDone.signal()
  }

  private func watch(tty: Int32, wake: Int32, queue: EventQueue<LoopEvent>) {
    var tty = tty
    while !isStopped.load(ordering: .sequentiallyConsistent) {
      let ready = qd_wait_for_input(tty, wake)
      if isStopped.load(ordering: .sequentiallyConsistent) { return }
      if ready & 4 != 0 { queue.post(.signal) }
      if ready & 2 != 0 {
        // A hung-up tty stays "ready" forever: stop watching it, and say so once.
        tty = -1
        queue.post(.hangUp)
      } else if ready & 1 != 0 {
        queue.post(.input)
        readDone.wait()
      }
    }
  }
}
