import Foundation
import ZIPFoundation

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// The zip container of an .xlsx or .docx, read with limits: every part's uncompressed bytes
/// are counted as they are inflated (declared sizes can lie), and the total is capped.
struct OOXMLPackage {
  enum Failure: Error {
    case notZip
    case damaged(String)
    case tooLarge
    case missingPart(String)
    case unsafeXML(String)
  }

  private let archive: Archive
  private var bytesRead = 0

  init(data: Data) throws(Failure) {
    guard
      data.starts(with: [0x50, 0x4B, 0x03, 0x04]) || data.starts(with: [0x50, 0x4B, 0x05, 0x06])
    else { throw .notZip }
    do {
      archive = try Archive(data: data, accessMode: .read)
    } catch {
      throw .damaged("\(error)")
    }
  }

  func has(_ path: String) -> Bool { archive[path] != nil }

  /// The part's bytes, or nil when the package has no such part.
  mutating func part(_ path: String) throws(Failure) -> Data? {
    guard let entry = archive[path] else { return nil }
    if entry.uncompressedSize > UInt64(ImportLimits.maximumBytes - bytesRead) { throw .tooLarge }
    var data = Data()
    var total = bytesRead
    do {
      _ = try archive.extract(entry, skipCRC32: false) { chunk in
        total += chunk.count
        if total > ImportLimits.maximumBytes { throw Failure.tooLarge }
        data.append(chunk)
      }
    } catch let failure as Failure {
      throw failure
    } catch {
      throw .damaged("\(path): \(error)")
    }
    bytesRead = total
    return data
  }

  /// The part parsed as XML.
  mutating func xml(_ path: String) throws(Failure) -> XMLPartElement? {
    guard let data = try part(path) else { return nil }
    return try XMLTree.parse(data, part: path)
  }

  /// The target of each relationship of a part: "rId1" → "xl/worksheets/sheet1.xml".
  mutating func relationships(of partPath: String) throws(Failure) -> [String: String] {
    let folder = (partPath as NSString).deletingLastPathComponent
    let name = (partPath as NSString).lastPathComponent
    let relsPath = folder.isEmpty ? "_rels/\(name).rels" : "\(folder)/_rels/\(name).rels"
    guard let rels = try xml(relsPath) else { return [:] }
    var result: [String: String] = [:]
    for relationship in rels.children(named: "Relationship") {
      guard let id = relationship.attributes["Id"], let target = relationship.attributes["Target"]
      else { continue }
      result[id] =
        target.hasPrefix("/")
        ? String(target.dropFirst())
        : ((folder as NSString).appendingPathComponent(target) as NSString).standardizingPath
    }
    return result
  }
}

/// A parsed XML element: local name (namespace prefix dropped), attributes by their local
/// name, children and text in order.
final class XMLPartElement {
  let name: String
  var attributes: [String: String]
  var children: [Node] = []

  enum Node {
    case element(XMLPartElement)
    case text(String)
  }

  init(name: String, attributes: [String: String]) {
    self.name = name
    self.attributes = attributes
  }

  var elements: [XMLPartElement] {
    children.compactMap { if case .element(let element) = $0 { element } else { nil } }
  }

  func children(named name: String) -> [XMLPartElement] { elements.filter { $0.name == name } }
  func child(_ name: String) -> XMLPartElement? { elements.first { $0.name == name } }

  /// Every descendant with this name, in document order.
  func descendants(named name: String) -> [XMLPartElement] {
    var result: [XMLPartElement] = []
    func walk(_ element: XMLPartElement) {
      for child in element.elements {
        if child.name == name { result.append(child) }
        walk(child)
      }
    }
    walk(self)
    return result
  }

  /// The concatenated text of the element and its descendants.
  var text: String {
    var result = ""
    for child in children {
      switch child {
      case .text(let text): result += text
      case .element(let element): result += element.text
      }
    }
    return result
  }
}

/// XMLParser into `XMLPartElement`s, with no DTDs and no external entities: a part that declares a
/// DOCTYPE is refused before parsing (OOXML never has one), and entity resolution is off.
enum XMLTree {
  static func parse(_ data: Data, part: String) throws(OOXMLPackage.Failure) -> XMLPartElement {
    if declaresDTD(data) {
      throw .unsafeXML("\(part) declares a DTD or entities, which OOXML never needs")
    }
    let parser = XMLParser(data: data)
    parser.shouldResolveExternalEntities = false
    parser.shouldProcessNamespaces = false
    let delegate = TreeDelegate()
    parser.delegate = delegate
    guard parser.parse(), let root = delegate.root else {
      let reason = parser.parserError.map { "\($0.localizedDescription)" } ?? "malformed XML"
      throw .damaged("\(part): \(reason) at line \(parser.lineNumber)")
    }
    return root
  }

  /// Whether the prolog (everything before the root element, however long) has a DOCTYPE.
  static func declaresDTD(_ data: Data) -> Bool {
    data.withUnsafeBytes { declaresDTD(bytes: $0.bindMemory(to: UInt8.self)) }
  }

  private static func declaresDTD(bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    var index = 0
    while index + 1 < bytes.count {
      if bytes[index] == UInt8(ascii: "<") {
        let next = bytes[index + 1]
        if next == UInt8(ascii: "!"), index + 3 < bytes.count,
          bytes[index + 2] == UInt8(ascii: "-"),
          bytes[index + 3] == UInt8(ascii: "-")
        {
          // A comment: skip to its end, so that a "<" inside it is not taken for the root.
          index += 4
          while index + 2 < bytes.count,
            !(bytes[index] == UInt8(ascii: "-") && bytes[index + 1] == UInt8(ascii: "-")
              && bytes[index + 2] == UInt8(ascii: ">"))
          {
            index += 1
          }
          index += 3
          continue
        }
        if next == UInt8(ascii: "!") {
          let word = bytes[(index + 2)..<min(index + 9, bytes.count)].map { $0 & 0xDF }
          if word.starts(with: Array("DOCTYPE".utf8)) || word.starts(with: Array("ENTITY".utf8)) {
            return true
          }
        } else if next != UInt8(ascii: "?") {
          return false  // the root element: no DTD can follow.
        }
      }
      index += 1
    }
    return false
  }

  private final class TreeDelegate: NSObject, XMLParserDelegate {
    var stack: [XMLPartElement] = []
    var root: XMLPartElement?

    static func local(_ name: String) -> String {
      name.firstIndex(of: ":").map { String(name[name.index(after: $0)...]) } ?? name
    }

    func parser(
      _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
      qualifiedName: String?, attributes: [String: String] = [:]
    ) {
      var local: [String: String] = [:]
      for (key, value) in attributes {
        // "r:id" and "id" both reachable; a prefixed name does not overwrite a plain one.
        let name = Self.local(key)
        if local[name] == nil || !key.contains(":") { local[name] = value }
        local[key] = value
      }
      let element = XMLPartElement(name: Self.local(elementName), attributes: local)
      if let parent = stack.last {
        parent.children.append(.element(element))
      } else {
        root = element
      }
      stack.append(element)
    }

    func parser(
      _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
      qualifiedName: String?
    ) {
      _ = stack.popLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
      guard let current = stack.last else { return }
      if case .text(let previous) = current.children.last {
        current.children[current.children.count - 1] = .text(previous + string)
      } else {
        current.children.append(.text(string))
      }
    }
  }
}
