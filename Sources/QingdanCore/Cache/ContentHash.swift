import Foundation

/// A fast, deterministic 64-bit hash of bytes: XXH64 (the xxHash 64-bit algorithm), so its
/// values are the same in every process and on every machine, unlike Swift's seeded `Hasher`.
/// Used to key the snapshot by file contents and to checksum the snapshot's payload.
public enum ContentHash {
  private static let prime1: UInt64 = 0x9E37_79B1_85EB_CA87
  private static let prime2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
  private static let prime3: UInt64 = 0x1656_67B1_9E37_79F9
  private static let prime4: UInt64 = 0x85EB_CA77_C2B2_AE63
  private static let prime5: UInt64 = 0x27D4_EB2F_1656_67C5

  /// - Parameter passed: called with the count of bytes hashed every 4 MiB (a caller that
  ///   lets go of the pages behind it).
  public static func hash(
    _ bytes: UnsafeRawBufferPointer, seed: UInt64 = 0, passed: ((Int) -> Void)? = nil
  ) -> UInt64 {
    let count = bytes.count
    var offset = 0
    var hash: UInt64
    if count >= 32 {
      // Four independent lanes, 32 bytes a step, so the multiplications overlap.
      var lane1 = seed &+ prime1 &+ prime2
      var lane2 = seed &+ prime2
      var lane3 = seed
      var lane4 = seed &- prime1
      while offset + 32 <= count {
        lane1 = round(lane1, word(bytes, offset))
        lane2 = round(lane2, word(bytes, offset + 8))
        lane3 = round(lane3, word(bytes, offset + 16))
        lane4 = round(lane4, word(bytes, offset + 24))
        offset += 32
        if offset & ((1 << 22) - 1) == 0, let passed { passed(offset) }
      }
      hash =
        lane1.rotatedLeft(1) &+ lane2.rotatedLeft(7) &+ lane3.rotatedLeft(12)
        &+ lane4.rotatedLeft(18)
      hash = merge(hash, lane1)
      hash = merge(hash, lane2)
      hash = merge(hash, lane3)
      hash = merge(hash, lane4)
    } else {
      hash = seed &+ prime5
    }
    hash &+= UInt64(count)
    while offset + 8 <= count {
      hash ^= round(0, word(bytes, offset))
      hash = hash.rotatedLeft(27) &* prime1 &+ prime4
      offset += 8
    }
    if offset + 4 <= count {
      let half = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
      hash ^= UInt64(half) &* prime1
      hash = hash.rotatedLeft(23) &* prime2 &+ prime3
      offset += 4
    }
    while offset < count {
      hash ^= UInt64(bytes[offset]) &* prime5
      hash = hash.rotatedLeft(11) &* prime1
      offset += 1
    }
    hash ^= hash >> 33
    hash &*= prime2
    hash ^= hash >> 29
    hash &*= prime3
    hash ^= hash >> 32
    return hash
  }

  public static func hash(_ bytes: [UInt8], seed: UInt64 = 0) -> UInt64 {
    bytes.withUnsafeBytes { hash($0, seed: seed) }
  }

  public static func hash(_ data: Data, seed: UInt64 = 0) -> UInt64 {
    data.withUnsafeBytes { hash($0, seed: seed) }
  }

  /// The hash of the string's UTF-8 bytes.
  public static func hash(_ string: String, seed: UInt64 = 0) -> UInt64 {
    var string = string
    return string.withUTF8 { hash(UnsafeRawBufferPointer($0), seed: seed) }
  }

  /// The hash of `count` bytes at `offset` of `bytes`; the range must be in bounds.
  static func hash(_ bytes: [UInt8], range: Range<Int>, seed: UInt64 = 0) -> UInt64 {
    bytes.withUnsafeBytes { hash(UnsafeRawBufferPointer(rebasing: $0[range]), seed: seed) }
  }

  @inline(__always)
  private static func word(_ bytes: UnsafeRawBufferPointer, _ offset: Int) -> UInt64 {
    UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
  }

  @inline(__always)
  private static func round(_ accumulator: UInt64, _ input: UInt64) -> UInt64 {
    (accumulator &+ input &* prime2).rotatedLeft(31) &* prime1
  }

  @inline(__always)
  private static func merge(_ hash: UInt64, _ lane: UInt64) -> UInt64 {
    (hash ^ round(0, lane)) &* prime1 &+ prime4
  }
}

extension UInt64 {
  @inline(__always)
  fileprivate func rotatedLeft(_ count: UInt64) -> UInt64 {
    (self << count) | (self >> (64 &- count))
  }
}

/// One catalogue file as read for a cached load: its bytes (nil when unreadable), size and hash.
public struct HashedFile: Sendable {
  /// The path as given.
  public var path: String
  /// Canonical (see `absolute`).
  public var absolutePath: String
  public var contents: Data?
  /// -1 when the file could not be read.
  public var size: Int
  public var hash: UInt64
  /// The stat taken before the file was read (nil when there is none).
  public var stat: FileStat?

  /// Reads and hashes every file, on every core; results in the order of `paths`.
  public static func read(_ paths: [String]) -> [HashedFile] {
    concurrentMap(paths.count) { read(paths[$0]) }
  }

  public static func read(_ path: String) -> HashedFile {
    read(path, absolutePath: absolute(path), stat: FileStat(path: path))
  }

  /// Reads and hashes the file whose stat (taken before reading) is `stat`.
  static func read(_ path: String, absolutePath: String, stat: FileStat?) -> HashedFile {
    let contents = FileManager.default.contents(atPath: path)
    return HashedFile(
      path: path, absolutePath: absolutePath, contents: contents, size: contents?.count ?? -1,
      hash: contents.map { ContentHash.hash($0) } ?? 0, stat: stat)
  }

  /// The file as a snapshot key recorded it, not read: its stat has not changed since.
  static func recorded(
    _ path: String, absolutePath: String, stat: FileStat, hash: UInt64
  ) -> HashedFile {
    HashedFile(
      path: path, absolutePath: absolutePath, contents: nil, size: Int(stat.size), hash: hash,
      stat: stat)
  }

  /// The canonical paths of many files, each as `absolute` gives it, at the cost of one
  /// `lstat` a file: each distinct folder is resolved once, and a file that is not a
  /// symlink is its folder's canonical path and its name (realpath(3) walks every
  /// component of every path: a thousand files in one folder cost a thousand walks). The
  /// `lstat` of a regular file is its stat, returned with it (nil for anything else).
  static func canonical(_ paths: [String]) -> [(absolutePath: String, stat: FileStat?)] {
    // Split at the last "/" by hand, over the bytes in place: Foundation's path methods
    // normalise the whole path first, which costs more than the lstat, and the `utf8`
    // view's own search steps a byte at a time through its index type.
    @Sendable func split(_ path: String) -> (folder: String, name: String) {
      var text = path
      return text.withUTF8 { bytes in
        guard let slash = bytes.lastIndex(of: UInt8(ascii: "/")) else { return ("", path) }
        let folder = slash == 0 ? "/" : String(decoding: bytes[..<slash], as: UTF8.self)
        return (folder, String(decoding: bytes[(slash + 1)...], as: UTF8.self))
      }
    }
    // By the folder's bytes: `String` keys hash Chinese paths through normalisation.
    var folders: [ExactString: String] = [:]
    for path in paths {
      let folder = ExactString(split(path).folder)
      guard folders[folder] == nil,
        let resolved = realpath(folder.text.isEmpty ? "." : folder.text, nil)
      else { continue }
      folders[folder] = String(cString: resolved)
      free(resolved)
    }
    return concurrentMap(paths.count) { [folders] index in
      let path = paths[index]
      let (folder, name) = split(path)
      let entry = FileStat.entry(at: path)
      guard !name.isEmpty, name != ".", name != "..", let resolved = folders[ExactString(folder)]
      else {
        return (absolute(path), nil)
      }
      switch entry {
      case .regularFile(let stat):
        return (resolved == "/" ? "/" + name : resolved + "/" + name, stat)
      case .symbolicLink: return (absolute(path), FileStat(path: path))
      case .other: return (absolute(path), nil)
      }
    }
  }

  /// The canonical path, as realpath(3) gives it (symlinks, `.` and `..` resolved), so the
  /// same files named relatively, absolutely or through a symlink share one snapshot; a
  /// path realpath cannot resolve is only made absolute.
  static func absolute(_ path: String) -> String {
    if let resolved = realpath(path, nil) {
      defer { free(resolved) }
      return String(cString: resolved)
    }
    return URL(fileURLWithPath: path).standardizedFileURL.path
  }
}
