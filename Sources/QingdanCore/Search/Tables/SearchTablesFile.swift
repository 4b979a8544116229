import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

private func systemOpen(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 {
  #if canImport(Glibc)
    Glibc.open(path, flags, mode)
  #else
    Darwin.open(path, flags, mode)
  #endif
}

/// The files the search tables are compiled from, in a fixed order, present or not: the
/// Han tables, the synonyms, the caller lexicon, the user's synonyms, the fillers, the
/// thesaurus and its index, the word list.
struct SearchTableSources: Sendable, Equatable {
  enum Role: Int, CaseIterable {
    case pinyin, folding, synonyms, callers, userSynonyms, fillers, thesaurus, thesaurusIndex
    case words
  }

  /// One path per role, in `Role` order; "" where there is no place to look (no
  /// resources folder, no configuration folder).
  var paths: [String]

  init(environment: [String: String]) {
    let resources = BundledResources.directory(environment: environment)
    paths = Role.allCases.map { role in
      switch role {
      case .userSynonyms:
        return Synonyms.userFile(environment: environment)?.path ?? ""
      default:
        return resources?.appendingPathComponent(Self.bundledPath(role)).path ?? ""
      }
    }
  }

  init(paths: [String]) { self.paths = paths }

  static func bundledPath(_ role: Role) -> String {
    switch role {
    case .pinyin: PinyinTable.bundledPath
    case .folding: TraditionalFolding.bundledPath
    case .synonyms: "synonyms.tsv"
    case .callers: "search/callers.tsv"
    case .userSynonyms: ""
    case .fillers: "search/fillers.tsv"
    case .thesaurus: "search/thesaurus.tsv"
    case .thesaurusIndex: "search/thesaurus-index.tsv"
    case .words: "search/words.txt"
    }
  }

  subscript(role: Role) -> String { paths[role.rawValue] }

  /// The file for `role` if it exists.
  func existing(_ role: Role) -> URL? {
    let path = self[role]
    return !path.isEmpty && FileManager.default.fileExists(atPath: path)
      ? URL(fileURLWithPath: path) : nil
  }
}

/// What a source file was when the tables were compiled: found by `stat`, as git's index
/// keys its files, with the content's hash for files changed within the clock's resolution.
struct SourceStamp: Sendable, Equatable {
  var exists: Bool
  var size: UInt64 = 0
  var modified: Int64 = 0
  var inode: UInt64 = 0
  var device: UInt64 = 0

  init(exists: Bool, size: UInt64 = 0, modified: Int64 = 0, inode: UInt64 = 0, device: UInt64 = 0) {
    self.exists = exists
    self.size = size
    self.modified = modified
    self.inode = inode
    self.device = device
  }

  init(path: String) {
    var info = stat()
    guard !path.isEmpty, stat(path, &info) == 0 else {
      self.init(exists: false)
      return
    }
    self.init(
      exists: true, size: UInt64(info.st_size),
      modified: Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec),
      inode: UInt64(info.st_ino), device: UInt64(info.st_dev))
  }

  var fields: [UInt64] {
    [exists ? 1 : 0, size, UInt64(bitPattern: modified), inode, device]
  }

  static let fieldCount = 5
}

/// The search tables compiled once into one file in the cache directory
/// (`search-tables-HASH.qdtab`, one per set of source paths), memory-mapped read-only and
/// shared, and read in place: no table is parsed at start. The file records each source's
/// `stat` (and content hash); a source edited, touched, replaced, added or removed makes it
/// stale, and it is compiled again and replaced atomically (a process still reading the old
/// one keeps it). A damaged file is refused with the reason and compiled again.
///
/// Layout (little-endian, every array aligned to its element size): magic 8 bytes, format
/// version u32, byte-order mark u32, file length u64, compile time u64 (ns since 1970),
/// checksum u64 (XXH64 of everything after the header); then the source paths, their stamps
/// and hashes, and the tables in `TableWriter` form: pinyin, folding, synonyms, fillers,
/// thesaurus, words, the query compiler's known terms, slip vocabulary and known words.
enum SearchTablesFile {
  static let formatVersion: UInt32 = 4
  static let magic: [UInt8] = Array("QDTABLES".utf8)
  static let byteOrderMark: UInt32 = 0x0102_0304
  static let headerSize = 40
  static let fileExtension = "qdtab"
  /// Sources modified this close to the compile (or after it) are checked by content: the
  /// file system's clock may not have moved between two edits.
  static let racyWindow: Int64 = 2_000_000_000

  struct Opened {
    var resources: SearchResources
    /// "search tables: mapped PATH", or why they were compiled and what became of the file.
    var summary: String
  }

  static let namePrefix = "search-tables-"

  /// The file for `sources` in `directory`.
  static func path(for sources: SearchTableSources, in directory: String) -> String {
    let key = ContentHash.hash(
      Array(sources.paths.joined(separator: "\n").utf8), seed: UInt64(formatVersion))
    return (directory as NSString).appendingPathComponent(
      namePrefix + String(format: "%016llx", key) + "." + fileExtension)
  }

  /// Whether a file in the cache directory is named like a compiled tables file (of any
  /// format or sources: the housekeeping removes those left unused).
  static func isFileName(_ name: String) -> Bool {
    name.hasPrefix(namePrefix) && name.hasSuffix("." + fileExtension)
  }

  /// The tables for `sources`: read in place from the compiled file in `directory` when it
  /// is valid, else compiled (and written there for the next start; nil: nowhere to write).
  static func open(_ sources: SearchTableSources, directory: String?) throws -> Opened {
    guard let directory else {
      return Opened(
        resources: try compile(sources).resources,
        summary: "search tables: compiled in memory (no cache directory)")
    }
    let path = path(for: sources, in: directory)
    let refusal: String
    switch read(path: path, sources: sources) {
    case .success(let resources):
      return Opened(resources: resources, summary: "search tables: mapped \(path)")
    case .failure(let error):
      refusal = error.reason
    }
    let compiled = try compile(sources)
    let written = write(compiled.bytes, to: path, directory: directory)
    return Opened(
      resources: compiled.resources, summary: "search tables: compiled (\(refusal)); \(written)")
  }

  // MARK: Compiling

  struct Compiled {
    var bytes: [UInt8]
    var resources: SearchResources
  }

  /// Parses every source (throwing what the parsers throw: file and line of a bad line) and
  /// lays the tables out as the file holds them; `resources` reads those bytes in place.
  static func compile(_ sources: SearchTableSources, now: Date = Date()) throws -> Compiled {
    let compiledAt = Int64(now.timeIntervalSince1970 * 1e9)
    // Stamped before reading: an edit while compiling makes the file stale, never trusted.
    let stamps = sources.paths.map(SourceStamp.init(path:))
    let hashes = sources.paths.map(contentHash)
    let resources = try parse(sources)

    var writer = TableWriter()
    writer.array(magic)
    writer.u32(formatVersion)
    writer.u32(byteOrderMark)
    writer.u64(0)  // file length, patched below
    writer.u64(UInt64(bitPattern: compiledAt))
    writer.u64(0)  // checksum, patched below
    writer.strings(sources.paths)
    writer.counted(zip(stamps, hashes).flatMap { $0.fields + [$1] })
    resources.pinyin.write(to: &writer)
    resources.folding.write(to: &writer)
    resources.synonyms.write(to: &writer)
    resources.fillers.write(to: &writer)
    resources.thesaurus.write(to: &writer)
    resources.words.write(to: &writer)
    QueryTables.write(resources, to: &writer)
    writer.align(8)
    writer.patch(UInt64(writer.bytes.count), at: 16)
    writer.patch(checksum(of: writer.bytes), at: 32)
    let bytes = writer.bytes
    let storage = TableStorage.copying(bytes)
    // What was just laid out reads back; reading it is what every later start does.
    let readBack = try tables(in: storage, sources: sources).get()
    return Compiled(bytes: bytes, resources: readBack)
  }

  private static func parse(_ sources: SearchTableSources) throws -> SearchResources {
    func required(_ role: SearchTableSources.Role) throws -> URL {
      guard let url = sources.existing(role) else {
        throw HanTableError.resourceNotFound(SearchTableSources.bundledPath(role))
      }
      return url
    }
    var synonyms = Synonyms()
    for role in [SearchTableSources.Role.synonyms, .callers, .userSynonyms] {
      guard let url = sources.existing(role) else { continue }
      if role == .callers {
        try synonyms.loadConcepts(contentsOf: url)
      } else {
        try synonyms.load(contentsOf: url)
      }
    }
    var fillers = Fillers()
    if let url = sources.existing(.fillers) { try fillers.load(contentsOf: url) }
    var thesaurus = Thesaurus()
    if let groups = sources.existing(.thesaurus), let index = sources.existing(.thesaurusIndex) {
      try thesaurus.load(groups: groups, index: index)
    }
    var words = WordList()
    if let url = sources.existing(.words) { try words.load(contentsOf: url) }
    return SearchResources(
      pinyin: try PinyinTable(contentsOf: required(.pinyin)),
      folding: try TraditionalFolding(contentsOf: required(.folding)), synonyms: synonyms,
      fillers: fillers, thesaurus: thesaurus, words: words)
  }

  private static func contentHash(_ path: String) -> UInt64 {
    guard !path.isEmpty, let data = FileManager.default.contents(atPath: path) else { return 0 }
    return ContentHash.hash(data)
  }

  private static func checksum(of bytes: [UInt8]) -> UInt64 {
    bytes.withUnsafeBytes { ContentHash.hash(UnsafeRawBufferPointer(rebasing: $0[headerSize...])) }
  }

  // MARK: Reading

  /// The tables in the file at `path`, mapped, if it is intact and compiled from `sources`
  /// as they are now; otherwise why not.
  static func read(path: String, sources: SearchTableSources) -> Result<
    SearchResources, TableFormatError
  > {
    let descriptor = systemOpen(path, O_RDONLY | O_CLOEXEC, 0)
    guard descriptor >= 0 else {
      return .failure(
        TableFormatError(
          errno == ENOENT ? "none compiled yet" : "cannot open: \(String(cString: strerror(errno)))"
        ))
    }
    defer { close(descriptor) }
    var info = stat()
    guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
      return .failure(TableFormatError("\(path) is not a regular file"))
    }
    guard Int(info.st_size) >= headerSize else {
      return .failure(TableFormatError("truncated: \(info.st_size) bytes, shorter than the header"))
    }
    // As for a snapshot: a checksum that passed is not worked out again while the file
    // keeps the stat it had then (hashing 5 MB was a tenth of a one-shot `who`'s
    // instructions, and faulted in pages no query reads).
    let statTakenAt = FileStat.now()
    let fileStat = FileStat(descriptor: descriptor)
    let vouched =
      fileStat.map { ChecksumRecord.readMarkingUsed(for: path)?.vouches(for: $0) ?? false }
      ?? false
    let storage: TableStorage
    switch TableStorage.mapping(fileDescriptor: descriptor, size: Int(info.st_size)) {
    case .success(let mapped): storage = mapped
    case .failure(let error): return .failure(error)
    }
    let read = tables(in: storage, sources: sources, verifyingChecksum: !vouched)
    if case .success = read, !vouched, let fileStat {
      ChecksumRecord(file: fileStat, recordedAt: statTakenAt).write(for: path)
    }
    return read
  }

  /// Checks the header, the checksum (unless a checksum record vouched for the file) and
  /// the sources' stamps, then reads every table in place; every read stays bounds-checked.
  static func tables(
    in storage: TableStorage, sources: SearchTableSources, verifyingChecksum: Bool = true
  ) -> Result<SearchResources, TableFormatError> {
    Result { () throws(TableFormatError) in
      var reader = TableReader(storage: storage, range: 0..<storage.count)
      let fileMagic = try reader.array(UInt8.self, count: magic.count)
      guard fileMagic.elementsEqual(magic) else {
        throw TableFormatError("not a qingdan tables file (wrong magic)")
      }
      let version = try reader.u32()
      guard try reader.u32() == byteOrderMark else {
        throw TableFormatError("written on a machine of another byte order")
      }
      guard version == formatVersion else {
        throw TableFormatError("format \(version), this qingdan reads \(formatVersion)")
      }
      let length = try reader.u64()
      guard length == UInt64(storage.count) else {
        throw TableFormatError("\(storage.count) bytes, the header says \(length)")
      }
      let compiledAt = Int64(bitPattern: try reader.u64())
      let expected = try reader.u64()
      if verifyingChecksum {
        let actual = ContentHash.hash(
          UnsafeRawBufferPointer(rebasing: storage.bytes[headerSize...]))
        guard actual == expected else { throw TableFormatError("checksum mismatch") }
      }
      try checkSources(&reader, sources: sources, compiledAt: compiledAt)
      var resources = SearchResources(
        pinyin: try PinyinTable(reading: &reader),
        folding: try TraditionalFolding(reading: &reader),
        synonyms: try Synonyms(reading: &reader), fillers: try Fillers(reading: &reader),
        thesaurus: try Thesaurus(reading: &reader), words: try WordList(reading: &reader))
      resources.queryTables = try QueryTables(reading: &reader)
      return resources
    }
  }

  /// Refuses tables compiled from other paths, or from a source that changed since.
  private static func checkSources(
    _ reader: inout TableReader, sources: SearchTableSources, compiledAt: Int64
  ) throws(TableFormatError) {
    let paths = try reader.strings()
    let records = try reader.counted(UInt64.self)
    let width = SourceStamp.fieldCount + 1
    guard paths.all == sources.paths, records.count == paths.count * width else {
      throw TableFormatError("compiled from other files")
    }
    for (index, path) in sources.paths.enumerated() {
      let record = records[(index * width)..<((index + 1) * width)]
      let stored = SourceStamp(
        exists: record[record.startIndex] == 1, size: record[record.startIndex + 1],
        modified: Int64(bitPattern: record[record.startIndex + 2]),
        inode: record[record.startIndex + 3], device: record[record.startIndex + 4])
      let now = SourceStamp(path: path)
      let name = path.isEmpty ? "a source" : path
      guard now == stored else {
        throw TableFormatError(
          now.exists == stored.exists
            ? "\(name) changed" : now.exists ? "\(name) was added" : "\(name) was removed")
      }
      // Edited within the clock's resolution of the compile: the stamp cannot tell.
      if now.exists, now.modified > compiledAt - racyWindow,
        contentHash(path) != record[record.startIndex + SourceStamp.fieldCount]
      {
        throw TableFormatError("\(name) changed")
      }
    }
  }

  // MARK: Writing

  /// Writes `bytes` to a temporary file beside `path`, then renames it into place.
  static func write(_ bytes: [UInt8], to path: String, directory: String) -> String {
    do {
      try FileManager.default.createDirectory(
        atPath: directory, withIntermediateDirectories: true,
        attributes: [.posixPermissions: 0o700])
    } catch {
      return "not written: cannot create \(directory): \(error.localizedDescription)"
    }
    let temporary =
      (directory as NSString).appendingPathComponent(
        ".\(namePrefix)\(getpid())-\(UInt32.random(in: 0...UInt32.max)).tmp")
    let descriptor = systemOpen(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
    guard descriptor >= 0 else {
      return "not written: cannot create \(temporary): \(String(cString: strerror(errno)))"
    }
    let failure: String? = bytes.withUnsafeBytes { buffer in
      writeAll(descriptor, buffer).map { String(cString: strerror($0)) }
    }
    close(descriptor)
    if let failure {
      unlink(temporary)
      return "not written: \(failure)"
    }
    guard rename(temporary, path) == 0 else {
      let reason = String(cString: strerror(errno))
      unlink(temporary)
      return "not written: cannot rename into \(path): \(reason)"
    }
    return "wrote \(bytes.count) bytes to \(path)"
  }
}
