/// How a duty cell's blocks are written in the text format; the real files mix all three, row
/// by row. The parser reads each of them back into the same blocks.
public enum DutyCellStyle: Sendable {
  /// "1.…； 2.…" as running text; sub-headings and department names in `<p>`.
  case plain
  /// Every block in its own `<p>…</p>`.
  case paragraphs
  /// Each run of steps after an unclosed `<ol style="list-style-type: none">`, other blocks
  /// in `<p>`, as 大西渠镇's file has it.
  case orderedList

  public static let orderedListTag = "<ol style=\"list-style-type: none\">"

  public func render(_ blocks: ArraySlice<DutyBlock>) -> String {
    var parts: [String] = []
    // A plain paragraph can run on only at the start of a section: after a step, the parser
    // would read it as part of that step.
    var atSectionStart = true
    var inStepRun = false
    for block in blocks {
      switch (self, block) {
      case (.paragraphs, _), (_, .department), (_, .heading):
        parts.append("<p>" + block.displayText + "</p>")
        // A department or sub-heading starts a section; a step or paragraph does not.
        atSectionStart = block.startsSection
        inStepRun = false
      case (.plain, .paragraph(let text)):
        parts.append(atSectionStart ? text : "<p>" + text + "</p>")
        atSectionStart = false
      case (.plain, .step):
        parts.append(block.displayText)
        atSectionStart = false
      case (.orderedList, .step):
        if !inStepRun { parts.append(Self.orderedListTag) }
        parts.append(block.displayText)
        inStepRun = true
      case (.orderedList, .paragraph):
        parts.append("<p>" + block.displayText + "</p>")
        inStepRun = false
      }
    }
    return parts.joined(separator: " ")
  }
}

extension DutyBlock {
  /// Department names and sub-headings start a section of a duty text.
  public var startsSection: Bool {
    switch self {
    case .department, .heading: true
    case .step, .paragraph: false
    }
  }
}
