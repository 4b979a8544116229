import QingdanCore

/// A place-name slot in template text. Template strings carry one private-use character per
/// slot (U+E000 + raw value) where the template's own names stood, so that one township's
/// text is the template's with the markers swapped for its names in a single byte pass.
enum PlaceSlot: UInt8, CaseIterable, Sendable {
  /// "昌吉州" / "塔城地区", as in headings and department names.
  case prefecture
  /// The prefecture in a short department name: "州" of "州生态环境局"; a 地区 is written in full.
  case prefectureLevel
  /// "木垒县".
  case county
  /// "县" of "县水利局", "市" of "市委宣传部".
  case countyLevel
  /// "昌吉" of "昌吉人力资源和社会保障局".
  case countyStem
  /// "大石头乡".
  case township

  static let markerBase: UInt32 = 0xE000

  var marker: Character { Character(Unicode.Scalar(Self.markerBase + UInt32(rawValue))!) }
}

/// One template item with its place names replaced by slot markers.
struct TemplateItem: Sendable {
  var list: ListKind
  var category: String
  var name: String
  /// 对应上级部门 as written (cooperative).
  var departments: [String] = []
  var departmentDuties: [DutyBlock] = []
  var townshipDuties: [DutyBlock] = []
  /// 承接部门 as written (recovered); empty when the template had none.
  var receiver: String = ""
  var method: [DutyBlock] = []
}

/// A bundled catalogue turned into a template: items per list, in list order.
struct TemplateCatalogue: Sendable {
  /// "乡" or "镇" (or "街道", "苏木"): the template's texts say 本乡/本镇, so generated
  /// townships keep their template's level.
  var townshipLevel: String
  /// The cover date, "2025年7月".
  var date: String
  /// Items of `ListKind.allCases[i]` at index i.
  var itemsByList: [[TemplateItem]]

  init(_ catalogue: Catalogue, placeTemplater templater: PlaceTemplater) {
    let township = catalogue.region.township
    townshipLevel = ["街道", "苏木", "乡", "镇"].first(where: { township.hasSuffix($0) }) ?? "乡"
    date = catalogue.date ?? "2025年7月"
    itemsByList = ListKind.allCases.map { list in
      catalogue.items.filter { $0.list == list }.map { templater.templateItem($0) }
    }
  }
}

/// Replaces one template's place names with slot markers.
struct PlaceTemplater: Sendable {
  let region: Region
  /// Full names, longest first: the prefecture, the county and the township.
  private let fullNames: [(text: [Character], slot: PlaceSlot)]
  private let countyLevel: Character?
  private let countyStem: [Character]
  private let prefectureLevel: Character?
  /// What may follow the county's stem for it to mean the county ("昌吉" + "人力资源和社会保障局").
  private let countyBodies: [[Character]]

  /// 市 is also a word of its own (市场, 城市, 市政, 入市): next to these it is not the county.
  private static let notCountyBefore: Set<Character> = [
    "城", "超", "贸", "集", "入", "都", "门", "股", "上", "夜", "早", "花", "菜", "黑", "互",
  ]
  private static let notCountyAfter: Set<Character> = ["场", "容", "井", "值", "面", "价"]
  /// 市民 and 市政 are words, but 市民政局 and 市政府 are the county's.
  private static let countyAfterDespiteWord = ["民政", "民宗", "政务", "政府"]
  /// What may follow the county's stem ("昌吉人力资源和社会保障局"), besides department names.
  private static let countyWords = ["委", "级", "人民政府", "政府", "政务"]

  /// `bodies`: what follows the county in the department names of every template ("水利局",
  /// "委组织部"), so that a name spelt only in another template still counts.
  init(region: Region, bodies: DepartmentBodies) {
    self.region = region
    fullNames = [
      (Array(region.prefecture), PlaceSlot.prefecture), (Array(region.county), .county),
      (Array(region.township), .township),
    ].filter { !$0.0.isEmpty }.sorted { $0.0.count > $1.0.count }
    let county = region.county
    countyLevel = county.count >= 3 ? county.last : nil
    countyStem = county.count >= 3 ? Array(county.dropLast()) : []
    prefectureLevel = region.prefecture.hasSuffix("州") ? "州" : nil
    countyBodies = Set(bodies.county + Self.countyWords).sorted().map { Array($0) }
  }

  /// What follows the county ("水利局" of "木垒县水利局") in department names.
  struct DepartmentBodies: Sendable {
    var county: [String] = []

    /// Gathered from every template before any templater is built.
    mutating func add(_ catalogue: Catalogue) {
      var names: [String] = []
      for item in catalogue.items {
        if let cooperation = item.cooperation {
          names += cooperation.departments.flatMap { [$0.name, $0.asWritten] }
          for block in cooperation.departmentDuties.blocks + cooperation.townshipDuties.blocks {
            if case .department(let name) = block { names.append(name) }
          }
        }
        if let recovery = item.recovery {
          names += [recovery.receiver.name, recovery.receiver.asWritten]
        }
      }
      let prefix = catalogue.region.county
      for name in names where !prefix.isEmpty && name.hasPrefix(prefix) && name.count > prefix.count
      {
        county.append(String(name.dropFirst(prefix.count)))
      }
    }
  }

  func templateItem(_ item: Item) -> TemplateItem {
    var result = TemplateItem(
      list: item.list, category: template(item.category), name: template(item.name))
    switch item.detail {
    case .basic:
      break
    case .cooperative(let cooperation):
      result.departments = cooperation.departments.map { template($0.asWritten) }
      result.departmentDuties = cooperation.departmentDuties.blocks.map(templateBlock)
      result.townshipDuties = cooperation.townshipDuties.blocks.map(templateBlock)
    case .recovered(let recovery):
      result.receiver = template(recovery.receiver.asWritten)
      result.method = recovery.method.blocks.map(templateBlock)
    }
    return result
  }

  /// Department markers inside duty texts are written short, as the real files do
  /// ("<p>县自然资源局</p>"); the parser expands them again with the county.
  func templateBlock(_ block: DutyBlock) -> DutyBlock {
    switch block {
    case .department(let name):
      if !region.county.isEmpty, name.hasPrefix(region.county), name.count > region.county.count {
        return .department(
          String(PlaceSlot.countyLevel.marker)
            + template(String(name.dropFirst(region.county.count))))
      }
      return .department(template(name))
    case .heading(let text): return .heading(template(text))
    case .step(let label, let text): return .step(label: label, text: template(text))
    case .paragraph(let text): return .paragraph(template(text))
    }
  }

  /// The text with the template's names and their short forms ("县水利局", "州生态环境局",
  /// "昌吉人力资源和社会保障局", "本市") replaced by slot markers; "市场" and "城市" stay.
  func template(_ text: String) -> String {
    let characters = Array(text)
    var result = ""
    result.reserveCapacity(text.utf8.count)
    var index = 0
    while index < characters.count {
      if let (length, slot) = fullName(in: characters, at: index) {
        result.append(slot.marker)
        index += length
        continue
      }
      let character = characters[index]
      let previous = index > 0 ? characters[index - 1] : " "
      if character == countyLevel, isCountyLevelWord(characters, at: index, after: previous) {
        result.append(PlaceSlot.countyLevel.marker)
        index += 1
        continue
      }
      // Every bare 州 in these catalogues is the prefecture, except in "…自治州".
      if character == prefectureLevel, previous != "治" {
        result.append(PlaceSlot.prefectureLevel.marker)
        index += 1
        continue
      }
      if !countyStem.isEmpty, characters.hasPrefix(countyStem, at: index),
        bodyFollows(characters, at: index + countyStem.count)
      {
        result.append(PlaceSlot.countyStem.marker)
        index += countyStem.count
        continue
      }
      result.append(character)
      index += 1
    }
    return result
  }

  /// A bare 县 always means the county in these catalogues (but not in "…自治县"); a bare 市
  /// (or 区, 旗) does unless it is part of a word such as 市场, 城市 or 市政.
  private func isCountyLevelWord(
    _ characters: [Character], at index: Int, after previous: Character
  ) -> Bool {
    if previous == "治" { return false }
    if characters[index] == "县" { return true }
    if Self.notCountyBefore.contains(previous) { return false }
    guard index + 1 < characters.count else { return true }
    let next = characters[index + 1]
    if Self.notCountyAfter.contains(next) { return false }
    if next == "民" || next == "政" {
      return Self.countyAfterDespiteWord.contains { characters.hasPrefix(Array($0), at: index + 1) }
    }
    return true
  }

  private func bodyFollows(_ characters: [Character], at offset: Int) -> Bool {
    countyBodies.contains { characters.hasPrefix($0, at: offset) }
  }

  private func fullName(in characters: [Character], at index: Int) -> (Int, PlaceSlot)? {
    for (name, slot) in fullNames where characters.hasPrefix(name, at: index) {
      return (name.count, slot)
    }
    return nil
  }
}

extension Array where Element == Character {
  /// Whether `prefix` stands in this array at `offset`.
  func hasPrefix(_ prefix: [Character], at offset: Int) -> Bool {
    guard offset >= 0, offset + prefix.count <= count else { return false }
    for (index, character) in prefix.enumerated() where self[offset + index] != character {
      return false
    }
    return true
  }
}
