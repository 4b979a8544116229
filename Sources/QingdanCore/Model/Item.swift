/// One duty of a township catalogue.
public struct Item: Sendable, Hashable, Identifiable {
  /// "township/list/number", e.g. "大石头乡/cooperative/66".
  public var id: String { ItemID.make(township: township, list: list, number: number) }
  public var township: String
  public var list: ListKind
  /// 序号, 1…N within its list.
  public var number: Int
  /// 事项类别.
  public var category: String
  /// 事项名称.
  public var name: String
  /// The list-specific part: cooperative duties or the recovery.
  public var detail: Detail
  /// Who handles it; computed once, when the catalogue is read.
  public var handler: Handler
  /// The line in the source file where the item's row starts (1-based); in a workbook,
  /// document or web page, the row within `sourceSheet`.
  public var sourceLine: Int
  /// The sheet or table the row is in ("基本履职", "table 2"); empty for text files.
  public var sourceSheet: String

  public enum Detail: Sendable, Hashable {
    case basic
    case cooperative(Cooperation)
    case recovered(Recovery)
  }

  public init(
    township: String, list: ListKind, number: Int, category: String, name: String,
    detail: Detail, handler: Handler, sourceLine: Int, sourceSheet: String = ""
  ) {
    self.township = township
    self.list = list
    self.number = number
    self.category = category
    self.name = name
    self.detail = detail
    self.handler = handler
    self.sourceLine = sourceLine
    self.sourceSheet = sourceSheet
  }

  public var cooperation: Cooperation? {
    if case .cooperative(let value) = detail { return value }
    return nil
  }

  /// "sheet:row" or "line", as diagnostics print it after the file name.
  public var sourcePosition: String {
    sourceSheet.isEmpty ? String(sourceLine) : "\(sourceSheet):\(sourceLine)"
  }

  public var recovery: Recovery? {
    if case .recovered(let value) = detail { return value }
    return nil
  }
}

/// 配合履职事项: the leading departments, what they do, and what the township does.
public struct Cooperation: Sendable, Hashable {
  /// 对应上级部门, one entry per department.
  public var departments: [Department]
  /// 上级部门职责.
  public var departmentDuties: DutyText
  /// 乡镇配合职责.
  public var townshipDuties: DutyText

  public init(departments: [Department], departmentDuties: DutyText, townshipDuties: DutyText) {
    self.departments = departments
    self.departmentDuties = departmentDuties
    self.townshipDuties = townshipDuties
  }
}

/// 上级部门收回事项: 承接部门及工作方式, split at the first "：".
public struct Recovery: Sendable, Hashable {
  public var receiver: Department
  public var method: DutyText

  public init(receiver: Department, method: DutyText) {
    self.receiver = receiver
    self.method = method
  }
}

/// Builds and reads item ids of the form "township/list/number".
public enum ItemID {
  public static func make(township: String, list: ListKind, number: Int) -> String {
    // Every item of a load gets one: written into one buffer, where interpolation appends
    // part by part (4% of a cold parse).
    var (name, listName, digits) = (township, list.rawValue, String(number))
    return name.withUTF8 { name in
      listName.withUTF8 { listName in
        digits.withUTF8 { digits in
          let parts = [name, listName, digits]
          let count = parts.reduce(2) { $0 + $1.count }
          return String(unsafeUninitializedCapacity: count) { buffer in
            var end = 0
            for (index, part) in parts.enumerated() {
              if index > 0 {
                buffer[end] = UInt8(ascii: "/")
                end += 1
              }
              _ = UnsafeMutableBufferPointer(rebasing: buffer[end...]).initialize(from: part)
              end += part.count
            }
            return end
          }
        }
      }
    }
  }

  public static func parse(_ id: String) -> (township: String, list: ListKind, number: Int)? {
    let parts = id.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count == 3, let list = ListKind(userInput: String(parts[1])),
      let number = Int(parts[2])
    else { return nil }
    return (String(parts[0]), list, number)
  }
}
