import CSQLite
import Foundation
import QingdanCore

/// The one line each failure of the desk log gives: `PATH: error: what: what to do`.
struct DeskLogProblem {
  var path: String
  var busyTimeout: Duration

  /// The usual way out when the file itself is the problem.
  var elsewhere: String { "give another file with --desk FILE" }

  var moveAside: String {
    "move it aside (mv \(path) \(path).damaged) and qingdan starts a new log"
  }

  func damaged(_ what: String) -> String {
    "\(path): error: the desk log is damaged (\(what)): \(moveAside)"
  }

  var notADatabase: String {
    "\(path): error: not a desk log (not an SQLite database): \(moveAside)"
  }

  /// Not a failure: the file was removed or replaced while open, and the log goes on in the
  /// file now at the path.
  func reopened() -> String {
    "\(path): warning: the desk log was removed or replaced while qingdan ran; a new one was started there (entries written before are in the old file, if it was moved)"
  }

  func newer(version: Int) -> String {
    "\(path): error: the desk log was written by a newer qingdan (schema \(version), this one knows \(DeskSchema.latest)): use the newer qingdan, or \(elsewhere)"
  }

  func system(_ what: String, errno code: Int32, fix: String) -> DeskLogError {
    .unavailable("\(path): error: \(what) (\(String(cString: strerror(code)))): \(fix)")
  }

  func line(for failure: SQLiteFailure) -> DeskLogError {
    let seconds = busyTimeout.components.seconds
    let line: String
    switch failure.code {
    case SQLITE_BUSY, SQLITE_LOCKED:
      line =
        "\(path): error: the desk log stayed locked by another process for \(seconds) s: try again; if it stays locked, close the other qingdan (`fuser \(path)` names it)"
    case SQLITE_NOTADB:
      line = notADatabase
    case SQLITE_CORRUPT:
      line = damaged(failure.message)
    case SQLITE_READONLY, SQLITE_PERM, SQLITE_AUTH:
      line =
        "\(path): error: the desk log cannot be written (\(failure.message)): check the permissions of the file and its folder, or \(elsewhere)"
    case SQLITE_CANTOPEN:
      line =
        "\(path): error: cannot open the desk log (\(failure.message)): check that its folder is yours and writable, or \(elsewhere)"
    case SQLITE_FULL:
      line = "\(path): error: the disk is full: free some space and try again"
    case SQLITE_IOERR:
      line =
        "\(path): error: cannot read or write the desk log (\(failure.message)): check the disk"
    default:
      line =
        "\(path): error: the desk log failed (\(failure.message)): if it happens again, \(moveAside)"
    }
    return .unavailable(line)
  }
}
