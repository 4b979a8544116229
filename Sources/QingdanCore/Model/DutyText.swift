/// A long duty text kept as structured blocks, so it can be wrapped with hanging indents,
/// grouped per department, and searched as plain text.
public struct DutyText: Sendable, Hashable {
  public var blocks: [DutyBlock]
  /// Not read yet: a browser's cold start shows its first frame before reading duty texts
  /// (`LoadResult.completingDutyTexts`); such a text has no blocks.
  public private(set) var isPending = false

  public init(blocks: [DutyBlock]) {
    self.blocks = blocks
  }

  public static let empty = DutyText(blocks: [])

  /// A text still to be read.
  public static let pending: DutyText = {
    var text = DutyText.empty
    text.isPending = true
    return text
  }()

  public var isEmpty: Bool { blocks.isEmpty }

  /// The text as one string, blocks separated by newlines; what search sees.
  public var plainText: String {
    blocks.map(\.displayText).joined(separator: "\n")
  }

  /// The blocks grouped under the department that introduced them.
  /// Text before the first department marker is returned under `nil`.
  public var sectionsByDepartment: [(department: String?, blocks: [DutyBlock])] {
    var sections: [(department: String?, blocks: [DutyBlock])] = []
    for block in blocks {
      if case .department(let name) = block {
        sections.append((name, []))
      } else if sections.isEmpty {
        sections.append((nil, [block]))
      } else {
        sections[sections.count - 1].blocks.append(block)
      }
    }
    return sections
  }

  /// Numbered steps in the text.
  public var stepCount: Int {
    blocks.reduce(0) { count, block in
      if case .step = block { return count + 1 }
      return count
    }
  }
}

/// One block of a duty text.
public enum DutyBlock: Sendable, Hashable {
  /// A department name that starts a per-department block ("县应急管理局").
  case department(String)
  /// A sub-heading: "一、农作物秸秆综合利用".
  case heading(String)
  /// A numbered step: label "1", text "开展防灾减灾的宣传；".
  case step(label: String, text: String)
  /// Any other text.
  case paragraph(String)

  /// The block as it would be printed: "1.开展…", "一、…".
  public var displayText: String {
    switch self {
    case .department(let name): name
    case .heading(let text): text
    case .step(let label, let text): "\(label).\(text)"
    case .paragraph(let text): text
    }
  }

  var isDepartment: Bool {
    if case .department = self { return true }
    return false
  }

  public var kindName: String {
    switch self {
    case .department: "department"
    case .heading: "heading"
    case .step: "step"
    case .paragraph: "paragraph"
    }
  }
}
