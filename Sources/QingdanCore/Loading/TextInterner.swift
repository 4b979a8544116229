import Foundation

/// Keeps one copy of each distinct text of the loaded items: across townships most categories,
/// names, department names and duty blocks repeat, and each township's copy would otherwise
/// hold its own buffer.
///
/// Texts are equal here when their UTF-8 is: Strings that are only canonically equal keep their
/// own spelling, so nothing read back changes by a byte.
struct TextInterner {
  private var texts = ByteStringTable()
  /// Duty texts interned so far, by the address of their blocks: the parser hands out one
  /// value for every repeat of a duty cell (`CellMemo`), interned here once. The
  /// original is kept so that no other array can take its address while this lives.
  private var dutyTexts: [UnsafeRawPointer: (original: DutyText, interned: DutyText)] = [:]

  /// Strings this short are stored inline, without a buffer to share.
  private static let inlineLimit = 15

  mutating func intern(_ text: String) -> String {
    guard text.utf8.count > Self.inlineLimit else { return text }
    return texts.intern(text)
  }

  mutating func intern(_ catalogue: Catalogue) -> Catalogue {
    var catalogue = catalogue
    catalogue.items = CatalogueItems(catalogue.items.map { intern($0) })
    return catalogue
  }

  mutating func intern(_ item: Item) -> Item {
    var item = item
    item.category = intern(item.category)
    item.name = intern(item.name)
    let handlerDepartments = item.handler.departments
    item.handler.departments = intern(handlerDepartments)
    switch item.detail {
    case .basic:
      break
    case .cooperative(var cooperation):
      // The handler's departments are usually the cooperation's: keep them one array.
      cooperation.departments =
        Self.sameBytes(cooperation.departments, handlerDepartments)
        ? item.handler.departments : intern(cooperation.departments)
      cooperation.departmentDuties = intern(cooperation.departmentDuties)
      cooperation.townshipDuties = intern(cooperation.townshipDuties)
      item.detail = .cooperative(cooperation)
    case .recovered(var recovery):
      recovery.receiver = intern(recovery.receiver)
      recovery.method = intern(recovery.method)
      item.detail = .recovered(recovery)
    }
    return item
  }

  private mutating func intern(_ departments: [Department]) -> [Department] {
    departments.map { intern($0) }
  }

  private mutating func intern(_ department: Department) -> Department {
    Department(name: intern(department.name), asWritten: intern(department.asWritten))
  }

  private mutating func intern(_ text: DutyText) -> DutyText {
    guard !text.blocks.isEmpty,
      let address = text.blocks.withUnsafeBufferPointer({ $0.baseAddress })
    else { return text }
    if let seen = dutyTexts[UnsafeRawPointer(address)] { return seen.interned }
    let interned = internBlocks(text)
    dutyTexts[UnsafeRawPointer(address)] = (text, interned)
    return interned
  }

  private mutating func internBlocks(_ text: DutyText) -> DutyText {
    DutyText(
      blocks: text.blocks.map { block in
        switch block {
        case .department(let name): .department(intern(name))
        case .heading(let heading): .heading(intern(heading))
        case .step(let label, let body): .step(label: label, text: intern(body))
        case .paragraph(let paragraph): .paragraph(intern(paragraph))
        }
      })
  }

  private static func sameBytes(_ lhs: [Department], _ rhs: [Department]) -> Bool {
    lhs.count == rhs.count
      && zip(lhs, rhs).allSatisfy { left, right in
        ExactString.sameBytes(left.name, right.name)
          && ExactString.sameBytes(left.asWritten, right.asWritten)
      }
  }
}

/// An open-addressing set of Strings, compared by their UTF-8 bytes (not by canonical
/// equivalence, which would cost a normalisation per non-ASCII text). Probing reads only the
/// compact array of hashes; a text is touched only when its hash matches, which keeps a lookup
/// to about one cache miss (a `Set<String>` of this size costs several).
private struct ByteStringTable {
  /// 0 marks an empty slot; stored hashes are never 0.
  private var hashes = [UInt64](repeating: 0, count: 1 << 16)
  private var texts = [String](repeating: "", count: 1 << 16)
  private var count = 0

  /// The stored text with the bytes of `text`, after storing `text` if there is none.
  mutating func intern(_ text: String) -> String {
    let hash = ExactString.bytesHash(text)
    var slot = Int(truncatingIfNeeded: hash) & (hashes.count - 1)
    while hashes[slot] != 0 {
      if hashes[slot] == hash, ExactString.sameBytes(texts[slot], text) { return texts[slot] }
      slot = (slot + 1) & (hashes.count - 1)
    }
    hashes[slot] = hash
    texts[slot] = text
    count += 1
    if count * 4 > hashes.count * 3 { grow() }
    return text
  }

  private mutating func grow() {
    let (oldHashes, oldTexts) = (hashes, texts)
    hashes = [UInt64](repeating: 0, count: oldHashes.count * 2)
    texts = [String](repeating: "", count: oldHashes.count * 2)
    for (hash, text) in zip(oldHashes, oldTexts) where hash != 0 {
      var slot = Int(truncatingIfNeeded: hash) & (hashes.count - 1)
      while hashes[slot] != 0 { slot = (slot + 1) & (hashes.count - 1) }
      hashes[slot] = hash
      texts[slot] = text
    }
  }
}
