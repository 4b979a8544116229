/// Splits typed pinyin ("jiuzhu", "yimiaojiezhong") into toneless syllables.
///
/// Syllables are spelt as in ``PinyinTable``: lowercase, ü as `v` (`lv`, `nve`). The set is
/// the table's syllables minus the interjection readings `m`, `n`, `ng`, `hm`, `hng` and
/// erhua `r`, which would otherwise split ordinary words ("xian" → xia + n).
public enum PinyinSyllables {
  /// The valid toneless syllables.
  public static let all: Set<String> = Set(list)

  /// The longest syllable ("zhuang"), in letters.
  public static let maxLength = 6

  /// The most segmentations ``segmentations(of:lastMayBeIncomplete:limit:)`` returns by
  /// default; also the cap on `limit`.
  public static let defaultLimit = 16
  public static let maxLimit = 64

  public static func isSyllable(_ text: String) -> Bool {
    pack(text).map { complete.contains($0) } ?? false
  }

  /// True for a non-empty prefix of a syllable, including whole syllables ("zh", "zhua").
  public static func isSyllablePrefix(_ text: String) -> Bool {
    pack(text).map { prefixes.contains($0) } ?? false
  }

  /// Every way to split `text` into syllables, best first, at most `limit` of them.
  ///
  /// - Returns: one array per segmentation, each holding the syllables in input order,
  ///   lowercased and with `ü` written `v`; concatenated they give the input's letters.
  ///   Ordered by fewest syllables, then (with `lastMayBeIncomplete`) whole last
  ///   syllables before incomplete ones, then longer earlier syllables first:
  ///   "xian" → `[["xian"], ["xi", "an"]]`.
  ///
  ///   Empty when there is no segmentation: the input is empty, contains anything but
  ///   letters and apostrophes, or is not pinyin ("dm"). Initial-letter abbreviations such
  ///   as "dm" are deliberately not guessed here; a caller that wants them can match each
  ///   letter against the first letter of a reading.
  /// - Parameters:
  ///   - text: letters, case-insensitive; `ü` is read as `v`. An apostrophe (`'` or `’`)
  ///     forces a syllable boundary, as in "xi'an".
  ///   - lastMayBeIncomplete: the user is still typing, so the last piece need only be a
  ///     prefix of a syllable ("jiuzh" → `[["jiu", "zh"]]`). Callers should then match the
  ///     last piece as a prefix of a reading (the "xian" in `["xian"]` may become "xiang").
  ///   - limit: at most this many segmentations (clamped to 1…``maxLimit``). Time and
  ///     memory are linear in `text.count × limit`, so long inputs are safe.
  ///
  /// One function of about 75 lines on purpose: a single dynamic programme over flat
  /// arrays (`cost`, `length`, `nextRank`, `found`), filled from the end and then read out;
  /// split up, every step would take all four and their indexing invariants with it.
  public static func segmentations(
    of text: String, lastMayBeIncomplete: Bool = false, limit: Int = defaultLimit
  ) -> [[String]] {
    guard let input = normalized(text), !input.letters.isEmpty else { return [] }
    let (letters, forcedBreak) = input
    let k = min(max(limit, 1), maxLimit)
    let n = letters.count

    // best[i] holds up to k ways to segment letters[i...], sorted best first; each way is
    // its first piece's length plus a rank into best[i + length]. Building from the end
    // keeps the work linear: every position merges at most maxLength sorted lists.
    var cost = [Int32](repeating: 0, count: (n + 1) * k)
    var length = [UInt8](repeating: 0, count: (n + 1) * k)
    var nextRank = [UInt8](repeating: 0, count: (n + 1) * k)
    var found = [Int](repeating: 0, count: n + 1)
    found[n] = 1  // the empty tail

    // Candidate tails of position i, longest first piece first (the tie-break).
    var tails: [(length: Int, partialPenalty: Int32, rank: Int)] = []
    tails.reserveCapacity(maxLength)
    for i in stride(from: n - 1, through: 0, by: -1) {
      tails.removeAll(keepingCapacity: true)
      var packed: UInt32 = 0
      for pieceLength in 1...maxLength {
        let end = i + pieceLength
        guard end <= n else { break }
        if pieceLength > 1 && forcedBreak[end - 1] { break }  // piece would span an apostrophe
        packed = packed << 5 | UInt32(letters[end - 1] - 0x60)
        guard found[end] > 0 else { continue }
        if complete.contains(packed) {
          tails.append((pieceLength, 0, 0))
        } else if lastMayBeIncomplete && end == n && prefixes.contains(packed) {
          tails.append((pieceLength, 1, 0))
        }
      }
      tails.reverse()
      // k-way merge by total cost (2 per syllable, +1 for an incomplete last one).
      var taken = 0
      while taken < k {
        var bestTail = -1
        var bestCost = Int32.max
        for t in tails.indices where tails[t].rank < found[i + tails[t].length] {
          let slot = (i + tails[t].length) * k + tails[t].rank
          let c = cost[slot] + 2 + tails[t].partialPenalty
          if c < bestCost {
            bestCost = c
            bestTail = t
          }
        }
        guard bestTail >= 0 else { break }
        let slot = i * k + taken
        cost[slot] = bestCost
        length[slot] = UInt8(tails[bestTail].length)
        nextRank[slot] = UInt8(tails[bestTail].rank)
        tails[bestTail].rank += 1
        taken += 1
      }
      found[i] = taken
    }

    var result: [[String]] = []
    result.reserveCapacity(found[0])
    for rank in 0..<found[0] {
      var pieces: [String] = []
      var position = 0
      var r = rank
      while position < n {
        let slot = position * k + r
        let end = position + Int(length[slot])
        pieces.append(String(decoding: letters[position..<end], as: UTF8.self))
        r = Int(nextRank[slot])
        position = end
      }
      result.append(pieces)
    }
    return result
  }

  /// Lowercase letters as ASCII bytes, and for each letter whether an apostrophe
  /// preceded it; nil if `text` has anything else.
  private static func normalized(_ text: String) -> (letters: [UInt8], forcedBreak: [Bool])? {
    var letters: [UInt8] = []
    var forcedBreak: [Bool] = []
    letters.reserveCapacity(text.utf8.count)
    forcedBreak.reserveCapacity(text.utf8.count)
    var pendingBreak = false
    for scalar in text.unicodeScalars {
      switch scalar.value {
      case 0x61...0x7A: letters.append(UInt8(scalar.value))
      case 0x41...0x5A: letters.append(UInt8(scalar.value + 0x20))
      case 0xFC, 0xDC: letters.append(0x76)  // ü, Ü → v
      case 0x27, 0x2019:
        pendingBreak = true
        continue
      default: return nil
      }
      forcedBreak.append(pendingBreak && letters.count > 1)
      pendingBreak = false
    }
    return (letters, forcedBreak)
  }

  /// Letters packed 5 bits each (a = 1), so lookups need no String.
  private static func pack(_ text: String) -> UInt32? {
    guard !text.isEmpty, text.utf8.count <= maxLength else { return nil }
    var packed: UInt32 = 0
    for byte in text.utf8 {
      guard byte >= 0x61 && byte <= 0x7A else { return nil }
      packed = packed << 5 | UInt32(byte - 0x60)
    }
    return packed
  }

  private static let complete: Set<UInt32> = Set(list.compactMap(pack))

  private static let prefixes: Set<UInt32> = Set(
    list.flatMap { syllable in
      (1...syllable.count).compactMap { pack(String(syllable.prefix($0))) }
    })

  // The 415 syllables of pinyin.tsv (Unihan 15.0) without m, n, ng, hm, hng, r.
  private static let list: [String] = [
    "a", "ai", "an", "ang", "ao", "ba", "bai", "ban", "bang", "bao", "bei", "ben", "beng", "bi",
    "bian", "biao", "bie", "bin", "bing", "bo", "bu", "ca", "cai", "can", "cang", "cao", "ce",
    "cen", "ceng", "cha", "chai", "chan", "chang", "chao", "che", "chen", "cheng", "chi",
    "chong", "chou", "chu", "chua", "chuai", "chuan", "chuang", "chui", "chun", "chuo", "ci",
    "cong", "cou", "cu", "cuan", "cui", "cun", "cuo", "da", "dai", "dan", "dang", "dao", "de",
    "dei", "den", "deng", "di", "dia", "dian", "diao", "die", "ding", "diu", "dong", "dou", "du",
    "duan", "dui", "dun", "duo", "e", "ei", "en", "eng", "er", "fa", "fan", "fang", "fei", "fen",
    "feng", "fiao", "fo", "fou", "fu", "ga", "gai", "gan", "gang", "gao", "ge", "gei", "gen",
    "geng", "gong", "gou", "gu", "gua", "guai", "guan", "guang", "gui", "gun", "guo", "ha",
    "hai", "han", "hang", "hao", "he", "hei", "hen", "heng", "hong", "hou", "hu", "hua", "huai",
    "huan", "huang", "hui", "hun", "huo", "ji", "jia", "jian", "jiang", "jiao", "jie", "jin",
    "jing", "jiong", "jiu", "ju", "juan", "jue", "jun", "ka", "kai", "kan", "kang", "kao", "ke",
    "kei", "ken", "keng", "kong", "kou", "ku", "kua", "kuai", "kuan", "kuang", "kui", "kun",
    "kuo", "la", "lai", "lan", "lang", "lao", "le", "lei", "len", "leng", "li", "lia", "lian",
    "liang", "liao", "lie", "lin", "ling", "liu", "lo", "long", "lou", "lu", "luan", "lun",
    "luo", "lv", "lve", "ma", "mai", "man", "mang", "mao", "me", "mei", "men", "meng", "mi",
    "mian", "miao", "mie", "min", "ming", "miu", "mo", "mou", "mu", "na", "nai", "nan", "nang",
    "nao", "ne", "nei", "nen", "neng", "ni", "nia", "nian", "niang", "niao", "nie", "nin",
    "ning", "niu", "nong", "nou", "nu", "nuan", "nun", "nuo", "nv", "nve", "o", "ou", "pa",
    "pai", "pan", "pang", "pao", "pei", "pen", "peng", "pi", "pian", "piao", "pie", "pin",
    "ping", "po", "pou", "pu", "qi", "qia", "qian", "qiang", "qiao", "qie", "qin", "qing",
    "qiong", "qiu", "qu", "quan", "que", "qun", "ran", "rang", "rao", "re", "ren", "reng", "ri",
    "rong", "rou", "ru", "rua", "ruan", "rui", "run", "ruo", "sa", "sai", "san", "sang", "sao",
    "se", "sen", "seng", "sha", "shai", "shan", "shang", "shao", "she", "shei", "shen", "sheng",
    "shi", "shou", "shu", "shua", "shuai", "shuan", "shuang", "shui", "shun", "shuo", "si",
    "song", "sou", "su", "suan", "sui", "sun", "suo", "ta", "tai", "tan", "tang", "tao", "te",
    "tei", "teng", "ti", "tian", "tiao", "tie", "ting", "tong", "tou", "tu", "tuan", "tui",
    "tun", "tuo", "wa", "wai", "wan", "wang", "wei", "wen", "weng", "wo", "wu", "xi", "xia",
    "xian", "xiang", "xiao", "xie", "xin", "xing", "xiong", "xiu", "xu", "xuan", "xue", "xun",
    "ya", "yan", "yang", "yao", "ye", "yi", "yin", "ying", "yo", "yong", "you", "yu", "yuan",
    "yue", "yun", "za", "zai", "zan", "zang", "zao", "ze", "zei", "zen", "zeng", "zha", "zhai",
    "zhan", "zhang", "zhao", "zhe", "zhei", "zhen", "zheng", "zhi", "zhong", "zhou", "zhu",
    "zhua", "zhuai", "zhuan", "zhuang", "zhui", "zhun", "zhuo", "zi", "zong", "zou", "zu",
    "zuan", "zui", "zun", "zuo",
  ]
}
