/// An item's cells in its list's standard column order (序号 first), written so that reading
/// them back gives the same item: departments as written, joined by "、"; duty texts block by
/// block; a recovery as "承接部门： way of working".
public enum ItemCells {
  /// How a duty text's blocks are joined: markup for the text format, lines for a workbook.
  public enum Layout: Sendable {
    case markup
    case lines
  }

  public static func cells(of item: Item, layout: Layout) -> [String] {
    let head = [String(item.number), item.category, item.name]
    switch item.detail {
    case .basic:
      return head
    case .cooperative(let cooperation):
      return head + [
        cooperation.departments.map(\.asWritten).joined(separator: "、"),
        text(cooperation.departmentDuties, layout), text(cooperation.townshipDuties, layout),
      ]
    case .recovered(let recovery):
      let method = text(recovery.method, layout)
      guard !recovery.receiver.asWritten.isEmpty else { return head + [method] }
      let separator = layout == .lines && method.contains("\n") ? "：\n" : "： "
      return head + [recovery.receiver.asWritten + (method.isEmpty ? "：" : separator + method)]
    }
  }

  static func text(_ text: DutyText, _ layout: Layout) -> String {
    switch layout {
    case .markup: DutyCellStyle.paragraphs.render(text.blocks[...])
    case .lines: text.blocks.map(\.displayText).joined(separator: "\n")
    }
  }

  /// "昌吉州木垒县大石头乡配合履职事项清单".
  public static func heading(_ region: Region, _ list: ListKind) -> String {
    region.prefecture + region.county + region.township + list.chineseName + "清单"
  }
}

/// Writes a catalogue in the text format the parser reads (and the bundled files use): a
/// cover, then per list a heading, the standard header row and one tab-separated row per
/// item. Reading the text back gives the same items.
public enum CatalogueTextWriter {
  public static func text(of catalogue: Catalogue) -> String {
    var text = "\(catalogue.title)\n"
    if let date = catalogue.date { text += "\n\(date)\n" }
    for list in ListKind.allCases {
      let items = catalogue.items(in: list)
      guard !items.isEmpty else { continue }
      text += "\n\(ItemCells.heading(catalogue.region, list))\n\n"
      text += ColumnRole.standardColumns(list).map(\.standardHeader).joined(separator: "\t") + "\n"
      for item in items {
        text += ItemCells.cells(of: item, layout: .markup).map(cleanCell).joined(separator: "\t")
        text += "\n"
      }
    }
    return text
  }

  /// Tabs and line breaks would split the row; inside a cell they are spaces.
  static func cleanCell(_ cell: String) -> String {
    guard cell.contains(where: { $0 == "\t" || $0.isNewline }) else { return cell }
    return String(cell.map { $0 == "\t" || $0.isNewline ? " " : $0 })
  }
}
