import Foundation
import Testing

@testable import QingdanCore

/// Where the resources folder is looked for: an installed layout (PREFIX/bin beside
/// PREFIX/share/qingdan), a build tree, and `$QINGDAN_RESOURCES`.
@Suite("bundled resources lookup")
struct BundledResourcesTests {
  /// A scratch folder with `relativeFolders` created inside it (and their `catalogues/`).
  private func scratch(resourceFolders: [String]) throws -> URL {
    let root = FileManager.default.temporaryDirectory
      .appendingPathComponent("qingdan-resources-\(UUID().uuidString)")
    for folder in resourceFolders {
      try FileManager.default.createDirectory(
        at: root.appendingPathComponent(folder).appendingPathComponent("catalogues"),
        withIntermediateDirectories: true)
    }
    try FileManager.default.createDirectory(
      at: root.appendingPathComponent("usr/bin"), withIntermediateDirectories: true)
    return root.resolvingSymlinksInPath()
  }

  @Test("an installed binary finds PREFIX/share/qingdan and looks nowhere else")
  func installedLayout() throws {
    let root = try scratch(resourceFolders: ["usr/share/qingdan", "usr/Resources"])
    defer { try? FileManager.default.removeItem(at: root) }
    let lookup = BundledResources.lookup(
      environment: [:], executable: root.appendingPathComponent("usr/bin/qingdan").path)
    #expect(lookup.found?.path == root.appendingPathComponent("usr/share/qingdan").path)
    // Not the Resources folder above it, and never the checkout this test was built from.
    #expect(
      lookup.looked.map(\.url.path) == [root.appendingPathComponent("usr/share/qingdan").path])
  }

  @Test("a symlink to an installed binary leads to the prefix it points into")
  func symlinkedBinary() throws {
    let root = try scratch(resourceFolders: ["opt/qingdan/share/qingdan"])
    defer { try? FileManager.default.removeItem(at: root) }
    let bin = root.appendingPathComponent("opt/qingdan/bin")
    try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
    let binary = bin.appendingPathComponent("qingdan")
    try Data().write(to: binary)
    let link = root.appendingPathComponent("usr/bin/qingdan")
    try FileManager.default.createSymbolicLink(at: link, withDestinationURL: binary)
    let lookup = BundledResources.lookup(environment: [:], executable: link.path)
    #expect(lookup.found?.path == root.appendingPathComponent("opt/qingdan/share/qingdan").path)
  }

  @Test("an installed binary without its resources finds none and says where it looked")
  func installedWithoutResources() throws {
    let root = try scratch(resourceFolders: [])
    defer { try? FileManager.default.removeItem(at: root) }
    let lookup = BundledResources.lookup(
      environment: [:], executable: root.appendingPathComponent("usr/bin/qingdan").path)
    #expect(lookup.found == nil)
    #expect(lookup.looked.count == 1)
  }

  @Test("$QINGDAN_RESOURCES comes first")
  func environmentFirst() throws {
    let root = try scratch(resourceFolders: ["usr/share/qingdan", "mine"])
    defer { try? FileManager.default.removeItem(at: root) }
    let mine = root.appendingPathComponent("mine").path
    let lookup = BundledResources.lookup(
      environment: ["QINGDAN_RESOURCES": mine],
      executable: root.appendingPathComponent("usr/bin/qingdan").path)
    #expect(lookup.found?.path == mine)
    #expect(lookup.looked.first?.reason == "$QINGDAN_RESOURCES")
  }

  @Test("a built binary finds the Resources folder of its build tree")
  func buildTree() throws {
    let root = try scratch(resourceFolders: ["checkout/Resources"])
    defer { try? FileManager.default.removeItem(at: root) }
    let binary = root.appendingPathComponent(
      "checkout/.build/x86_64-unknown-linux-gnu/release/qingdan")
    let lookup = BundledResources.lookup(environment: [:], executable: binary.path)
    #expect(lookup.found?.path == root.appendingPathComponent("checkout/Resources").path)
  }
}
