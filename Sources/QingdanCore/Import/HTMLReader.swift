import Foundation

/// Web pages as counties post them: a tolerant pass over tag soup (unclosed `<td>`, `<p>`
/// and `<tr>`, stray end tags, comments, scripts) that collects each `<table>`'s grid, with
/// rowspan/colspan carried down and across, `<br>` and paragraphs as lines within a cell, and
/// the headings and paragraphs between tables as text.
enum HTMLReader {
  /// The charset a page declares in its first bytes (`<meta charset="gbk">` or
  /// `content="text/html; charset=gb2312"`), lower-cased.
  static func declaredCharset(_ data: Data) -> String? {
    let head = String(decoding: data.prefix(4096), as: UTF8.self).lowercased()
    guard let range = head.range(of: "charset=") else { return nil }
    let rest = head[range.upperBound...].drop(while: { $0 == "\"" || $0 == "'" || $0 == " " })
    let name = rest.prefix(while: { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
    return name.isEmpty ? nil : String(name)
  }

  static func read(_ html: String, file: String) throws(DelimitedReader.Failure) -> TableDocument {
    var tokenizer = Tokenizer(html)
    var builder = Builder()
    while let token = tokenizer.next() {
      builder.take(token)
      if builder.rowCount > ImportLimits.maximumRows
        || builder.cellCount > ImportLimits.maximumCells
      {
        throw .tooLarge
      }
    }
    builder.finish()
    return TableDocument(file: file, parts: builder.parts)
  }

  enum Token {
    case text(Substring)
    case start(name: String, attributes: [String: String])
    case end(name: String)
  }

  /// Splits a page into text, start tags and end tags; never fails: a "<" that starts no
  /// tag is text, a tag cut off at the end of the page is dropped.
  struct Tokenizer {
    let text: String
    var index: String.Index

    init(_ text: String) {
      self.text = text
      index = text.startIndex
    }

    mutating func next() -> Token? {
      guard index < text.endIndex else { return nil }
      if text[index] != "<" {
        let end = text[index...].firstIndex(of: "<") ?? text.endIndex
        defer { index = end }
        return .text(text[index..<end])
      }
      let rest = text[index...]
      if rest.hasPrefix("<!--") {
        index = rest.range(of: "-->").map(\.upperBound) ?? text.endIndex
        return next()
      }
      let afterLT = text.index(after: index)
      guard afterLT < text.endIndex else {
        index = text.endIndex
        return .text("<")
      }
      let marker = text[afterLT]
      if marker == "!" || marker == "?" {
        index = rest.firstIndex(of: ">").map { text.index(after: $0) } ?? text.endIndex
        return next()
      }
      let isEnd = marker == "/"
      let nameStart = isEnd ? text.index(after: afterLT) : afterLT
      guard nameStart < text.endIndex, text[nameStart].isASCII, text[nameStart].isLetter else {
        index = afterLT
        return .text("<")
      }
      // The tag runs to the first ">" outside quotes.
      var cursor = nameStart
      var quote: Character?
      while cursor < text.endIndex {
        let character = text[cursor]
        if let open = quote {
          if character == open { quote = nil }
        } else if character == "\"" || character == "'" {
          quote = character
        } else if character == ">" {
          break
        }
        cursor = text.index(after: cursor)
      }
      let body = text[nameStart..<cursor]
      index = cursor < text.endIndex ? text.index(after: cursor) : text.endIndex
      let name = body.prefix(while: { $0.isLetter || $0.isNumber }).lowercased()
      if isEnd { return .end(name: name) }
      let token = Token.start(name: name, attributes: Self.attributes(body.dropFirst(name.count)))
      if name == "script" || name == "style" || name == "textarea" {
        // Raw text: skip to its end tag.
        let close = text[index...].range(of: "</\(name)", options: .caseInsensitive)
        index = close.map(\.lowerBound) ?? text.endIndex
      }
      return token
    }

    static func attributes(_ text: Substring) -> [String: String] {
      var result: [String: String] = [:]
      var rest = text[...]
      while true {
        rest = rest.drop(while: { $0.isWhitespace || $0 == "/" })
        let name = rest.prefix(while: { !$0.isWhitespace && $0 != "=" && $0 != "/" })
        guard !name.isEmpty else { break }
        rest = rest.dropFirst(name.count).drop(while: \.isWhitespace)
        var value = ""
        if rest.first == "=" {
          rest = rest.dropFirst().drop(while: \.isWhitespace)
          if let quote = rest.first, quote == "\"" || quote == "'" {
            let body = rest.dropFirst()
            let end = body.firstIndex(of: quote) ?? body.endIndex
            value = String(body[..<end])
            rest = end < body.endIndex ? body[body.index(after: end)...] : body[end...]
          } else {
            let raw = rest.prefix(while: { !$0.isWhitespace })
            value = String(raw)
            rest = rest.dropFirst(raw.count)
          }
        }
        result[name.lowercased()] = value
      }
      return result
    }
  }

  /// Tags that end a line of text: inside a cell they separate its lines, outside a table its
  /// paragraphs.
  static let blockTags: Set<String> = [
    "p", "div", "li", "ol", "ul", "h1", "h2", "h3", "h4", "h5", "h6", "title", "section",
    "article", "header", "footer", "blockquote", "pre", "center", "caption", "dt", "dd",
  ]

  struct Cell {
    var lines: [String] = []
    var current = ""
    var rowSpan = 1
    var columnSpan = 1

    mutating func endLine() {
      let line = CellMarkup.collapseWhitespace(current)
      if !line.isEmpty { lines.append(line) }
      current = ""
    }
  }

  struct TableState {
    var rows: [[Cell]] = []
    var row: [Cell]?
    var cell: Cell?

    mutating func closeCell() {
      guard var open = cell else { return }
      open.endLine()
      if row == nil { row = [] }
      row!.append(open)
      cell = nil
    }

    mutating func closeRow() {
      closeCell()
      if let open = row { rows.append(open) }
      row = nil
    }
  }

  struct Builder {
    var parts: [TableDocument.Part] = []
    var tables: [TableState] = []
    var paragraph = ""
    var paragraphCount = 0
    var tableCount = 0
    var rowCount = 0
    var cellCount = 0

    mutating func take(_ token: Token) {
      switch token {
      case .text(let raw):
        let text = CellMarkup.decodeEntities(raw)
        if tables.isEmpty {
          paragraph += text
        } else if tables[tables.count - 1].cell != nil {
          tables[tables.count - 1].cell!.current += text
        }
      // Text between cells is stray; a page that has it has it as whitespace.
      case .start(let name, let attributes):
        start(name, attributes)
      case .end(let name):
        end(name)
      }
    }

    mutating func start(_ name: String, _ attributes: [String: String]) {
      switch name {
      case "table":
        if tables.isEmpty { flushParagraph() }
        tables.append(TableState())
      case "tr" where !tables.isEmpty:
        tables[tables.count - 1].closeRow()
        tables[tables.count - 1].row = []
      case "td", "th":
        guard !tables.isEmpty else {
          paragraph += " "
          return
        }
        tables[tables.count - 1].closeCell()
        cellCount += 1
        var cell = Cell()
        cell.rowSpan = min(max(Int(attributes["rowspan"] ?? "") ?? 1, 1), 10_000)
        cell.columnSpan = min(
          max(Int(attributes["colspan"] ?? "") ?? 1, 1), ImportLimits.maximumColumns)
        tables[tables.count - 1].cell = cell
      case "br":
        lineBreak()
      default:
        if Self.isBlock(name) { lineBreak() }
      }
    }

    mutating func end(_ name: String) {
      switch name {
      case "table":
        guard var table = tables.popLast() else { return }
        table.closeRow()
        let grid = HTMLReader.grid(table.rows)
        rowCount += grid.count
        if tables.isEmpty {
          tableCount += 1
          parts.append(
            .table(
              SourceTable(
                name: "table \(tableCount)", nameIsFromFile: false,
                rows: grid.enumerated().map { SourceRow(number: $0.offset + 1, cells: $0.element) })
            ))
        } else if tables[tables.count - 1].cell != nil {
          // A table inside a cell: its rows become lines of that cell.
          for row in grid {
            tables[tables.count - 1].cell!.endLine()
            tables[tables.count - 1].cell!.current = row.filter { !$0.isEmpty }.joined(
              separator: " ")
          }
          tables[tables.count - 1].cell!.endLine()
        }
      case "tr" where !tables.isEmpty:
        tables[tables.count - 1].closeRow()
      case "td", "th":
        if !tables.isEmpty { tables[tables.count - 1].closeCell() }
      default:
        if Self.isBlock(name) { lineBreak() }
      }
    }

    static func isBlock(_ name: String) -> Bool { HTMLReader.blockTags.contains(name) }

    mutating func lineBreak() {
      if tables.isEmpty {
        flushParagraph()
      } else if tables[tables.count - 1].cell != nil {
        tables[tables.count - 1].cell!.endLine()
      }
    }

    mutating func flushParagraph() {
      let text = CellMarkup.collapseWhitespace(paragraph)
      paragraph = ""
      guard !text.isEmpty else { return }
      paragraphCount += 1
      parts.append(.text(text, position: SourcePosition(sheet: nil, row: 0)))
    }

    mutating func finish() {
      while !tables.isEmpty { end("table") }
      flushParagraph()
    }
  }

  /// Lays cells out on a grid: a cell with rowspan/colspan fills every position it covers
  /// with its text, so a category merged down over its items is on each item's row.
  static func grid(_ rows: [[Cell]]) -> [[String]] {
    var grid: [[String?]] = []
    for (rowIndex, row) in rows.enumerated() {
      while grid.count <= rowIndex { grid.append([]) }
      var column = 0
      for cell in row {
        while column < grid[rowIndex].count, grid[rowIndex][column] != nil { column += 1 }
        let text = cell.lines.joined(separator: "\n")
        let lastRow = min(rowIndex + cell.rowSpan, rows.count)
        for spanned in rowIndex..<lastRow {
          while grid.count <= spanned { grid.append([]) }
          let end = min(column + cell.columnSpan, ImportLimits.maximumColumns)
          while grid[spanned].count < end { grid[spanned].append(nil) }
          for position in column..<end { grid[spanned][position] = text }
        }
        column += cell.columnSpan
      }
    }
    return grid.prefix(rows.count).map { $0.map { $0 ?? "" } }
  }
}
