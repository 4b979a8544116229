import Foundation

/// Where a catalogue belongs: 昌吉州 → 木垒县 → 大石头乡.
public struct Region: Hashable, Sendable, Codable {
  /// The prefecture as written in list headings, e.g. "昌吉州".
  public var prefecture: String
  /// The county or city, e.g. "木垒县" or "昌吉市".
  public var county: String
  /// The township, e.g. "大石头乡" or "大西渠镇".
  public var township: String

  public init(prefecture: String, county: String, township: String) {
    self.prefecture = prefecture
    self.county = county
    self.township = township
  }
}

/// The three lists every township catalogue has.
public enum ListKind: String, CaseIterable, Hashable, Sendable, Codable, Comparable {
  /// 基本履职事项: the township's own duties.
  case basic
  /// 配合履职事项: a county/city department leads, the township cooperates.
  case cooperative
  /// 上级部门收回事项: taken back; a named department now handles it.
  case recovered

  /// The Chinese name used in headings: "基本履职事项".
  public var chineseName: String {
    switch self {
    case .basic: "基本履职事项"
    case .cooperative: "配合履职事项"
    case .recovered: "上级部门收回事项"
    }
  }

  /// A short label for narrow places: "基本", "配合", "收回".
  public var shortName: String {
    switch self {
    case .basic: "基本"
    case .cooperative: "配合"
    case .recovered: "收回"
    }
  }

  public static func < (lhs: ListKind, rhs: ListKind) -> Bool {
    allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
  }

  /// Accepts "basic", "基本", "基本履职事项" and so on.
  public init?(userInput: String) {
    let text = userInput.trimmingCharacters(in: .whitespaces).lowercased()
    for kind in ListKind.allCases
    where text == kind.rawValue || text == kind.shortName || text == kind.chineseName
      || text == kind.chineseName + "清单"
    {
      self = kind
      return
    }
    return nil
  }
}

/// One township's catalogue: a title block and three lists of items.
public struct Catalogue: Sendable, Hashable {
  public var region: Region
  /// The title as printed on the cover, e.g. "木垒县大石头乡履职事项清单".
  public var title: String
  /// The date on the cover, e.g. "2025年7月".
  public var date: String?
  /// The file the catalogue was read from.
  public var source: String
  /// In list and number order as parsed; from a snapshot, decoded when read.
  public var items: CatalogueItems

  public init(region: Region, title: String, date: String?, source: String, items: [Item]) {
    self.init(region: region, title: title, date: date, source: source, items: .init(items))
  }

  public init(
    region: Region, title: String, date: String?, source: String, items: CatalogueItems
  ) {
    self.region = region
    self.title = title
    self.date = date
    self.source = source
    self.items = items
  }

  public var township: String { region.township }

  public func items(in list: ListKind) -> [Item] {
    items.filter { $0.list == list }
  }
}
