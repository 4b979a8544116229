/// The names of one generated township and of the county and prefecture it belongs to.
struct Place: Sendable {
  /// As in headings: "伊犁州", "塔城地区".
  var prefecture: String
  /// On the cover: "伊犁哈萨克自治州".
  var prefectureLongName: String
  /// "昆仑县", "玉龙市".
  var county: String
  /// "红柳乡".
  var township: String

  func value(of slot: PlaceSlot) -> String {
    switch slot {
    case .prefecture: prefecture
    // "州生态环境局" is how the catalogues write a 州's department; a 地区's is written in full.
    case .prefectureLevel: prefecture.hasSuffix("州") ? "州" : prefecture
    case .county: county
    case .countyLevel: county.last.map(String.init) ?? county
    case .countyStem: String(county.dropLast())
    case .township: township
    }
  }

  /// The text with every slot marker replaced by this place's name, in one pass over the
  /// UTF-8 bytes: a marker U+E000+k is the three bytes EE 80 80+k.
  func substitute(_ text: String) -> String {
    let values = PlaceSlot.allCases.map { Array(value(of: $0).utf8) }
    let slotCount = UInt8(values.count)
    var output: [UInt8] = []
    output.reserveCapacity(text.utf8.count + text.utf8.count / 8)
    var text = text
    text.withUTF8 { bytes in
      var index = 0
      let count = bytes.count
      while index < count {
        let byte = bytes[index]
        if byte == 0xEE, index + 2 < count, bytes[index + 1] == 0x80,
          bytes[index + 2] >= 0x80, bytes[index + 2] - 0x80 < slotCount
        {
          output += values[Int(bytes[index + 2] - 0x80)]
          index += 3
        } else {
          output.append(byte)
          index += 1
        }
      }
    }
    return String(decoding: output, as: UTF8.self)
  }
}
