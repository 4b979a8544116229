/// The contacts file matched against the loaded catalogues: which department or township
/// each row reaches, and the phones to give with an answer.
///
/// A row's 部门 goes through the same normalisation as the catalogues' names
/// (`DepartmentDirectory`, once per county/city), so 县民政局, 木垒县民政局 and 民政局 reach
/// 木垒县民政局. A name that reaches several departments is ambiguous and is reported, never
/// guessed. A row beginning with a township's name (大石头乡党政办) is that township's office.
public struct ContactDirectory: Sendable {
  public enum Target: Sendable, Hashable {
    case department(String)
    case township(String)
  }

  public enum Resolution: Sendable, Hashable {
    case matched(Target)
    /// The name reaches several departments (or townships): write the full name.
    case ambiguous([String])
    /// The name reaches nothing loaded; `closest` is the known name nearest to it.
    case unmatched(closest: String?)
  }

  public struct Row: Sendable, Hashable {
    public var contact: Contact
    public var resolution: Resolution
  }

  /// One phone to give with an answer: the name to say and the row it comes from.
  public struct Entry: Sendable, Hashable {
    /// The department's full name, or the township office as the row names it.
    public var name: String
    public var contact: Contact

    /// "木垒县公安局 0994-1234567": how a phone is shown and read out everywhere.
    public var line: String { "\(name) \(contact.phone)" }
  }

  public let file: ContactsFile?
  public let rows: [Row]
  private let byTarget: [Target: [Contact]]
  /// Known departments no row reaches, most items first.
  public let departmentsWithoutRow: [String]
  public let townshipsWithoutRow: [String]

  /// No contacts file.
  public static let empty = ContactDirectory()

  private init() {
    file = nil
    rows = []
    byTarget = [:]
    departmentsWithoutRow = []
    townshipsWithoutRow = []
  }

  public init(file: ContactsFile, catalogue: CatalogueIndex) {
    self.file = file
    let matcher = Matcher(catalogue: catalogue)
    var cache: [String: Resolution] = [:]
    var rows: [Row] = []
    var byTarget: [Target: [Contact]] = [:]
    for contact in file.contacts {
      let resolution = cache[contact.name] ?? matcher.resolve(contact.name)
      cache[contact.name] = resolution
      rows.append(Row(contact: contact, resolution: resolution))
      if case .matched(let target) = resolution { byTarget[target, default: []].append(contact) }
    }
    self.rows = rows
    self.byTarget = byTarget
    departmentsWithoutRow = catalogue.departments.filter { byTarget[.department($0)] == nil }
    townshipsWithoutRow = catalogue.townships.filter { byTarget[.township($0)] == nil }
  }

  public var isEmpty: Bool { byTarget.isEmpty }

  /// Rows that reach nothing, or several things.
  public var unusedRows: [Row] {
    rows.filter {
      if case .matched = $0.resolution { return false }
      return true
    }
  }

  public func contacts(for target: Target) -> [Contact] { byTarget[target] ?? [] }

  /// The phones for an answer, in the order of the handler rule (`Handler`): the departments
  /// that lead or receive the item first, then the township's office. A department or
  /// township with no row appears with `contacts` empty, so that a note can say so.
  public func entries(for handler: Handler) -> [(name: String, contacts: [Entry])] {
    var result: [(name: String, contacts: [Entry])] = []
    for department in handler.departments
    where !result.contains(where: { $0.name == department.name }) {
      result.append(
        (
          department.name,
          contacts(for: .department(department.name)).map {
            Entry(name: department.name, contact: $0)
          }
        ))
    }
    let township = handler.township
    result.append(
      (township, contacts(for: .township(township)).map { Entry(name: $0.name, contact: $0) }))
    return result
  }

  /// The known phones for an answer, in handler order (see `entries(for:)`).
  public func phones(for handler: Handler) -> [Entry] {
    entries(for: handler).flatMap(\.contacts)
  }
}

/// Resolves names as written in the contacts file against the loaded departments and
/// townships.
struct Matcher {
  let directories: [DepartmentDirectory]
  let known: Set<String>
  let departments: [String]
  let townships: [(name: String, region: Region)]

  init(catalogue: CatalogueIndex) {
    // The names of each county/city, from its own catalogues' key summaries.
    var namesByRegion: [RegionKey: Set<String>] = [:]
    var regions: [RegionKey: Region] = [:]
    for catalogue in catalogue.catalogues {
      let key = RegionKey(prefecture: catalogue.region.prefecture, county: catalogue.region.county)
      regions[key] = regions[key] ?? catalogue.region
      var names = namesByRegion[key] ?? []
      // Keys only: items left in a snapshot stay undecoded.
      names.formUnion(catalogue.items.departmentNames)
      namesByRegion[key] = names
    }
    directories = namesByRegion.keys.sorted {
      ($0.prefecture, $0.county) < ($1.prefecture, $1.county)
    }
    .map { DepartmentDirectory(region: regions[$0]!, namesAsWritten: namesByRegion[$0]!) }
    known = Set(catalogue.departments)
    departments = catalogue.departments
    townships = catalogue.catalogues.map { ($0.township, $0.region) }
  }

  private struct RegionKey: Hashable {
    var prefecture: String
    var county: String
  }

  func resolve(_ written: String) -> ContactDirectory.Resolution {
    let name = CellMarkup.collapseWhitespace(written)
    var townshipHits: [String] = []
    for (township, region) in townships
    where !township.isEmpty && !townshipHits.contains(township)
      && [township, region.county + township, region.prefecture + region.county + township]
        .contains(where: { name.hasPrefix($0) })
    {
      townshipHits.append(township)
    }
    if townshipHits.count == 1 { return .matched(.township(townshipHits[0])) }
    if townshipHits.count > 1 { return .ambiguous(townshipHits) }

    var departmentHits: [String] = []
    for directory in directories {
      let normalised = directory.normalise(name).name
      if known.contains(normalised), !departmentHits.contains(normalised) {
        departmentHits.append(normalised)
      }
    }
    if departmentHits.count == 1 { return .matched(.department(departmentHits[0])) }
    if departmentHits.count > 1 { return .ambiguous(departmentHits) }
    return .unmatched(closest: closest(to: name))
  }

  /// The known department or township nearest to `name` by edit distance (characters).
  func closest(to name: String) -> String? {
    let target = Array(name)
    var best: (name: String, distance: Int)?
    for candidate in departments + townships.map(\.name) {
      let distance = EditDistance.between(target, Array(candidate))
      if best == nil || distance < best!.distance { best = (candidate, distance) }
    }
    return best?.name
  }
}

/// Levenshtein distance, for suggesting the nearest known name.
enum EditDistance {
  static func between(_ left: [Character], _ right: [Character]) -> Int {
    if left.isEmpty { return right.count }
    if right.isEmpty { return left.count }
    var previous = Array(0...right.count)
    var current = previous
    for (i, l) in left.enumerated() {
      current[0] = i + 1
      for (j, r) in right.enumerated() {
        current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (l == r ? 0 : 1))
      }
      swap(&previous, &current)
    }
    return previous[right.count]
  }
}
