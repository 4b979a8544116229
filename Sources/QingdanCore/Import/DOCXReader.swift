import Foundation

/// Word documents (.docx): paragraphs and tables of the body in order; in tables, gridSpan
/// and vMerge carried across and down, each paragraph of a cell a line; Word's automatic
/// list numbering (`w:numPr`, on the paragraph or its style), whose numbers are not in the
/// text, written out as the reader sees them ("1." "2." …).
enum DOCXReader {
  static func read(_ data: Data, file: String) throws(OOXMLPackage.Failure) -> TableDocument {
    var package = try OOXMLPackage(data: data)
    guard let document = try package.xml("word/document.xml"),
      let body = document.child("body")
    else { throw .missingPart("word/document.xml (is this a Word document?)") }
    var numbering = ListNumbering(
      numbering: try package.xml("word/numbering.xml"), styles: try package.xml("word/styles.xml"))
    var walker = BodyWalker(numbering: numbering)
    walker.walk(body)
    numbering = walker.numbering
    if walker.rowCount > ImportLimits.maximumRows || walker.cellCount > ImportLimits.maximumCells {
      throw .tooLarge
    }
    return TableDocument(file: file, parts: walker.parts)
  }

  struct BodyWalker {
    var numbering: ListNumbering
    var parts: [TableDocument.Part] = []
    var tableCount = 0
    var rowCount = 0
    var cellCount = 0

    mutating func walk(_ container: XMLPartElement) {
      for element in container.elements {
        switch element.name {
        case "p":
          let text = paragraphText(element)
          if !text.isEmpty {
            parts.append(.text(text, position: SourcePosition(sheet: nil, row: 0)))
          }
        case "tbl":
          tableCount += 1
          let rows = table(element)
          parts.append(
            .table(
              SourceTable(
                name: "table \(tableCount)", nameIsFromFile: false,
                rows: rows.enumerated().map { SourceRow(number: $0.offset + 1, cells: $0.element) })
            ))
        case "sdt", "sdtContent", "customXml", "ins":
          walk(element)
        default:
          break
        }
      }
    }

    /// A paragraph's text with its list label, if Word numbers it.
    mutating func paragraphText(_ paragraph: XMLPartElement) -> String {
      var text = ""
      collectText(paragraph, into: &text)
      // A line break (w:br) inside a paragraph starts a line of its own, as <br> does.
      let lines = text.split(separator: "\n").map { CellMarkup.collapseWhitespace(String($0)) }
        .filter { !$0.isEmpty }
      guard !lines.isEmpty else { return "" }
      let label = numbering.label(for: paragraph) ?? ""
      return label + lines.joined(separator: "\n")
    }

    func collectText(_ element: XMLPartElement, into text: inout String) {
      for child in element.elements {
        switch child.name {
        case "t": text += child.text
        case "tab": text += " "
        case "br", "cr": text += "\n"
        case "del", "delText", "instrText", "pPr", "rPr", "fldChar": break
        default: collectText(child, into: &text)
        }
      }
    }

    /// The table's grid: a cell's paragraphs joined by line breaks, spans filled in.
    mutating func table(_ table: XMLPartElement) -> [[String]] {
      var grid: [[String]] = []
      for row in table.children(named: "tr") {
        rowCount += 1
        var cells: [String] = []
        if let before = row.child("trPr")?.child("gridBefore")?.attributes["val"].flatMap({
          Int($0)
        }) {
          cells += Array(repeating: "", count: min(before, ImportLimits.maximumColumns))
        }
        for cell in row.elements where cell.name == "tc" || cell.name == "sdt" {
          let cellElement =
            cell.name == "sdt" ? (cell.child("sdtContent")?.child("tc") ?? cell) : cell
          cellCount += 1
          let properties = cellElement.child("tcPr")
          let span = min(
            max(properties?.child("gridSpan")?.attributes["val"].flatMap { Int($0) } ?? 1, 1),
            ImportLimits.maximumColumns)
          let column = cells.count
          var text: String
          if let vMerge = properties?.child("vMerge"), vMerge.attributes["val"] != "restart" {
            // Continues the cell above.
            text = grid.last.flatMap { column < $0.count ? $0[column] : nil } ?? ""
          } else {
            text = cellText(cellElement)
          }
          if cells.count + span > ImportLimits.maximumColumns { text = "" }
          cells += Array(
            repeating: text, count: min(span, ImportLimits.maximumColumns - cells.count))
        }
        grid.append(cells)
      }
      return grid
    }

    mutating func cellText(_ cell: XMLPartElement) -> String {
      var lines: [String] = []
      for element in cell.elements {
        switch element.name {
        case "p":
          let text = paragraphText(element)
          if !text.isEmpty { lines.append(text) }
        case "tbl":
          for row in table(element) {
            let text = row.filter { !$0.isEmpty }.joined(separator: " ")
            if !text.isEmpty { lines.append(text) }
          }
        default: break
        }
      }
      return lines.joined(separator: "\n")
    }
  }

  /// Word's list numbering: `num` → `abstractNum` → per-level format, start and label text;
  /// counters per list (numId) and level, lower levels restarting under a higher one.
  struct ListNumbering {
    struct Level {
      var format = "decimal"
      var text = "%1."
      var start = 1
    }

    var levelsByNum: [String: [Int: Level]] = [:]
    var numPrByStyle: [String: (num: String, level: Int)] = [:]
    var counters: [String: [Int: Int]] = [:]

    init(numbering: XMLPartElement?, styles: XMLPartElement?) {
      guard let numbering else { return }
      var abstract: [String: [Int: Level]] = [:]
      for definition in numbering.children(named: "abstractNum") {
        guard let id = definition.attributes["abstractNumId"] else { continue }
        var levels: [Int: Level] = [:]
        for lvl in definition.children(named: "lvl") {
          guard let ilvl = lvl.attributes["ilvl"].flatMap({ Int($0) }) else { continue }
          var level = Level()
          if let format = lvl.child("numFmt")?.attributes["val"] { level.format = format }
          if let text = lvl.child("lvlText")?.attributes["val"] { level.text = text }
          if let start = lvl.child("start")?.attributes["val"].flatMap({ Int($0) }) {
            level.start = start
          }
          levels[ilvl] = level
        }
        abstract[id] = levels
      }
      for num in numbering.children(named: "num") {
        guard let id = num.attributes["numId"],
          let abstractID = num.child("abstractNumId")?.attributes["val"],
          var levels = abstract[abstractID]
        else { continue }
        for override in num.children(named: "lvlOverride") {
          guard let ilvl = override.attributes["ilvl"].flatMap({ Int($0) }),
            let start = override.child("startOverride")?.attributes["val"].flatMap({ Int($0) })
          else { continue }
          levels[ilvl, default: Level()].start = start
        }
        levelsByNum[id] = levels
      }
      for style in styles?.children(named: "style") ?? [] {
        guard let id = style.attributes["styleId"],
          let numPr = style.child("pPr")?.child("numPr"),
          let num = numPr.child("numId")?.attributes["val"]
        else { continue }
        numPrByStyle[id] = (num, numPr.child("ilvl")?.attributes["val"].flatMap { Int($0) } ?? 0)
      }
    }

    /// "1." for the first numbered paragraph of a list, "2." for the next, …; nil for a
    /// paragraph Word does not number (or numbers with a bullet).
    mutating func label(for paragraph: XMLPartElement) -> String? {
      let properties = paragraph.child("pPr")
      var num: String?
      var level = 0
      if let numPr = properties?.child("numPr") {
        num = numPr.child("numId")?.attributes["val"]
        level = numPr.child("ilvl")?.attributes["val"].flatMap { Int($0) } ?? 0
      } else if let style = properties?.child("pStyle")?.attributes["val"],
        let fromStyle = numPrByStyle[style]
      {
        (num, level) = fromStyle
      }
      guard let num, num != "0", let levels = levelsByNum[num], let definition = levels[level]
      else {
        return nil
      }
      var counter = counters[num, default: [:]]
      counter[level] = (counter[level] ?? (definition.start - 1)) + 1
      for deeper in counter.keys where deeper > level { counter[deeper] = nil }
      counters[num] = counter
      guard definition.format != "bullet", definition.format != "none" else { return nil }
      var label = definition.text
      for (index, value) in counter where label.contains("%\(index + 1)") {
        let format = levels[index]?.format ?? "decimal"
        label = label.replacingOccurrences(of: "%\(index + 1)", with: Self.render(value, format))
      }
      return label
    }

    static func render(_ value: Int, _ format: String) -> String {
      switch format {
      case "chineseCounting", "chineseCountingThousand", "ideographTraditional",
        "taiwaneseCounting", "ideographDigital":
        return chineseNumeral(value)
      case "lowerLetter":
        return value >= 1 && value <= 26 ? String(UnicodeScalar(96 + value)!) : "\(value)"
      case "upperLetter":
        return value >= 1 && value <= 26 ? String(UnicodeScalar(64 + value)!) : "\(value)"
      default: return String(value)
      }
    }

    /// 1…99 as 一…九十九, as Word writes Chinese counting.
    static func chineseNumeral(_ value: Int) -> String {
      let digits = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"]
      guard value > 0, value < 100 else { return String(value) }
      if value < 10 { return digits[value] }
      let tens = value / 10
      return (tens == 1 ? "" : digits[tens]) + "十" + digits[value % 10]
    }
  }
}
