/// The one table of key bindings: the reducer's input, the help overlay and the README's
/// key list all come from here.
public struct KeyBinding: Sendable {
  public enum Context: String, Sendable, CaseIterable {
    case browsing = "浏览"
    case searching = "搜索输入"
    /// The one-line note prompt of `r`.
    case noting = "记录备注"
  }

  public var keys: [Key]
  /// How the keys are written in help: "j ↓".
  public var label: String
  public var description: String
  public var context: Context
  public var action: Action
}

public enum KeyMap {
  public static let bindings: [KeyBinding] = [
    .init(
      keys: [.character("j"), .down], label: "j ↓", description: "下移 move down", context: .browsing,
      action: .moveDown),
    .init(
      keys: [.character("k"), .up], label: "k ↑", description: "上移 move up", context: .browsing,
      action: .moveUp),
    .init(
      keys: [.character("l"), .right, .enter], label: "l → Enter",
      description: "展开/打开 expand or open", context: .browsing, action: .open),
    .init(
      keys: [.character("h"), .left], label: "h ←", description: "收起/返回 collapse or back",
      context: .browsing, action: .close),
    .init(
      keys: [.tab], label: "Tab", description: "下一栏 next pane", context: .browsing,
      action: .nextPane),
    .init(
      keys: [.backTab], label: "Shift-Tab", description: "上一栏 previous pane", context: .browsing,
      action: .previousPane),
    .init(
      keys: [.pageDown, .control("f")], label: "PgDn ^F", description: "下翻页 page down",
      context: .browsing, action: .pageDown),
    .init(
      keys: [.pageUp, .control("b")], label: "PgUp ^B", description: "上翻页 page up",
      context: .browsing, action: .pageUp),
    .init(
      keys: [.character("g"), .home], label: "g Home", description: "到顶 top", context: .browsing,
      action: .moveToTop),
    .init(
      keys: [.character("G"), .end], label: "G End", description: "到底 bottom", context: .browsing,
      action: .moveToBottom),
    .init(
      keys: [.character("/")], label: "/", description: "搜索 search (汉字/拼音)", context: .browsing,
      action: .startSearch),
    .init(
      keys: [.character("n")], label: "n", description: "下一个结果 next hit", context: .browsing,
      action: .nextHit),
    .init(
      keys: [.character("N")], label: "N", description: "上一个结果 previous hit", context: .browsing,
      action: .previousHit),
    .init(
      keys: [.character("d")], label: "d", description: "按部门/按清单 department tree",
      context: .browsing, action: .toggleTreeMode),
    .init(
      keys: [.character("t")], label: "t", description: "切换乡镇筛选 township filter",
      context: .browsing, action: .cycleTownshipFilter),
    .init(
      keys: [.character("1")], label: "1", description: "只看基本履职 basic list", context: .browsing,
      action: .setListFilter(.basic)),
    .init(
      keys: [.character("2")], label: "2", description: "只看配合履职 cooperative list",
      context: .browsing, action: .setListFilter(.cooperative)),
    .init(
      keys: [.character("3")], label: "3", description: "只看已收回 recovered list", context: .browsing,
      action: .setListFilter(.recovered)),
    .init(
      keys: [.character("0")], label: "0", description: "全部清单 all lists", context: .browsing,
      action: .setListFilter(nil)),
    .init(
      keys: [.character("y")], label: "y", description: "复制来电记录 copy the call note",
      context: .browsing, action: .copyNote),
    .init(
      keys: [.character("Y")], label: "Y", description: "复制整个事项 copy the whole item",
      context: .browsing, action: .copyItem),
    .init(
      keys: [.character("c")], label: "c", description: "其他乡镇的同一事项 compare townships",
      context: .browsing, action: .compareItem),
    .init(
      keys: [.character("r")], label: "r", description: "记录来电 record the enquiry (+备注)",
      context: .browsing, action: .recordEnquiry),
    .init(
      keys: [.character("m")], label: "m", description: "加入/移出常用 mark or unmark",
      context: .browsing, action: .toggleMark),
    .init(
      keys: [.character("'")], label: "'", description: "常用事项 list the marks",
      context: .browsing, action: .showMarks),
    .init(
      keys: [.character("?"), .function(1)], label: "? F1", description: "帮助 help",
      context: .browsing, action: .toggleHelp),
    .init(
      keys: [.escape], label: "Esc", description: "关闭/退出搜索 close, leave search", context: .browsing,
      action: .cancel),
    .init(
      keys: [.character("q"), .control("c")], label: "q ^C", description: "退出 quit",
      context: .browsing, action: .quit),
    .init(
      keys: [.enter], label: "Enter", description: "看结果 go to the hits", context: .searching,
      action: .submitQuery),
    .init(
      keys: [.escape], label: "Esc", description: "取消搜索 cancel search", context: .searching,
      action: .cancel),
    .init(
      keys: [.backspace], label: "Backspace", description: "删除 delete", context: .searching,
      action: .deleteBackward),
    .init(
      keys: [.control("u")], label: "^U", description: "清空 clear the query", context: .searching,
      action: .clearQuery),
    .init(
      keys: [.up], label: "↑", description: "上一条查询 previous query", context: .searching,
      action: .historyPrevious),
    .init(
      keys: [.down], label: "↓", description: "下一条查询 next query", context: .searching,
      action: .historyNext),
    .init(
      keys: [.control("c")], label: "^C", description: "退出 quit", context: .searching, action: .quit
    ),
    .init(
      keys: [.enter], label: "Enter", description: "保存记录 save the entry", context: .noting,
      action: .submitNote),
    .init(
      keys: [.escape], label: "Esc", description: "不记录 cancel", context: .noting, action: .cancel),
    .init(
      keys: [.backspace], label: "Backspace", description: "删除 delete", context: .noting,
      action: .deleteBackward),
    .init(
      keys: [.control("u")], label: "^U", description: "清空备注 clear the note", context: .noting,
      action: .clearQuery),
    .init(
      keys: [.control("c")], label: "^C", description: "退出 quit", context: .noting, action: .quit),
  ]

  /// Mouse actions, listed in help beside the keys.
  public static let mouseHelp: [(label: String, description: String)] = [
    ("单击 click", "选中/切换栏 select, focus"),
    ("滚轮 wheel", "滚动 scroll"),
  ]

  public static func action(for key: Key, context: KeyBinding.Context) -> Action? {
    if context != .browsing, case .character(let character) = key {
      return .insertText(String(character))
    }
    return bindings.first { $0.context == context && $0.keys.contains(key) }?.action
  }

  /// Applies an input event: keys become actions through the table, in the context the
  /// state is in when each key arrives. A burst of characters ("/jiuzhu" typed fast, or
  /// over a slow link) is taken one key at a time until a query line opens; the rest is
  /// typed into it whole, as is an input method's commit.
  public static func dispatch(_ event: InputEvent, into state: inout BrowserState) -> [Effect] {
    var effects: [Effect] = []
    switch event {
    case .key(let key):
      if let action = action(for: key, context: context(of: state)) {
        effects += reduce(&state, action)
      }
    case .text(let text):
      var rest = Substring(text)
      while let character = rest.first, context(of: state) == .browsing, !effects.contains(.quit) {
        rest.removeFirst()
        if let action = action(for: .character(character), context: .browsing) {
          effects += reduce(&state, action)
        }
      }
      if !rest.isEmpty, context(of: state) != .browsing {
        effects += reduce(&state, .insertText(String(rest)))
      }
    case .paste(let text):
      effects += reduce(&state, .pasted(text))
    case .mouse(let mouse):
      effects += reduce(&state, .mouse(mouse))
    case .resize(let width, let height):
      effects += reduce(&state, .resize(width: width, height: height))
    }
    return effects
  }

  static func context(of state: BrowserState) -> KeyBinding.Context {
    if state.desk.notePrompt != nil { return .noting }
    return state.search?.isEditing == true ? .searching : .browsing
  }
}

extension KeyMap {
  /// The key table as Markdown, for the README (a test keeps the README equal to it).
  public static func markdownTable() -> String {
    var lines = ["| 按键 key | 作用 action | 何时 when |", "| --- | --- | --- |"]
    for binding in bindings {
      let keys = binding.label.split(separator: " ").map { "`\($0)`" }.joined(separator: " ")
      lines.append("| \(keys) | \(binding.description) | \(binding.context.rawValue) |")
    }
    for mouse in mouseHelp {
      lines.append("| \(mouse.label) | \(mouse.description) | 鼠标 mouse |")
    }
    return lines.joined(separator: "\n")
  }
}
