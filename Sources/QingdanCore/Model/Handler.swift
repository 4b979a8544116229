/// Who handles an item. The one place where the rule lives:
/// basic → the township is responsible; cooperative → the departments lead and the township
/// cooperates; recovered → the receiving department handles it and the township no longer does.
public struct Handler: Sendable, Hashable {
  public enum Role: String, Sendable, Hashable, Codable {
    /// 乡镇负责.
    case township
    /// 部门牵头，乡镇配合.
    case departmentsLead = "departments-lead"
    /// 已收回：部门办理.
    case recovered
  }

  public var role: Role
  public var township: String
  /// The departments that lead (cooperative) or receive (recovered); empty for basic items.
  public var departments: [Department]

  public init(role: Role, township: String, departments: [Department]) {
    self.role = role
    self.township = township
    self.departments = departments
  }

  /// The rule itself.
  public static func of(list: ListKind, township: String, departments: [Department]) -> Handler {
    switch list {
    case .basic: Handler(role: .township, township: township, departments: [])
    case .cooperative: Handler(role: .departmentsLead, township: township, departments: departments)
    case .recovered: Handler(role: .recovered, township: township, departments: departments)
    }
  }

  /// The line an operator reads out: "木垒县水利局牵头，大石头乡配合".
  public var answer: String {
    let names = departments.map(\.name).joined(separator: "、")
    switch role {
    case .township:
      return "\(township)负责 (基本履职)"
    case .departmentsLead:
      return names.isEmpty ? "上级部门牵头，\(township)配合" : "\(names)牵头，\(township)配合"
    case .recovered:
      return names.isEmpty ? "已收回：上级部门办理" : "已收回：\(names)办理"
    }
  }

  /// A short tag for item lists: "乡镇" (the township's own), "牵头" (a department
  /// leads), "收回" (taken back).
  public var shortTag: String {
    switch role {
    case .township: "乡镇"
    case .departmentsLead: "牵头"
    case .recovered: "收回"
    }
  }
}
