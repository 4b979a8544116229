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

  /// `contacts` adds phones (`contacts` fields) where a row is known; without any, the
  /// record is exactly what it was before contacts existed.
  public init(_ item: Item, file: String, contacts: ContactDirectory = .empty) {
    id = item.id
    township = item.township
    list = item.list.rawValue
    number = item.number
    category = item.category
    name = item.name
    handler = HandlerRecord(item.handler, contacts: contacts)
    source = SourceRecord(file: file, line: item.sourceLine)
    switch item.detail {
    case .basic: break
    case .cooperative(let cooperation):
      departments = cooperation.departments.map { DepartmentRecord($0, contacts: contacts) }
      departmentDuties = cooperation.departmentDuties.blocks.map(BlockRecord.init)
      townshipDuties = cooperation.townshipDuties.blocks.map(BlockRecord.init)
    case .recovered(let recovery):
      receiver = DepartmentRecord(recovery.receiver, contacts: contacts)
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
  /// The known phones, in the handler's order (receiving or leading departments first, then
  /// the township's office); absent when none is known.
  public var contacts: [ContactRecord]?

  public init(_ handler: Handler, contacts directory: ContactDirectory = .empty) {
    role = handler.role.rawValue
    departments = handler.departments.map(\.name)
    answer = handler.answer
    let phones = directory.phones(for: handler)
    contacts = phones.isEmpty ? nil : phones.map(ContactRecord.init)
  }
}

public struct DepartmentRecord: Codable, Sendable, Hashable {
  public var name: String
  public var asWritten: String
  /// The department's rows in the contacts file; absent when it has none.
  public var contacts: [ContactRecord]?

  public init(_ department: Department, contacts directory: ContactDirectory = .empty) {
    name = department.name
    asWritten = department.asWritten
    let rows = directory.contacts(for: .department(department.name))
    contacts =
      rows.isEmpty
      ? nil : rows.map { ContactRecord(ContactDirectory.Entry(name: department.name, contact: $0)) }
  }
}

/// A row of the contacts file as it applies to one answer.
public struct ContactRecord: Codable, Sendable, Hashable {
  /// The department's full name, or the township office as the row names it.
  public var name: String
  public var phone: String
  public var address: String?
  public var hours: String?
  public var note: String?
  /// The row's line in the contacts file.
  public var line: Int

  public init(_ entry: ContactDirectory.Entry) {
    name = entry.name
    phone = entry.contact.phone
    address = entry.contact.address.isEmpty ? nil : entry.contact.address
    hours = entry.contact.hours.isEmpty ? nil : entry.contact.hours
    note = entry.contact.note.isEmpty ? nil : entry.contact.note
    line = entry.contact.line
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
