import Foundation
import Testing

@testable import QingdanCore

@Suite("desk: dates on the command line")
struct DeskDateTests {
  let shanghai = TimeZone(identifier: "Asia/Shanghai")!

  @Test func aDayIsTheWholeLocalDay() throws {
    let since = try #require(DeskDate.parse("2026-12-01", as: .since, timeZone: shanghai))
    let until = try #require(DeskDate.parse("2026-12-01", as: .until, timeZone: shanghai))
    #expect(DeskDate.iso(since, timeZone: shanghai) == "2026-12-01T00:00:00+08:00")
    #expect(DeskDate.iso(until, timeZone: shanghai) == "2026-12-02T00:00:00+08:00")
  }

  @Test func iso8601TimesAreInstants() {
    let zoned = DeskDate.parse("2026-12-01T09:30:00+08:00", as: .until, timeZone: .gmt)
    #expect(zoned.map { DeskDate.iso($0, timeZone: .gmt) } == "2026-12-01T01:30:00Z")
    let local = DeskDate.parse("2026-12-01T09:30", as: .since, timeZone: shanghai)
    #expect(local.map { DeskDate.iso($0, timeZone: .gmt) } == "2026-12-01T01:30:00Z")
    let spaced = DeskDate.parse("2026-12-01 09:30:15", as: .since, timeZone: shanghai)
    #expect(spaced.map { DeskDate.iso($0, timeZone: shanghai) } == "2026-12-01T09:30:15+08:00")
    #expect(DeskDate.parse("2026-12-01T01:30:00.250Z", as: .since) != nil)
  }

  @Test func notDatesAreRefused() {
    for text in [
      "", "yesterday", "2026-02-30", "2026-13-01", "2026-1-1", "26-12-01", "２０２６-12-01",
      "2026-12-01T25:00", "1796145882",
    ] {
      #expect(DeskDate.parse(text, as: .since) == nil, "\(text)")
    }
  }

  @Test func peopleReadMinutesAndDays() {
    let time = Date(timeIntervalSince1970: 1_796_145_882)
    #expect(DeskDate.minute(time, timeZone: .gmt) == "2026-12-01 17:24")
    #expect(DeskDate.day(time, timeZone: shanghai) == "2026-12-02")
  }
}

@Suite("desk: hot topics and misses")
struct DeskReportTests {
  let t0 = Date(timeIntervalSince1970: 1_796_145_882)

  func entry(_ id: String, _ offset: TimeInterval = 0) -> DeskEntry {
    DeskEntry(time: t0 + offset, query: "q", itemID: id, answer: Seeds.item(id).handler.answer)
  }

  @Test func countsByDepartmentFollowTheHandlerRule() {
    // 73: four departments lead, 大石头乡 cooperates; basic/1: the township itself.
    let gas = Seeds.item("大石头乡/cooperative/73")
    #expect(gas.handler.departments.count == 4)
    let entries =
      [entry("大石头乡/cooperative/73"), entry("大石头乡/cooperative/73"), entry("大石头乡/basic/1")]
      + [DeskEntry(time: t0, query: "q", itemID: "gone/basic/1", answer: "")]
    let counts = DeskStats.counts(entries, by: .department, catalogue: Seeds.index)
    #expect(counts.count == 6)
    #expect(Set(counts.prefix(4).map(\.key)) == Set(gas.handler.departments.map(\.name)))
    #expect(counts.prefix(4).allSatisfy { $0.count == 2 })
    #expect(counts.suffix(2).map(\.key).sorted() == [DeskStats.unknownItem, "大石头乡"].sorted())
  }

  @Test func countsByItemAndCategoryMostFirst() {
    let entries = ["大石头乡/basic/1", "大石头乡/basic/2", "大石头乡/basic/2", "大石头乡/cooperative/73"].map {
      entry($0)
    }
    let items = DeskStats.counts(entries, by: .item, catalogue: Seeds.index)
    #expect(items.map(\.key) == ["大石头乡/basic/2", "大石头乡/basic/1", "大石头乡/cooperative/73"])
    #expect(items.map(\.count) == [2, 1, 1])
    #expect(items[0].name == Seeds.item("大石头乡/basic/2").name)
    let categories = DeskStats.counts(entries, by: .category, catalogue: Seeds.index)
    #expect(categories.first == DeskStats.Count(key: "党的建设", count: 3))
    #expect(categories.map(\.count).reduce(0, +) == 4)
  }

  @Test func countsByDayNewestFirst() {
    let entries = [
      entry("大石头乡/basic/1", -86_400), entry("大石头乡/basic/1"), entry("大石头乡/basic/1", -86_400),
    ]
    let days = DeskStats.counts(entries, by: .day, catalogue: nil, timeZone: .gmt)
    #expect(days == [.init(key: "2026-12-01", count: 1), .init(key: "2026-11-30", count: 2)])
  }

  @Test func missesGroupByQueryMostFirst() {
    let misses = [
      MissedSearch(time: t0, query: "燃气瓶", reason: .noHits),
      MissedSearch(time: t0 + 9, query: "低保", reason: .abandoned),
      MissedSearch(time: t0 + 5, query: "燃气瓶", reason: .abandoned),
      MissedSearch(time: t0 + 1, query: "xyzzy", reason: .noHits),
    ]
    let grouped = MissSummary.grouped(misses)
    #expect(grouped.map(\.query) == ["燃气瓶", "低保", "xyzzy"])
    #expect(
      grouped[0] == MissSummary(query: "燃气瓶", count: 2, noHits: 1, abandoned: 1, last: t0 + 5))
  }

  @Test func synonymCandidatesAreTwoFieldLinesWithTheClosestItems() {
    let hits = CallerSearchTests.engine.search("燃气瓶", limit: 3)
    #expect(!hits.isEmpty)
    let summary = MissSummary(query: "燃\t气瓶\u{1b}", count: 3, noHits: 2, abandoned: 1, last: t0)
    let lines = summary.synonymLines(closest: hits)
    #expect(lines.count == 2)
    #expect(lines[0].hasPrefix("# 3× (no hits 2, abandoned 1): 1) "))
    #expect(lines[0].contains("[\(hits[0].item.id)]"))
    let fields = lines[1].split(separator: "\t", omittingEmptySubsequences: false)
    #expect(fields.count == 2)
    #expect(fields[0] == "燃\u{FFFD}气瓶\u{FFFD}")
    #expect(fields[1] == Substring(MissSummary.officialTerm(hits[0])))
    #expect(!MissSummary.synonymsHeader.split(separator: "\n").contains { !$0.hasPrefix("#") })
    #expect(
      summary.synonymLines(closest: [])
        == [
          "# 燃\u{FFFD}气瓶\u{FFFD}  3× (no hits 2, abandoned 1): no close item; write the official term yourself"
        ])
  }

  @Test func theOfficialTermIsAShortNameOrTheClauseThatMatched() throws {
    let engine = CallerSearchTests.engine
    let short = try #require(engine.search("石油天然气长输管道", limit: 1).first)
    #expect(short.item.name.count <= 16)
    #expect(MissSummary.officialTerm(short) == short.item.name)
    let long = try #require(engine.search("低保家庭", limit: 1).first)
    #expect(long.item.name.count > 16)
    let term = MissSummary.officialTerm(long)
    #expect(term.contains("低保"))
    #expect(term.count < long.item.name.count)
    #expect(!term.contains("，"))
  }
}

@Suite("desk: CSV and JSON of the log")
struct DeskExportTests {
  let entry = DeskEntry(
    time: Date(timeIntervalSince1970: 1_796_145_882), township: "大石头乡", query: "煤气罐,\"液化气\"",
    itemID: "大石头乡/cooperative/73", answer: "木垒县公安局牵头，大石头乡配合", note: "第一行\n第二行\u{1b}[31m")

  @Test func csvHasAHeaderAndQuotesAsRFC4180() {
    let csv = DeskEntryRecord.csv(
      [entry, DeskEntry(time: entry.time, query: "q", itemID: "i", answer: "a")], timeZone: .gmt)
    #expect(
      csv == "time,township,query,item,answer,note\r\n"
        + "2026-12-01T17:24:42Z,大石头乡,\"煤气罐,\"\"液化气\"\"\",大石头乡/cooperative/73,木垒县公安局牵头，大石头乡配合,\"第一行\n第二行\u{FFFD}[31m\"\r\n"
        + "2026-12-01T17:24:42Z,,q,i,a,\r\n")
    #expect(DeskEntryRecord.csv([], timeZone: .gmt) == "time,township,query,item,answer,note\r\n")
  }

  @Test func jsonHasEveryKeyNullWhenEmpty() throws {
    let record = DeskEntryRecord(
      DeskEntry(time: entry.time, query: "q", itemID: "i", answer: "a"), timeZone: .gmt)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let json = String(decoding: try encoder.encode([record]), as: UTF8.self)
    #expect(
      json
        == #"[{"answer":"a","item":"i","note":null,"query":"q","time":"2026-12-01T17:24:42Z","township":null}]"#
    )
    #expect(try JSONDecoder().decode([DeskEntryRecord].self, from: Data(json.utf8)) == [record])
  }
}
