/// Why a hit matched: what the query's words became on their way to the item's text, so an
/// operator can see through the ranking (电瓶车 → 电动自行车, 地包 → 低保).
public struct MatchReason: Sendable, Hashable, Codable {
  public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
    /// The characters as typed.
    case exact
    /// Through the synonyms file or the caller lexicon.
    case synonym
    /// Through the general thesaurus (同义词词林).
    case thesaurus
    /// A slip repaired: a homophone typed for the catalogue's character, or a word that
    /// sounds like a known one.
    case slip
    /// Full pinyin.
    case pinyin
    /// Pinyin initials.
    case initials
    /// Traditional characters folded to simplified.
    case traditional

    /// The short tag shown on a hit line.
    public var tag: String {
      switch self {
      case .exact: "原文"
      case .synonym: "同义"
      case .thesaurus: "词林"
      case .slip: "纠错"
      case .pinyin: "拼音"
      case .initials: "首字母"
      case .traditional: "繁体"
      }
    }
  }

  public var kind: Kind
  /// The way from what was typed to what matched, e.g. ["工前", "工钱", "拖欠农民工工资"].
  public var chain: [String]

  public init(kind: Kind, chain: [String]) {
    self.kind = kind
    self.chain = chain
  }

  /// `工前→工钱→拖欠农民工工资 (纠错)`.
  public var description: String { chain.joined(separator: "→") + " (\(kind.tag))" }
}
