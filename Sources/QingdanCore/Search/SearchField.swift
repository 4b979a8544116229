/// The searched fields of an item and how much a match in each counts
/// (name ≫ category/departments ≫ duty texts).
public enum SearchField: String, CaseIterable, Sendable, Codable {
  case name
  case category
  case departments
  case departmentDuties
  case townshipDuties
  case method

  var weight: Float {
    switch self {
    case .name: 8
    case .category: 2
    case .departments: 2
    case .departmentDuties, .townshipDuties, .method: 1
    }
  }

  /// The field's text as searched and highlighted. Duty texts are their plain text, one
  /// block per line.
  public func text(of item: Item) -> String {
    switch self {
    case .name: return item.name
    case .category: return item.category
    case .departments:
      return item.handler.departments.map { department in
        department.asWritten == department.name
          ? department.name : "\(department.name) \(department.asWritten)"
      }.joined(separator: "、")
    case .departmentDuties, .townshipDuties, .method: return dutyText(of: item)?.plainText ?? ""
    }
  }

  /// The duty text this field searches, if it is a duty field and the item has one.
  func dutyText(of item: Item) -> DutyText? {
    switch self {
    case .name, .category, .departments: nil
    case .departmentDuties: item.cooperation?.departmentDuties
    case .townshipDuties: item.cooperation?.townshipDuties
    case .method: item.recovery?.method
    }
  }
}
