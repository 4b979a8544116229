import Foundation
import Testing

@testable import QingdanCore

/// The generated fixtures (Scripts/generate-import-fixtures.py) and the bundled catalogues.
enum ImportFixtures {
  static let directory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures/import")

  static func files(_ folder: String) -> [String] {
    let path = directory.appendingPathComponent(folder).path
    let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
    return names.sorted().map { (path as NSString).appendingPathComponent($0) }
  }

  /// The bundled items by id, source positions cleared.
  static let bundled: [String: Item] = byID(Seeds.index.catalogues.flatMap(\.items))

  static func byID(_ items: [Item]) -> [String: Item] {
    Dictionary(items.map { ($0.id, withoutSource($0)) }, uniquingKeysWith: { first, _ in first })
  }

  static func withoutSource(_ item: Item) -> Item {
    var item = item
    item.sourceLine = 0
    item.sourceSheet = ""
    return item
  }

  /// Every item of `results`, which must have no diagnostics, equals the bundled item.
  static func expectEqualToBundled(
    _ results: [ParseResult], sourceLocation: SourceLocation = #_sourceLocation
  ) {
    for result in results {
      #expect(
        result.diagnostics.isEmpty, "\(result.diagnostics.prefix(3))",
        sourceLocation: sourceLocation)
    }
    let items = byID(results.flatMap(\.catalogues).flatMap(\.items))
    #expect(items.count == 489, sourceLocation: sourceLocation)
    #expect(Set(items.keys) == Set(bundled.keys), sourceLocation: sourceLocation)
    let different = items.filter { bundled[$0.key] != $0.value }.map(\.key).sorted()
    #expect(
      different.isEmpty, "items differ: \(different.prefix(5))", sourceLocation: sourceLocation)
  }

  static func parse(_ file: String) -> ParseResult { CatalogueLoader.parse(file: file) }
}

@Suite("Catalogues as townships publish them load losslessly")
struct ImportRoundTripTests {
  @Test func exportedWorkbookImportsAsTheSameItems() throws {
    let data = try XLSXWriter.workbook(Seeds.index.catalogues)
    let result = CatalogueImport.parse(data: data, file: "清单.xlsx")
    #expect(result.catalogues.map(\.township).sorted() == ["大石头乡", "大西渠镇"])
    ImportFixtures.expectEqualToBundled([result])
    // Each item remembers its sheet and row.
    let item = try #require(
      result.catalogues.flatMap(\.items).first { $0.id == "大石头乡/cooperative/66" })
    #expect(item.sourceSheet == "大石头乡-配合履职事项")
    #expect(item.sourceLine == 66 + 2)
  }

  @Test func canonicalTextReadsBackAsTheSameItems() {
    let results = Seeds.index.catalogues.map { catalogue in
      CatalogueParser.parse(
        data: Data(CatalogueTextWriter.text(of: catalogue).utf8), file: catalogue.township + ".txt")
    }
    ImportFixtures.expectEqualToBundled(results)
  }

  @Test(arguments: ["xlsx", "docx", "html"])
  func fixturesEqualTheBundledCatalogues(format: String) {
    let files = ImportFixtures.files(format)
    #expect(files.count == 2)
    ImportFixtures.expectEqualToBundled(files.map(ImportFixtures.parse))
  }

  @Test func csvAndTsvFixturesEqualTheBundledCatalogues() {
    let files = ImportFixtures.files("csv")
    let csv = files.filter { $0.hasSuffix(".csv") }
    let tsv = files.filter { $0.hasSuffix(".tsv") }
    #expect(csv.count == 2 && tsv.count == 1)
    ImportFixtures.expectEqualToBundled(csv.map(ImportFixtures.parse))
    let fromTSV = ImportFixtures.parse(tsv[0])
    #expect(fromTSV.diagnostics.isEmpty)
    let items = ImportFixtures.byID(fromTSV.catalogues.flatMap(\.items))
    #expect(items.count == 244)
    #expect(items.allSatisfy { ImportFixtures.bundled[$0.key] == $0.value })
  }

  @Test func aMixedFolderLoadsEveryTownshipOnce() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "qingdan-mixed-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    for source in [ImportFixtures.files("xlsx")[0], ImportFixtures.files("docx")[0]] {
      try FileManager.default.copyItem(
        atPath: source,
        toPath: folder.appendingPathComponent((source as NSString).lastPathComponent).path)
    }
    let result = try CatalogueLoader.load(paths: [folder.path])
    #expect(result.catalogues.map(\.township).sorted() == ["大石头乡", "大西渠镇"])
    #expect(result.diagnostics.isEmpty)
    #expect(result.catalogues.flatMap(\.items).count == 489)
  }
}

@Suite("Files that cannot be read get one clear line")
struct UnreadableFileTests {
  @Test(arguments: [
    ("legacy.xls", "libreoffice --headless --convert-to xlsx"),
    ("legacy.et", "libreoffice --headless --convert-to xlsx"),
    ("legacy.doc", "libreoffice --headless --convert-to docx"),
    ("legacy.wps", "libreoffice --headless --convert-to docx"),
    ("password.xlsx", "password-protected"),
    ("scan.pdf", "PDF"),
    ("truncated.xlsx", "truncated or damaged"),
    ("renamed.xlsx", "not a zip file"),
    ("bomb.xlsx", "zip bomb"),
    ("entities.xlsx", "DTD"),
    ("garbled.csv", "not UTF-8"),
  ])
  func oneLineEach(name: String, phrase: String) {
    let file = ImportFixtures.directory.appendingPathComponent("bad/\(name)").path
    let result = ImportFixtures.parse(file)
    #expect(result.catalogue == nil)
    #expect(result.diagnostics.count == 1)
    let line = result.diagnostics.first?.description ?? ""
    #expect(line.hasPrefix("\(file): error: "))
    #expect(line.contains(phrase), "\(line)")
    #expect(!line.contains("\n"))
  }
}

@Suite("The one table of column roles")
struct ColumnRoleTests {
  @Test func everyWordingNamesItsRole() {
    for role in ColumnRole.allCases {
      for wording in role.wordings {
        #expect(ColumnRole.role(forHeader: wording) == role, "\(wording)")
      }
    }
    #expect(ColumnRole.role(forHeader: "乡镇 (街道) 配合职责") == .townshipDuties)
    #expect(ColumnRole.role(forHeader: "部门:工作方式") == .recovery)
    #expect(ColumnRole.role(forHeader: "序 号") == .number)
  }

  @Test func anUnknownHeaderIsNamedWithTheClosestRole() {
    #expect(ColumnRole.closest(to: "牵头单位").role == .departments)
    #expect(ColumnRole.closest(to: "乡镇配合事项职责").role == .townshipDuties)
    let document = TableDocument(
      file: "木垒县大石头乡.csv",
      parts: [
        .table(
          SourceTable(
            name: "", nameIsFromFile: false,
            rows: [
              SourceRow(number: 1, cells: ["大石头乡配合履职事项清单"]),
              SourceRow(number: 2, cells: ["序号", "类别", "名称", "牵头单位", "部门职责", "乡镇职责"]),
              SourceRow(number: 3, cells: ["1", "平安建设", "矛盾纠纷调解", "木垒县司法局", "指导。", "调解。"]),
            ]))
      ])
    let result = TableCatalogueBuilder.build(document)
    let warning = result.diagnostics.first { $0.message.contains("牵头单位") }
    #expect(
      warning?.description.hasPrefix("木垒县大石头乡.csv:2: warning: column 4 header “牵头单位”") == true)
    #expect(warning?.message.contains("对应上级部门") == true)
    // Nothing is dropped: the column's text is kept in the last column, with a warning.
    let item = result.catalogue?.items.first
    #expect(item?.cooperation?.townshipDuties.plainText.contains("木垒县司法局") == true)
  }

  @Test func theTextParserAcceptsOtherWordingsOfTheHeader() {
    let text = "昌吉州木垒县大石头乡基本履职事项清单\n编号\t类别\t履职事项\n1\t党的建设\t开展党内集中教育\n"
    let result = CatalogueParser.parse(data: Data(text.utf8), file: "t.txt")
    #expect(result.diagnostics.isEmpty)
    #expect(result.catalogue?.items.map(\.name) == ["开展党内集中教育"])
    #expect(result.coverage.structural == 2)
  }
}

@Suite("Rows become a catalogue the same way in every format")
struct TableCatalogueBuilderTests {
  static func table(_ name: String, fromFile: Bool = true, _ rows: [[String]]) -> TableDocument.Part
  {
    .table(
      SourceTable(
        name: name, nameIsFromFile: fromFile,
        rows: rows.enumerated().map { SourceRow(number: $0.offset + 1, cells: $0.element) }))
  }

  @Test func titleNoteBlankAndRepeatedHeaderRowsAreStructural() throws {
    let document = TableDocument(
      file: "x.xlsx",
      parts: [
        Self.table(
          "Sheet1",
          [
            ["昌吉州木垒县大石头乡基本履职事项清单", "昌吉州木垒县大石头乡基本履职事项清单", "昌吉州木垒县大石头乡基本履职事项清单"],
            ["序号", "事项类别", "事项名称"],
            ["1", "党的建设", "甲"],
            ["", "", ""],
            ["序号", "事项类别", "事项名称"],
            ["2", "党的建设", "乙"],
            ["注：本清单共2项"],
            ["共2项"],
          ])
      ])
    let result = TableCatalogueBuilder.build(document)
    #expect(result.diagnostics.isEmpty)
    let catalogue = try #require(result.catalogue)
    #expect(catalogue.region == Region(prefecture: "昌吉州", county: "木垒县", township: "大石头乡"))
    #expect(catalogue.items.map(\.id) == ["大石头乡/basic/1", "大石头乡/basic/2"])
    #expect(
      result.coverage.inItems == 2 && result.coverage.structural == 5 && result.coverage.blank == 1)
  }

  @Test func listFromTheSheetNameTownshipFromTheFileName() throws {
    let document = TableDocument(
      file: "/tmp/木垒县大石头乡-2025年7月.xlsx",
      parts: [
        Self.table("收回事项", [["编号", "类别", "事项", "部门：工作方式"], ["1", "民生", "出具证明", "木垒县民政局：出具。"]])
      ])
    let result = TableCatalogueBuilder.build(document)
    let item = try #require(result.catalogue?.items.first)
    #expect(item.id == "大石头乡/recovered/1")
    #expect(item.recovery?.receiver.name == "木垒县民政局")
    #expect(item.sourceSheet == "收回事项" && item.sourceLine == 2)
  }

  @Test func theTitleNamesTheTownshipBeforeTheFileName() throws {
    let document = TableDocument(
      file: "/tmp/别的乡.csv",
      parts: [
        .text("奇台县老奇台镇履职事项清单", position: SourcePosition(sheet: nil, row: 0)),
        .text("奇台县老奇台镇基本履职事项清单", position: SourcePosition(sheet: nil, row: 0)),
        Self.table("table 1", fromFile: false, [["序号", "事项类别", "事项名称"], ["1", "党建", "甲"]]),
      ])
    let catalogue = try #require(TableCatalogueBuilder.build(document).catalogue)
    #expect(catalogue.region.township == "老奇台镇" && catalogue.region.county == "奇台县")
  }

  @Test func subdistrictsLoadLikeTownships() throws {
    let document = TableDocument(
      file: "c.csv",
      parts: [
        Self.table(
          "", fromFile: false,
          [
            ["昌吉州昌吉市宁边路街道配合履职事项清单"], ["序号", "类别", "名称", "责任部门", "部门职责", "乡镇（街道）配合职责"],
            ["1", "城市管理", "占道经营", "市城市管理局", "查处。", "巡查。"],
          ])
      ])
    let result = TableCatalogueBuilder.build(document)
    let item = try #require(result.catalogue?.items.first)
    #expect(item.id == "宁边路街道/cooperative/1")
    #expect(item.cooperation?.departments.map(\.name) == ["昌吉市城市管理局"])
  }

  @Test func diagnosticsNameFileSheetAndRow() {
    let document = TableDocument(
      file: "木垒县大石头乡.xlsx",
      parts: [
        Self.table(
          "基本履职",
          [["序号", "事项类别", "事项名称"], ["1", "党建", "甲"], ["1", "党建", "乙"], ["说明文字", "不是", "一行"]])
      ])
    let result = TableCatalogueBuilder.build(document)
    let lines = result.diagnostics.map(\.description)
    #expect(
      lines.contains {
        $0.hasPrefix("木垒县大石头乡.xlsx:基本履职:3: error: 序号 1") && $0.contains("row 2 of 基本履职")
      })
    #expect(lines.contains { $0.hasPrefix("木垒县大石头乡.xlsx:基本履职:4: error: not a table row") })
  }

  @Test func aTableWithoutAnyTownshipLoadsNothing() {
    let document = TableDocument(
      file: "data.csv",
      parts: [Self.table("", fromFile: false, [["序号", "事项类别", "事项名称"], ["1", "党建", "甲"]])])
    let result = TableCatalogueBuilder.build(document)
    #expect(result.catalogue == nil)
    #expect(result.diagnostics.contains { $0.message.contains("no township is named") })
  }
}

@Suite("Readers")
struct ReaderTests {
  @Test func csvQuotesBomAndLineBreaks() throws {
    let text = "\u{FEFF}序号,类别,名称\r\n1,\"党的\n建设\",\"甲,\"\"乙\"\"\"\r\n"
    let document = try DelimitedReader.read(
      try TextDecoding.decode(Data((text + "2,,\r\n3,x,").utf8)), file: "a.csv", separator: ",")
    guard case .table(let table) = document.parts.first else {
      Issue.record("no table")
      return
    }
    #expect(
      table.rows.map(\.cells) == [
        ["序号", "类别", "名称"], ["1", "党的\n建设", "甲,\"乙\""], ["2", "", ""], ["3", "x", ""],
      ])
    #expect(table.rows.map(\.number) == [1, 2, 4, 5])
  }

  @Test func gbkIsConverted() throws {
    // "大石头乡" in GBK.
    let gbk: [UInt8] = [0xB4, 0xF3, 0xCA, 0xAF, 0xCD, 0xB7, 0xCF, 0xE7]
    #expect(try TextDecoding.decode(Data(gbk)) == "大石头乡")
    #expect(try TextDecoding.decode(Data(gbk), declared: "gb2312") == "大石头乡")
  }

  @Test func htmlTagSoupRowspanColspanAndBreaks() throws {
    let page = """
      <html><body><h2>标题</h2><table><tr><th colspan=2>合并<th>三
      <tr><td rowspan="2">甲<td>一<br>二<td><p>x</p><p>y
      <tr><td>丙</td><td>丁 &amp; 戊</td></tr><!-- <tr><td>注释</td></tr> -->
      <tr><td>a < b<td>c</table><p>注：尾
      """
    let document = try HTMLReader.read(page, file: "p.html")
    #expect(document.parts.count == 3)
    guard case .table(let table) = document.parts[1] else {
      Issue.record("no table")
      return
    }
    #expect(
      table.rows.map(\.cells) == [
        ["合并", "合并", "三"], ["甲", "一\n二", "x\ny"], ["甲", "丙", "丁 & 戊"], ["a < b", "c"],
      ])
  }

  @Test func htmlDeclaredCharset() {
    #expect(
      HTMLReader.declaredCharset(
        Data(#"<meta http-equiv="Content-Type" content="text/html; charset=GB2312">"#.utf8))
        == "gb2312")
    #expect(HTMLReader.declaredCharset(Data(#"<meta charset='gbk'>"#.utf8)) == "gbk")
  }

  @Test func docxAutomaticNumberingIsWrittenOut() throws {
    let file = ImportFixtures.files("docx").first { $0.contains("大石头乡") }!
    let document = try DOCXReader.read(FileManager.default.contents(atPath: file)!, file: file)
    let cells = document.parts.compactMap { part -> [String]? in
      if case .table(let table) = part { return table.rows.flatMap(\.cells) }
      return nil
    }.flatMap { $0 }
    // The numbers are not in the document's text, only in its numbering definitions.
    #expect(cells.contains { $0.hasPrefix("1.") && $0.contains("\n2.") })
  }

  @Test func xlsxCellReferencesAndRanges() {
    #expect(XLSXReader.columnIndex("A1") == 0)
    #expect(XLSXReader.columnIndex("AB12") == 27)
    #expect(XLSXReader.cellRange("B3:C7").map { [$0.rows, $0.columns] } == [3..<8, 1..<3])
  }
}

@Suite("TSV in the text layout")
struct TSVTextLayoutTests {
  @Test func aQuoteThatOpensNoFieldIsText() throws {
    let text = "1\t\"三会一课\"制度\t\"甲\tb\"\n"
    let document = try DelimitedReader.read(text, file: "a.tsv", separator: "\t")
    guard case .table(let table) = document.parts.first else {
      Issue.record("no table")
      return
    }
    #expect(table.rows.map(\.cells) == [["1", "\"三会一课\"制度", "甲\tb"]])
  }

  @Test func theBundledTextReadAsTSVGivesTheSameItems() {
    for township in ["大石头乡", "大西渠镇"] {
      let data = FileManager.default.contents(atPath: Seeds.path(township))!
      let asText = CatalogueParser.parse(data: data, file: "t.txt")
      let asTSV = CatalogueImport.parse(data: data, file: "t.tsv")
      #expect(
        asTSV.catalogue?.items.map(ImportFixtures.withoutSource)
          == asText.catalogue?.items.map(ImportFixtures.withoutSource))
      #expect(asTSV.diagnostics.map(\.message) == asText.diagnostics.map(\.message))
    }
  }
}

@Suite("XML is never trusted")
struct XMLSafetyTests {
  @Test func aDTDAfterALongPrologIsStillRefused() {
    let padding = "<!-- <a> " + String(repeating: "x", count: 10_000) + " -->"
    let xml =
      "<?xml version=\"1.0\"?>\(padding)<!DOCTYPE a [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><a>&e;</a>"
    #expect(throws: OOXMLPackage.Failure.self) { try XMLTree.parse(Data(xml.utf8), part: "x.xml") }
    // An entity that no DTD defines is refused too, not passed through or fetched.
    #expect(throws: OOXMLPackage.Failure.self) {
      try XMLTree.parse(Data("<a>&e;</a>".utf8), part: "x.xml")
    }
  }

  @Test func theScannerReadsWhatOOXMLHas() throws {
    let xml = """
      \u{FEFF}<?xml version="1.0" encoding="UTF-8"?><!-- c --><w:document xmlns:w="w" w:a='1 &amp; 2'>
      <w:t xml:space="preserve"> a&lt;b &#x4E00;&#20108; </w:t><w:br/><![CDATA[<x>]]></w:document>
      """
    let root = try XMLTree.parse(Data(xml.utf8), part: "d.xml")
    #expect(
      root.name == "document" && root.attributes["w:a"] == "1 & 2"
        && root.attributes["a"] == "1 & 2")
    #expect(root.child("t")?.text == " a<b 一二 ")
    #expect(root.child("br") != nil)
    #expect(root.text.hasSuffix("<x>"))
    #expect(throws: OOXMLPackage.Failure.self) {
      try XMLTree.parse(Data("<a><b></a".utf8), part: "x.xml")
    }
  }
}

@Suite("Word tables")
struct WordTableTests {
  @Test func spansMergesAndLineBreaks() throws {
    let xml = """
      <w:body xmlns:w="w">
      <w:p><w:r><w:t>大石头乡基本履职事项清单</w:t></w:r></w:p>
      <w:tbl>
      <w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>标题</w:t></w:r></w:p></w:tc></w:tr>
      <w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>党建</w:t></w:r></w:p></w:tc>
        <w:tc><w:p><w:r><w:t>一</w:t><w:br/><w:t>二</w:t></w:r></w:p><w:p><w:r><w:t>三</w:t></w:r></w:p></w:tc></w:tr>
      <w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p><w:r><w:t>四</w:t></w:r></w:p></w:tc></w:tr>
      </w:tbl></w:body>
      """
    var walker = DOCXReader.BodyWalker(numbering: .init(numbering: nil, styles: nil))
    walker.walk(try XMLTree.parse(Data(xml.utf8), part: "document.xml"))
    #expect(walker.parts.count == 2)
    guard case .table(let table) = walker.parts[1] else {
      Issue.record("no table")
      return
    }
    #expect(table.rows.map(\.cells) == [["标题", "标题"], ["党建", "一\n二\n三"], ["党建", "四"]])
  }
}
