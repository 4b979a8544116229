/// The stable, script-facing shape of an item (`--json`, `export`). Field names here are a
/// public interface: add fields, never rename them.
public struct ItemRecord: Codable, Sendable, Hashable {
  public var id: String
  public var township: String
  public var list: String
  public var number: Int
  public var category: String
  public var name: String
  public var handler: HandlerRecord
  public var departments: [DepartmentRecord]?
  public var departmentDuties: [BlockRecord]?
  public var townshipDuties: [BlockRecord]?
  public var receiver: DepartmentRecord?
  public var method: [BlockRecord]?
  public var source: SourceRecord

  public init(_ item: Item, file: String) {
    id = item.id
    township = item.township
    list = item.list.rawValue
    number = item.number
    category = item.category
    name = item.name
    handler = HandlerRecord(item.handler)
    source = SourceRecord(file: file, line: item.sourceLine)
    switch item.detail {
    case .basic: break
    case .cooperative(let cooperation):
      departments = cooperation.departments.map(DepartmentRecord.init)
      departmentDuties = cooperation.departmentDuties.blocks.map(BlockRecord.init)
      townshipDuties = cooperation.townshipDuties.blocks.map(BlockRecord.init)
    case .recovered(let recovery):
      receiver = DepartmentRecord(recovery.receiver)
      method = recovery.method.blocks.map(BlockRecord.init)
    }
  }
}

public struct HandlerRecord: Codable, Sendable, Hashable {
  /// "township", "departments-lead" or "recovered".
  public var role: String
  public var departments: [String]
  /// The one-line answer: "木垒县水利局牵头，大石头乡配合".
  public var answer: String

  public init(_ handler: Handler) {
    role = handler.role.rawValue
    departments = handler.departments.map(\.name)
    answer = handler.answer
  }
}

public struct DepartmentRecord: Codable, Sendable, Hashable {
  public var name: String
  public var asWritten: String

  public init(_ department: Department) {
    name = department.name
    asWritten = department.asWritten
  }
}

public struct BlockRecord: Codable, Sendable, Hashable {
  /// "department", "heading", "step" or "paragraph".
  public var kind: String
  public var label: String?
  public var text: String

  public init(_ block: DutyBlock) {
    kind = block.kindName
    switch block {
    case .step(let label, let text):
      self.label = label
      self.text = text
    case .department(let text), .heading(let text), .paragraph(let text):
      self.text = text
    }
  }
}

public struct SourceRecord: Codable, Sendable, Hashable {
  public var file: String
  public var line: Int
}

extension ItemRecord {
  /// The fields that name an item and who handles it, without its texts: what a search hit
  /// and a list line carry. Encodes into the encoder's object, so a wrapper can add its own
  /// fields beside them (`HitRecord`).
  public var summary: Summary { Summary(record: self) }

  public struct Summary: Encodable, Sendable {
    let record: ItemRecord

    public func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(record.id, forKey: .id)
      try container.encode(record.township, forKey: .township)
      try container.encode(record.list, forKey: .list)
      try container.encode(record.number, forKey: .number)
      try container.encode(record.category, forKey: .category)
      try container.encode(record.name, forKey: .name)
      try container.encode(record.handler, forKey: .handler)
    }
  }
}
