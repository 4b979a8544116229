import Foundation

/// Reads the township, county and list kind out of the words around a table: a title
/// ("木垒县大石头乡履职事项清单"), a heading ("昌吉州木垒县大石头乡配合履职事项清单"), a sheet
/// name ("配合履职") or a file name ("大石头乡-2025.xlsx").
enum PlaceAndList {
  /// The list a title, heading or sheet name names: "基本履职…" → basic, "配合…" → cooperative,
  /// "…收回…" → recovered.
  static func list(in text: String) -> ListKind? {
    let key = ColumnRole.headerKey(text)
    if key.contains("收回") { return .recovered }
    if key.contains("配合履职") || key.contains("配合事项") || key == "配合" || key.hasPrefix("配合清单") {
      return .cooperative
    }
    if key.contains("基本履职") || key.contains("基本事项") || key == "基本" { return .basic }
    return nil
  }

  /// Words that end a place name in a title: what follows the township.
  private static let tails = [
    "上级部门收回事项清单", "基本履职事项清单", "配合履职事项清单", "履职事项清单", "收回事项清单",
    "基本履职事项", "配合履职事项", "上级部门收回事项", "履职事项", "事项清单", "清单",
  ]

  /// The place named at the start of `text`, if any: a full region (prefecture optional) or,
  /// failing that, a township alone ("大石头乡").
  static func region(in rawText: String) -> Region? {
    var text = ColumnRole.headerKey(rawText)
    for tail in tails {
      if let range = text.range(of: tail) {
        text = String(text[..<range.lowerBound])
        break
      }
    }
    text = text.trimmingCharacters(in: CharacterSet(charactersIn: "-_—·.（）()[]【】0123456789年月"))
    guard !text.isEmpty, text.count <= 40 else { return nil }
    // "新疆维吾尔自治区昌吉回族自治州木垒县大石头乡": the province is not part of the region.
    if let range = text.range(of: "自治区", options: .backwards) {
      text = String(text[range.upperBound...])
    } else if let range = text.range(of: "省") {
      text = String(text[range.upperBound...])
    }
    if let region = ListHeading.region(from: text) { return region }
    guard ["街道", "苏木", "乡", "镇"].contains(where: { text.hasSuffix($0) }), text.count >= 2,
      text.count <= 12
    else { return nil }
    return Region(prefecture: "", county: "", township: text)
  }

  /// The file's name without folders and extension: "…/大石头乡-2025-07.xlsx" → "大石头乡-2025-07".
  static func baseName(_ file: String) -> String {
    ((file as NSString).lastPathComponent as NSString).deletingPathExtension
  }

  /// The first region found in `candidates`, in order; a later one that names the same
  /// township fills in a missing county or prefecture.
  static func merge(_ candidates: [Region?]) -> Region? {
    let found = candidates.compactMap { $0 }
    guard var region = found.first else { return nil }
    for other in found.dropFirst() where other.township == region.township {
      if region.county.isEmpty, !other.county.isEmpty { region.county = other.county }
      if region.prefecture.isEmpty, !other.prefecture.isEmpty,
        other.county == region.county
      {
        region.prefecture = other.prefecture
      }
    }
    return region
  }

  /// A note row: "注：…", "备注：…", "共245项", "合计…".
  static func isNote(_ text: String) -> Bool {
    let key = ColumnRole.headerKey(text)
    if key.hasPrefix("注") || key.hasPrefix("备注") || key.hasPrefix("说明") || key.hasPrefix("合计") {
      return true
    }
    return key.hasPrefix("共") && key.hasSuffix("项") && key.count <= 12
  }
}
