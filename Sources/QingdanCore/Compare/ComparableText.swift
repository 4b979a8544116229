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

  /// Full names as scalars, longest first, each with its placeholder.
  private let names: [(name: [Unicode.Scalar], placeholder: Unicode.Scalar)]

  public init(region: Region) {
    names = [
      (region.township, Self.townshipName), (region.county, Self.countyName),
      (region.prefecture, Self.prefectureName),
    ].filter { !$0.0.isEmpty }.sorted { $0.0.count > $1.0.count }
      .map { (Array($0.0.unicodeScalars), $0.1) }
  }

  /// The scalars of `text`, normalised. By scalar, not through Foundation's string search:
  /// this runs over every text of both editions of a diff.
  public func scalars(_ text: String) -> [Unicode.Scalar] {
    let input = Array(text.unicodeScalars)
    var result: [Unicode.Scalar] = []
    result.reserveCapacity(input.count)
    var index = 0
    scanning: while index < input.count {
      let scalar = input[index]
      for (name, placeholder) in names
      where scalar == name[0] && input.count - index >= name.count
        && input[index..<(index + name.count)].elementsEqual(name)
      {
        result.append(placeholder)
        index += name.count
        continue scanning
      }
      switch scalar {
      case "乡", "镇": result.append(Self.townshipLevel)
      case "县", "市": result.append(Self.countyLevel)
      default:
        if Self.isKept(scalar) { result.append(scalar) }
      }
      index += 1
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
    switch scalar.value {
    // Most of a catalogue: CJK ideographs, and ASCII letters and digits, without a lookup.
    case 0x4E00...0x9FFF, 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0xF8F0...0xF8F4: return true
    // 〇 (二〇二五) is a number among the CJK punctuation.
    case 0x3007: return true
    case 0...0x7F, 0x3000...0x303F, 0xFF00...0xFF0F: return false
    default: break
    }
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
