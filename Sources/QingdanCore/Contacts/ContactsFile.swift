import Foundation

/// One row of the contacts directory: how to reach a department or a township office.
public struct Contact: Sendable, Hashable {
  /// The 部门 column as written: "县民政局", "大石头乡党政办".
  public var name: String
  public var phone: String
  public var address: String
  /// 办公时间.
  public var hours: String
  /// 备注.
  public var note: String
  /// 1-based line in the contacts file.
  public var line: Int

  public init(
    name: String, phone: String, address: String = "", hours: String = "", note: String = "",
    line: Int = 0
  ) {
    self.name = name
    self.phone = phone
    self.address = address
    self.hours = hours
    self.note = note
    self.line = line
  }
}

/// `contacts.tsv`: UTF-8, tab-separated, the header `部门	电话	地址	办公时间	备注`, `#` lines
/// are comments. A row that cannot be read is reported (file:line, what to do) and skipped;
/// the rest of the file is kept.
public struct ContactsFile: Sendable {
  public static let columns = ["部门", "电话", "地址", "办公时间", "备注"]
  /// Larger files are refused: a directory of phone numbers is a few kilobytes.
  public static let maxBytes = 4 << 20
  /// Longest field kept; longer ones are a mistake (a pasted paragraph), not a phone number.
  static let maxFieldLength = 200

  public var path: String
  public var contacts: [Contact]
  public var diagnostics: [Diagnostic]

  public init(path: String, contacts: [Contact], diagnostics: [Diagnostic] = []) {
    self.path = path
    self.contacts = contacts
    self.diagnostics = diagnostics
  }

  /// `$XDG_CONFIG_HOME/qingdan/contacts.tsv`, else `~/.config/qingdan/contacts.tsv`.
  public static func defaultPath(environment: [String: String]) -> String? {
    ConfigFiles.userFile(named: "contacts.tsv", environment: environment)?.path
  }

  public struct ReadError: Error, CustomStringConvertible, Sendable {
    public var description: String
  }

  /// Reads and parses the file at `path`; a missing, unreadable or oversized file throws.
  public static func read(path: String) throws -> ContactsFile {
    let url = URL(fileURLWithPath: path)
    let attributes = try? FileManager.default.attributesOfItem(atPath: path)
    guard let attributes else {
      throw ReadError(description: "\(path): no such contacts file")
    }
    if attributes[.type] as? FileAttributeType == .typeDirectory {
      throw ReadError(description: "\(path): is a folder; give the contacts.tsv file")
    }
    if let size = attributes[.size] as? Int, size > maxBytes {
      throw ReadError(
        description: "\(path): \(size) bytes is too large for a contacts file (limit \(maxBytes))")
    }
    let data: Data
    do {
      data = try Data(contentsOf: url)
    } catch {
      throw ReadError(description: "\(path): cannot read: \(error.localizedDescription)")
    }
    return parse(Array(data.prefix(maxBytes)), path: path)
  }

  /// Parses the bytes of a contacts file line by line, so that one bad byte costs one row.
  public static func parse(_ bytes: [UInt8], path: String) -> ContactsFile {
    var file = ContactsFile(path: path, contacts: [])
    func warn(_ line: Int, _ message: String) {
      file.diagnostics.append(
        Diagnostic(severity: .warning, file: path, line: line, message: message))
    }
    var sawHeader = false
    var seen: Set<[String]> = []
    for (offset, rawLine) in bytes.split(
      separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false
    )
    .enumerated() {
      let number = offset + 1
      var lineBytes = Array(rawLine)
      if lineBytes.last == UInt8(ascii: "\r") { lineBytes.removeLast() }
      if number == 1, lineBytes.starts(with: [0xEF, 0xBB, 0xBF]) { lineBytes.removeFirst(3) }
      guard let text = String(validating: lineBytes, as: UTF8.self) else {
        warn(number, "not UTF-8; row skipped; save the file as UTF-8 (iconv -f GBK -t UTF-8)")
        continue
      }
      let trimmed = text.trimmingCharacters(in: .whitespaces)
      if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
      let fields = text.split(separator: "\t", omittingEmptySubsequences: false).map {
        $0.trimmingCharacters(in: .whitespaces)
      }
      if !sawHeader {
        sawHeader = true
        if fields.first == columns[0] {
          // A shorter header ("部门	电话") is fine: the columns it names are in order.
          if fields.count < 2 || fields != Array(columns.prefix(fields.count)) {
            warn(
              number,
              "header is “\(fields.joined(separator: " | "))”; expected \(columns.joined(separator: "<TAB>")); columns are read in that order"
            )
          }
          continue
        }
        warn(
          number,
          "no header line; expected \(columns.joined(separator: "<TAB>")) as the first row; rows are read in that order"
        )
      }
      if let reason = problem(with: fields) {
        warn(number, "\(reason); row skipped")
        continue
      }
      func field(_ index: Int) -> String { index < fields.count ? fields[index] : "" }
      let key = [field(0), field(1)]
      if !seen.insert(key).inserted {
        warn(number, "same 部门 and 电话 as an earlier row; row skipped; remove one of them")
        continue
      }
      file.contacts.append(
        Contact(
          name: field(0), phone: field(1), address: field(2), hours: field(3), note: field(4),
          line: number))
    }
    return file
  }

  /// Why a row cannot be used, with what to do; nil when it can.
  static func problem(with fields: [String]) -> String? {
    if fields.count < 2 {
      return "one column; separate 部门 and 电话 with a tab, not spaces"
    }
    if fields.count > columns.count {
      return
        "\(fields.count) columns, expected at most \(columns.count) (\(columns.joined(separator: ", "))); a tab inside a field?"
    }
    if fields[0].isEmpty { return "empty 部门; write the department or township office" }
    if fields[1].isEmpty { return "empty 电话; write the number or remove the row" }
    if fields.contains(where: { $0.count > maxFieldLength }) {
      return "a field is longer than \(maxFieldLength) characters; shorten it"
    }
    if fields.contains(where: { $0.unicodeScalars.contains(where: isControl) }) {
      return "control characters in the row; remove them"
    }
    if !fields[1].contains(where: \.isASCIIDigit) {
      return "电话 “\(fields[1])” has no digits; write the number"
    }
    return nil
  }

  private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
    scalar.properties.generalCategory == .control
      || scalar.properties.generalCategory == .format
        && scalar != "\u{200D}"
  }
}
