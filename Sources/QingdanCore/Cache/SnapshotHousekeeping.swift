import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// How much the snapshot cache may hold and how long an unused snapshot is kept. One
/// snapshot is kept per distinct set of catalogue files; without limits a shared machine's
/// cache would only grow.
public struct CacheLimits: Sendable, Equatable {
  public static let defaultBudget = 1 << 30
  public static let defaultMaximumAge: TimeInterval = 30 * 24 * 60 * 60
  public static let budgetVariable = "QINGDAN_CACHE_BUDGET"

  /// Bytes of snapshots kept at most.
  public var budget: Int
  /// Snapshots not used for this long are removed.
  public var maximumAge: TimeInterval
  /// Set when `QINGDAN_CACHE_BUDGET` could not be read (the default is used).
  public var problem: String?

  public init(
    budget: Int = CacheLimits.defaultBudget, maximumAge: TimeInterval = defaultMaximumAge
  ) {
    self.budget = budget
    self.maximumAge = maximumAge
  }

  /// `QINGDAN_CACHE_BUDGET`: bytes, or a number with K, M or G (powers of 1024), e.g.
  /// `500M`; default 1G.
  public init(environment: [String: String]) {
    self.init()
    guard let text = environment[Self.budgetVariable], !text.isEmpty else { return }
    if let bytes = Self.size(text) {
      budget = bytes
    } else {
      problem =
        "\(Self.budgetVariable)=\(text) is not a size (e.g. 500M or 2G); using "
        + Self.describe(bytes: budget)
    }
  }

  /// "1048576", "512K", "500M", "2G" (case-insensitive, an optional "B" or "iB").
  static func size(_ text: String) -> Int? {
    var digits = text.trimmingCharacters(in: .whitespaces).uppercased()
    for suffix in ["IB", "B"] where digits.hasSuffix(suffix) && digits.count > suffix.count {
      digits.removeLast(suffix.count)
    }
    var multiplier = 1
    if let unit = digits.last, let power = ["K": 1, "M": 2, "G": 3, "T": 4][String(unit)] {
      multiplier = 1 << (10 * power)
      digits.removeLast()
    }
    guard let number = Int(digits), number >= 0 else { return nil }
    let (bytes, overflow) = number.multipliedReportingOverflow(by: multiplier)
    return overflow ? nil : bytes
  }

  /// "1.0 GiB", "12.3 MiB", "512 bytes".
  public static func describe(bytes: Int) -> String {
    let units = ["KiB", "MiB", "GiB", "TiB"]
    var value = Double(bytes)
    var unit = -1
    while value >= 1024, unit < units.count - 1 {
      value /= 1024
      unit += 1
    }
    return unit < 0 ? "\(bytes) bytes" : String(format: "%.1f %@", value, units[unit])
  }
}

/// One snapshot file in the cache, as `qingdan cache` lists it.
public struct SnapshotInfo: Sendable, Equatable {
  public var path: String
  public var bytes: Int
  /// When a start last used it (or it was written): the later of the file's modification
  /// time and its checksum record's, which a hit refreshes.
  public var lastUsed: Date
  /// The catalogue files it was built from (canonical paths); empty when its key cannot be
  /// read, and then `problem` says why.
  public var files: [String]
  public var problem: String?
}

extension SnapshotStore {
  /// The snapshots in the cache directory, most recently used first; anything else under
  /// a snapshot's name (a directory) is listed with its problem.
  public func list() -> [SnapshotInfo] {
    snapshotEntries().map { file in
      guard file.problem == nil else { return file }
      var info = file
      switch readKey(at: file.path) {
      case .success(let key): info.files = key.files.map(\.absolutePath)
      case .failure(let miss): info.problem = "\(miss)"
      }
      return info
    }
  }

  /// Removes every snapshot and compiled search-tables file with its checksum record (and
  /// any temporary a killed writer left); returns what was removed and what could not be.
  public func clear() -> (removed: [SnapshotInfo], failures: [String]) {
    guard let directory else { return ([], []) }
    var removed: [SnapshotInfo] = []
    var failures: [String] = []
    for file in snapshotEntries() + tablesFiles() {
      // An empty directory in a snapshot's place goes too; anything else is left alone.
      if (file.problem == nil ? unlink(file.path) : rmdir(file.path)) == 0 {
        _ = unlink(ChecksumRecord.path(for: file.path))
        removed.append(file)
      } else {
        failures.append("\(file.path): \(String(cString: strerror(errno)))")
      }
    }
    for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    where Self.isTemporaryName(name) {
      _ = unlink((directory as NSString).appendingPathComponent(name))
    }
    return (removed, failures)
  }

  /// Keeps the cache within its limits after a write: snapshots unused for longer than
  /// the maximum age go, then the least recently used until the total fits the budget.
  /// `keeping` (the snapshot just written) is never removed. Returns what was removed.
  @discardableResult
  func evict(keeping: String?, now: Date = Date()) -> [SnapshotInfo] {
    let files = snapshotFiles().sorted { $0.lastUsed < $1.lastUsed }
    var total = files.reduce(0) { $0 + $1.bytes }
    var removed: [SnapshotInfo] = []
    for file in files where file.path != keeping {
      let tooOld = now.timeIntervalSince(file.lastUsed) > limits.maximumAge
      guard tooOld || total > limits.budget else { continue }
      if unlink(file.path) == 0 || errno == ENOENT {
        _ = unlink(ChecksumRecord.path(for: file.path))
        total -= file.bytes
        removed.append(file)
      }
    }
    // Compiled search tables are one file per set of table sources and format: an upgrade
    // or another install leaves the old ones unused. They go by age only (5 MB each).
    for file in tablesFiles() where now.timeIntervalSince(file.lastUsed) > limits.maximumAge {
      if unlink(file.path) == 0 || errno == ENOENT {
        _ = unlink(ChecksumRecord.path(for: file.path))
        removed.append(file)
      }
    }
    removeOrphanedChecksumRecords()
    return removed
  }

  /// Records whose file is gone (removed by hand) go too.
  private func removeOrphanedChecksumRecords() {
    guard let directory else { return }
    let names = Set((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
    for name in names where name.hasSuffix(ChecksumRecord.suffix) {
      let file = String(name.dropLast(ChecksumRecord.suffix.count))
      guard Self.isSnapshotName(file) || SearchTablesFile.isFileName(file),
        !names.contains(file)
      else { continue }
      _ = unlink((directory as NSString).appendingPathComponent(name))
    }
  }

  /// Regular files named like snapshots, with their size and modification time.
  func snapshotFiles() -> [SnapshotInfo] {
    snapshotEntries().filter { $0.problem == nil }
  }

  /// Everything named like a snapshot; what is not a regular file carries its problem.
  private func snapshotEntries() -> [SnapshotInfo] { entries(named: Self.isSnapshotName) }

  /// Compiled search-tables files (regular files only; anything else is left alone).
  private func tablesFiles() -> [SnapshotInfo] {
    entries(named: SearchTablesFile.isFileName).filter { $0.problem == nil }
  }

  /// The cache directory's entries whose name passes `isName`, with size and last use.
  private func entries(named isName: (String) -> Bool) -> [SnapshotInfo] {
    guard let directory else { return [] }
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    return names.filter(isName).compactMap { name in
      let path = (directory as NSString).appendingPathComponent(name)
      var status = stat()
      guard lstat(path, &status) == 0 else { return nil }
      var modified = Self.modificationTime(status)
      var record = stat()
      if lstat(ChecksumRecord.path(for: path), &record) == 0 {
        modified = max(modified, Self.modificationTime(record))
      }
      let kind = status.st_mode & S_IFMT
      return SnapshotInfo(
        path: path, bytes: kind == S_IFREG ? Int(status.st_size) : 0,
        lastUsed: Date(timeIntervalSince1970: modified), files: [],
        problem: kind == S_IFREG
          ? nil
          : "\(kind == S_IFDIR ? "a directory" : "not a regular file") where a snapshot belongs; "
            + "the cache for these files is off until it is removed")
    }.sorted { ($0.lastUsed, $0.path) > ($1.lastUsed, $1.path) }
  }

  private static func modificationTime(_ status: stat) -> Double {
    Double(status.st_mtim.tv_sec) + Double(status.st_mtim.tv_nsec) / 1_000_000_000
  }

  public static func isSnapshotName(_ name: String) -> Bool {
    name.hasPrefix("catalogues-") && name.hasSuffix("." + fileExtension)
  }

  /// Temporaries are named ".catalogues-….qdsnap.<pid>.<random>.tmp" (a checksum
  /// record's ".catalogues-….qdsnap.checked.<pid>.<random>.tmp"), or for the search
  /// tables ".search-tables-<pid>-<random>.tmp" (a record's ".search-tables-….qdtab.checked
  /// .<pid>.<random>.tmp").
  static func isTemporaryName(_ name: String) -> Bool {
    name.hasSuffix(".tmp")
      && ((name.hasPrefix(".catalogues-") && name.contains("." + fileExtension + "."))
        || name.hasPrefix("." + SearchTablesFile.namePrefix))
  }
}
