import Foundation

/// Why a path given as catalogue data yields nothing, told apart by `lstat`/`stat` so that
/// each cause gets its own message and remedy.
public enum PathProblem: Equatable, Sendable {
  case missing
  case danglingSymlink(target: String)
  case symlinkLoop
  /// A FIFO, a device or a socket: reading it could block or never end.
  case notRegularFile(kind: String)
  /// A directory where a catalogue file was expected (named `x.txt`).
  case directoryNamedLikeFile
  /// A directory that holds no `*.txt` or `*.tsv` file.
  case noCatalogueFiles
  case permissionDenied
  case unreadable(reason: String)

  /// What happened and what to do, for `PATH: error: …`.
  public var message: String {
    switch self {
    case .missing:
      "no such file or directory; check the path"
    case .danglingSymlink(let target):
      "a symbolic link to “\(target)”, which does not exist; fix the link or give the catalogue file itself"
    case .symlinkLoop:
      "a symbolic link that points back to itself (a loop); give the catalogue file itself"
    case .notRegularFile(let kind):
      "not a regular file but \(kind); give a catalogue file (*.txt or *.tsv)"
    case .directoryNamedLikeFile:
      "a directory named like a catalogue file; give the files inside it, or rename it"
    case .noCatalogueFiles:
      "a directory with no catalogue files (*.txt or *.tsv); give a catalogue file or a directory that holds some"
    case .permissionDenied:
      "permission denied; ask for read access (e.g. chmod a+r), or copy the file somewhere you can read"
    case .unreadable(let reason):
      "cannot be read (\(reason)); check the file"
    }
  }

  /// The problem with reading `path` as a catalogue file, nil when it is a readable
  /// regular file.
  public static func ofFile(_ path: String) -> PathProblem? {
    var info = stat()
    guard lstat(path, &info) == 0 else { return failure(errno) }
    if isType(info, S_IFLNK) {
      guard stat(path, &info) == 0 else {
        switch errno {
        case ENOENT:
          let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? "?"
          return .danglingSymlink(target: target)
        case ELOOP: return .symlinkLoop
        default: return failure(errno)
        }
      }
    }
    if isType(info, S_IFDIR) {
      return CatalogueLoader.isCatalogueName(path) ? .directoryNamedLikeFile : .noCatalogueFiles
    }
    if let kind = specialKind(info) { return .notRegularFile(kind: kind) }
    let descriptor = open(path, O_RDONLY | O_NONBLOCK)
    guard descriptor >= 0 else { return failure(errno) }
    close(descriptor)
    return nil
  }

  /// The problem with listing `path` as a directory of catalogues, nil when it can be
  /// listed (whether or not it holds catalogue files).
  static func ofDirectory(_ path: String) -> PathProblem? {
    guard let directory = opendir(path) else { return failure(errno) }
    closedir(directory)
    return nil
  }

  static func failure(_ code: Int32) -> PathProblem {
    switch code {
    case ENOENT, ENOTDIR: .missing
    case ELOOP: .symlinkLoop
    case EACCES, EPERM: .permissionDenied
    default: .unreadable(reason: String(cString: strerror(code)))
    }
  }

  private static func isType(_ info: stat, _ type: mode_t) -> Bool {
    info.st_mode & S_IFMT == type
  }

  private static func specialKind(_ info: stat) -> String? {
    switch info.st_mode & S_IFMT {
    case S_IFIFO: "a FIFO (named pipe)"
    case S_IFCHR: "a character device"
    case S_IFBLK: "a block device"
    case S_IFSOCK: "a socket"
    default: nil
    }
  }
}

extension CatalogueLoader {
  /// `nothingLoaded` when not one file of `paths` can even be opened, found without reading
  /// any: the browser says so before it takes over the screen.
  public static func nothingReadable(in paths: [String]) -> LoadError? {
    guard let files = try? files(in: paths) else { return nil }
    var reports: [FileReport] = []
    for file in files {
      guard let problem = PathProblem.ofFile(file) else { return nil }
      reports.append(
        FileReport(
          file: file, township: nil,
          diagnostics: [
            Diagnostic(severity: .error, file: file, line: 0, message: problem.message)
          ],
          coverage: .zero))
    }
    return .nothingLoaded(files: reports)
  }
}
