import QingdanCore

/// The compare overlay's lines: the item, then per other township its counterpart's list,
/// kind and score, who handles it there (marked when that differs), and the departments only
/// there (+) or only here (-); "无此事项" where the township has no such duty.
enum CompareOverlay {
  enum Kind: Hashable {
    case title, plain, answer, differentAnswer, township, onlyThere, onlyHere, missing, blank
  }

  struct Line: Hashable {
    var kind: Kind
    var text: String
  }

  /// The box: the whole screen between the header and the status line.
  static func box(width: Int, height: Int) -> (
    row: Int, height: Int, width: Int, inner: Int, visible: Int
  ) {
    let boxHeight = max(2, height - 2)
    return (1, boxHeight, width, max(1, width - 4), max(1, boxHeight - 2))
  }

  static func lines(_ comparison: Counterparts, width: Int) -> [Line] {
    var lines: [Line] = []
    func add(_ kind: Kind, _ text: String, hanging: Int = 0) {
      lines += DisplayWidth.wrap(text, width: width, hangingIndent: hanging).map {
        Line(kind: kind, text: $0)
      }
    }
    let item = comparison.item
    add(.title, "\(item.id) · \(item.list.shortName)")
    add(.plain, item.name)
    add(.answer, item.handler.answer)
    for township in comparison.townships {
      lines.append(Line(kind: .blank, text: ""))
      guard !township.matches.isEmpty else {
        add(.missing, "\(township.region.township)  无此事项 not found")
        continue
      }
      for match in township.matches {
        let other = match.b
        let label = match.kind.label.split(separator: " ").first.map(String.init) ?? ""
        add(
          .township,
          "\(other.township) \(other.list.shortName)\(other.number) · \(label) "
            + String(Int((match.score * 100).rounded())) + "%")
        if other.name != item.name { add(.plain, "  " + other.name, hanging: 2) }
        add(
          match.handlerDiffers ? .differentAnswer : .answer,
          (match.handlerDiffers ? "* " : "  ") + other.handler.answer, hanging: 2)
        let departments = comparison.departments(of: match, in: township)
        for department in departments.onlyThere {
          add(.onlyThere, "  + \(department.name)（\(item.township)无）", hanging: 4)
        }
        for department in departments.onlyHere {
          add(.onlyHere, "  - \(department.name)（\(other.township)无）", hanging: 4)
        }
      }
    }
    return lines
  }
}

extension ScreenPainter {
  mutating func drawComparison() {
    let box = CompareOverlay.box(width: layout.width, height: layout.height)
    let lines =
      state.comparison.map { CompareOverlay.lines($0, width: box.inner) } ?? [
        .init(kind: .plain, text: "比较中… comparing with the other townships")
      ]
    let scroll = state.compareLines.visibleOffset(height: box.visible, count: lines.count)
    screen.fill(row: box.row, column: 0, width: box.width, height: box.height)
    screen.box(
      row: box.row, column: 0, width: box.width, height: box.height,
      title: "比较 compare — c/Esc 关闭", titleStyle: theme.section)
    for (offset, line) in lines.dropFirst(scroll).prefix(box.visible).enumerated() {
      screen.put(
        line.text, row: box.row + 1 + offset, column: 2, style: style(line.kind),
        maxWidth: box.inner)
    }
    if scroll + box.visible < lines.count {
      screen.put("↓ j", row: box.row + box.height - 1, column: box.width - 5, style: theme.meta)
    }
    if scroll > 0 { screen.put("↑ k", row: box.row, column: box.width - 5, style: theme.meta) }
  }

  private func style(_ kind: CompareOverlay.Kind) -> Style {
    switch kind {
    case .title: theme.header
    case .answer: theme.answer
    case .differentAnswer, .onlyThere, .onlyHere: theme.match
    case .township: theme.section
    case .missing: theme.recoveredTag
    case .plain, .blank: Style()
    }
  }
}
