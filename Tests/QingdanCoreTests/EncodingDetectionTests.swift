import Foundation
import Testing

@testable import QingdanCore

/// GBK is told from UTF-8 with a few damaged bytes: real GBK gets the iconv hint, a stray
/// byte or a download cut mid-character costs one line (reported, shown as U+FFFD), never
/// the file.
@Suite("Encoding detection: GBK against damaged UTF-8")
struct EncodingDetectionTests {
  static let seedBytes = [UInt8](FileManager.default.contents(atPath: Seeds.path("大西渠镇"))!)
  static let seedItemCount = Seeds.daxiqu.catalogue!.items.count

  func parse(_ bytes: [UInt8], file: String = "t.txt") -> ParseResult {
    CatalogueParser.parse(data: Data(bytes), file: file)
  }

  func encodingWarnings(_ result: ParseResult) -> [Diagnostic] {
    result.diagnostics.filter {
      $0.message.contains("not UTF-8") || $0.message.contains("middle of a character")
    }
  }

  /// The seed as GBK, made by the system's iconv as a user would.
  static func gbk(_ bytes: [UInt8]) throws -> [UInt8] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/iconv")
    process.arguments = ["-f", "UTF-8", "-t", "GBK"]
    let input = Pipe()
    let output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    try process.run()
    let writer = Thread {
      input.fileHandleForWriting.write(Data(bytes)); try? input.fileHandleForWriting.close()
    }
    writer.start()
    let converted = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    return [UInt8](converted)
  }

  @Test func seedHasNoEncodingWarnings() {
    #expect(encodingWarnings(Seeds.daxiqu).isEmpty)
    #expect(Self.seedItemCount == 244)
  }

  @Test func realGBKGetsTheIconvHint() throws {
    let result = parse(try Self.gbk(Self.seedBytes), file: "gbk.txt")
    #expect(result.catalogue == nil)
    let message = try #require(result.diagnostics.first).description
    #expect(message.contains("looks like GBK"), "\(message)")
    #expect(message.contains("iconv -f GBK -t UTF-8 'gbk.txt'"))
  }

  /// The seed cut inside its last character, at each byte of it: every item loads, and
  /// the last line is reported as cut short.
  @Test func seedCutMidCharacterLoadsEveryItem() throws {
    let lastLine = Seeds.lines("大西渠镇").count
    let lastCharacterLength = String(decoding: Self.seedBytes.suffix(4), as: UTF8.self)
      .unicodeScalars.last!.utf8.count
    #expect(lastCharacterLength == 3)
    for cut in 1..<lastCharacterLength {
      let result = parse(Array(Self.seedBytes.dropLast(cut)))
      #expect(result.catalogue?.items.count == Self.seedItemCount)
      let warnings = encodingWarnings(result)
      #expect(warnings.count == 1)
      #expect(warnings.first?.line == lastLine)
      #expect(warnings.first?.severity == .warning)
      #expect(warnings.first?.message.contains("middle of a character") == true)
    }
  }

  /// A small catalogue cut at every byte offset inside every multi-byte character: never
  /// refused, and the one warning names the line the cut is on.
  @Test func cutAtEveryOffsetInsideACharacter() {
    let text = """
      昌吉州昌吉市大西渠镇基本履职事项清单
      序号\t事项类别\t事项名称
      1\t民政\t低保审核
      2\t党建\t长者关爱
      """
    let bytes = Array(text.utf8)
    var cuts = 0
    for end in 1..<bytes.count where bytes[end] & 0xC0 == 0x80 {
      let prefix = Array(bytes[..<end])
      let result = parse(prefix)
      let warnings = encodingWarnings(result)
      let line = prefix.filter { $0 == 0x0A }.count + 1
      #expect(warnings.map(\.line) == [line], "cut at \(end)")
      #expect(warnings.first?.message.contains("middle of a character") == true)
      #expect(!result.diagnostics.contains { $0.message.contains("not UTF-8 text") })
      cuts += 1
    }
    #expect(cuts > 50)
  }

  @Test(arguments: [UInt8(0xE9), 0x80, 0xFF, 0xC0])
  func strayByteCostsOneLine(stray: UInt8) throws {
    let at = try #require(Self.seedBytes.firstRange(of: Array("低保".utf8))).lowerBound
    var bytes = Self.seedBytes
    bytes.insert(stray, at: at)
    let line = bytes[..<at].filter { $0 == 0x0A }.count + 1
    let result = parse(bytes)
    let catalogue = try #require(result.catalogue)
    #expect(catalogue.items.count == Self.seedItemCount)
    let warnings = encodingWarnings(result)
    #expect(warnings.count == 1)
    #expect(warnings.first?.line == line)
    #expect(
      warnings.first?.message.contains(String(format: "(%02X)", stray)) == true,
      "\(warnings.first?.message ?? "")")
    let damaged = catalogue.items.first { $0.sourceLine == line }
    #expect(damaged?.name.contains("\u{FFFD}低保") == true, "\(damaged?.name ?? "no item")")
  }

  /// One row pasted in GBK into a UTF-8 file: the row's line is reported, the rest loads.
  @Test func utf8FileWithAGBKRow() throws {
    var lines = Seeds.lines("大西渠镇")
    let row = try #require(lines.firstIndex { $0.hasPrefix("5\t") })
    let gbkRow = try Self.gbk(Array(lines[row].utf8))
    var bytes: [UInt8] = []
    for (index, line) in lines.enumerated() {
      bytes += index == row ? gbkRow : Array(line.utf8)
      bytes.append(0x0A)
    }
    lines = []
    let result = parse(bytes)
    #expect(encodingWarnings(result).map(\.line) == [row + 1])
    #expect(result.catalogue?.items.count ?? 0 >= Self.seedItemCount - 1)
  }

  /// A GBK file with a UTF-8 line in it is still GBK.
  @Test func gbkFileWithAUTF8Line() throws {
    var bytes = try Self.gbk(Self.seedBytes)
    bytes += Array("\n备注：本清单由大西渠镇整理\n".utf8)
    let message = parse(bytes).diagnostics.first?.message ?? ""
    #expect(message.contains("looks like GBK"), "\(message)")
  }

  /// Half UTF-8, half GBK is neither: no iconv hint that would garble the UTF-8 half.
  @Test func evenMixIsRefusedWithoutTheGBKHint() throws {
    let half = Self.seedBytes.count / 2
    let firstHalf = Array(Self.seedBytes[..<half])
    let split = firstHalf.lastIndex(of: 0x0A)!
    let utf8Part = Array(Self.seedBytes[...split])
    let gbkPart = try Self.gbk(Array(Self.seedBytes[(split + 1)...]))
    let message = parse(utf8Part + gbkPart).diagnostics.first?.message ?? ""
    #expect(message.contains("not UTF-8 text"))
    #expect(!message.contains("GBK"), "\(message)")
  }

  /// The repair replaces exactly what the standard library's decoding replaces.
  @Test func repairAgreesWithTheStandardLibrary() {
    var generator = SystemRandomNumberGenerator()
    let alphabet: [UInt8] = [
      0x41, 0x0A, 0x80, 0xBF, 0xC2, 0xDF, 0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xA0, 0x9F, 0x90,
      0x8F, 0xFF,
    ]
    for _ in 0..<2000 {
      let bytes = (0..<Int.random(in: 0..<12, using: &generator)).map { _ in
        alphabet.randomElement(using: &generator)!
      }
      let repaired = UTF8Repair(bytes).bytes
      #expect(repaired == Array(String(decoding: bytes, as: UTF8.self).utf8), "\(bytes)")
    }
  }
}
