import Foundation

/// Text reduced to what two catalogues' wordings of one duty share: the catalogue's own
/// place names become placeholders (大石头乡 and 大西渠镇 alike, 本乡 and 本镇 alike, 木垒县 and
/// 昌吉市, 县民政局 and 市民政局), and spaces, punctuation and step numbers are dropped.
public struct ComparableText: Sendable {
  /// Placeholders, in the private-use area so that no catalogue text holds them.
  static let townshipName: Unicode.Scalar = "\u{F8F0}"
  static let countyName: Unicode.Scalar = "\u{F8F1}"
  static let prefectureName: Unicode.Scalar = "\u{F8F2}"
  /// 乡, 镇 (本乡/本镇, 乡人大/镇人大).
  static let townshipLevel: Unicode.Scalar = "\u{F8F3}"
  /// 县, 市 (县民政局/市民政局).
  static let countyLevel: Unicode.Scalar = "\u{F8F4}"

  /// Full names, longest first, each with its placeholder.
  private let names: [(name: String, placeholder: Unicode.Scalar)]

  public init(region: Region) {
    names = [
      (region.township, Self.townshipName), (region.county, Self.countyName),
      (region.prefecture, Self.prefectureName),
    ].filter { !$0.0.isEmpty }.sorted { $0.0.count > $1.0.count }
  }

  /// The scalars of `text`, normalised.
  public func scalars(_ text: String) -> [Unicode.Scalar] {
    var replaced = text
    for (name, placeholder) in names where replaced.contains(name) {
      replaced = replaced.replacingOccurrences(of: name, with: String(placeholder))
    }
    var result: [Unicode.Scalar] = []
    result.reserveCapacity(replaced.unicodeScalars.count)
    for scalar in replaced.unicodeScalars {
      switch scalar {
      case "乡", "镇": result.append(Self.townshipLevel)
      case "县", "市": result.append(Self.countyLevel)
      default:
        if Self.isKept(scalar) { result.append(scalar) }
      }
    }
    return result
  }

  public func string(_ text: String) -> String {
    var result = String.UnicodeScalarView()
    result.append(contentsOf: scalars(text))
    return String(result)
  }

  public func bigrams(_ text: String) -> BigramSet {
    BigramSet(scalars(text))
  }

  /// Letters, digits and Han characters count; spaces, punctuation and symbols do not.
  private static func isKept(_ scalar: Unicode.Scalar) -> Bool {
    if scalar.value >= 0xF8F0 && scalar.value <= 0xF8F4 { return true }
    switch scalar.properties.generalCategory {
    case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
      .decimalNumber, .letterNumber, .otherNumber:
      return true
    default:
      return false
    }
  }

  /// A duty text as comparable words: step and heading labels are not part of the duty
  /// ("1.做好…" and "2.做好…" are the same step).
  public func dutyText(_ text: DutyText) -> String {
    text.blocks.map { block in
      switch block {
      case .step(_, let text), .paragraph(let text), .heading(let text), .department(let text):
        text
      }
    }.joined(separator: "\n")
  }
}
