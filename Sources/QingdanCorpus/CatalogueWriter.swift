import QingdanCore

/// The corpus writes duty cells in every style the real files use.
typealias CellStyle = DutyCellStyle

/// Low rates of the damage the real files have, which the parser repairs with a warning.
struct DamageRates: Sendable {
  /// The chance that a township's 配合 list has one page whose header row and rows carry a
  /// seventh column, the last holding the second part of the township duties ("二、…").
  var extraColumnPage: Double
  /// The chance that a township has one or two rows whose 对应上级部门 cell also holds duty
  /// text after the department names.
  var leakedDepartmentText: Double

  static let realistic = DamageRates(extraColumnPage: 0.2, leakedDepartmentText: 0.2)
  static let none = DamageRates(extraColumnPage: 0, leakedDepartmentText: 0)
}

/// One table row before numbering: the cells after 序号.
struct DraftRow {
  var item: TemplateItem
  var style: CellStyle
  var cells: [String]

  var byteCount: Int { cells.reduce(0) { $0 + $1.utf8.count } }
}

/// Writes one township's catalogue from a template: picks, edits, damages and lays out the
/// rows, all with one random stream so that the same seed and index give the same file.
struct CatalogueWriter {
  let template: TemplateCatalogue
  let place: Place
  let damage: DamageRates
  var random: SplitMix64

  static let headerRows: [ListKind: String] = Dictionary(
    uniqueKeysWithValues: ListKind.allCases.map { list in
      (list, ColumnRole.standardColumns(list).map(\.standardHeader).joined(separator: "\t"))
    })

  /// Rows per page and a page's size in bytes, about as the real files break their pages.
  static func pageLimits(_ list: ListKind) -> (rows: Int, bytes: Int) {
    switch list {
    case .basic: (11, 4_200)
    case .cooperative: (4, 6_000)
    case .recovered: (6, 2_400)
    }
  }

  /// The file's text and how many item rows it has.
  mutating func write() -> (text: String, itemCount: Int) {
    let shares = drawStyleShares()
    var pagesByList: [[[DraftRow]]] = []
    for list in ListKind.allCases {
      let items = pickItems(template.itemsByList[ListKind.allCases.firstIndex(of: list)!])
      pagesByList.append(layOut(items, list: list, shares: shares))
    }
    return (render(pagesByList), pagesByList.joined().joined().count)
  }

  /// The file's text for items already chosen (one array per list, in `ListKind` order).
  mutating func write(itemsByList: [[TemplateItem]]) -> (text: String, itemCount: Int) {
    let shares = drawStyleShares()
    let pagesByList = zip(ListKind.allCases, itemsByList).map { list, items in
      layOut(items, list: list, shares: shares)
    }
    return (render(pagesByList), pagesByList.joined().joined().count)
  }

  /// How often rows are written as paragraphs and as ordered lists, per file.
  private mutating func drawStyleShares() -> (paragraphs: Double, orderedList: Double) {
    let paragraphs = random.fraction(in: 0.3...0.7)
    return (paragraphs, random.fraction(in: 0...0.1))
  }

  /// One list's rows: cell styles, damage at the file's rates, pages.
  private mutating func layOut(
    _ items: [TemplateItem], list: ListKind, shares: (paragraphs: Double, orderedList: Double)
  ) -> [[DraftRow]] {
    var rows = items.map { item -> DraftRow in
      let draw = random.fraction()
      let style: CellStyle =
        draw < shares.orderedList
        ? .orderedList : draw < shares.orderedList + shares.paragraphs ? .paragraphs : .plain
      return DraftRow(item: item, style: style, cells: cells(of: item, style: style))
    }
    if list == .cooperative, random.chance(damage.leakedDepartmentText) {
      leakDutyTextIntoDepartments(&rows)
    }
    var pages = paginate(rows, limits: Self.pageLimits(list))
    if list == .cooperative, random.chance(damage.extraColumnPage) {
      addSeventhColumn(to: &pages)
    }
    return pages
  }

  // MARK: Choosing and editing items

  /// The template's items of one list, with ~5–15% dropped, some edited, a few duplicated
  /// and a few moved.
  mutating func pickItems(_ templateItems: [TemplateItem]) -> [TemplateItem] {
    let dropRate = random.fraction(in: 0.05...0.15)
    var items = templateItems.filter { _ in !random.chance(dropRate) }
    if items.isEmpty, let first = templateItems.first { items = [first] }
    guard !items.isEmpty else { return [] }
    for index in items.indices {
      if random.chance(0.12) { swapSynonym(in: &items[index]) }
      if random.chance(0.05) { appendClause(to: &items[index]) }
    }
    // Duplicates: a second row for the same matter, worded a little differently.
    for _ in 0..<random.int(in: 0...2) {
      var copy = items[random.int(below: items.count)]
      appendClause(to: &copy)
      items.insert(copy, at: random.int(in: 0...items.count))
    }
    for _ in 0..<random.int(in: 1...3) where items.count > 1 {
      let from = random.int(below: items.count)
      let to = min(max(from + random.int(in: -5...5), 0), items.count - 1)
      items.insert(items.remove(at: from), at: to)
    }
    return items
  }

  private mutating func swapSynonym(in item: inout TemplateItem) {
    switch item.list {
    case .basic:
      if let edited = TextVariation.swappingSynonym(in: item.name, random: &random) {
        item.name = edited
      }
    case .cooperative:
      if random.chance(0.5) {
        TextVariation.editOneBlock(
          &item.townshipDuties, random: &random, TextVariation.swappingSynonym(in:random:))
      } else {
        TextVariation.editOneBlock(
          &item.departmentDuties, random: &random, TextVariation.swappingSynonym(in:random:))
      }
    case .recovered:
      TextVariation.editOneBlock(
        &item.method, random: &random, TextVariation.swappingSynonym(in:random:))
    }
  }

  private mutating func appendClause(to item: inout TemplateItem) {
    let edited: Bool
    switch item.list {
    case .basic: edited = false
    case .cooperative:
      edited = TextVariation.appendClause(toLastOf: &item.townshipDuties, random: &random)
    case .recovered: edited = TextVariation.appendClause(toLastOf: &item.method, random: &random)
    }
    if !edited { item.name = TextVariation.appendingClause(to: item.name, random: &random) }
  }

  // MARK: Cells

  private func cells(of item: TemplateItem, style: CellStyle) -> [String] {
    switch item.list {
    case .basic:
      return [item.category, item.name]
    case .cooperative:
      return [
        item.category, item.name, item.departments.joined(separator: "、"),
        style.render(item.departmentDuties[...]), style.render(item.townshipDuties[...]),
      ]
    case .recovered:
      // "木垒县民政局： 依据…": the receiver, a full-width colon and a space, as in the files.
      let method =
        style == .paragraphs
        ? style.render(item.method[...]) : CellStyle.plain.render(item.method[...])
      return [
        item.category, item.name, item.receiver.isEmpty ? method : item.receiver + "： " + method,
      ]
    }
  }

  // MARK: Damage

  /// "市委宣传部 昌吉市文化体育广播电视台和旅游局 指导大西渠镇分类整理图书编目。": department
  /// names separated by spaces, then a sentence of the department duties.
  private mutating func leakDutyTextIntoDepartments(_ rows: inout [DraftRow]) {
    let wanted = random.int(in: 1...2)
    var leaked = 0
    // A few random tries rather than a scan of every row: most rows qualify.
    for _ in 0..<20 where leaked < wanted && !rows.isEmpty {
      let index = random.int(below: rows.count)
      let sentences = Self.leakableSentences(rows[index].item)
      guard !rows[index].item.departments.isEmpty, !sentences.isEmpty else { continue }
      let sentence = random.element(of: sentences)
      rows[index].cells[2] = (rows[index].item.departments + [sentence]).joined(separator: " ")
      leaked += 1
    }
  }

  /// Steps and paragraphs of the department duties that cannot be mistaken for a department
  /// name where they start, and are short enough to have slipped into a narrow column.
  private static func leakableSentences(_ item: TemplateItem) -> [String] {
    item.departmentDuties.compactMap(\.editableText).filter { text in
      guard text.utf8.count <= 240 else { return false }
      let firstWord = text.prefix { !wordSeparators.contains($0) && !$0.isWhitespace }
      return !firstWord.isEmpty && !DepartmentNames.looksLikeDepartment(String(firstWord))
    }
  }

  /// Where the parser splits a 对应上级部门 cell into names.
  private static let wordSeparators: Set<Character> = ["、", "，", ",", ";", "；", "/"]

  /// One page of the 配合 list gets a seventh column: the header row and every row end in a
  /// tab, and rows whose township duties have a second part ("二、…") carry it there. When
  /// no row has one, a single row is split at its middle step instead.
  private mutating func addSeventhColumn(to pages: inout [[DraftRow]]) {
    let hasSecondPart = { (row: DraftRow) in Self.secondHeading(row.item.townshipDuties) != nil }
    let hasSteps = { (row: DraftRow) in Self.middleStep(row.item.townshipDuties) != nil }
    var candidates = pages.indices.filter { pages[$0].contains(where: hasSecondPart) }
    if candidates.isEmpty {
      candidates = pages.indices.filter { pages[$0].contains(where: hasSteps) }
    }
    guard !candidates.isEmpty else { return }
    let page = random.element(of: candidates)
    let splitAtSteps = !pages[page].contains(where: hasSecondPart)
    var splitOne = false
    for row in pages[page].indices {
      let item = pages[page][row].item
      let style = pages[page][row].style
      let split =
        splitAtSteps
        ? (splitOne ? nil : Self.middleStep(item.townshipDuties))
        : Self.secondHeading(item.townshipDuties)
      if let split {
        pages[page][row].cells[4] = style.render(item.townshipDuties[..<split])
        pages[page][row].cells.append(style.render(item.townshipDuties[split...]))
        splitOne = true
      } else {
        pages[page][row].cells.append("")
      }
    }
  }

  private static func secondHeading(_ blocks: [DutyBlock]) -> Int? {
    let headings = blocks.indices.filter { if case .heading = blocks[$0] { true } else { false } }
    return headings.count >= 2 ? headings[1] : nil
  }

  private static func middleStep(_ blocks: [DutyBlock]) -> Int? {
    let steps = blocks.indices.filter { if case .step = blocks[$0] { true } else { false } }
    return steps.count >= 2 ? steps[steps.count / 2] : nil
  }

  // MARK: Layout

  private mutating func paginate(_ rows: [DraftRow], limits: (rows: Int, bytes: Int))
    -> [[DraftRow]]
  {
    var pages: [[DraftRow]] = []
    var page: [DraftRow] = []
    var pageBytes = 0
    var budget = Int(Double(limits.bytes) * random.fraction(in: 0.8...1.2))
    for row in rows {
      let bytes = row.byteCount
      if !page.isEmpty, page.count >= limits.rows || pageBytes + bytes > budget {
        pages.append(page)
        page = []
        pageBytes = 0
        budget = Int(Double(limits.bytes) * random.fraction(in: 0.8...1.2))
      }
      page.append(row)
      pageBytes += bytes
    }
    if !page.isEmpty { pages.append(page) }
    return pages
  }

  /// The cover, the table of contents, then each list: heading, and per page a header row
  /// and the rows, numbered 1…N within the list. Names go in as slot markers and are
  /// substituted at the end.
  private mutating func render(_ pagesByList: [[[DraftRow]]]) -> String {
    let region = place.prefecture + place.county + place.township
    var text = ""
    text.reserveCapacity(
      pagesByList.joined().joined().reduce(0) { $0 + $1.byteCount + 16 } + 4_096)
    let date =
      random.chance(0.3)
      ? template.date.replacingYearAndMonthSpacing() : template.date
    text += "\n\n新疆维吾尔自治区\(place.prefectureLongName)\n\(place.county)\(place.township)\n"
    text += "履职事项清单\n\n\(date)\n\n目 录\n\n"
    var page = 1
    for (offset, list) in ListKind.allCases.enumerated() {
      text += "\(offset + 1). \(list.chineseName)清单.....\t\(page)\n"
      page += pagesByList[offset].count
    }
    for (offset, list) in ListKind.allCases.enumerated() where !pagesByList[offset].isEmpty {
      text += "\n\(region)\(list.chineseName)清单\n\n"
      var number = 0
      for (pageIndex, rows) in pagesByList[offset].enumerated() {
        if pageIndex > 0 { text += "\n" }
        text += Self.headerRows[list]!
        if rows.contains(where: { $0.cells.count > ItemColumns.count(list) - 1 }) { text += "\t" }
        text += "\n"
        for row in rows {
          number += 1
          text += String(number)
          for cell in row.cells {
            text += "\t"
            text += cell
          }
          text += "\n"
        }
      }
    }
    return place.substitute(text)
  }
}

/// Columns of each list's table, 序号 included.
enum ItemColumns {
  static func count(_ list: ListKind) -> Int { ColumnRole.standardColumns(list).count }
}

extension String {
  /// "2025年7月" → "2025 年 7 月", the spacing 大西渠镇's cover has.
  func replacingYearAndMonthSpacing() -> String {
    var result = ""
    for character in self {
      if character == "年" || character == "月" {
        result += " \(character)"
        if character == "年" { result += " " }
      } else {
        result.append(character)
      }
    }
    return result
  }
}
