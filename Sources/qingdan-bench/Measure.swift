import Foundation

/// Small timing and memory helpers shared by the benchmark commands.
enum Measure {
  static let clock = ContinuousClock()

  static func milliseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
  }

  /// Runs `body` and returns its result and the milliseconds it took.
  static func time<T>(_ body: () throws -> T) rethrows -> (T, Double) {
    let start = clock.now
    let result = try body()
    return (result, milliseconds(clock.now - start))
  }

  /// The value at `fraction` (0…1) of sorted samples.
  static func percentile(_ sorted: [Double], _ fraction: Double) -> Double {
    guard !sorted.isEmpty else { return 0 }
    let index = min(sorted.count - 1, Int((Double(sorted.count) * fraction).rounded(.down)))
    return sorted[index]
  }

  /// Resident set size of this process in MB, from /proc/self/status (VmRSS).
  static func residentMegabytes() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
      let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") })
    else { return 0 }
    let kilobytes = line.split(separator: " ").compactMap { Double($0) }.first ?? 0
    return kilobytes / 1024
  }

  static func format(_ value: Double) -> String { String(format: "%.3f", value) }

  /// Times this thread was preempted so far (involuntary context switches): a sample taken
  /// across one measured another process as well (on a shared 2-core VM, a whole time
  /// slice, several milliseconds).
  static func preemptions() -> Int {
    var usage = rusage()
    // RUSAGE_THREAD (1), which Swift's Glibc module does not name.
    guard getrusage(__rusage_who_t(1), &usage) == 0 else { return 0 }
    return usage.ru_nivcsw
  }
}
