import ArgumentParser
import Foundation
import QingdanCore

/// Cold and warm start-up through the snapshot cache, on one corpus.
struct CacheCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "cache",
    abstract: "Time a cold load (parse + write snapshot) and warm loads (use -c release).",
    discussion: """
      Uses a temporary cache directory unless --cache-dir is given, so the user's cache is \
      never touched. Measure resident memory after a warm load in a process of its own: \
      run once, then again with --warm-only --cache-dir DIR.
      """)

  @Option(help: "Catalogue files or a directory (repeatable).") var data: [String]
  @Option(help: "Cache directory (default: a fresh temporary one, removed afterwards).")
  var cacheDir: String?
  @Option(help: "Warm loads to time.") var rounds = 5
  @Flag(help: "Only one warm load, then print resident memory (needs --cache-dir).")
  var warmOnly = false
  @Flag(help: "Only one uncached load, then print resident memory (for comparison).")
  var uncachedOnly = false

  func run() throws {
    if uncachedOnly {
      let (loaded, ms) = try Measure.time { try CatalogueLoader.load(paths: data) }
      print("uncached load: \(Measure.format(ms)) ms, \(loaded.catalogues.count) catalogues")
      print("rss after uncached load: \(Measure.format(Measure.residentMegabytes())) MB")
      return
    }
    let directory =
      cacheDir
      ?? FileManager.default.temporaryDirectory.appendingPathComponent(
        "qingdan-bench-cache-\(UUID().uuidString)"
      ).path
    defer {
      if cacheDir == nil { try? FileManager.default.removeItem(atPath: directory) }
    }
    let store = SnapshotStore(directory: directory)
    if warmOnly {
      let (loaded, ms) = try Measure.time { try CatalogueLoader.load(paths: data, cache: store) }
      print("warm load: \(Measure.format(ms)) ms, \(loaded.summary)")
      print("rss after warm load: \(Measure.format(Measure.residentMegabytes())) MB")
      return
    }

    let (cold, parseMS) = try Measure.time {
      try CatalogueLoader.load(paths: data, cache: store, writesSnapshotOnMiss: false)
    }
    let (written, writeMS) = Measure.time { cold.saveSnapshot(sections: [:]) }
    let items = cold.result.catalogues.reduce(0) { $0 + $1.items.count }
    print("catalogues: \(cold.result.catalogues.count), items: \(items)")
    print("cold: \(cold.summary)")
    print("cold load (read + hash + parse): \(Measure.format(parseMS)) ms")
    print("snapshot write (encode + checksum + write): \(Measure.format(writeMS)) ms")
    print("snapshot: \(written)")

    var warmTimes: [Double] = []
    for _ in 0..<rounds {
      let (warm, ms) = try Measure.time { try CatalogueLoader.load(paths: data, cache: store) }
      guard warm.usedSnapshot else { throw ValidationError("warm load missed: \(warm.summary)") }
      guard warm.result == cold.result else { throw ValidationError("warm result differs") }
      warmTimes.append(ms)
    }
    warmTimes.sort()
    print(
      "warm load (read + hash + validate + decode): median \(Measure.format(warmTimes[warmTimes.count / 2])) ms, "
        + "min \(Measure.format(warmTimes[0])) ms over \(rounds)")

    // Where the warm time goes.
    let files = try CatalogueLoader.files(in: data)
    let (hashed, hashMS) = Measure.time { HashedFile.read(files) }
    let bytes = hashed.reduce(0) { $0 + max(0, $1.size) }
    let key = SnapshotKey(files: hashed, resourcesKey: 0)
    let (_, readMS) = Measure.time { _ = store.read(key: key) }
    let section = CatalogueCodec.encode(cold.result)
    let (_, decodeMS) = try Measure.time { _ = try CatalogueCodec.decode(section) }
    print(
      "  read + hash \(files.count) files (\(bytes / 1_000_000) MB): \(Measure.format(hashMS)) ms "
        + "(\(Measure.format(Double(bytes) / hashMS / 1e6)) GB/s)")
    print("  snapshot read + checksum + decode: \(Measure.format(readMS)) ms")
    print(
      "  of which catalogue section decode (\(section.count / 1_000_000) MB): "
        + "\(Measure.format(decodeMS)) ms")
    let (_, tableMS) = try Measure.time { _ = try BinaryReader(bytes: section) }
    var header = BinaryReader(rawBytes: section)
    let stringCount = try header.readVarint()
    print("  of which string table (\(stringCount) strings): \(Measure.format(tableMS)) ms")
    let hashOnly = hashed.compactMap(\.contents)
    let (_, pureHashMS) = Measure.time { for data in hashOnly { _ = ContentHash.hash(data) } }
    print(
      "  ContentHash alone, one core: \(Measure.format(Double(bytes) / pureHashMS / 1e6)) GB/s")
  }
}
