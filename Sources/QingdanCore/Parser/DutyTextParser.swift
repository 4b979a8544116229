/// Reads a duty cell into structured blocks: department markers, sub-headings ("一、…"),
/// numbered steps ("1.…； 2.…") and plain paragraphs. Works on arrays of text units (scalars for
/// simple text, else Characters): the parser looks ahead and back a lot, and integer offsets
/// keep that cheap.
struct DutyTextParser {
  /// Spellings of the item's own departments that may introduce a per-department block
  /// inside running text ("市文化体育广播电视台和旅游局 指导…").
  var departmentSpellings: [String]
  /// Normalises a department name as written.
  var normalise: (String) -> Department

  func parse(_ cells: [Substring]) -> DutyText {
    var builder = Builder()
    // Markers are matched by scalar only when they are simple too: a marker Character could
    // equal a text Character with other scalars.
    let markersAreSimple = departmentSpellings.allSatisfy(SimpleText.isSimple)
    let scalarMarkers =
      markersAreSimple ? Self.markers(Unicode.Scalar.self, departmentSpellings) : []
    var characterMarkers: [[Character]]?
    for segment in cells.flatMap(CellMarkup.segments) {
      if DepartmentNames.looksLikeDepartment(segment) {
        builder.startDepartment(normalise(segment).name)
        continue
      }
      if markersAreSimple, let scalars = SimpleText.scalars(ifSimple: segment) {
        read(scalars, markers: scalarMarkers, into: &builder)
      } else {
        let markers = characterMarkers ?? Self.markers(Character.self, departmentSpellings)
        characterMarkers = markers
        read(Character.units(of: segment), markers: markers, into: &builder)
      }
    }
    return DutyText(blocks: builder.blocks)
  }

  private static func markers<Unit: TextUnit>(_: Unit.Type, _ spellings: [String]) -> [[Unit]] {
    spellings.map { Unit.units(of: $0) + [" "] }
  }

  private func read<Unit: TextUnit>(
    _ segment: [Unit], markers: [[Unit]], into builder: inout Builder
  ) {
    for piece in Self.split(segment, atMarkers: markers) {
      switch piece {
      case .department(let name): builder.startDepartment(normalise(name).name)
      case .text(let text): builder.addText(text)
      }
    }
  }

  private enum Piece<Unit: TextUnit> {
    case department(String)
    case text([Unit])
  }

  /// Splits running text where one of the item's departments (followed by a space) starts
  /// a block: at the start of the text, or after a space.
  private static func split<Unit: TextUnit>(_ text: [Unit], atMarkers markers: [[Unit]]) -> [Piece<
    Unit
  >] {
    guard !markers.isEmpty else { return [.text(text)] }
    var pieces: [Piece<Unit>] = []
    var pendingStart = 0
    var index = 0
    while index < text.count {
      let atBoundary = index == 0 || text[index - 1] == " "
      if atBoundary, let marker = markers.first(where: { text.hasPrefix($0, at: index) }) {
        let before = trimmed(text[pendingStart..<index])
        if !before.isEmpty { pieces.append(.text(before)) }
        pieces.append(.department(Unit.string(marker.dropLast())))
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

  static func trimmed<Unit: TextUnit>(_ text: ArraySlice<Unit>) -> [Unit] {
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

    mutating func addText<Unit: TextUnit>(_ text: [Unit]) {
      var text = text[...]
      if Self.hasHeadingPrefix(text) {
        // The heading runs up to the first step, if the same segment carries steps.
        let firstStep = Self.stepStarts(in: text, from: 1).first
        let end = firstStep?.start ?? text.endIndex
        blocks.append(.heading(Unit.string(trimmed(text[..<end]))))
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
      if !lead.isEmpty { blocks.append(.paragraph(Unit.string(lead))) }
      for (offset, start) in starts.enumerated() {
        let end = offset + 1 < starts.count ? starts[offset + 1].start : text.endIndex
        let body = trimmed(text[start.bodyStart..<end])
        blocks.append(.step(label: String(start.number), text: Unit.string(body)))
        nextStep = start.number + 1
      }
    }

    static func isHeadingNumeral<Unit: TextUnit>(_ unit: Unit) -> Bool {
      switch unit {
      case "一", "二", "三", "四", "五", "六", "七", "八", "九", "十": true
      default: false
      }
    }

    /// "一、" … "十二、" at the start of the text.
    static func hasHeadingPrefix<Unit: TextUnit>(_ text: ArraySlice<Unit>) -> Bool {
      var index = text.startIndex
      while index < text.endIndex, isHeadingNumeral(text[index]) { index += 1 }
      return index > text.startIndex && index < text.endIndex && text[index] == "、"
    }

    static func isStepBoundary<Unit: TextUnit>(_ unit: Unit) -> Bool {
      switch unit {
      case "；", ";", "。", "，", ",", "：", ":", " ": true
      default: false
      }
    }

    static func isStepMark<Unit: TextUnit>(_ unit: Unit) -> Bool {
      switch unit {
      case ".", "．", "、": true
      default: false
      }
    }

    /// Positions of "N." for N = first, first+1, … in sequence: each at the start of the text
    /// or after a space or sentence punctuation, and not a decimal ("1.5").
    static func stepStarts<Unit: TextUnit>(in text: ArraySlice<Unit>, from first: Int) -> [(
      start: Int, bodyStart: Int, number: Int
    )] {
      var result: [(start: Int, bodyStart: Int, number: Int)] = []
      var expected = first
      var label = Unit.units(of: String(expected))
      var index = text.startIndex
      while index < text.endIndex {
        if text[index] == label[0],
          index == text.startIndex || isStepBoundary(text[index - 1]),
          text.hasPrefix(label, at: index)
        {
          let mark = index + label.count
          if mark < text.endIndex, isStepMark(text[mark]) {
            let bodyStart = mark + 1
            let isDecimal = bodyStart < text.endIndex && text[bodyStart].isASCIIDigit
            if !isDecimal {
              result.append((index, bodyStart, expected))
              expected += 1
              label = Unit.units(of: String(expected))
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

extension Collection where Element: Equatable, Index == Int {
  /// Whether `prefix` stands in this collection at `offset`.
  func hasPrefix(_ prefix: [Element], at offset: Int) -> Bool {
    guard offset + prefix.count <= endIndex else { return false }
    for (index, unit) in prefix.enumerated() where self[offset + index] != unit {
      return false
    }
    return true
  }
}
