import Testing

@testable import QingdanCore

/// The bundled catalogues, parsed once per test process.
enum BundledCatalogues {
  static let all: [Catalogue] = {
    do {
      return try CatalogueLoader.load(paths: try CatalogueLoader.dataPaths(explicit: [])).catalogues
    } catch {
      fatalError("bundled catalogues not found: \(error)")
    }
  }()

  static func named(_ township: String) -> Catalogue {
    all.first { $0.township == township }!
  }

  static let comparison = ItemMatcher().compare(named("大石头乡"), named("大西渠镇"))
}

@Suite("Matching the same duty across catalogues")
struct ItemMatcherTests {
  @Test func firstBasicDutyIsTheSame() throws {
    let matches = BundledCatalogues.comparison.matches(ofA: "大石头乡/basic/1")
    let match = try #require(matches.first)
    #expect(matches.count == 1)
    #expect(match.b.id == "大西渠镇/basic/1")
    #expect(match.kind == .same)
    #expect(match.score == 1)
  }

  @Test func handCheckedPairsAreAllMatched() {
    let comparison = BundledCatalogues.comparison
    var correct = 0
    for pair in ComparePairsFixture.pairs {
      let matches = comparison.matches(ofA: pair.a)
      let ok =
        matches.count == 1 && matches[0].b.id == pair.b && matches[0].kind.rawValue == pair.kind
      #expect(
        ok,
        "\(pair.a) → \(matches.map { "\($0.b.id) \($0.kind)" }), expected \(pair.b) \(pair.kind)")
      if ok { correct += 1 }
    }
    #expect(ComparePairsFixture.pairs.count == 30)
    #expect(correct == 30)
  }

  @Test func everyBasicDutyInBothIsMatched() {
    let comparison = BundledCatalogues.comparison
    let onlyA = Set(comparison.onlyInA.filter { $0.list == .basic }.map(\.id))
    let onlyB = Set(comparison.onlyInB.filter { $0.list == .basic }.map(\.id))
    #expect(onlyA == ComparePairsFixture.basicOnlyInA)
    #expect(onlyB == ComparePairsFixture.basicOnlyInB)
    // And each matched basic duty has exactly one partner, in the other's basic list.
    let basicMatches = comparison.matches.filter { $0.a.list == .basic }
    #expect(Set(basicMatches.map(\.a.id)).count == basicMatches.count)
    #expect(Set(basicMatches.map(\.b.id)).count == basicMatches.count)
    #expect(basicMatches.allSatisfy { $0.b.list == .basic })
  }

  @Test func everyItemIsMatchedOrOnlyHere() {
    let comparison = BundledCatalogues.comparison
    let a = Set(comparison.matches.map(\.a.id)).union(comparison.onlyInA.map(\.id))
    let b = Set(comparison.matches.map(\.b.id)).union(comparison.onlyInB.map(\.id))
    #expect(a == Set(BundledCatalogues.named("大石头乡").items.map(\.id)))
    #expect(b == Set(BundledCatalogues.named("大西渠镇").items.map(\.id)))
    #expect(comparison.onlyInA.allSatisfy { comparison.matches(ofA: $0.id).isEmpty })
  }

  @Test func railwayGuardIsOnlyInDashitou() {
    // The issue's example: 大石头乡 has 铁路护路, 大西渠镇 does not.
    let railway = BundledCatalogues.named("大石头乡").items.first { $0.name.contains("铁路护路") }!
    #expect(BundledCatalogues.comparison.onlyInA.contains(railway))
  }

  @Test func sameDutyWithOtherCountysDepartmentsIsNotADifferentHandler() throws {
    // 城镇燃气: 木垒县住房和城乡建设局… and 昌吉市城市管理局… lead.
    let gas = try #require(BundledCatalogues.comparison.matches(ofA: "大石头乡/cooperative/73").first)
    let handlers = HandlerComparison(
      a: BundledCatalogues.named("大石头乡").region, b: BundledCatalogues.named("大西渠镇").region)
    #expect(
      gas.handlerDiffers
        == (!handlers.onlyInA(gas.a.handler, gas.b.handler).isEmpty
          || !handlers.onlyInB(gas.a.handler, gas.b.handler).isEmpty))
    // 农村公益电影放映: 木垒县委宣传部 and 昌吉市委宣传部 are the same department of two counties.
    let film = try #require(
      BundledCatalogues.comparison.matches.first { $0.a.name == "农村公益电影放映" })
    #expect(!film.handlerDiffers)
    #expect(film.a.handler.departments.map(\.name) == ["木垒县委宣传部"])
  }

  @Test func matchingIsTheSameBothWays() {
    let forward = BundledCatalogues.comparison
    let backward = ItemMatcher().compare(
      BundledCatalogues.named("大西渠镇"), BundledCatalogues.named("大石头乡"))
    let pairs = Set(forward.matches.map { "\($0.a.id)|\($0.b.id)" })
    let reversed = Set(backward.matches.map { "\($0.b.id)|\($0.a.id)" })
    #expect(pairs == reversed)
  }

  @Test func catalogueComparedWithItselfIsAllSame() {
    let catalogue = BundledCatalogues.named("大西渠镇")
    let comparison = ItemMatcher().compare(catalogue, catalogue)
    #expect(comparison.onlyInA.isEmpty && comparison.onlyInB.isEmpty)
    #expect(comparison.matches.allSatisfy { $0.kind == .same && $0.a == $0.b })
  }

  // MARK: Kinds on small catalogues

  private static func catalogue(_ township: String, _ items: [(ListKind, String, [String])])
    -> Catalogue
  {
    let region = Region(prefecture: "昌吉州", county: "木垒县", township: township)
    var numbers: [ListKind: Int] = [:]
    let built = items.map { list, name, departments in
      numbers[list, default: 0] += 1
      let departmentList = departments.map { Department(name: $0, asWritten: $0) }
      let detail: Item.Detail =
        switch list {
        case .basic: .basic
        case .cooperative:
          .cooperative(
            Cooperation(
              departments: departmentList, departmentDuties: .empty,
              townshipDuties: DutyText(blocks: [.step(label: "1", text: "配合做好\(name)")])))
        case .recovered:
          .recovered(Recovery(receiver: departmentList[0], method: .empty))
        }
      return Item(
        township: township, list: list, number: numbers[list]!, category: "测试", name: name,
        detail: detail,
        handler: Handler.of(list: list, township: township, departments: departmentList),
        sourceLine: 1)
    }
    return Catalogue(region: region, title: "", date: nil, source: "\(township).txt", items: built)
  }

  @Test func movedSplitAndMergedAreNamed() {
    let a = Self.catalogue(
      "甲乡",
      [
        (.basic, "负责本乡耕地保护和永久基本农田的日常巡查工作", []),
        (.basic, "加强工会基层组织建设维护职工合法权益，加强共青团基层组织建设和少先队工作", []),
        (.basic, "负责本乡殡葬改革宣传", []),
        (.basic, "负责本乡公益性墓地管理", []),
      ])
    let b = Self.catalogue(
      "乙镇",
      [
        (.cooperative, "负责本镇耕地保护和永久基本农田的日常巡查工作", ["木垒县自然资源局"]),
        (.basic, "加强工会基层组织建设维护职工合法权益", []),
        (.basic, "加强共青团基层组织建设和少先队工作", []),
        (.basic, "负责本镇殡葬改革宣传和公益性墓地管理", []),
      ])
    let comparison = ItemMatcher().compare(a, b)
    let kinds = Dictionary(
      comparison.matches.map { ("\($0.a.number)→\($0.b.number)/\($0.b.list.rawValue)", $0.kind) },
      uniquingKeysWith: { first, _ in first })
    #expect(kinds["1→1/cooperative"] == .moved)
    #expect(kinds["2→1/basic"] == .split)
    #expect(kinds["2→2/basic"] == .split)
    #expect(kinds["3→3/basic"] == .merged)
    #expect(kinds["4→3/basic"] == .merged)
    #expect(comparison.onlyInA.isEmpty && comparison.onlyInB.isEmpty)
    #expect(comparison.matches.first { $0.kind == .moved }?.handlerDiffers == true)
  }

  @Test func unrelatedItemsStayApart() {
    let a = Self.catalogue("甲乡", [(.basic, "负责本乡文物保护政策宣传和发现上报等工作", [])])
    let b = Self.catalogue("乙镇", [(.basic, "负责本镇广播电视台管理", [])])
    let comparison = ItemMatcher().compare(a, b)
    #expect(comparison.matches.isEmpty)
    #expect(comparison.onlyInA.count == 1 && comparison.onlyInB.count == 1)
  }

  @Test func placeNamesAreSetAside() {
    let text = ComparableText(
      region: Region(prefecture: "昌吉州", county: "木垒县", township: "大石头乡"))
    let other = ComparableText(
      region: Region(prefecture: "昌吉州", county: "昌吉市", township: "大西渠镇"))
    #expect(text.string("协助木垒县民政局指导大石头乡，本乡") == other.string("协助昌吉市民政局指导大西渠镇，本镇"))
    #expect(text.string("县民政局") == other.string("市民政局"))
    #expect(text.string("1. 做好，统计 工作。") == "1做好统计工作")
  }

  @Test func departmentsWithoutTheirRegion() {
    let region = Region(prefecture: "昌吉州", county: "木垒县", township: "大石头乡")
    #expect(DepartmentNames.withoutRegion("木垒县民政局", region: region) == "民政局")
    #expect(DepartmentNames.withoutRegion("昌吉州生态环境局木垒县分局", region: region) == "生态环境局分局")
    #expect(DepartmentNames.withoutRegion("木垒县", region: region) == "木垒县")
  }

  @Test func departmentsUnderTheirPlace() {
    let regions = [
      Region(prefecture: "昌吉州", county: "木垒县", township: "大石头乡"),
      Region(prefecture: "昌吉州", county: "昌吉市", township: "大西渠镇"),
    ]
    let places = DepartmentPlaces(regions: regions)
    func split(_ name: String) -> [String]? {
      places.split(name).map { [$0.place, $0.body] }
    }
    #expect(split("木垒县水利局") == ["木垒县", "水利局"])
    #expect(split("昌吉市委组织部") == ["昌吉市", "市委组织部"])
    #expect(split("昌吉州生态环境局木垒县分局") == ["木垒县", "州生态环境局分局"])
    #expect(split("昌吉州财政局") == ["昌吉州", "财政局"])
    #expect(split("自治区林业和草原局") == nil)
    #expect(split("木垒县") == nil)
  }

  @Test func bigramMeasures() {
    let a = BigramSet(Array("加强基层阵地建设".unicodeScalars))
    let b = BigramSet(Array("加强基层阵地".unicodeScalars))
    #expect(a.dice(a) == 1)
    #expect(b.containment(in: a) == 1)
    #expect(a.sharedCount(with: b) == 5)
    #expect(abs(a.dice(b) - 10.0 / 12.0) < 1e-9)
    #expect(BigramSet.empty.dice(a) == 0)
    #expect(a.union(b) == a)
  }
}
