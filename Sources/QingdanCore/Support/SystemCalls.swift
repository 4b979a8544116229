#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

// The C library's read, write and close under names that do not clash with methods
// called `read`, `write` and `close` on the types that use them.
#if canImport(Glibc)
  let systemClose = Glibc.close
  let systemRead = Glibc.read
  let systemWrite = Glibc.write
#elseif canImport(Darwin)
  let systemClose = Darwin.close
  let systemRead = Darwin.read
  let systemWrite = Darwin.write
#endif

/// Writes all of `buffer` to `descriptor`, retrying interrupted and short writes; nil when
/// done, else the `errno` of the write that failed.
///
/// For files other processes map (snapshots, search tables), in pieces of at most
/// `mappedWriteLimit` bytes: the page cache keeps a file in folios as large as the writes
/// that filled it (Linux 6.x), and a reader's fault maps the whole folio. One 180 MB write
/// made 2 MB folios, and a one-shot `qingdan who` that read a few postings counted 88 MB
/// resident instead of 42 MB.
/// - Parameter write: the system's `write` (a test's stand-in sees the pieces).
func writeAll(
  _ descriptor: Int32, _ buffer: UnsafeRawBufferPointer,
  write: (Int32, UnsafeRawPointer?, Int) -> Int = systemWrite
) -> Int32? {
  var done = 0
  while done < buffer.count {
    let piece = min(buffer.count - done, mappedWriteLimit)
    let wrote = write(descriptor, buffer.baseAddress! + done, piece)
    if wrote > 0 {
      done += wrote
    } else if wrote < 0 && errno == EINTR {
      continue
    } else {
      return wrote < 0 ? errno : EIO
    }
  }
  return nil
}

/// See `writeAll`: 64 KB, what a reader's fault maps around it anyway (`fault_around_bytes`).
let mappedWriteLimit = 64 * 1024
