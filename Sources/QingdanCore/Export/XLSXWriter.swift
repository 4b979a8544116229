import Foundation
import ZIPFoundation

/// Writes catalogues as one Excel workbook: a sheet per township and list, titled with the
/// list heading, the standard header row, one row per item, wrapped text, and steps, sub-
/// headings and department names of a duty text on lines of their own. Importing the
/// workbook gives the same items.
public enum XLSXWriter {
  public enum Failure: Error, CustomStringConvertible {
    case archive(String)

    public var description: String {
      switch self {
      case .archive(let reason): "could not write the workbook: \(reason)"
      }
    }
  }

  public static func workbook(_ catalogues: [Catalogue]) throws(Failure) -> Data {
    var sheets: [(name: String, xml: String)] = []
    var usedNames: Set<String> = []
    for catalogue in catalogues {
      for list in ListKind.allCases {
        let items = catalogue.items(in: list)
        guard !items.isEmpty else { continue }
        let name = uniqueSheetName("\(catalogue.township)-\(list.chineseName)", used: &usedNames)
        sheets.append((name, sheetXML(catalogue.region, list, items)))
      }
    }
    var parts: [(String, String)] = [
      ("[Content_Types].xml", contentTypes(sheets.count)),
      ("_rels/.rels", rootRelationships),
      ("xl/workbook.xml", workbookXML(sheets.map(\.name))),
      ("xl/_rels/workbook.xml.rels", workbookRelationships(sheets.count)),
      ("xl/styles.xml", styles),
    ]
    for (index, sheet) in sheets.enumerated() {
      parts.append(("xl/worksheets/sheet\(index + 1).xml", sheet.xml))
    }
    do {
      let archive = try Archive(data: Data(), accessMode: .create)
      for (path, text) in parts {
        let data = Data(text.utf8)
        try archive.addEntry(
          with: path, type: .file, uncompressedSize: Int64(data.count),
          compressionMethod: .deflate,
          provider: { position, size in
            data.subdata(in: Int(position)..<Int(position) + size)
          })
      }
      guard let data = archive.data else { throw Failure.archive("no archive data") }
      return data
    } catch let failure as Failure {
      throw failure
    } catch {
      throw .archive("\(error)")
    }
  }

  /// Excel allows 31 characters and none of []:*?/\ in a sheet name, unique per workbook.
  static func uniqueSheetName(_ wanted: String, used: inout Set<String>) -> String {
    let cleaned = String(wanted.map { "[]:*?/\\".contains($0) ? "-" : $0 }.prefix(31))
    var name = cleaned
    var counter = 2
    while used.contains(name.lowercased()) {
      let suffix = " (\(counter))"
      name = String(cleaned.prefix(31 - suffix.count)) + suffix
      counter += 1
    }
    used.insert(name.lowercased())
    return name
  }

  static func columnWidths(_ list: ListKind) -> [Int] {
    ColumnRole.standardColumns(list).map { role in
      switch role {
      case .number: 6
      case .category: 14
      case .name: 40
      case .departments: 24
      case .departmentDuties, .townshipDuties, .recovery: 60
      }
    }
  }

  static func sheetXML(_ region: Region, _ list: ListKind, _ items: [Item]) -> String {
    let columns = ColumnRole.standardColumns(list)
    let lastColumn = columnName(columns.count - 1)
    var xml = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#
    xml += #"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#
    xml += #"<sheetViews><sheetView workbookViewId="0"><pane ySplit="2" topLeftCell="A3" "#
    xml += #"activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><cols>"#
    for (index, width) in columnWidths(list).enumerated() {
      xml += #"<col min="\#(index + 1)" max="\#(index + 1)" width="\#(width)" customWidth="1"/>"#
    }
    xml += "</cols><sheetData>"
    xml += row(1, [ItemCells.heading(region, list)], style: 3)
    xml += row(2, columns.map(\.standardHeader), style: 2)
    for (offset, item) in items.enumerated() {
      xml += row(offset + 3, ItemCells.cells(of: item, layout: .lines), style: 1, numberFirst: true)
    }
    xml += "</sheetData>"
    xml += #"<mergeCells count="1"><mergeCell ref="A1:\#(lastColumn)1"/></mergeCells>"#
    xml += #"<pageSetup paperSize="9" orientation="landscape"/>"#
    xml += "</worksheet>"
    return xml
  }

  static func row(_ number: Int, _ cells: [String], style: Int, numberFirst: Bool = false) -> String
  {
    var xml = #"<row r="\#(number)">"#
    for (index, text) in cells.enumerated() {
      let reference = "\(columnName(index))\(number)"
      if numberFirst, index == 0, Int(text) != nil {
        xml += #"<c r="\#(reference)" s="\#(style)"><v>\#(text)</v></c>"#
      } else {
        xml += #"<c r="\#(reference)" s="\#(style)" t="inlineStr"><is><t xml:space="preserve">"#
        xml += escaped(text) + "</t></is></c>"
      }
    }
    return xml + "</row>"
  }

  static func columnName(_ index: Int) -> String {
    var index = index
    var name = ""
    repeat {
      name = String(UnicodeScalar(UInt8(65 + index % 26))) + name
      index = index / 26 - 1
    } while index >= 0
    return name
  }

  /// XML text: markup characters escaped, control characters XML cannot hold dropped.
  static func escaped(_ text: String) -> String {
    var result = ""
    result.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": result += "&amp;"
      case "<": result += "&lt;"
      case ">": result += "&gt;"
      case "\"": result += "&quot;"
      case "\n", "\t": result.unicodeScalars.append(scalar)
      default:
        if scalar.value < 0x20 || (0xFFFE...0xFFFF).contains(scalar.value) { continue }
        result.unicodeScalars.append(scalar)
      }
    }
    return result
  }

  static func contentTypes(_ sheetCount: Int) -> String {
    var xml = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#
    xml += #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#
    xml +=
      #"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#
    xml += #"<Default Extension="xml" ContentType="application/xml"/>"#
    xml +=
      #"<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#
    xml +=
      #"<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>"#
    for index in 1...max(sheetCount, 1) where sheetCount > 0 {
      xml +=
        #"<Override PartName="/xl/worksheets/sheet\#(index).xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#
    }
    return xml + "</Types>"
  }

  static let rootRelationships =
    #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#
    + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
    + #"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>"#
    + "</Relationships>"

  static func workbookXML(_ names: [String]) -> String {
    var xml = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#
    xml += #"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" "#
    xml +=
      #"xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>"#
    for (index, name) in names.enumerated() {
      xml += #"<sheet name="\#(escaped(name))" sheetId="\#(index + 1)" r:id="rId\#(index + 1)"/>"#
    }
    return xml + "</sheets></workbook>"
  }

  static func workbookRelationships(_ sheetCount: Int) -> String {
    var xml = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#
    xml += #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
    for index in 0..<sheetCount {
      xml +=
        #"<Relationship Id="rId\#(index + 1)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet\#(index + 1).xml"/>"#
    }
    xml +=
      #"<Relationship Id="rId\#(sheetCount + 1)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>"#
    return xml + "</Relationships>"
  }

  /// 0 default; 1 item cells (wrapped, top-aligned, bordered); 2 header (bold, centred);
  /// 3 title (bold, larger).
  static let styles =
    #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#
    + #"<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#
    + #"<fonts count="3"><font><sz val="11"/><name val="宋体"/></font>"#
    + #"<font><b/><sz val="11"/><name val="宋体"/></font>"#
    + #"<font><b/><sz val="16"/><name val="宋体"/></font></fonts>"#
    + #"<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>"#
    + #"<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>"#
    + #"<border><left style="thin"/><right style="thin"/><top style="thin"/><bottom style="thin"/><diagonal/></border></borders>"#
    + #"<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>"#
    + #"<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>"#
    + #"<xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>"#
    + #"<xf numFmtId="0" fontId="1" fillId="0" borderId="1" xfId="0" applyFont="1" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>"#
    + #"<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment horizontal="center" vertical="center"/></xf>"#
    + #"</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>"#
    + #"</styleSheet>"#
}
