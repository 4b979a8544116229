import Foundation

/// The one place where department names are recognised and normalised, so that one department
/// is one entry across items and townships.
public enum DepartmentNames {
  /// Endings of the names of government bodies in these catalogues.
  static let institutionalEndings: [String] = [
    "局", "部", "委", "办", "院", "会", "站", "中心", "队", "所", "台", "庭", "处", "室", "厅",
    "人大", "政协", "政府", "分局", "公司", "银行", "残联", "编办", "部门", "法院", "检察院",
  ]

  /// Sentence punctuation never occurs inside a department name.
  static let sentencePunctuation: Set<Character> = ["。", "；", ";", "：", ":", "，", ",", "！", "？"]

  /// Whether `text` reads as the name of a department ("木垒县水利局", "县委宣传部",
  /// "昌吉州生态环境局木垒县分局"), as opposed to duty text.
  public static func looksLikeDepartment(_ text: String) -> Bool {
    // Most texts asked about are long duty sentences: reject them before counting characters.
    guard text.utf8.count <= 4 * 30 else { return false }
    if SimpleText.isSimple(text) { return looksLikeDepartment(simple: text) }
    let count = text.count
    guard count >= 2, count <= 30 else { return false }
    guard !text.contains(where: { sentencePunctuation.contains($0) || $0.isWhitespace }) else {
      return false
    }
    if text.first?.isNumber == true { return false }
    return institutionalEndings.contains { text.hasSuffix($0) }
  }

  /// `looksLikeDepartment` by scalar and byte, the same for simple text (see `SimpleText`),
  /// where White_Space is exactly `CellMarkup.isSpaceScalar`.
  private static func looksLikeDepartment(simple text: String) -> Bool {
    var count = 0
    for scalar in text.unicodeScalars {
      if isSentencePunctuation(scalar) || CellMarkup.isSpaceScalar(scalar) { return false }
      count += 1
    }
    guard count >= 2, count <= 30 else { return false }
    if let first = text.unicodeScalars.first, first.properties.numericType != nil { return false }
    let utf8 = text.utf8
    return institutionalEndingsUTF8.contains { ending in
      utf8.count >= ending.count && utf8.suffix(ending.count).elementsEqual(ending)
    }
  }

  private static let institutionalEndingsUTF8 = institutionalEndings.map { Array($0.utf8) }

  private static func isSentencePunctuation(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar {
    case "。", "；", ";", "：", ":", "，", ",", "！", "？": true
    default: false
    }
  }

  /// Splits a 对应上级部门 cell into names as written, with where each stands.
  /// Separators: 、，, ; / and spaces.
  static func splitListWithRanges(_ cell: String) -> [(name: String, range: Range<String.Index>)] {
    guard SimpleText.isSimple(cell) else {
      return cell.split(whereSeparator: { "、，,;；/".contains($0) || $0.isWhitespace })
        .map { (String($0), $0.startIndex..<$0.endIndex) }
    }
    // By scalar: in simple text each is a Character, and White_Space is `isSpaceScalar`.
    var tokens: [(name: String, range: Range<String.Index>)] = []
    let scalars = cell.unicodeScalars
    var tokenStart: String.Index?
    var index = scalars.startIndex
    while index < scalars.endIndex {
      let scalar = scalars[index]
      if isListSeparator(scalar) || CellMarkup.isSpaceScalar(scalar) {
        if let start = tokenStart {
          tokens.append((String(cell[start..<index]), start..<index))
          tokenStart = nil
        }
      } else if tokenStart == nil {
        tokenStart = index
      }
      scalars.formIndex(after: &index)
    }
    if let start = tokenStart {
      tokens.append((String(cell[start..<index]), start..<index))
    }
    return tokens
  }

  private static func isListSeparator(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar {
    case "、", "，", ",", ";", "；", "/": true
    default: false
    }
  }

  /// A department's name without its county/city or prefecture: "木垒县住房和城乡建设局" and
  /// "昌吉市住房和城乡建设局" are both "住房和城乡建设局", "昌吉州生态环境局木垒县分局" is
  /// "生态环境局分局". For comparing the departments of townships in different counties.
  public static func withoutRegion(_ name: String, region: Region) -> String {
    var body = name
    for place in [region.prefecture, region.county] where !place.isEmpty && body.contains(place) {
      body = body.replacingOccurrences(of: place, with: "")
    }
    return body.isEmpty ? name : body
  }

  /// Common short forms, expanded only when the long form is a department already known in
  /// the same county (so an expansion never invents a department).
  static let abbreviations: [(short: String, long: String)] = [
    ("残联", "残疾人联合会"),
    ("编办", "机构编制委员会办公室"),
    ("统战部", "统一战线工作部"),
    ("政法委", "政法委员会"),
    ("发改委", "发展和改革委员会"),
    ("人社局", "人力资源和社会保障局"),
    ("卫健委", "卫生健康委员会"),
    ("住建局", "住房和城乡建设局"),
    ("市监局", "市场监督管理局"),
  ]
}

/// The departments of one county/city, built from every name written in its catalogues, and
/// able to turn a name as written into the full name.
public struct DepartmentDirectory: Sendable {
  public let region: Region
  /// Full names: those written with the county/city or prefecture prefix. By their bytes:
  /// `String`'s hashing normalises every Chinese name first.
  private var fullNames: Set<ExactString>

  public init(region: Region, namesAsWritten: some Sequence<String>) {
    self.region = region
    fullNames = []
    for name in namesAsWritten {
      let prefixed = Self.withRegionPrefix(name, region: region)
      if SimpleText.hasPrefix(prefixed, region.county)
        || SimpleText.hasPrefix(prefixed, region.prefecture)
      {
        if name == prefixed { fullNames.insert(ExactString(name)) }
      }
    }
  }

  /// "县民政局" → "木垒县民政局"; "昌吉人力资源和社会保障局" → "昌吉市人力资源和社会保障局"
  /// when that is a known department; "昌吉市残联" → "昌吉市残疾人联合会" likewise.
  public func normalise(_ asWritten: String) -> Department {
    let written = CellMarkup.collapseWhitespace(asWritten)
    var name = Self.withRegionPrefix(written, region: region)
    if let expanded = expandedAbbreviation(of: name) {
      name = expanded
    } else if !fullNames.contains(ExactString(name)), let known = knownVariant(of: name) {
      name = known
    }
    return Department(name: name, asWritten: written)
  }

  /// Short forms inside a list name their own county/city ("市民政局" in 昌吉市's catalogue)
  /// or prefecture ("州生态环境局").
  static func withRegionPrefix(_ name: String, region: Region) -> String {
    // Department and place names are simple (see SimpleText) but for rare slips: stepping
    // by scalar then gives what stepping by Character gives, without grapheme breaking.
    guard SimpleText.isSimple(name), SimpleText.isSimple(region.county),
      SimpleText.isSimple(region.prefecture)
    else {
      let rest = rest(of: name, county: region.county, prefecture: region.prefecture)
      return rest.map { $0.place.name(in: region) + String($0.rest) } ?? name
    }
    let rest = rest(
      of: name.unicodeScalars, county: region.county.unicodeScalars,
      prefecture: region.prefecture.unicodeScalars)
    return rest.map { $0.place.name(in: region) + String(String.UnicodeScalarView($0.rest)) }
      ?? name
  }

  private enum Place {
    case county, prefecture

    func name(in region: Region) -> String {
      self == .county ? region.county : region.prefecture
    }
  }

  /// The rule of `withRegionPrefix`, by Characters (`String`) or scalars (its
  /// `unicodeScalars`): the place to write before the rest of `name`, or nil to keep it.
  private static func rest<Units: BidirectionalCollection>(
    of name: Units, county: Units, prefecture: Units
  ) -> (place: Place, rest: Units.SubSequence)? where Units.Element: Equatable {
    if name.starts(with: county) || (!prefecture.isEmpty && name.starts(with: prefecture)) {
      return nil
    }
    if let level = county.last, name.first == level, name.count > 1 {
      return (.county, name.dropFirst())
    }
    if let level = prefecture.last, !prefecture.isEmpty, name.first == level, name.count > 1 {
      return (.prefecture, name.dropFirst())
    }
    // "昌吉人力资源和社会保障局": the county/city's name without its 市/县.
    let countyStem = county.dropLast()
    let prefectureStem = prefecture.dropLast()
    if countyStem.count >= 2, name.starts(with: countyStem),
      prefectureStem.isEmpty || !name.starts(with: prefecture)
    {
      return (.county, name.dropFirst(countyStem.count))
    }
    return nil
  }

  /// "昌吉市残联" → "昌吉市残疾人联合会", when the long form is known.
  private func expandedAbbreviation(of name: String) -> String? {
    // The short forms are simple (see SimpleText): by bytes when the name is too.
    let bytewise = SimpleText.isSimple(name)
    for (short, long) in DepartmentNames.abbreviations
    where bytewise ? SimpleText.utf8(of: name, endsWith: short) : name.hasSuffix(short) {
      let expanded = String(name.dropLast(short.count)) + long
      if fullNames.contains(ExactString(expanded)) { return expanded }
    }
    return nil
  }

  /// A known full name this one is an unambiguous slip of.
  private func knownVariant(of name: String) -> String? {
    var candidates: Set<String> = []
    // A dropped or extra 委 after the region: "县机构编制委员会办公室" ↔ "县委机构编制委员会办公室".
    for prefix in [region.county, region.prefecture] where !prefix.isEmpty && name.hasPrefix(prefix)
    {
      let body = name.dropFirst(prefix.count)
      let variant = body.hasPrefix("委") ? prefix + body.dropFirst() : prefix + "委" + body
      if fullNames.contains(ExactString(variant)) { candidates.insert(variant) }
    }
    // A bare name ("公安局") that exists with the county prefix.
    if !name.hasPrefix(region.county), fullNames.contains(ExactString(region.county + name)) {
      candidates.insert(region.county + name)
    }
    return candidates.count == 1 ? candidates.first : nil
  }
}

/// The county/city (or prefecture) a department belongs to, and its name there, for listing
/// departments under their place: "木垒县水利局" → ("木垒县", "水利局");
/// "昌吉州生态环境局木垒县分局" → ("木垒县", "州生态环境局分局") (the prefecture's branch in the
/// county, written with the prefecture's 州 as in "州生态环境局"); "昌吉州财政局" →
/// ("昌吉州", "财政局"). A body that would start with 委 keeps the place's level, as people
/// say it: "木垒县委组织部" → ("木垒县", "县委组织部"). Built once from the loaded regions; a
/// name is split by looking up its first few characters, not by trying every place.
public struct DepartmentPlaces: Sendable {
  /// Counties/cities and prefectures by their length in characters, longest first.
  private let counties: [(length: Int, names: Set<String>)]
  private let prefectures: [(length: Int, names: Set<String>)]
  /// Each prefecture's counties.
  private let countiesOf: [String: [String]]

  public init(regions: some Sequence<Region>) {
    func byLength(_ names: some Sequence<String>) -> [(length: Int, names: Set<String>)] {
      Dictionary(grouping: Set(names.filter { !$0.isEmpty }), by: \.count)
        .map { ($0.key, Set($0.value)) }.sorted { $0.length > $1.length }
    }
    let regions = Array(regions)
    counties = byLength(regions.map(\.county))
    prefectures = byLength(regions.map(\.prefecture))
    var countiesOf: [String: [String]] = [:]
    for region in regions where !region.county.isEmpty {
      if countiesOf[region.prefecture]?.contains(region.county) != true {
        countiesOf[region.prefecture, default: []].append(region.county)
      }
    }
    self.countiesOf = countiesOf.mapValues { $0.sorted { $0.count > $1.count } }
  }

  /// Nil when the name starts with none of the places.
  public func split(_ name: String) -> (place: String, body: String)? {
    let length = name.count
    func place(in table: [(length: Int, names: Set<String>)]) -> String? {
      table.lazy.filter { length > $0.length }
        .compactMap { entry in
          let start = String(name.prefix(entry.length))
          return entry.names.contains(start) ? start : nil
        }.first
    }
    func body(_ rest: Substring, of place: String) -> String {
      rest.hasPrefix("委") ? String(place.suffix(1)) + rest : String(rest)
    }
    if let county = place(in: counties) {
      return (county, body(name.dropFirst(county.count), of: county))
    }
    guard let prefecture = place(in: prefectures) else { return nil }
    let rest = name.dropFirst(prefecture.count)
    if let county = countiesOf[prefecture]?.first(where: { rest.contains($0) }) {
      let branch = rest.replacingOccurrences(of: county, with: "")
      if !branch.isEmpty { return (county, String(prefecture.suffix(1)) + branch) }
    }
    return (prefecture, body(rest, of: prefecture))
  }
}
