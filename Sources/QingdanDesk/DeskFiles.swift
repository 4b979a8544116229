import Foundation
import QingdanCore

/// The desk log's folder and file on disk: created readable by their owner only, and
/// checked before SQLite opens them so that a wrong path or a cut-off file is named plainly.
enum DeskFiles {
  /// Which file a path names (device and inode): tells a removed or replaced file.
  struct Identity: Equatable {
    var device: UInt64
    var inode: UInt64
  }

  static func identity(path: String) -> Identity? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    return Identity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
  }

  /// Creates the missing folders (0700) and the file (0600), then checks that the path is a
  /// regular file and not cut short. Existing folders and files keep their modes: they are
  /// the user's.
  static func prepare(path: String, problem: DeskLogProblem) throws(DeskLogError) -> Identity {
    let folder = (path as NSString).deletingLastPathComponent
    try makeFolders(folder.isEmpty ? "." : folder, problem: problem)
    var info = stat()
    if stat(path, &info) != 0 {
      let descriptor = Foundation.open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
      guard descriptor >= 0 else {
        throw problem.system("cannot create the desk log", errno: errno, fix: problem.elsewhere)
      }
      close(descriptor)
      guard stat(path, &info) == 0 else {
        throw problem.system("cannot open the desk log", errno: errno, fix: problem.elsewhere)
      }
    }
    guard info.st_mode & S_IFMT == S_IFREG else {
      throw .unavailable("\(path): error: not a file: \(problem.elsewhere)")
    }
    try verify(path: path, problem: problem)
    return Identity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
  }

  /// Checks what SQLite never finds out while a connection is open (it trusts its cached
  /// pages): that the file still begins as an SQLite file. Run before every use, so a file
  /// overwritten in place is reported at the next write. (The header's first bytes are
  /// the same in every version of page 1 a checkpoint writes, so a reader racing one
  /// sees them too.)
  static func verify(path: String, problem: DeskLogProblem) throws(DeskLogError) {
    guard let header = header(path: path), !header.isEmpty else { return }
    guard header.starts(with: magic) else { throw .unavailable(problem.notADatabase) }
  }

  /// The first 100 bytes (fewer in a shorter file); nil when the file cannot be read,
  /// which is SQLite's to report (permission denied is not damage).
  private static func header(path: String) -> [UInt8]? {
    guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
    defer { try? handle.close() }
    return [UInt8]((try? handle.read(upToCount: 100)) ?? Data())
  }

  /// Whether the file looks shorter than its header says: its page count (trusted only
  /// when its change counter matches, as SQLite does) times its page size. SQLite reads a
  /// cut-off file without complaint until it needs a missing page. The file may also be
  /// short for a moment while another process checkpoints, so this is only a suspicion, for
  /// `PRAGMA quick_check` to confirm; nil when nothing is suspected.
  static func suspectedTruncation(path: String) -> String? {
    guard let bytes = header(path: path), bytes.count == 100, let size = fileSize(path) else {
      return nil
    }
    func word(_ offset: Int) -> UInt32 {
      bytes[offset..<offset + 4].reduce(0) { $0 << 8 | UInt32($1) }
    }
    let rawPageSize = Int64(bytes[16]) << 8 | Int64(bytes[17])
    let pageSize = rawPageSize == 1 ? 65536 : rawPageSize
    let pages = Int64(word(28))
    guard pages > 0, word(24) == word(92), pageSize >= 512, size < pages * pageSize else {
      return nil
    }
    return "cut short: \(size) bytes of \(pages * pageSize)"
  }

  private static let magic = Array("SQLite format 3\u{0}".utf8)

  private static func makeFolders(_ folder: String, problem: DeskLogProblem) throws(DeskLogError) {
    var info = stat()
    if stat(folder, &info) == 0 {
      guard info.st_mode & S_IFMT == S_IFDIR else {
        throw .unavailable("\(folder): error: not a folder: \(problem.elsewhere)")
      }
      return
    }
    let parent = (folder as NSString).deletingLastPathComponent
    if !parent.isEmpty, parent != folder { try makeFolders(parent, problem: problem) }
    if mkdir(folder, 0o700) != 0, errno != EEXIST {
      throw .unavailable(
        "\(folder): error: cannot create the desk log's folder (\(String(cString: strerror(errno)))): \(problem.elsewhere)"
      )
    }
  }

  private static func fileSize(_ path: String) -> Int64? {
    var info = stat()
    return stat(path, &info) == 0 ? Int64(info.st_size) : nil
  }
}
