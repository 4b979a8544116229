/// Invented prefectures, counties and townships for the synthetic corpus.
///
/// Every name must survive `ListHeading.region(from:)`, which splits "昌吉州木垒县大石头乡" at
/// the first 州/地区/盟, then the first 县/市/区/旗: so no stem contains a level word, and none
/// contains 乡/镇 or an ending such as 局/部/委 that would make it read as a department. Nor
/// any character Swift counts as a number (什, 十, 万): a heading that starts with one reads
/// as a table-of-contents entry.
struct PlaceNames: Sendable {
  let seed: UInt64

  /// Common place-name characters (directions, landforms, auspicious words, sounds of Uyghur
  /// and Kazakh names). Not 头/渠/垒/吉, so no name repeats a bundled catalogue's.
  static let townshipCharacters = Array(
    "东西南北上下大小新红白黑青黄金石泉河湖沟山岭坡庄屯堡营湾滩梁井柳杨榆松草花园林沙水源平安兴宁丰康乐春阳明光永长古阿克托喀巴尔哈萨依提")
  static let countyCharacters = Array(
    "昆仑天池雪峰玉龙凤鹤鹰祥瑞嘉泰盛昌隆宏远宝清流溪川原野岗屏峪洋海滨江温精奇英若额敏沙雅岳普")
  static let prefectureCharacters = Array("伊犁塔城博乐勒和田喀奎吐番哈密克拉玛依库车阿图且末尉轮")
  static let autonomousPeoples = ["回族", "哈萨克", "蒙古", "柯尔克孜"]

  /// Townships per county: each block of 32 townships is split into two counties of 12…20.
  static let townshipsPerCountyPair = 32
  /// Counties per prefecture: each block of 20 counties is split into two prefectures of 8…12.
  static let countiesPerPrefecturePair = 20

  func countyIndex(ofTownship township: Int) -> Int {
    let block = township / Self.townshipsPerCountyPair
    var random = SplitMix64(seed: seed, index: block, purpose: .countyLayout)
    let firstCountySize = random.int(in: 12...20)
    return block * 2 + (township % Self.townshipsPerCountyPair < firstCountySize ? 0 : 1)
  }

  func prefectureIndex(ofCounty county: Int) -> Int {
    let block = county / Self.countiesPerPrefecturePair
    var random = SplitMix64(seed: seed, index: block, purpose: .prefectureLayout)
    let firstPrefectureSize = random.int(in: 8...12)
    return block * 2 + (county % Self.countiesPerPrefecturePair < firstPrefectureSize ? 0 : 1)
  }

  /// "红柳" + the template's level word (乡/镇): the level comes from the template, whose texts
  /// say 本乡 or 本镇 throughout.
  func townshipStem(_ index: Int) -> String {
    uniqueStem(index, characters: Self.townshipCharacters, salt: 1)
  }

  /// "昆仑县", now and then "昆仑市" (a county-level city).
  func county(_ index: Int) -> String {
    var random = SplitMix64(seed: seed, index: index, purpose: .countyKind)
    let level = random.chance(0.2) ? "市" : "县"
    return uniqueStem(index, characters: Self.countyCharacters, salt: 2) + level
  }

  /// The short name used in headings ("伊犁州", "塔城地区") and the long one on the cover
  /// ("伊犁哈萨克自治州").
  func prefecture(_ index: Int) -> (short: String, long: String) {
    let stem = uniqueStem(index, characters: Self.prefectureCharacters, salt: 3)
    var random = SplitMix64(seed: seed, index: index, purpose: .prefectureKind)
    if random.chance(0.6) {
      return (stem + "州", stem + random.element(of: Self.autonomousPeoples) + "自治州")
    }
    return (stem + "地区", stem + "地区")
  }

  /// A different stem for every index: indices are numbered through the 2-character names,
  /// then the 3-character ones, and so on, and within each length an affine bijection
  /// (index × a + b mod size, a coprime to size) shuffles which name each index gets.
  func uniqueStem(_ index: Int, characters: [Character], salt: UInt64) -> String {
    precondition(index >= 0)
    let base = UInt64(characters.count)
    var local = UInt64(index)
    var length = 2
    var size = base * base
    while local >= size {
      local -= size
      length += 1
      precondition(length <= 5, "more places than the name tables can tell apart")
      size *= base
    }
    var random = SplitMix64(seed: seed ^ salt, index: length, purpose: .nameTable)
    var multiplier = random.next() % size
    while Self.greatestCommonDivisor(multiplier, size) != 1 { multiplier += 1 }
    let offset = random.next() % size
    // size ≤ base⁵ < 2³², so the product cannot overflow.
    var code = (local * multiplier + offset) % size
    var stem: [Character] = []
    for _ in 0..<length {
      stem.append(characters[Int(code % base)])
      code /= base
    }
    return String(stem)
  }

  static func greatestCommonDivisor(_ a: UInt64, _ b: UInt64) -> UInt64 {
    var (a, b) = (a, b)
    while b != 0 { (a, b) = (b, a % b) }
    return a
  }
}
