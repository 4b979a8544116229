/// Reads a duty cell into structured blocks: department markers, sub-headings ("一、…"),
/// numbered steps ("1.…； 2.…") and plain paragraphs. Works on arrays of Characters: the
/// parser looks ahead and back a lot, and integer offsets keep that cheap.
struct DutyTextParser {
  /// Spellings of the item's own departments that may introduce a per-department block
  /// inside running text ("市文化体育广播电视台和旅游局 指导…").
  var departmentSpellings: [String]
  /// Normalises a department name as written.
  var normalise: (String) -> Department

  func parse(_ cells: [String]) -> DutyText {
    var builder = Builder()
    let markers = departmentSpellings.map { Array($0) + [" "] }
    for segment in cells.flatMap(CellMarkup.segments) {
      if DepartmentNames.looksLikeDepartment(segment) {
        builder.startDepartment(normalise(segment).name)
        continue
      }
      for piece in Self.split(Array(segment), atMarkers: markers) {
        switch piece {
        case .department(let name): builder.startDepartment(normalise(name).name)
        case .text(let text): builder.addText(text)
        }
      }
    }
    return DutyText(blocks: builder.blocks)
  }

  private enum Piece {
    case department(String)
    case text([Character])
  }

  /// Splits running text where one of the item's departments (followed by a space) starts
  /// a block: at the start of the text, or after a space.
  private static func split(_ text: [Character], atMarkers markers: [[Character]]) -> [Piece] {
    guard !markers.isEmpty else { return [.text(text)] }
    var pieces: [Piece] = []
    var pendingStart = 0
    var index = 0
    while index < text.count {
      let atBoundary = index == 0 || text[index - 1] == " "
      if atBoundary, let marker = markers.first(where: { text.hasPrefix($0, at: index) }) {
        let before = trimmed(text[pendingStart..<index])
        if !before.isEmpty { pieces.append(.text(before)) }
        pieces.append(.department(String(marker.dropLast())))
        index += marker.count
        pendingStart = index
        continue
      }
      index += 1
    }
    let tail = trimmed(text[pendingStart...])
    if !tail.isEmpty { pieces.append(.text(tail)) }
    return pieces
  }

  static func trimmed(_ text: ArraySlice<Character>) -> [Character] {
    var slice = text
    while let first = slice.first, first == " " { slice.removeFirst() }
    while let last = slice.last, last == " " { slice.removeLast() }
    return Array(slice)
  }

  /// Accumulates blocks and the step counter, which restarts at headings and departments.
  private struct Builder {
    var blocks: [DutyBlock] = []
    var nextStep = 1

    mutating func startDepartment(_ name: String) {
      blocks.append(.department(name))
      nextStep = 1
    }

    mutating func addText(_ text: [Character]) {
      var text = text[...]
      if Self.hasHeadingPrefix(text) {
        // The heading runs up to the first step, if the same segment carries steps.
        let firstStep = Self.stepStarts(in: text, from: 1).first
        let end = firstStep?.start ?? text.endIndex
        blocks.append(.heading(String(trimmed(text[..<end]))))
        nextStep = 1
        text = text[end...]
        if text.isEmpty { return }
      }
      var starts = Self.stepStarts(in: text, from: nextStep)
      if starts.isEmpty, Self.stepStarts(in: text, from: 1).first?.start == text.startIndex {
        // A list that restarts at 1 without a heading.
        starts = Self.stepStarts(in: text, from: 1)
      }
      let lead = trimmed(text[..<(starts.first?.start ?? text.endIndex)])
      if !lead.isEmpty { blocks.append(.paragraph(String(lead))) }
      for (offset, start) in starts.enumerated() {
        let end = offset + 1 < starts.count ? starts[offset + 1].start : text.endIndex
        let body = trimmed(text[start.bodyStart..<end])
        blocks.append(.step(label: String(start.number), text: String(body)))
        nextStep = start.number + 1
      }
    }

    static let headingNumerals: Set<Character> = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]

    /// "一、" … "十二、" at the start of the text.
    static func hasHeadingPrefix(_ text: ArraySlice<Character>) -> Bool {
      var index = text.startIndex
      while index < text.endIndex, headingNumerals.contains(text[index]) { index += 1 }
      return index > text.startIndex && index < text.endIndex && text[index] == "、"
    }

    static let stepBoundaries: Set<Character> = ["；", ";", "。", "，", ",", "：", ":", " "]
    static let stepMarks: Set<Character> = [".", "．", "、"]

    /// Positions of "N." for N = first, first+1, … in sequence: each at the start of the text
    /// or after a space or sentence punctuation, and not a decimal ("1.5").
    static func stepStarts(in text: ArraySlice<Character>, from first: Int) -> [(
      start: Int, bodyStart: Int, number: Int
    )] {
      var result: [(start: Int, bodyStart: Int, number: Int)] = []
      var expected = first
      var label = Array(String(expected))
      var index = text.startIndex
      while index < text.endIndex {
        let atBoundary = index == text.startIndex || stepBoundaries.contains(text[index - 1])
        if atBoundary, text[index] == label[0], text.hasPrefix(label, at: index) {
          let mark = index + label.count
          if mark < text.endIndex, stepMarks.contains(text[mark]) {
            let bodyStart = mark + 1
            let isDecimal =
              bodyStart < text.endIndex && text[bodyStart].isASCII && text[bodyStart].isNumber
            if !isDecimal {
              result.append((index, bodyStart, expected))
              expected += 1
              label = Array(String(expected))
              index = bodyStart
              continue
            }
          }
        }
        index += 1
      }
      return result
    }
  }
}

extension Collection where Element == Character, Index == Int {
  /// Whether `prefix` stands in this collection at `offset`.
  func hasPrefix(_ prefix: [Character], at offset: Int) -> Bool {
    guard offset + prefix.count <= endIndex else { return false }
    for (index, character) in prefix.enumerated() where self[offset + index] != character {
      return false
    }
    return true
  }
}
