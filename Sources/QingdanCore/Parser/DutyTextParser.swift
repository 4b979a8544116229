import Foundation

/// Reads a duty cell into structured blocks: department markers, sub-headings ("一、…"),
/// numbered steps ("1.…； 2.…") and plain paragraphs.
struct DutyTextParser {
  /// Spellings of the item's own departments that may introduce a per-department block
  /// inside running text ("市文化体育广播电视台和旅游局 指导…").
  var departmentSpellings: [String]
  /// Normalises a department name as written.
  var normalise: (String) -> Department

  func parse(_ cells: [String]) -> DutyText {
    var builder = Builder()
    for segment in cells.flatMap(CellMarkup.segments) {
      if DepartmentNames.looksLikeDepartment(segment) {
        builder.startDepartment(normalise(segment).name)
        continue
      }
      for piece in splitAtDepartmentMarkers(segment) {
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
    case text(String)
  }

  /// Splits running text where one of the item's departments starts a block: at the start of
  /// the text, or after whitespace, and always followed by whitespace.
  private func splitAtDepartmentMarkers(_ text: String) -> [Piece] {
    guard !departmentSpellings.isEmpty else { return [.text(text)] }
    var pieces: [Piece] = []
    var rest = Substring(text)
    var pending = ""
    while !rest.isEmpty {
      let atBoundary = pending.isEmpty || pending.last == " "
      if atBoundary,
        let spelling = departmentSpellings.first(where: { rest.hasPrefix($0 + " ") })
      {
        let before = pending.trimmingCharacters(in: .whitespaces)
        if !before.isEmpty { pieces.append(.text(before)) }
        pending = ""
        pieces.append(.department(spelling))
        rest = rest.dropFirst(spelling.count + 1)
        continue
      }
      pending.append(rest.removeFirst())
    }
    let tail = pending.trimmingCharacters(in: .whitespaces)
    if !tail.isEmpty { pieces.append(.text(tail)) }
    return pieces
  }

  /// Accumulates blocks and the step counter, which restarts at headings and departments.
  private struct Builder {
    var blocks: [DutyBlock] = []
    var nextStep = 1

    mutating func startDepartment(_ name: String) {
      blocks.append(.department(name))
      nextStep = 1
    }

    mutating func addText(_ text: String) {
      var text = Substring(text)
      if let headingEnd = Self.headingPrefixEnd(text) {
        // The heading runs up to the first step, if the same segment carries steps.
        let firstStep = Self.stepStarts(in: text, from: 1).first
        let headingText = text[..<(firstStep?.start ?? text.endIndex)]
        blocks.append(.heading(headingText.trimmingCharacters(in: .whitespaces)))
        nextStep = 1
        text = firstStep.map { text[$0.start...] } ?? ""
        _ = headingEnd
        if text.isEmpty { return }
      }
      var starts = Self.stepStarts(in: text, from: nextStep)
      if starts.isEmpty, Self.stepStarts(in: text, from: 1).first?.start == text.startIndex {
        // A list that restarts at 1 without a heading.
        starts = Self.stepStarts(in: text, from: 1)
      }
      let leadEnd = starts.first?.start ?? text.endIndex
      let lead = text[..<leadEnd].trimmingCharacters(in: .whitespaces)
      if !lead.isEmpty { blocks.append(.paragraph(lead)) }
      for (offset, start) in starts.enumerated() {
        let end = offset + 1 < starts.count ? starts[offset + 1].start : text.endIndex
        let body = text[start.bodyStart..<end].trimmingCharacters(in: .whitespaces)
        blocks.append(.step(label: String(start.number), text: body))
        nextStep = start.number + 1
      }
    }

    /// "一、" … "十二、" at the start of the text.
    static func headingPrefixEnd(_ text: Substring) -> Substring.Index? {
      let numerals: Set<Character> = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]
      var index = text.startIndex
      while index < text.endIndex, numerals.contains(text[index]) {
        index = text.index(after: index)
      }
      guard index > text.startIndex, index < text.endIndex, text[index] == "、" else { return nil }
      return text.index(after: index)
    }

    /// Positions of "N." for N = first, first+1, … in sequence: each at the start of the text
    /// or after whitespace or sentence punctuation, and not a decimal ("1.5").
    static func stepStarts(in text: Substring, from first: Int) -> [(
      start: Substring.Index, bodyStart: Substring.Index, number: Int
    )] {
      var result: [(start: Substring.Index, bodyStart: Substring.Index, number: Int)] = []
      var expected = first
      var index = text.startIndex
      var previous: Character? = nil
      while index < text.endIndex {
        let character = text[index]
        let atBoundary =
          previous == nil || previous!.isWhitespace || "；;。，,：:".contains(previous!)
        if atBoundary, character.isASCII, character.isNumber {
          let label = String(expected)
          if text[index...].hasPrefix(label) {
            let afterDigits = text.index(index, offsetBy: label.count)
            if afterDigits < text.endIndex, ".．、".contains(text[afterDigits]) {
              let bodyStart = text.index(after: afterDigits)
              let isDecimal =
                bodyStart < text.endIndex && text[bodyStart].isASCII
                && text[bodyStart].isNumber
              if !isDecimal {
                result.append((index, bodyStart, expected))
                expected += 1
                previous = text[afterDigits]
                index = bodyStart
                continue
              }
            }
          }
        }
        previous = character
        index = text.index(after: index)
      }
      return result
    }
  }
}
