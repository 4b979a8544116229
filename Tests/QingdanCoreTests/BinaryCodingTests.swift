import Foundation
import Testing

@testable import QingdanCore

@Suite("Content hash, binary writer and reader, catalogue codec")
struct BinaryCodingTests {
  @Test func contentHashMatchesXXH64ReferenceValues() {
    #expect(ContentHash.hash([UInt8]()) == 0xEF46_DB37_51D8_E999)
    #expect(ContentHash.hash("a") == 0xD24E_C4F1_A98C_6E5B)
    #expect(ContentHash.hash("abc") == 0x44BC_2CF5_AD77_0999)
    #expect(ContentHash.hash("Nobody inspects the spammish repetition") == 0xFBCE_A83C_8A37_8BF1)
  }

  @Test func contentHashSeesEveryByteAndTail() {
    let bytes = (0..<257).map { UInt8(truncatingIfNeeded: $0 &* 31) }
    var seen = Set<UInt64>()
    for length in 0...bytes.count {
      let prefix = Array(bytes[..<length])
      #expect(ContentHash.hash(prefix) == ContentHash.hash(Data(prefix)))
      seen.insert(ContentHash.hash(prefix))
      if length > 0 {
        var flipped = prefix
        flipped[length - 1] ^= 1
        #expect(ContentHash.hash(flipped) != ContentHash.hash(prefix))
      }
    }
    #expect(seen.count == bytes.count + 1)
  }

  @Test func primitivesRoundTrip() throws {
    var writer = BinaryWriter()
    writer.writeByte(0xAB)
    writer.writeBool(true)
    writer.writeBool(false)
    writer.writeFixed(UInt16(0xBEEF))
    writer.writeFixed(Int32(-5))
    writer.writeFixed(UInt64.max)
    for value: UInt64 in [0, 1, 127, 128, 300, 1 << 35, .max] { writer.writeVarint(value) }
    for value in [0, -1, 1, -64, 64, Int.min, Int.max] { writer.writeInt(value) }
    writer.writeFloat(-1.5)
    writer.writeDouble(.pi)
    writer.writeArray([UInt32(1), 2, 0xFFFF_FFFF])
    writer.writeArray([UInt16]())
    writer.writeArray([UInt64(7), .max])
    writer.writeArray([Float(0.25), -.infinity])
    writer.writeArray([Int32.min, 0, .max])
    writer.writeBytes([9, 8, 7])
    writer.writeString("木垒县大石头乡")
    writer.writeOptionalString(nil)
    writer.writeOptionalString("")
    writer.writeBlock { $0.writeString("木垒县大石头乡") }

    var reader = try BinaryReader(bytes: writer.finish())
    #expect(try reader.readByte() == 0xAB)
    #expect(try reader.readBool() == true)
    #expect(try reader.readBool() == false)
    #expect(try reader.readFixed(UInt16.self) == 0xBEEF)
    #expect(try reader.readFixed(Int32.self) == -5)
    #expect(try reader.readFixed(UInt64.self) == .max)
    for value: UInt64 in [0, 1, 127, 128, 300, 1 << 35, .max] {
      #expect(try reader.readVarint() == value)
    }
    for value in [0, -1, 1, -64, 64, Int.min, Int.max] { #expect(try reader.readInt() == value) }
    #expect(try reader.readFloat() == -1.5)
    #expect(try reader.readDouble() == .pi)
    #expect(try reader.readArray(UInt32.self) == [1, 2, 0xFFFF_FFFF])
    #expect(try reader.readArray(UInt16.self) == [])
    #expect(try reader.readArray(UInt64.self) == [7, .max])
    #expect(try reader.readArray(Float.self) == [0.25, -.infinity])
    #expect(try reader.readArray(Int32.self) == [.min, 0, .max])
    #expect(try reader.readBytes() == [9, 8, 7])
    #expect(try reader.readString() == "木垒县大石头乡")
    #expect(try reader.readOptionalString() == nil)
    #expect(try reader.readOptionalString() == "")
    var block = try reader.readBlock()
    #expect(try block.readString() == "木垒县大石头乡")
    try block.expectEnd("the block")
    try reader.expectEnd("the test values")
  }

  @Test func equalStringsAreStoredOnceAndShareOneBuffer() throws {
    let text = "乡镇配合职责：开展防灾减灾的宣传，组织群众转移避险"
    var writer = BinaryWriter()
    for _ in 0..<100 { writer.writeString(String(text.unicodeScalars)) }
    let bytes = writer.finish()
    #expect(bytes.count < text.utf8.count + 200)
    var reader = try BinaryReader(bytes: bytes)
    var first = try reader.readString()
    var second = try reader.readString()
    let firstAddress = first.withUTF8 { $0.baseAddress }
    let secondAddress = second.withUTF8 { $0.baseAddress }
    #expect(first == text)
    #expect(firstAddress == secondAddress)
  }

  @Test func canonicallyEquivalentStringsKeepTheirOwnBytes() throws {
    let composed = "caf\u{E9}"
    let decomposed = "cafe\u{301}"
    var writer = BinaryWriter()
    writer.writeString(composed)
    writer.writeString(decomposed)
    var reader = try BinaryReader(bytes: writer.finish())
    #expect(Array(try reader.readString().utf8) == Array(composed.utf8))
    #expect(Array(try reader.readString().utf8) == Array(decomposed.utf8))
  }

  @Test func damagedCountsFailWithoutAllocating() throws {
    var writer = BinaryWriter()
    writer.writeVarint(UInt64.max / 2)
    var reader = try BinaryReader(bytes: writer.finish())
    #expect(throws: SnapshotError.self) { try reader.readArray(UInt64.self) }
    var overlong = BinaryReader(rawBytes: Array(repeating: 0xFF, count: 11) + [0])
    #expect(throws: SnapshotError.self) { try overlong.readVarint() }
    var empty = BinaryReader(rawBytes: [])
    #expect(throws: SnapshotError.self) { try empty.readFixed(UInt32.self) }
    var noTable = BinaryReader(rawBytes: [0])
    #expect(throws: SnapshotError.self) { try noTable.readString() }
  }

  @Test func bundledCataloguesRoundTrip() throws {
    let loaded = try CatalogueLoader.load(paths: try CatalogueLoader.dataPaths(explicit: []))
    #expect(!loaded.catalogues.isEmpty)
    #expect(try CatalogueCodec.decode(CatalogueCodec.encode(loaded)) == loaded)
  }

  @Test func syntheticCorpusRoundTrips() throws {
    let loaded = try CatalogueLoader.load(paths: [CacheFixtures.sharedCorpus.path])
    #expect(loaded.catalogues.count == 10)
    #expect(!loaded.diagnostics.isEmpty, "the corpus has repairable damage, so diagnostics")
    let decoded = try CatalogueCodec.decode(CatalogueCodec.encode(loaded))
    #expect(decoded == loaded)
    // Ids and texts are what search reads; compare them explicitly, byte for byte.
    for (original, copy) in zip(loaded.catalogues, decoded.catalogues) {
      for (a, b) in zip(original.items, copy.items) {
        #expect(a.id == b.id)
        #expect(Array(a.name.utf8) == Array(b.name.utf8))
      }
    }
  }

  @Test func everyKindOfDetailAndBlockRoundTrips() throws {
    let department = Department(name: "木垒县水利局", asWritten: "县水利局")
    let text = DutyText(blocks: [
      .department("县应急管理局"), .heading("一、宣传"), .step(label: "1", text: "开展宣传；"),
      .paragraph("其他"),
    ])
    let items = [
      Item(
        township: "大石头乡", list: .basic, number: 1, category: "党的建设", name: "甲",
        detail: .basic, handler: .of(list: .basic, township: "大石头乡", departments: []),
        sourceLine: 10),
      Item(
        township: "大石头乡", list: .cooperative, number: 2, category: "", name: "乙",
        detail: .cooperative(
          Cooperation(departments: [department], departmentDuties: text, townshipDuties: .empty)),
        handler: .of(list: .cooperative, township: "大石头乡", departments: [department]),
        sourceLine: -1),
      Item(
        township: "大石头乡", list: .recovered, number: Int.max, category: "c", name: "丙",
        detail: .recovered(Recovery(receiver: department, method: text)),
        handler: .of(list: .recovered, township: "大石头乡", departments: [department]),
        sourceLine: 0),
      // A handler other than the derived one is kept as it is.
      Item(
        township: "大石头乡", list: .cooperative, number: 3, category: "c", name: "丁",
        detail: .cooperative(
          Cooperation(departments: [department], departmentDuties: .empty, townshipDuties: text)),
        handler: Handler(role: .recovered, township: "别处", departments: []), sourceLine: 4),
    ]
    let catalogue = Catalogue(
      region: Region(prefecture: "昌吉州", county: "木垒县", township: "大石头乡"),
      title: "木垒县大石头乡履职事项清单", date: nil, source: "a.txt", items: items)
    let result = LoadResult(
      catalogues: [catalogue],
      files: [
        FileReport(
          file: "a.txt", township: "大石头乡",
          diagnostics: [Diagnostic(severity: .warning, file: "a.txt", line: 3, message: "m")],
          coverage: LineCoverage(roles: [.blank, .structural, .item("x"), .unplaced])),
        FileReport(file: "b.txt", township: nil, diagnostics: [], coverage: .zero),
      ])
    #expect(try CatalogueCodec.decode(CatalogueCodec.encode(result)) == result)
  }

  /// Random bytes, truncations and flipped bytes of a valid section: each decodes or throws,
  /// never traps.
  @Test func damagedInputNeverTraps() throws {
    var random = SplitMix64(seed: 42)
    let loaded = try CatalogueLoader.load(paths: try CatalogueLoader.dataPaths(explicit: []))
    let valid = CatalogueCodec.encode(loaded)
    for _ in 0..<300 {
      let length = Int.random(in: 0..<200, using: &random)
      let garbage = (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
      _ = try? CatalogueCodec.decode(garbage)
      _ = try? Payload.decode(garbage)
      _ = try? SnapshotKey(decoding: garbage)
    }
    for _ in 0..<300 {
      let cut = Int.random(in: 0..<valid.count, using: &random)
      #expect(throws: SnapshotError.self) { try CatalogueCodec.decode(Array(valid[..<cut])) }
    }
    for _ in 0..<300 {
      var damaged = valid
      for _ in 0..<Int.random(in: 1...4, using: &random) {
        damaged[Int.random(in: 0..<damaged.count, using: &random)] = UInt8.random(
          in: 0...255, using: &random)
      }
      _ = try? CatalogueCodec.decode(damaged)
    }
  }
}
