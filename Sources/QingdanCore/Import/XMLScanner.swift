import Foundation

/// A small, strict scanner for the XML of OOXML parts, by bytes: elements, attributes, text,
/// CDATA, comments and processing instructions; the five predefined entities and character
/// references. A DOCTYPE (and so any entity declaration) is refused, and nothing outside the
/// part is ever read. Foundation's XMLParser read the same parts 5–10× slower (measured on
/// the fixtures), which made a folder of workbooks load far behind the same text.
enum XMLScanner {
  enum Event {
    /// Local name (prefix dropped); attributes by qualified and by local name.
    case start(name: String, attributes: [String: String])
    case end
    case text(String)
  }

  enum Failure: Error {
    case declaresDTD
    case malformed(String, line: Int)
  }

  static func scan(_ data: Data, _ handle: (Event) -> Void) throws(Failure) {
    let result = data.withUnsafeBytes { raw -> Failure? in
      do throws(Failure) {
        try scan(bytes: raw.bindMemory(to: UInt8.self), handle)
        return nil
      } catch {
        return error
      }
    }
    if let result { throw result }
  }

  private static let lt = UInt8(ascii: "<")
  private static let gt = UInt8(ascii: ">")
  private static let amp = UInt8(ascii: "&")
  private static let slash = UInt8(ascii: "/")
  private static let quote = UInt8(ascii: "\"")
  private static let apostrophe = UInt8(ascii: "'")
  private static let equals = UInt8(ascii: "=")

  private static func scan(bytes: UnsafeBufferPointer<UInt8>, _ handle: (Event) -> Void)
    throws(Failure)
  {
    var index = 0
    var depth = 0
    if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
    func fail(_ reason: String, at offset: Int) -> Failure {
      .malformed(
        reason, line: 1 + bytes[0..<min(offset, bytes.count)].lazy.filter { $0 == 0x0A }.count)
    }
    func find(_ pattern: [UInt8], from start: Int) -> Int? {
      var position = start
      while position + pattern.count <= bytes.count {
        if bytes[position] == pattern[0] {
          var matches = true
          for offset in 1..<pattern.count where bytes[position + offset] != pattern[offset] {
            matches = false
            break
          }
          if matches { return position }
        }
        position += 1
      }
      return nil
    }
    while index < bytes.count {
      if bytes[index] != lt {
        var end = index
        while end < bytes.count, bytes[end] != lt { end += 1 }
        if depth > 0 { handle(.text(try decoded(bytes, index..<end, fail))) }
        index = end
        continue
      }
      guard index + 1 < bytes.count else { throw fail("a tag is cut off", at: index) }
      let next = bytes[index + 1]
      if next == UInt8(ascii: "?") {
        guard let end = find(Array("?>".utf8), from: index + 2) else {
          throw fail("a processing instruction is not closed", at: index)
        }
        index = end + 2
      } else if next == UInt8(ascii: "!") {
        if let end = matchAndFind(bytes, index, "<!--", "-->", find) {
          index = end
        } else if bytes.count - index >= 9,
          String(
            decoding: UnsafeBufferPointer(rebasing: bytes[(index + 2)..<(index + 9)]), as: UTF8.self
          )
            == "[CDATA["
        {
          guard let end = find(Array("]]>".utf8), from: index + 9) else {
            throw fail("a CDATA section is not closed", at: index)
          }
          if depth > 0 {
            handle(
              .text(
                String(
                  decoding: UnsafeBufferPointer(rebasing: bytes[(index + 9)..<end]), as: UTF8.self))
            )
          }
          index = end + 3
        } else {
          // <!DOCTYPE …>, <!ENTITY …>: never in OOXML, and the way to entity attacks.
          throw .declaresDTD
        }
      } else if next == slash {
        var end = index + 2
        while end < bytes.count, bytes[end] != gt { end += 1 }
        guard end < bytes.count else { throw fail("an end tag is cut off", at: index) }
        guard depth > 0 else { throw fail("an end tag without a start tag", at: index) }
        depth -= 1
        handle(.end)
        index = end + 1
      } else {
        index = try startTag(bytes, at: index, depth: &depth, handle, fail)
      }
    }
    if depth != 0 { throw fail("the part ends inside an element (truncated?)", at: bytes.count) }
  }

  /// If `open` is at `index`, the offset after the next `close`; nil if `open` is not there.
  private static func matchAndFind(
    _ bytes: UnsafeBufferPointer<UInt8>, _ index: Int, _ open: String, _ close: String,
    _ find: ([UInt8], Int) -> Int?
  ) -> Int? {
    let openBytes = Array(open.utf8)
    guard bytes.count - index >= openBytes.count else { return nil }
    for (offset, byte) in openBytes.enumerated() where bytes[index + offset] != byte { return nil }
    guard let end = find(Array(close.utf8), index + openBytes.count) else { return bytes.count }
    return end + close.utf8.count
  }

  private static func isSpace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
  }

  private static func isNameEnd(_ byte: UInt8) -> Bool {
    isSpace(byte) || byte == gt || byte == slash || byte == equals
  }

  private static func startTag(
    _ bytes: UnsafeBufferPointer<UInt8>, at start: Int, depth: inout Int, _ handle: (Event) -> Void,
    _ fail: (String, Int) -> Failure
  ) throws(Failure) -> Int {
    var index = start + 1
    let nameStart = index
    while index < bytes.count, !isNameEnd(bytes[index]) { index += 1 }
    guard index > nameStart else { throw fail("a tag has no name", start) }
    let name = localName(bytes, nameStart..<index)
    var attributes: [String: String] = [:]
    while true {
      while index < bytes.count, isSpace(bytes[index]) { index += 1 }
      guard index < bytes.count else { throw fail("a tag is cut off", start) }
      if bytes[index] == gt {
        depth += 1
        handle(.start(name: name, attributes: attributes))
        return index + 1
      }
      if bytes[index] == slash {
        guard index + 1 < bytes.count, bytes[index + 1] == gt else {
          throw fail("a broken tag", start)
        }
        handle(.start(name: name, attributes: attributes))
        handle(.end)
        return index + 2
      }
      let attributeStart = index
      while index < bytes.count, !isNameEnd(bytes[index]) { index += 1 }
      let attributeName = String(
        decoding: UnsafeBufferPointer(rebasing: bytes[attributeStart..<index]), as: UTF8.self)
      while index < bytes.count, isSpace(bytes[index]) { index += 1 }
      guard index < bytes.count, bytes[index] == equals else {
        throw fail("an attribute has no value", start)
      }
      index += 1
      while index < bytes.count, isSpace(bytes[index]) { index += 1 }
      guard index < bytes.count, bytes[index] == quote || bytes[index] == apostrophe else {
        throw fail("an attribute value is not quoted", start)
      }
      let delimiter = bytes[index]
      let valueStart = index + 1
      index = valueStart
      while index < bytes.count, bytes[index] != delimiter { index += 1 }
      guard index < bytes.count else { throw fail("an attribute value is not closed", start) }
      let value = try decoded(bytes, valueStart..<index) { fail($0, $1) }
      index += 1
      attributes[attributeName] = value
      if let colon = attributeName.firstIndex(of: ":") {
        let local = String(attributeName[attributeName.index(after: colon)...])
        if attributes[local] == nil { attributes[local] = value }
      }
    }
  }

  private static func localName(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String
  {
    var start = range.lowerBound
    for position in range where bytes[position] == UInt8(ascii: ":") { start = position + 1 }
    return String(
      decoding: UnsafeBufferPointer(rebasing: bytes[start..<range.upperBound]), as: UTF8.self)
  }

  /// Text with its entity and character references decoded.
  private static func decoded(
    _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ fail: (String, Int) -> Failure
  ) throws(Failure) -> String {
    let slice = UnsafeBufferPointer(rebasing: bytes[range])
    guard slice.contains(amp) else { return String(decoding: slice, as: UTF8.self) }
    var output: [UInt8] = []
    output.reserveCapacity(slice.count)
    var index = range.lowerBound
    while index < range.upperBound {
      let byte = bytes[index]
      guard byte == amp else {
        output.append(byte)
        index += 1
        continue
      }
      var end = index + 1
      while end < range.upperBound, bytes[end] != UInt8(ascii: ";"), end - index < 12 { end += 1 }
      guard end < range.upperBound, bytes[end] == UInt8(ascii: ";") else {
        throw fail("a “&” that starts no reference", index)
      }
      let name = String(
        decoding: UnsafeBufferPointer(rebasing: bytes[(index + 1)..<end]), as: UTF8.self)
      switch name {
      case "lt": output.append(lt)
      case "gt": output.append(gt)
      case "amp": output.append(amp)
      case "quot": output.append(quote)
      case "apos": output.append(apostrophe)
      default:
        let number: UInt32? =
          name.hasPrefix("#x") || name.hasPrefix("#X")
          ? UInt32(name.dropFirst(2), radix: 16)
          : name.hasPrefix("#") ? UInt32(name.dropFirst()) : nil
        guard let number, let scalar = Unicode.Scalar(number) else {
          throw fail("the entity “&\(name);” is not defined (OOXML has no DTD)", index)
        }
        output.append(contentsOf: Array(String(Character(scalar)).utf8))
      }
      index = end + 1
    }
    return String(decoding: output, as: UTF8.self)
  }
}
