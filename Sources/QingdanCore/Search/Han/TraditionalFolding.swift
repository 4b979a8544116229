import Foundation

/// Folds traditional Han characters to simplified ones (臨時 → 临时), from
/// `Resources/han/traditional.tsv`, so that a query and the catalogue text compare equal
/// whichever script either is written in. Apply it to both sides.
///
/// Folding replaces one Han scalar with another and never changes the number of
/// `Character`s, so offsets into the folded text are offsets into the original.
public struct TraditionalFolding: Sendable {
  /// Traditional scalar → simplified scalar.
  private let targets: HanScalarMap
  public let count: Int
  /// Identifies the table's content: an index built with another folding is stale.
  public let fingerprint: UInt64

  public static let bundledPath = "han/traditional.tsv"

  /// The table shipped in `Resources/han/traditional.tsv`.
  public static func loadBundled() throws -> TraditionalFolding {
    try TraditionalFolding(contentsOf: HanTableText.bundledFile(bundledPath))
  }

  /// Parses `TRAD<TAB>SIMP` lines, each side one Han character; blank lines and `#` lines
  /// are skipped. Throws ``HanTableError/malformedLine(file:line:reason:)`` naming the first
  /// bad line.
  public init(contentsOf url: URL) throws {
    let data = try HanTableText.read(url)
    var targets = HanScalarMap.Builder()
    var count = 0
    try data.withUnsafeBytes { raw in
      let bytes = raw.bindMemory(to: UInt8.self)
      try HanTableText.forEachLine(bytes) { line, start, end in
        func malformed(_ reason: String) -> HanTableError {
          .malformedLine(file: url.path, line: line, reason: reason)
        }
        let expected = "expected a traditional Han character, a tab, a simplified one"
        guard let source = HanTableText.decodeScalar(bytes, at: start, end: end),
          source.next < end, bytes[source.next] == HanTableText.tab,
          let target = HanTableText.decodeScalar(bytes, at: source.next + 1, end: end),
          target.next == end
        else { throw malformed(expected) }
        guard HanTableText.isHan(source.value), HanTableText.isHan(target.value) else {
          throw malformed("not a Han ideograph; \(expected)")
        }
        guard source.value == target.value || targets.insert(target.value, for: source.value)
        else {
          throw malformed(
            "duplicate entry for U+\(String(source.value, radix: 16, uppercase: true))")
        }
        if source.value != target.value { count += 1 }
      }
    }
    self.targets = HanScalarMap(targets)
    self.count = count
    fingerprint = ContentHash.hash(data)
  }

  /// A folding from literal pairs, for tests. Both sides must be single Han characters
  /// (what keeps folding from changing the character count); anything else is a
  /// programming error.
  public init(mapping: [Character: Character]) {
    var targets = HanScalarMap.Builder()
    var count = 0
    for (traditional, simplified) in mapping {
      let source = traditional.unicodeScalars.first.map(\.value) ?? 0
      let target = simplified.unicodeScalars.first.map(\.value) ?? 0
      precondition(
        traditional.unicodeScalars.count == 1 && simplified.unicodeScalars.count == 1
          && HanTableText.isHan(source) && HanTableText.isHan(target),
        "TraditionalFolding maps single Han characters: \(traditional) → \(simplified)")
      if source != target && targets.insert(target, for: source) { count += 1 }
    }
    self.targets = HanScalarMap(targets)
    self.count = count
    fingerprint = ContentHash.hash(
      mapping.map { "\($0.key)\t\($0.value)\n" }.sorted().joined())
  }

  /// The folding as a compiled tables file holds it (`SearchTablesFile`).
  func write(to writer: inout TableWriter) {
    writer.int(count)
    writer.u64(fingerprint)
    targets.write(to: &writer)
  }

  init(reading reader: inout TableReader) throws(TableFormatError) {
    count = try reader.int()
    fingerprint = try reader.u64()
    targets = try HanScalarMap(reading: &reader)
    // `folded` trusts every target to be a Han scalar (what keeps the character count).
    guard targets.allPayloads(HanTableText.isHan) else {
      throw TableFormatError("a folding target is not a Han character")
    }
  }

  /// `text` with every traditional character replaced by its simplified form; everything
  /// else, including variation selectors, unchanged. Same `Character` count as `text`.
  public func fold(_ text: String) -> String {
    let scalars = text.unicodeScalars
    // Catalogue text is nearly always simplified already: return it without copying.
    guard let first = scalars.firstIndex(where: { targets[$0.value] != 0 }) else {
      return text
    }
    var result = String.UnicodeScalarView()
    result.append(contentsOf: scalars[..<first])
    for scalar in scalars[first...] {
      result.append(folded(scalar))
    }
    return String(result)
  }

  public func fold(_ character: Character) -> Character {
    let scalars = character.unicodeScalars
    guard scalars.contains(where: { targets[$0.value] != 0 }) else { return character }
    var result = String.UnicodeScalarView()
    for scalar in scalars { result.append(folded(scalar)) }
    return Character(String(result))
  }

  @inline(__always)
  public func fold(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
    folded(scalar)
  }

  @inline(__always)
  private func folded(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
    let target = targets[scalar.value]
    // Targets were checked to be Han scalars when the table was built.
    return target == 0 ? scalar : Unicode.Scalar(target).unsafelyUnwrapped
  }
}
