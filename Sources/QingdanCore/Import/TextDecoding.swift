import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Text files from the table readers (CSV/TSV, HTML) in the encodings offices save them in:
/// UTF-8 with or without a BOM, UTF-16 with a BOM (Excel's "Unicode text"), and GBK/GB2312/
/// GB18030, converted through the C library's iconv.
enum TextDecoding {
  enum Failure: Error {
    case empty
    case binary
    case unknownEncoding(looksLikeGBK: Bool)
  }

  /// `declared`: a charset the file names (HTML `<meta charset>`), lower-cased.
  static func decode(_ data: Data, declared: String? = nil) throws(Failure) -> String {
    let bytes = [UInt8](data)
    if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
      throw .empty
    }
    if bytes.count >= 2, bytes[0] == 0xFF, bytes[1] == 0xFE {
      return String(decoding: utf16Units(bytes.dropFirst(2), littleEndian: true), as: UTF16.self)
    }
    if bytes.count >= 2, bytes[0] == 0xFE, bytes[1] == 0xFF {
      return String(decoding: utf16Units(bytes.dropFirst(2), littleEndian: false), as: UTF16.self)
    }
    var body = bytes[...]
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { body = bytes.dropFirst(3) }
    let declaresGB =
      declared.map { ["gbk", "gb2312", "gb18030", "x-gbk", "cp936"].contains($0) } ?? false
    if !declaresGB, let text = String(validating: body, as: UTF8.self) {
      if CatalogueText.looksBinary(Array(body)) { throw .binary }
      return text
    }
    if CatalogueText.looksBinary(Array(body)) { throw .binary }
    if declaresGB || GBKEvidence(Array(body)).looksLikeGBK,
      let text = convert(Array(body), from: "GB18030")
    {
      return text
    }
    if let text = String(validating: body, as: UTF8.self) { return text }
    throw .unknownEncoding(looksLikeGBK: GBKEvidence(Array(body)).looksLikeGBK)
  }

  private static func utf16Units(_ bytes: ArraySlice<UInt8>, littleEndian: Bool) -> [UInt16] {
    var units: [UInt16] = []
    units.reserveCapacity(bytes.count / 2)
    var index = bytes.startIndex
    while index + 1 < bytes.endIndex {
      let (low, high) =
        littleEndian ? (bytes[index], bytes[index + 1]) : (bytes[index + 1], bytes[index])
      units.append(UInt16(high) << 8 | UInt16(low))
      index += 2
    }
    return units
  }

  /// The bytes converted to UTF-8 by iconv; nil if the encoding is unknown or a byte
  /// sequence is invalid in it.
  static func convert(_ bytes: [UInt8], from encoding: String) -> String? {
    let converter = iconv_open("UTF-8", encoding)
    guard let converter, converter != iconv_t(bitPattern: -1) else { return nil }
    defer { iconv_close(converter) }
    var input = bytes.map { CChar(bitPattern: $0) }
    var output = [CChar](repeating: 0, count: bytes.count * 2 + 16)
    let produced: Int? = input.withUnsafeMutableBufferPointer { inputBuffer in
      output.withUnsafeMutableBufferPointer { outputBuffer in
        var inPointer = inputBuffer.baseAddress
        var inLeft = inputBuffer.count
        var outPointer = outputBuffer.baseAddress
        var outLeft = outputBuffer.count
        let result = iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
        if result == -1 || inLeft != 0 { return nil }
        return outputBuffer.count - outLeft
      }
    }
    guard let produced else { return nil }
    return String(validating: output[..<produced].map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }

  /// The message for a file that is not text in a known encoding.
  static func message(_ failure: Failure, file: String) -> String {
    switch failure {
    case .empty: "the file is empty"
    case .binary: "this is a binary file, not a text table"
    case .unknownEncoding(let looksLikeGBK):
      looksLikeGBK
        ? "the file is neither UTF-8 nor valid GBK; convert it with "
          + "`iconv -f GBK -t UTF-8 '\(file)' > converted.csv` and load that"
        : "the file is not UTF-8 text; save it as UTF-8 (CSV UTF-8 in Excel) and try again"
    }
  }
}
