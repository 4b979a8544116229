/// The one table of what each column of a catalogue holds and the header wordings that name
/// it. The text parser and every table reader (CSV/TSV, HTML, xlsx, docx) recognise header rows
/// through it, so an office's wording is accepted everywhere or nowhere.
public enum ColumnRole: String, CaseIterable, Sendable, Hashable {
  case number
  case category
  case name
  case departments
  case departmentDuties
  case townshipDuties
  case recovery

  /// The standard header, as the bundled catalogues and `export` write it.
  public var standardHeader: String {
    switch self {
    case .number: "序号"
    case .category: "事项类别"
    case .name: "事项名称"
    case .departments: "对应上级部门"
    case .departmentDuties: "上级部门职责"
    case .townshipDuties: "乡镇配合职责"
    case .recovery: "承接部门及工作方式"
    }
  }

  /// Every wording accepted, the standard one first. Compared after `headerKey` (spaces,
  /// line breaks and punctuation differences removed).
  public var wordings: [String] {
    switch self {
    case .number: ["序号", "编号", "序列号", "No"]
    case .category: ["事项类别", "类别", "分类", "事项分类", "类型"]
    case .name: ["事项名称", "名称", "履职事项", "事项", "履职事项名称", "事项内容"]
    case .departments:
      ["对应上级部门", "牵头部门", "责任部门", "县直部门", "主管部门", "上级部门", "市直部门", "配合事项对应上级部门"]
    case .departmentDuties: ["上级部门职责", "部门职责", "县直部门职责", "市直部门职责", "牵头部门职责", "主管部门职责"]
    case .townshipDuties:
      ["乡镇配合职责", "乡镇职责", "乡镇（街道）配合职责", "街道配合职责", "乡镇（街道）职责", "街道职责", "配合职责"]
    case .recovery: ["承接部门及工作方式", "部门：工作方式", "承接部门", "承接部门和工作方式", "收回后承接部门及工作方式"]
    }
  }

  /// The columns each list has, in the standard order.
  public static func standardColumns(_ list: ListKind) -> [ColumnRole] {
    switch list {
    case .basic: [.number, .category, .name]
    case .cooperative:
      [.number, .category, .name, .departments, .departmentDuties, .townshipDuties]
    case .recovered: [.number, .category, .name, .recovery]
    }
  }

  /// "乡镇 (街道) 配合职责" and "乡镇（街道）配合职责" compare equal; so do "部门:工作方式" and
  /// "部门：工作方式".
  static func headerKey(_ text: some StringProtocol) -> String {
    var key = ""
    for scalar in text.unicodeScalars {
      switch scalar {
      case " ", "\u{3000}", "\t", "\n", "\r", "\u{A0}", "*", "＊": continue
      case "(": key.unicodeScalars.append("（")
      case ")": key.unicodeScalars.append("）")
      case ":": key.unicodeScalars.append("：")
      default: key.unicodeScalars.append(scalar)
      }
    }
    return key
  }

  private static let roleByKey: [String: ColumnRole] = {
    var table: [String: ColumnRole] = [:]
    for role in allCases {
      for wording in role.wordings { table[headerKey(wording)] = role }
    }
    return table
  }()

  /// The role a header cell names, or nil when the table does not know the wording.
  public static func role(forHeader header: some StringProtocol) -> ColumnRole? {
    roleByKey[headerKey(header)]
  }

  /// The known wording nearest to an unknown header (edit distance over characters), for
  /// the diagnostic that names it.
  public static func closest(to header: String) -> (role: ColumnRole, wording: String) {
    let key = Array(headerKey(header))
    var best: (role: ColumnRole, wording: String, distance: Int) = (.name, "事项名称", .max)
    for role in allCases {
      for wording in role.wordings {
        let distance = editDistance(key, Array(headerKey(wording)))
        if distance < best.distance { best = (role, wording, distance) }
      }
    }
    return (best.role, best.wording)
  }

  static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = previous
    for i in 1...a.count {
      current[0] = i
      for j in 1...b.count {
        current[j] = Swift.min(
          previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
      }
      swap(&previous, &current)
    }
    return previous[b.count]
  }
}

/// A header row read through the role table: which role each column has.
public struct HeaderRow: Sendable, Hashable {
  /// One entry per cell; nil for a blank cell or a wording the table does not know.
  public var roles: [ColumnRole?]
  /// The unknown non-blank headers, by column.
  public var unknown: [(column: Int, text: String)] {
    zip(roles.indices, cells).compactMap { column, text in
      roles[column] == nil && !text.isEmpty ? (column, text) : nil
    }
  }
  let cells: [String]

  public static func == (lhs: HeaderRow, rhs: HeaderRow) -> Bool { lhs.cells == rhs.cells }
  public func hash(into hasher: inout Hasher) { hasher.combine(cells) }

  /// Nil unless the row is a header: its first non-blank cell names 序号 (or a wording of it)
  /// and at least one other cell names a role too, or at least three cells name roles.
  public init?(cells rawCells: [String]) {
    // Most rows are items: a number or a long text first is never a header.
    guard let first = rawCells.first(where: { !$0.isEmpty }), first.utf8.count <= 40,
      Int(first) == nil
    else { return nil }
    // Headers are short; a long cell is text, not a wording to look up.
    let cells = rawCells.map { $0.utf8.count <= 90 ? ColumnRole.headerKey($0) : "\u{0}" }
    let roles = cells.map { $0.isEmpty ? nil : ColumnRole.role(forHeader: $0) }
    let known = roles.compactMap { $0 }
    let firstIsNumber =
      cells.firstIndex(where: { !$0.isEmpty }).map { roles[$0] == .number } ?? false
    guard (firstIsNumber && known.count >= 2) || Set(known).count >= 3 else { return nil }
    // A data row never has two header words in a row; a header never has a number in 序号.
    self.roles = roles
    self.cells = zip(rawCells, cells).map { raw, key in key.isEmpty ? "" : raw }
  }

  /// The list a table with these columns holds, when the columns say so.
  public var impliedList: ListKind? {
    let set = Set(roles.compactMap { $0 })
    if set.contains(.recovery) { return .recovered }
    if set.contains(.departments) || set.contains(.departmentDuties)
      || set.contains(.townshipDuties)
    {
      return .cooperative
    }
    if set.contains(.name) { return .basic }
    return nil
  }

  /// The column of each role (the first, when a wording repeats).
  public func column(of role: ColumnRole) -> Int? { roles.firstIndex(of: role) }
}

extension ColumnRole {
  /// "column 4 header “联系部门” is not a known column; the closest is “牵头部门” (对应上级部门)…".
  static func unknownHeaderMessage(_ text: String, column: Int, consequence: String) -> String {
    let (role, wording) = closest(to: text)
    let preview = String(text.replacingOccurrences(of: "\n", with: " ").prefix(20))
    return "column \(column + 1) header “\(preview)” is not a known column (closest known "
      + "wording: “\(wording)”, for \(role.standardHeader)); \(consequence); rename the header "
      + "if the column holds \(role.standardHeader)"
  }
}
