import QingdanCore

/// The screen shown while catalogues load: what is happening and how far it has got.
public func renderLoading(done: Int, total: Int, width: Int, height: Int) -> Screen {
  var screen = Screen(width: max(1, width), height: max(1, height))
  let title = "清单 qingdan"
  let status =
    total == 0
    ? "正在载入… loading"
    : done >= total ? "正在建立索引… indexing" : "正在载入 loading \(done)/\(total)"
  let barWidth = max(0, min(40, width - 4))
  let filled = total == 0 ? 0 : barWidth * min(done, total) / total
  let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: barWidth - filled)
  let lines = [title, status, bar, "q 退出 quit"]
  let top = max(0, height / 2 - 2)
  for (offset, line) in lines.enumerated() {
    let column = max(0, (width - DisplayWidth.of(line)) / 2)
    screen.put(
      line, row: top + offset, column: column, style: offset == 0 ? Style(bold: true) : Style())
  }
  return screen
}
