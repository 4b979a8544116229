/// Every item and field as CSV (RFC 4180), so that data can leave the tool. Duty texts are
/// flattened one block per line inside their cell.
public enum CSVExport {
  public static let header = [
    "id", "township", "list", "number", "category", "name", "handler_role", "answer",
    "departments", "department_duties", "township_duties", "receiver", "method",
    "source_file", "source_line",
  ]

  public static func rows(_ index: CatalogueIndex) -> [[String]] {
    let sourceByTownship = Dictionary(
      index.catalogues.map { ($0.township, $0.source) }, uniquingKeysWith: { first, _ in first })
    return index.items.map { item in
      let cooperation = item.cooperation
      let recovery = item.recovery
      return [
        item.id, item.township, item.list.rawValue, String(item.number), item.category, item.name,
        item.handler.role.rawValue, item.handler.answer,
        cooperation?.departments.map(\.name).joined(separator: "、") ?? "",
        cooperation?.departmentDuties.plainText ?? "",
        cooperation?.townshipDuties.plainText ?? "",
        recovery?.receiver.name ?? "",
        recovery?.method.plainText ?? "",
        sourceByTownship[item.township] ?? "", String(item.sourceLine),
      ]
    }
  }

  public static func document(_ index: CatalogueIndex) -> String {
    document(header: header, rows: rows(index))
  }

  /// Any table as RFC 4180 CSV, CRLF line ends.
  public static func document(header: [String], rows: [[String]]) -> String {
    ([header] + rows).map { $0.map(quote).joined(separator: ",") }.joined(separator: "\r\n")
      + "\r\n"
  }

  static func quote(_ field: String) -> String {
    guard field.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return field }
    return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }
}
