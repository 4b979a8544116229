import Foundation
import ZIPFoundation

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

/// OOXML parts into `XMLPartElement`s, through `XMLScanner`: no DTDs, so no entities but the
/// five predefined ones and character references, and nothing is ever fetched.
enum XMLTree {
  static func parse(_ data: Data, part: String) throws(OOXMLPackage.Failure) -> XMLPartElement {
    var stack: [XMLPartElement] = []
    var root: XMLPartElement?
    do {
      try XMLScanner.scan(data) { event in
        switch event {
        case .start(let name, let attributes):
          let element = XMLPartElement(name: name, attributes: attributes)
          if let parent = stack.last {
            parent.children.append(.element(element))
          } else if root == nil {
            root = element
          }
          stack.append(element)
        case .end:
          _ = stack.popLast()
        case .text(let text):
          stack.last?.children.append(.text(text))
        }
      }
    } catch {
      throw failure(error, part: part)
    }
    guard let root else { throw .damaged("\(part): no root element") }
    return root
  }

  static func failure(_ error: XMLScanner.Failure, part: String) -> OOXMLPackage.Failure {
    switch error {
    case .declaresDTD:
      .unsafeXML("\(part) declares a DTD or entities, which OOXML never needs")
    case .malformed(let reason, let line):
      .damaged("\(part): \(reason) at line \(line)")
    }
  }
}
