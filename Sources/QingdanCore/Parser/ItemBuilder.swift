import Foundation

/// Turns the raw rows of one catalogue into items: checks numbering, repairs known kinds of
/// damage (extra columns, duty text leaked into the departments cell) and reports each repair.
struct ItemBuilder {
  let file: String
  let region: Region
  let rows: [RawRow]
  /// The file's department directory, its answers remembered.
  let directory: DepartmentNormaliser
  /// Cells read before, in this file or another of the same load.
  let memo: CellMemo
  var diagnostics: [Diagnostic] = []
  /// The 对应上级部门 cell of each cooperative row that has one, read once for the directory
  /// and kept for building the item.
  let departmentCells: [DepartmentCell?]
  /// The 承接部门及工作方式 cell of each recovered row that has one, likewise.
  let recoveryCells: [RecoveryCell?]
  /// Leave duty texts `.pending` for `readDutyTexts` (a browser's cold first frame needs
  /// names and handlers, not duty texts, which are half the parse).
  let deferringDutyTexts: Bool
  /// The departments of each distinct 对应上级部门 cell read so far, normalised (a function
  /// of the cell in one file).
  private var departmentsByCell: [ExactSubstring: [Department]] = [:]
  /// The spellings the duty texts of a cell's items may name its departments by, likewise.
  private var spellingsByCell: [ExactSubstring: CellMemo.Spellings] = [:]
  /// Each distinct 事项类别 cell as plain text: a file has a few categories, on every row.
  private var categoriesByCell: [ExactSubstring: String] = [:]
  /// Each department's spellings (see `spellings(of:)`) with their lengths, worked out once.
  private var spellingsByDepartment: [DepartmentKey: [(spelling: String, count: Int)]] = [:]
  /// Which item each row's line became; rows that did not become items are absent.
  var itemIDByLine: [Int: String] = [:]
  /// The row each built item came from, in item order.
  private var rowOfItem: [Int] = []
  /// How a message names another row: "line 12" in a text file, "row 12 of 基本" in a workbook.
  var describeLine: (Int) -> String = { "line \($0)" }

  init(
    file: String, region: Region, rows: [RawRow], memo: CellMemo = CellMemo(),
    deferringDutyTexts: Bool = false
  ) {
    self.file = file
    self.memo = memo
    self.deferringDutyTexts = deferringDutyTexts
    self.region = region
    self.rows = rows
    // Most rows repeat a cell of an earlier row: each distinct cell is read once in the load
    // (`memo`), and each name is given to the directory once (it keeps a set of names: the
    // same directory).
    var written: [String] = []
    var writtenBefore = Set<ExactString>()
    func write(_ name: String) {
      if writtenBefore.insert(ExactString(name)).inserted { written.append(name) }
    }
    var cellsRead: [ExactSubstring: DepartmentCell] = [:]
    departmentCells = rows.map { row in
      guard row.list == .cooperative, row.cells.count > 3 else { return nil }
      let key = ExactSubstring(row.cells[3])
      if let known = cellsRead[key] { return known }
      let cell = memo.departmentCell(row.cells[3])
      cellsRead[key] = cell
      cell.departmentSpellings.forEach(write)
      return cell
    }
    var recoveryCellsRead: [ExactSubstring: RecoveryCell] = [:]
    recoveryCells = rows.map { row in
      guard row.list == .recovered, row.cells.count > 3 else { return nil }
      let key = ExactSubstring(row.cells[3])
      if let known = recoveryCellsRead[key] { return known }
      let cell = memo.recoveryCell(row.cells[3])
      recoveryCellsRead[key] = cell
      if let receiver = cell.receiver { write(receiver) }
      return cell
    }
    directory = DepartmentNormaliser(
      DepartmentDirectory(region: region, namesAsWritten: written))
  }

  static func expectedColumns(_ list: ListKind) -> Int {
    ColumnRole.standardColumns(list).count
  }

  mutating func buildItems() -> [Item] {
    var items: [Item] = []
    var lastNumber: [ListKind: Int] = [:]
    // Keyed by list and number, which within one township is the item id.
    var lineOfNumber: [ListKind: [Int: Int]] = [:]
    for (index, row) in rows.enumerated() {
      if let earlier = lineOfNumber[row.list]?[row.number] {
        report(
          .error, row.line,
          "序号 \(row.number) of the \(row.list.chineseName)清单 appears again (first at \(describeLine(earlier))); "
            + "this row was not loaded: give it its own number")
        continue
      }
      let previous = lastNumber[row.list] ?? 0
      if row.number != previous + 1 {
        let problem =
          row.number <= previous
          ? "is out of order (after \(previous))"
          : "skips \(row.number - previous - 1 == 1 ? "序号 \(previous + 1)" : "序号 \(previous + 1)–\(row.number - 1)")"
        report(.warning, row.line, "序号 \(row.number) \(problem); the item is loaded as numbered")
      }
      lastNumber[row.list] = max(previous, row.number)
      guard
        let item = buildItem(
          row, departmentCell: departmentCells[index], recoveryCell: recoveryCells[index])
      else { continue }
      lineOfNumber[row.list, default: [:]][row.number] = row.line
      itemIDByLine[row.line] = ItemID.make(
        township: region.township, list: row.list, number: row.number)
      items.append(item)
      rowOfItem.append(index)
    }
    return items
  }

  /// `items` (as `buildItems` returned them, built deferring duty texts) with their duty
  /// texts read: the same items `buildItems` gives without deferring.
  mutating func readDutyTexts(of items: [Item]) -> [Item] {
    zip(items, rowOfItem).map { item, index in
      var item = item
      let row = rows[index]
      let (cells, extraCells) = Self.columns(of: row)
      switch item.detail {
      case .basic:
        break
      case .cooperative(let cooperation):
        item.detail = .cooperative(
          cooperationDuties(
            cells: cells, extraCells: extraCells,
            departmentCell: departmentCells[index]
              ?? memo.departmentCell(cells[3]),
            departments: cooperation.departments))
      case .recovered(var recovery):
        recovery.method = recoveryMethod(
          cell: ([cells[3]] + extraCells).joined(separator: " "),
          read: extraCells.isEmpty ? recoveryCells[index] : nil)
        item.detail = .recovered(recovery)
      }
      return item
    }
  }

  /// The row's cells cut or padded to its list's columns (trailing empty cells dropped), and
  /// the cells past them.
  private static func columns(of row: RawRow) -> (cells: [Substring], extra: [Substring]) {
    let expected = expectedColumns(row.list)
    var cells = row.cells
    // Trailing empty cells are padding (the 7-column page of 大石头乡 has them on every row).
    while cells.count > expected, cells.last.map(CellMarkup.trimmed)?.isEmpty == true {
      cells.removeLast()
    }
    guard cells.count >= 3 else { return (cells, []) }
    if cells.count > expected {
      let extra = Array(cells[expected...])
      cells.removeSubrange(expected...)
      return (cells, extra)
    }
    if cells.count < expected { cells += Array(repeating: "", count: expected - cells.count) }
    return (cells, [])
  }

  /// `departmentCell` and `recoveryCell` are the row's fourth cell as read by `init`, if it
  /// has one.
  private mutating func buildItem(
    _ row: RawRow, departmentCell: DepartmentCell?, recoveryCell: RecoveryCell?
  ) -> Item? {
    let expected = Self.expectedColumns(row.list)
    let (cells, extraCells) = Self.columns(of: row)
    guard cells.count >= 3 else {
      report(
        .error, row.line,
        "row \(row.number) has only \(cells.count) of \(expected) tab-separated columns and no "
          + "事项名称; it was not loaded: restore the missing columns")
      return nil
    }
    if !extraCells.isEmpty {
      let header =
        row.headerColumns.map {
          $0 > expected ? " (its page's header row has \($0) columns too)" : ""
        }
        ?? ""
      report(
        .warning, row.line,
        "row \(row.number) has \(expected + extraCells.count) columns instead of \(expected)\(header); "
          + "the extra text was added to the last column, “\(Self.lastColumnName(row.list))”")
    } else if row.cells.count < expected {
      report(
        .warning, row.line,
        "row \(row.number) has \(row.cells.count) of \(expected) columns (truncated?); the missing "
          + "fields are left empty: restore them in the file")
    }
    let category = category(ofCell: cells[1])
    let name = CellMarkup.plainText(cells[2])
    if name.isEmpty {
      report(.warning, row.line, "row \(row.number) has an empty 事项名称")
    }
    let detail: Item.Detail
    let departments: [Department]
    switch row.list {
    case .basic:
      detail = .basic
      departments = []
      if !extraCells.isEmpty {
        // A basic item has no duty columns; keep the text in the name rather than lose it.
        return makeItem(
          row, category, ([name] + extraCells.map(CellMarkup.plainText)).joined(separator: " "),
          .basic, [])
      }
    case .cooperative:
      let cooperation = buildCooperation(
        row, cells: cells, extraCells: extraCells,
        departmentCell: departmentCell ?? memo.departmentCell(cells[3]))
      detail = .cooperative(cooperation)
      departments = cooperation.departments
    case .recovered:
      // The cell `init` read, unless extra columns were added to it.
      let recovery = buildRecovery(
        row, cell: ([cells[3]] + extraCells).joined(separator: " "),
        read: extraCells.isEmpty ? recoveryCell : nil)
      detail = .recovered(recovery)
      departments = recovery.receiver.name.isEmpty ? [] : [recovery.receiver]
    }
    return makeItem(row, category, name, detail, departments)
  }

  private mutating func category(ofCell cell: Substring) -> String {
    let key = ExactSubstring(cell)
    if let known = categoriesByCell[key] { return known }
    let category = CellMarkup.plainText(cell)
    categoriesByCell[key] = category
    return category
  }

  private func makeItem(
    _ row: RawRow, _ category: String, _ name: String, _ detail: Item.Detail,
    _ departments: [Department]
  ) -> Item {
    Item(
      township: region.township, list: row.list, number: row.number, category: category,
      name: name, detail: detail,
      handler: .of(list: row.list, township: region.township, departments: departments),
      sourceLine: row.line)
  }

  static func lastColumnName(_ list: ListKind) -> String {
    ColumnRole.standardColumns(list).last!.standardHeader
  }

  private mutating func buildCooperation(
    _ row: RawRow, cells: [Substring], extraCells: [Substring], departmentCell: DepartmentCell
  ) -> Cooperation {
    let departments = departments(ofCell: cells[3], departmentCell)
    if departments.isEmpty {
      report(.warning, row.line, "row \(row.number) names no 对应上级部门")
    }
    if let leaked = departmentCell.leakedText {
      let owner = directory.normalise(departmentCell.leakedTextDepartment ?? "").name
      report(
        .warning, row.line,
        "row \(row.number): the 对应上级部门 cell also holds duty text (“\(leaked.prefix(20))…”); "
          + "departments read as \(departments.map(\.name).joined(separator: "、")), and the text is kept "
          + "in 上级部门职责\(owner.isEmpty ? "" : " under \(owner)")")
    }
    guard !deferringDutyTexts else {
      return Cooperation(
        departments: departments, departmentDuties: .pending, townshipDuties: .pending)
    }
    return cooperationDuties(
      cells: cells, extraCells: extraCells, departmentCell: departmentCell,
      departments: departments)
  }

  /// The cooperation of a row whose departments `departmentCell` (its fourth cell, read)
  /// names, with its duty texts read.
  private mutating func cooperationDuties(
    cells: [Substring], extraCells: [Substring], departmentCell: DepartmentCell,
    departments: [Department]
  ) -> Cooperation {
    let spellings = spellings(ofCell: cells[3], departments: departments)
    var departmentDuties = dutyText(cells[4], spellings: spellings)
    let townshipDuties =
      extraCells.isEmpty
      ? dutyText(cells[5], spellings: spellings)
      : DutyTextParser(markers: spellings.markers, normalise: directory.normalise)
        .parse([cells[5]] + extraCells)
    if let leaked = departmentCell.leakedText {
      let owner = directory.normalise(departmentCell.leakedTextDepartment ?? "").name
      let alreadyThere = departmentDuties.sectionsByDepartment.contains { section in
        (section.department == owner || owner.isEmpty)
          && section.blocks.map(\.displayText).joined().contains(
            leaked.replacingOccurrences(of: " ", with: ""))
      }
      if !alreadyThere {
        if !owner.isEmpty { departmentDuties.blocks.append(.department(owner)) }
        departmentDuties.blocks.append(.paragraph(leaked))
      }
    }
    departmentDuties = labelLeadingSection(departmentDuties, departments: departments)
    return Cooperation(
      departments: departments, departmentDuties: departmentDuties, townshipDuties: townshipDuties)
  }

  /// The departments `departmentCell` (read from `cell`) names, normalised, without repeats;
  /// worked out once per distinct cell.
  private mutating func departments(ofCell cell: Substring, _ departmentCell: DepartmentCell)
    -> [Department]
  {
    let key = ExactSubstring(cell)
    if let known = departmentsByCell[key] { return known }
    var departments: [Department] = []
    for spelling in departmentCell.departmentSpellings {
      let department = directory.normalise(spelling)
      if !departments.contains(where: { $0.name == department.name }) {
        departments.append(department)
      }
    }
    departmentsByCell[key] = departments
    return departments
  }

  /// The spellings of `departments`, the departments of the 对应上级部门 cell `cell`, as
  /// the duty parser matches them; worked out once per distinct cell.
  private mutating func spellings(ofCell cell: Substring, departments: [Department])
    -> CellMemo.Spellings
  {
    let key = ExactSubstring(cell)
    if let known = spellingsByCell[key] { return known }
    let spellings = CellMemo.Spellings(spellings(of: departments))
    spellingsByCell[key] = spellings
    return spellings
  }

  /// When a duty text is split by department but its first block has no department name, and
  /// exactly one of the item's departments has no block of its own, the first block is its.
  private func labelLeadingSection(_ text: DutyText, departments: [Department]) -> DutyText {
    // Most texts start with a department or name none: no sections to make.
    guard let first = text.blocks.first, !first.isDepartment,
      text.blocks.contains(where: \.isDepartment)
    else { return text }
    let sections = text.sectionsByDepartment
    guard sections.count > 1, sections[0].department == nil else { return text }
    let labelled = Set(sections.compactMap(\.department))
    let unlabelled = departments.filter { !labelled.contains($0.name) }
    guard unlabelled.count == 1 else { return text }
    return DutyText(blocks: [.department(unlabelled[0].name)] + text.blocks)
  }

  /// Every way the item's departments may be written inside its duty texts, longest first.
  private mutating func spellings(of departments: [Department]) -> [String] {
    // A few names: an array is cheaper than hashing them.
    var result: [(spelling: String, count: Int)] = []
    for department in departments {
      for candidate in spellings(of: department)
      where !result.contains(where: { $0.spelling == candidate.spelling }) {
        result.append(candidate)
      }
    }
    // The order of spellings of one length does not matter: two of them cannot both match
    // at one place.
    return result.filter { $0.count >= 3 }
      .sorted { $0.count > $1.count }
      .map(\.spelling)
  }

  /// One department's spellings: as written, its name, and its name with the county or
  /// prefecture shortened to its level ("木垒县民政局" → "县民政局"); with their lengths.
  private mutating func spellings(of department: Department) -> [(spelling: String, count: Int)] {
    let key = DepartmentKey(
      name: ExactString(department.name), asWritten: ExactString(department.asWritten))
    if let known = spellingsByDepartment[key] { return known }
    var spellings = [department.asWritten, department.name]
    for prefix in [region.county, region.prefecture] where !prefix.isEmpty {
      if SimpleText.hasPrefix(department.name, prefix), let level = prefix.last {
        spellings.append(String(level) + department.name.dropFirst(prefix.count))
      }
    }
    let counted = spellings.map { (spelling: $0, count: SimpleText.characterCount($0)) }
    spellingsByDepartment[key] = counted
    return counted
  }

  private struct DepartmentKey: Hashable {
    var name: ExactString
    var asWritten: ExactString
  }

  private mutating func buildRecovery(_ row: RawRow, cell: String, read: RecoveryCell?)
    -> Recovery
  {
    let recovery = read ?? RecoveryCell(cell)
    let method = deferringDutyTexts ? .pending : recoveryMethod(cell: cell, read: recovery)
    guard let receiver = recovery.receiver else {
      report(
        .warning, row.line,
        "row \(row.number): 承接部门及工作方式 does not start with a department and “：”; "
          + "the whole text is kept as the way of working")
      return Recovery(receiver: Department(name: "", asWritten: ""), method: method)
    }
    return Recovery(receiver: directory.normalise(receiver), method: method)
  }

  /// The way of working of a 承接部门及工作方式 cell (`read`: the cell as read already):
  /// after its department, or the whole text when it names none.
  private func recoveryMethod(cell: String, read: RecoveryCell?) -> DutyText {
    let recovery = read ?? RecoveryCell(cell)
    return dutyText(
      recovery.receiver == nil ? cell[...] : recovery.method[...], spellings: .none)
  }

  /// The blocks of one duty cell, read once per distinct cell of the load (`CellMemo`).
  private func dutyText(_ cell: Substring, spellings: CellMemo.Spellings) -> DutyText {
    memo.dutyText(cell, spellings: spellings, normalise: directory.normalise)
  }

  private mutating func report(_ severity: Diagnostic.Severity, _ line: Int, _ message: String) {
    diagnostics.append(Diagnostic(severity: severity, file: file, line: line, message: message))
  }
}

/// A 对应上级部门 cell: department names, and possibly duty text that leaked into it
/// ("市委宣传部 昌吉市文化体育广播电视台和旅游局 指导大西渠镇分类整理图书编目。").
struct DepartmentCell {
  /// The department names as written, in order.
  var departmentSpellings: [String] = []
  /// Text after the department names that is not a department.
  var leakedText: String?
  /// The department the leaked text belongs to, as written.
  var leakedTextDepartment: String?

  init(_ plain: String) {
    let tokens = DepartmentNames.splitListWithRanges(plain)
    guard
      let firstText = tokens.firstIndex(where: { !DepartmentNames.looksLikeDepartment($0.name) })
    else {
      departmentSpellings = tokens.map(\.name)
      return
    }
    var names = tokens[..<firstText].map(\.name)
    leakedText = String(plain[tokens[firstText].range.lowerBound...])
    // "… 昌吉市文化…局 市文化…局 持续提升…": a repeated department introduces the leaked block.
    if let last = names.last, names.count > 1,
      names.dropLast().contains(where: { $0.hasSuffix(last) || last.hasSuffix($0) })
    {
      names.removeLast()
      leakedTextDepartment = last
    } else {
      leakedTextDepartment = names.last
    }
    departmentSpellings = names
  }
}

/// A 承接部门及工作方式 cell: "木垒县民政局： 依据婚姻登记历史档案，出具…", split at the first "：".
struct RecoveryCell {
  var receiver: String?
  var method: String

  init(_ cell: String) {
    let plain = CellMarkup.plainText(cell[...])
    // By scalar when both texts are simple (see SimpleText): the same positions, found faster.
    let byScalar = SimpleText.isSimple(plain) && SimpleText.isSimple(cell)
    let colon =
      byScalar
      ? plain.unicodeScalars.firstIndex(where: { $0 == "：" || $0 == ":" })
      : plain.firstIndex(where: { $0 == "：" || $0 == ":" })
    if let colon {
      let name = CellMarkup.trimmed(plain[..<colon])
      if DepartmentNames.looksLikeDepartment(name) {
        receiver = name
        // Keep the markup of the rest so that its steps survive.
        let rawColon =
          byScalar
          ? cell.unicodeScalars.firstIndex(of: plain.unicodeScalars[colon])
          : cell.firstIndex(of: plain[colon])
        if let rawColon {
          method = String(cell[cell.index(after: rawColon)...])
        } else {
          method = String(plain[plain.index(after: colon)...])
        }
        return
      }
    }
    if DepartmentNames.looksLikeDepartment(plain) {
      receiver = plain
      method = ""
      return
    }
    receiver = nil
    method = cell
  }
}

/// `DepartmentDirectory.normalise`, each answer remembered: a file names its few
/// departments on many rows and in many duty texts. Used by one builder on one thread.
final class DepartmentNormaliser {
  let directory: DepartmentDirectory
  private var answers: [ExactString: Department] = [:]

  init(_ directory: DepartmentDirectory) {
    self.directory = directory
  }

  func normalise(_ asWritten: String) -> Department {
    let key = ExactString(asWritten)
    if let known = answers[key] { return known }
    let department = directory.normalise(asWritten)
    answers[key] = department
    return department
  }
}
