/// Reads a duty cell into structured blocks: department markers, sub-headings ("一、…"),
/// numbered steps ("1.…； 2.…") and plain paragraphs. Works on arrays of text units (scalars for
/// simple text, else Characters): the parser looks ahead and back a lot, and integer offsets
/// keep that cheap.
struct DutyTextParser {
  /// Spellings of the item's own departments that may introduce a per-department block
  /// inside running text ("市文化体育广播电视台和旅游局 指导…").
  var markers: Markers
  /// Normalises a department name as written.
  var normalise: (String) -> Department

  init(departmentSpellings: [String], normalise: @escaping (String) -> Department) {
    self.init(markers: Markers(departmentSpellings), normalise: normalise)
  }

  /// - Parameter markers: made once for the many cells that share a set of spellings.
  init(markers: Markers, normalise: @escaping (String) -> Department) {
    self.markers = markers
    self.normalise = normalise
  }

  func parse(_ cells: [Substring]) -> DutyText {
    var builder = Builder()
    var characterMarkers: [Marker<Character>]?
    for segment in cells.flatMap(CellMarkup.segments) {
      if DepartmentNames.looksLikeDepartment(segment) {
        builder.startDepartment(normalise(segment).name)
        continue
      }
      if let scalarMarkers = markers.scalars, let text = UnitText<Unicode.Scalar>(ifSimple: segment)
      {
        read(text, markers: scalarMarkers, into: &builder)
      } else {
        let characters = characterMarkers ?? Self.markers(Character.self, markers.spellings)
        characterMarkers = characters
        read(UnitText(characters: segment), markers: characters, into: &builder)
      }
    }
    return DutyText(blocks: builder.blocks)
  }

  /// Department spellings, each followed by a space, ready to be matched.
  struct Markers: Sendable {
    let spellings: [String]
    /// The markers as scalars; nil unless every spelling is simple: a marker Character
    /// could equal a text Character with other scalars.
    fileprivate let scalars: [Marker<Unicode.Scalar>]?

    init(_ spellings: [String]) {
      self.spellings = spellings
      scalars =
        spellings.allSatisfy(SimpleText.isSimple)
        ? DutyTextParser.markers(Unicode.Scalar.self, spellings) : nil
    }
  }

  /// A department spelling followed by a space, as units.
  fileprivate struct Marker<Unit: TextUnit>: Sendable {
    var spelling: String
    var units: [Unit]
  }

  fileprivate static func markers<Unit: TextUnit>(_: Unit.Type, _ spellings: [String]) -> [Marker<
    Unit
  >] {
    spellings.map { Marker(spelling: $0, units: Unit.units(of: $0) + [" "]) }
  }

  private func read<Unit: TextUnit>(
    _ text: UnitText<Unit>, markers: [Marker<Unit>], into builder: inout Builder
  ) {
    for piece in Self.split(text.units, atMarkers: markers) {
      switch piece {
      case .department(let name): builder.startDepartment(normalise(name).name)
      case .text(let range): builder.addText(text, range)
      }
    }
  }

  private enum Piece {
    case department(String)
    /// Offsets into the units.
    case text(Range<Int>)
  }

  /// Splits running text where one of the item's departments (followed by a space) starts
  /// a block: at the start of the text, or after a space.
  private static func split<Unit: TextUnit>(_ text: [Unit], atMarkers markers: [Marker<Unit>])
    -> [Piece]
  {
    guard !markers.isEmpty else { return [.text(text.indices)] }
    var pieces: [Piece] = []
    var pendingStart = 0
    var index = 0
    while index < text.count {
      let atBoundary = index == 0 || text[index - 1] == " "
      if atBoundary, let marker = markers.first(where: { text.hasPrefix($0.units, at: index) }) {
        let before = trimmed(text, pendingStart..<index)
        if !before.isEmpty { pieces.append(.text(before)) }
        pieces.append(.department(marker.spelling))
        index += marker.units.count
        pendingStart = index
        continue
      }
      index += 1
    }
    let tail = trimmed(text, pendingStart..<text.count)
    if !tail.isEmpty { pieces.append(.text(tail)) }
    return pieces
  }

  /// `range` without the spaces at either end.
  static func trimmed<Unit: TextUnit>(_ text: [Unit], _ range: Range<Int>) -> Range<Int> {
    var (start, end) = (range.lowerBound, range.upperBound)
    while start < end, text[start] == " " { start += 1 }
    while end > start, text[end - 1] == " " { end -= 1 }
    return start..<end
  }

  /// Accumulates blocks and the step counter, which restarts at headings and departments.
  private struct Builder {
    var blocks: [DutyBlock] = []
    var nextStep = 1

    mutating func startDepartment(_ name: String) {
      blocks.append(.department(name))
      nextStep = 1
    }

    mutating func addText<Unit: TextUnit>(_ source: UnitText<Unit>, _ range: Range<Int>) {
      let units = source.units
      var text = units[range]
      if Self.hasHeadingPrefix(text) {
        // The heading runs up to the first step, if the same segment carries steps.
        let firstStep = Self.stepStarts(in: text, from: 1).first
        let end = firstStep?.start ?? text.endIndex
        blocks.append(.heading(source.string(trimmed(units, text.startIndex..<end))))
        nextStep = 1
        text = text[end...]
        if text.isEmpty { return }
      }
      var starts = Self.stepStarts(in: text, from: nextStep)
      if starts.isEmpty, Self.stepStarts(in: text, from: 1).first?.start == text.startIndex {
        // A list that restarts at 1 without a heading.
        starts = Self.stepStarts(in: text, from: 1)
      }
      let lead = trimmed(units, text.startIndex..<(starts.first?.start ?? text.endIndex))
      if !lead.isEmpty { blocks.append(.paragraph(source.string(lead))) }
      for (offset, start) in starts.enumerated() {
        let end = offset + 1 < starts.count ? starts[offset + 1].start : text.endIndex
        let body = trimmed(units, start.bodyStart..<end)
        blocks.append(.step(label: String(start.number), text: source.string(body)))
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
      var index = text.startIndex
      while index < text.endIndex {
        // The number is read where it starts; it is the step only when all its digits are
        // the expected number's (no leading zero) and a step mark follows them.
        if text[index].isASCIIDigit,
          index == text.startIndex || isStepBoundary(text[index - 1]),
          let (number, mark) = leadingNumber(in: text, at: index), number == expected,
          mark < text.endIndex, isStepMark(text[mark])
        {
          let bodyStart = mark + 1
          let isDecimal = bodyStart < text.endIndex && text[bodyStart].isASCIIDigit
          if !isDecimal {
            result.append((index, bodyStart, expected))
            expected += 1
            index = bodyStart
            continue
          }
        }
        index += 1
      }
      return result
    }

    /// The number whose digits start at `start`, and where they end; nil for a leading zero
    /// or more digits than a step number has.
    static func leadingNumber<Unit: TextUnit>(in text: ArraySlice<Unit>, at start: Int) -> (
      number: Int, end: Int
    )? {
      var number = 0
      var end = start
      while end < text.endIndex, let digit = text[end].asciiDigitValue {
        if end == start && digit == 0 { return nil }  // a leading zero
        if end - start == 9 { return nil }  // too long for a step number
        number = number * 10 + digit
        end += 1
      }
      return (number, end)
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

/// A segment as an array of units, able to give back the text of any run of them.
struct UnitText<Unit: TextUnit> {
  var units: [Unit]
  /// The text of `units[range]`.
  let string: (_ range: Range<Int>) -> String
}

extension UnitText<Character> {
  init(characters text: String) {
    let units = Array(text)
    self.init(units: units, string: { String(units[$0]) })
  }
}

extension UnitText<Unicode.Scalar> {
  /// Nil unless the text is simple (see SimpleText). Runs are copied from the text itself, which
  /// is cheaper than encoding their scalars again.
  init?(ifSimple text: String) {
    guard let (scalars, offsets) = SimpleText.scalarsAndOffsets(ifSimple: text) else { return nil }
    self.init(
      units: scalars,
      string: { range in
        range.isEmpty
          ? "" : String(text.utf8Slice(offsets[range.lowerBound]..<offsets[range.upperBound]))
      })
  }
}
