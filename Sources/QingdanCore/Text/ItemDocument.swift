/// An item laid out as a readable document: the one description of what an item's detail
/// shows, in what order. `qingdan show` prints it; the browser's detail pane styles it.
public struct ItemDocument: Sendable {
  public enum Kind: Sendable, Hashable {
    /// "大石头乡/cooperative/66 · 配合履职事项 · 生态环保".
    case meta
    /// The item's name in full.
    case title
    /// The "谁负责" answer line.
    case answer
    /// A section label: "对应上级部门", "上级部门职责", "乡镇配合职责", "承接部门", "工作方式".
    case section
    /// A department heading inside a duty text.
    case department
    /// A sub-heading inside a duty text: "一、…".
    case heading
    case step
    case paragraph
    case blank
  }

  /// One logical line before wrapping.
  public struct Paragraph: Sendable, Hashable {
    public var kind: Kind
    public var text: String
    /// Columns before the first line.
    public var indent: Int
    /// Extra columns before continuation lines, so that wrapped steps hang under their text.
    public var hangingIndent: Int
  }

  /// One wrapped line, ready to print or to draw.
  public struct Line: Sendable, Hashable {
    public var kind: Kind
    public var text: String
  }

  public var paragraphs: [Paragraph]

  public init(paragraphs: [Paragraph]) {
    self.paragraphs = paragraphs
  }

  /// The item's document; the phones `contacts` knows for its answer follow the answer line.
  public init(item: Item, contacts: ContactDirectory = .empty) {
    var paragraphs: [Paragraph] = []
    func add(_ kind: Kind, _ text: String, indent: Int = 0, hanging: Int = 0) {
      paragraphs.append(Paragraph(kind: kind, text: text, indent: indent, hangingIndent: hanging))
    }
    add(.meta, "\(item.id) · \(item.list.chineseName) · \(item.category)")
    add(.title, item.name)
    add(.answer, "谁负责：" + item.handler.answer)
    // The phones to give, one line each under the answer (a wrapped one hangs, so the
    // number stays with its name in the 80×24 box).
    for entry in contacts.phones(for: item.handler) { add(.answer, entry.line, hanging: 2) }
    func addDuties(_ label: String, _ text: DutyText) {
      add(.blank, "")
      add(.section, label)
      if text.isPending {
        add(.paragraph, "（正在读取，稍候即显示）", indent: 2)
      } else if text.isEmpty {
        add(.paragraph, "（无）", indent: 2)
      }
      for block in text.blocks {
        switch block {
        case .department(let name): add(.department, "【\(name)】", indent: 2)
        case .heading(let heading): add(.heading, heading, indent: 2)
        case .step(let label, let body):
          let prefix = "\(label). "
          add(.step, prefix + body, indent: 2, hanging: DisplayWidth.of(prefix))
        case .paragraph(let body): add(.paragraph, body, indent: 2)
        }
      }
    }
    switch item.detail {
    case .basic:
      break
    case .cooperative(let cooperation):
      add(.blank, "")
      add(.section, "对应上级部门")
      for department in cooperation.departments {
        let written = department.asWritten == department.name ? "" : "（原文：\(department.asWritten)）"
        add(.paragraph, department.name + written, indent: 2)
      }
      addDuties("上级部门职责", cooperation.departmentDuties)
      addDuties("乡镇配合职责", cooperation.townshipDuties)
    case .recovered(let recovery):
      add(.blank, "")
      add(.section, "承接部门")
      add(.paragraph, recovery.receiver.name.isEmpty ? "（未写明）" : recovery.receiver.name, indent: 2)
      addDuties("工作方式", recovery.method)
    }
    self.paragraphs = paragraphs
  }

  /// The document as plain text, unwrapped (for copying the whole item).
  public var plainText: String {
    paragraphs.map { String(repeating: " ", count: $0.indent) + $0.text }.joined(separator: "\n")
  }

  /// The document wrapped to `width` display columns.
  public func lines(width: Int) -> [Line] {
    var lines: [Line] = []
    for paragraph in paragraphs {
      if paragraph.kind == .blank {
        lines.append(Line(kind: .blank, text: ""))
        continue
      }
      let indent = min(paragraph.indent, max(width - 4, 0))
      let padding = String(repeating: " ", count: indent)
      for wrapped in DisplayWidth.wrap(
        paragraph.text, width: width - indent, hangingIndent: paragraph.hangingIndent)
      {
        lines.append(Line(kind: paragraph.kind, text: padding + wrapped))
      }
    }
    return lines
  }
}
