import Foundation

/// The call note: what an operator reads out or pastes into the hotline's work-order system.
/// The one place its format is built, for the browser's `y` and `qingdan who --note`.
///
/// ```
/// 谁负责：木垒县公安局牵头，大石头乡配合
/// 事项：城镇燃气（含瓶装液化气）安全监督管理 [大石头乡/cooperative/73]
/// 电话：木垒县公安局 0994-0000000
/// 电话：木垒县交通运输局 未登记
/// 电话：大石头乡党政办 0994-0000001
/// 时间：2026-12-01 14:30
/// ```
///
/// One 电话 line per department that leads or receives the item, in the catalogue's order,
/// then the township's office (`ContactDirectory.entries(for:)`): a department with several
/// rows gets one line per row, one with none says 未登记. The township appears only when a
/// row names it, or when the township itself handles the item (basic duties).
public enum CallNote {
  public static let unknownPhone = "未登记"

  public static func text(
    for item: Item, contacts: ContactDirectory, time: Date, timeZone: TimeZone = .current
  ) -> String {
    var lines = [
      "谁负责：" + item.handler.answer,
      "事项：\(item.name) [\(item.id)]",
    ]
    for (name, entries) in contacts.entries(for: item.handler) {
      if entries.isEmpty {
        let isHandlingTownship = item.handler.role == .township && name == item.handler.township
        if item.handler.departments.contains(where: { $0.name == name }) || isHandlingTownship {
          lines.append("电话：\(name) \(unknownPhone)")
        }
      }
      for entry in entries { lines.append("电话：" + entry.line) }
    }
    lines.append("时间：" + timestamp(time, timeZone: timeZone))
    return lines.joined(separator: "\n")
  }

  /// "2026-12-01 14:30" in `timeZone`, whatever the locale.
  public static func timestamp(_ time: Date, timeZone: TimeZone) -> String {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = timeZone
    let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: time)
    func two(_ value: Int?) -> String {
      let value = value ?? 0
      return value < 10 ? "0\(value)" : "\(value)"
    }
    return
      "\(parts.year ?? 0)-\(two(parts.month))-\(two(parts.day)) \(two(parts.hour)):\(two(parts.minute))"
  }
}
