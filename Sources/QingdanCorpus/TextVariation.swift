import QingdanCore

/// Small, meaning-preserving edits that make one township's catalogue differ from another's
/// made from the same template, as real catalogues of one county differ.
enum TextVariation {
  /// Word pairs swapped either way. None of them occurs inside a department name (so not
  /// 宣传 of 宣传部 or 管理 of 管理局), and none contains the other.
  static let synonymPairs: [(String, String)] = [
    ("做好", "抓好"), ("加强", "强化"), ("及时", "按时"), ("排查", "摸排"), ("核实", "核查"),
    ("督促", "督导"), ("协助", "协同"), ("上报", "报送"), ("负责", "承担"), ("落实", "抓实"),
  ]

  /// Clauses appended to a duty; place names go in as slot markers.
  static let clauses: [String] = [
    "并做好相关台账记录", "确保工作落实到位", "主动接受群众监督", "做好资料收集归档",
    "相关情况及时报告\(PlaceSlot.countyLevel.marker)级主管部门", "按要求报送\(PlaceSlot.township.marker)党委",
  ]

  /// The text with the first word pair it holds swapped throughout; nil if it holds none.
  static func swappingSynonym(in text: String, random: inout SplitMix64) -> String? {
    let start = random.int(below: synonymPairs.count)
    for offset in 0..<synonymPairs.count {
      let (word, other) = synonymPairs[(start + offset) % synonymPairs.count]
      if let swapped = replacing(word, with: other, in: text) { return swapped }
      if let swapped = replacing(other, with: word, in: text) { return swapped }
    }
    return nil
  }

  /// "…上报。" → "…上报，并做好相关台账记录。": before the closing punctuation, if any.
  static func appendingClause(to text: String, random: inout SplitMix64) -> String {
    let clause = random.element(of: clauses)
    var body = Substring(text)
    var closing = ""
    if let last = body.last, "。；;，,".contains(last) {
      closing = String(last)
      body = body.dropLast()
    }
    return body + "，" + clause + closing
  }

  /// A clause appended to the last step or paragraph; false if there is none.
  static func appendClause(toLastOf blocks: inout [DutyBlock], random: inout SplitMix64) -> Bool {
    guard let last = blocks.lastIndex(where: { $0.editableText != nil }) else { return false }
    blocks[last].editableText = appendingClause(to: blocks[last].editableText!, random: &random)
    return true
  }

  /// Every occurrence of `word` replaced; nil if there is none. Works on UTF-8 bytes: a
  /// whole-character word cannot match inside another character there, and this runs on
  /// every edited item of a province-sized corpus (Foundation's `contains` and
  /// `replacingOccurrences` are an order of magnitude slower).
  static func replacing(_ word: String, with replacement: String, in text: String) -> String? {
    let target = Array(word.utf8)
    guard let first = target.first else { return nil }
    let bytes = Array(text.utf8)
    var output: [UInt8] = []
    var copied = 0
    var index = 0
    while index + target.count <= bytes.count {
      if bytes[index] == first, bytes[index..<(index + target.count)].elementsEqual(target) {
        output += bytes[copied..<index]
        output += replacement.utf8
        index += target.count
        copied = index
      } else {
        index += 1
      }
    }
    guard copied > 0 else { return nil }
    output += bytes[copied...]
    return String(decoding: output, as: UTF8.self)
  }

  /// Applies `edit` to one step or paragraph of `blocks`, chosen at random among those it
  /// changes; false if it changes none.
  @discardableResult
  static func editOneBlock(
    _ blocks: inout [DutyBlock], random: inout SplitMix64,
    _ edit: (String, inout SplitMix64) -> String?
  ) -> Bool {
    let candidates = blocks.indices.filter { blocks[$0].editableText != nil }
    guard !candidates.isEmpty else { return false }
    let start = random.int(below: candidates.count)
    for offset in 0..<candidates.count {
      let index = candidates[(start + offset) % candidates.count]
      if let text = blocks[index].editableText, let edited = edit(text, &random) {
        blocks[index].editableText = edited
        return true
      }
    }
    return false
  }
}

extension DutyBlock {
  /// The text of a step or paragraph; headings and department markers are left alone.
  var editableText: String? {
    get {
      switch self {
      case .step(_, let text), .paragraph(let text): text
      case .department, .heading: nil
      }
    }
    set {
      guard let newValue else { return }
      switch self {
      case .step(let label, _): self = .step(label: label, text: newValue)
      case .paragraph: self = .paragraph(newValue)
      case .department, .heading: break
      }
    }
  }
}
