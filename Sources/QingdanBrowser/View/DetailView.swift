import QingdanCore

/// The detail pane's lines: the item's document (from the core) wrapped to the pane, with
/// the "谁负责" answer drawn in a box.
enum DetailView {
  struct Line: Hashable {
    var kind: ItemDocument.Kind
    var text: String
    /// Columns at the start of `text` that are box drawing, not item text.
    var frame = 0
  }

  /// The answer and its phones (consecutive `.answer` paragraphs) share one box.
  static func lines(for item: Item?, width: Int, contacts: ContactDirectory) -> [Line] {
    guard let item else { return [] }
    var lines: [Line] = []
    let document = ItemDocument(item: item, contacts: contacts)
    var answer: [ItemDocument.Paragraph] = []
    func closeBox() {
      guard !answer.isEmpty else { return }
      let inner = width - 4
      let wrapped = ItemDocument(paragraphs: answer).lines(width: inner)
      answer = []
      lines.append(Line(kind: .answer, text: "┌" + String(repeating: "─", count: width - 2) + "┐"))
      for line in wrapped {
        lines.append(
          Line(
            kind: .answer, text: "│ " + DisplayWidth.pad(line.text, toWidth: inner) + " │",
            frame: 2))
      }
      lines.append(Line(kind: .answer, text: "└" + String(repeating: "─", count: width - 2) + "┘"))
    }
    for paragraph in document.paragraphs {
      if paragraph.kind == .answer, width >= 8 {
        answer.append(paragraph)
        continue
      }
      closeBox()
      lines += ItemDocument(paragraphs: [paragraph]).lines(width: width).map {
        Line(kind: $0.kind, text: $0.text)
      }
    }
    closeBox()
    return lines
  }
}
