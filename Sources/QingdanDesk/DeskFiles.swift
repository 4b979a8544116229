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
  /// regular file. Existing folders and files keep their modes: they are the user's.
  static func prepare(path: String, problem: DeskLogProblem) throws(DeskLogError) -> Identity {
    let folder = (path as NSString).deletingLastPathComponent
    try makeFolders(folder.isEmpty ? "." : folder, problem: problem)
    var info = stat()
    if stat(path, &info) != 0 {
      // O_EXCL: a descriptor is only ever opened (and closed) on a file this call created,
      // which no connection of this process can hold locks on (see `fileStart`).
      let descriptor = Foundation.open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
      if descriptor >= 0 {
        close(descriptor)
      } else if errno != EEXIST {
        throw problem.system("cannot create the desk log", errno: errno, fix: problem.elsewhere)
      }
      guard stat(path, &info) == 0 else {
        throw problem.system("cannot open the desk log", errno: errno, fix: problem.elsewhere)
      }
    }
    guard info.st_mode & S_IFMT == S_IFREG else {
      throw .unavailable("\(path): error: not a file: \(problem.elsewhere)")
    }
    return Identity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
  }

  /// Checks what SQLite never finds out while a connection is open (it trusts its cached
  /// pages): that the file still begins as an SQLite file. Run before every use, so a file
  /// overwritten in place is reported at the next write. (The header's first bytes are
  /// the same in every version of page 1 a checkpoint writes, so a reader racing one
  /// sees them too.) Reads through the connection's own descriptor (`fileStart`).
  static func verify(_ connection: SQLiteConnection, problem: DeskLogProblem) throws(DeskLogError) {
    guard let start = connection.fileStart(magic.count), !start.bytes.isEmpty else { return }
    guard start.bytes.starts(with: magic) else { throw .unavailable(problem.notADatabase) }
  }

  /// Whether the file looks shorter than its header says: its page count (trusted only
  /// when its change counter matches, as SQLite does) times its page size. SQLite reads a
  /// cut-off file without complaint until it needs a missing page. The file may also be
  /// short for a moment while another process checkpoints, so this is only a suspicion, for
  /// `PRAGMA quick_check` to confirm; nil when nothing is suspected.
  static func suspectedTruncation(_ connection: SQLiteConnection) -> String? {
    guard let (bytes, size) = connection.fileStart(100), bytes.count == 100 else { return nil }
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

}
