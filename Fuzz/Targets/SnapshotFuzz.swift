import Foundation

@testable import QingdanCore

private let resources: SearchResources = {
  guard let resources = try? SearchResources.loadDefault() else {
    fatalError("the bundled Resources/ were not found; run from the checkout")
  }
  return resources
}()

/// libFuzzer target: any bytes as a snapshot's key and as its payload (what follows the
/// checksummed header; a fuzzer cannot forge checksums, a damaged disk or a buggy writer
/// can, and a file edited in place under a mapping bypasses them). Whatever decodes must
/// serve queries: the catalogue index is built, the stored search index is read and
/// validated (checksums are checked by the store, not here, so that the readers are what is
/// fuzzed), and a few queries are run. Items decoded when read, as a start from the cache does, must equal
/// those decoded at once whenever those decode; when only the keys decode (items are not
/// read at open), every item must still read back, damaged ones as marked items.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = [UInt8](UnsafeBufferPointer(start: data, count: size))
  _ = try? SnapshotKey(decoding: bytes)
  let decoded = try? Payload.decode(bytes)
  let mapped = try? Payload.decode(bytes, itemsWhenRead: true)
  if let decoded {
    guard let mapped, mapped.0 == decoded.0 else {
      fatalError("items decoded when read differ from those decoded at once")
    }
  }
  guard let (result, sections) = mapped else { return 0 }
  if decoded == nil {
    for catalogue in result.catalogues { for item in catalogue.items { _ = item.name } }
  }
  let catalogue = CatalogueIndex(catalogues: result.catalogues)
  let itemCount = result.catalogues.reduce(0) { $0 + $1.items.count }
  guard
    let index = try? SearchEngine.storedIndex(
      sections, itemCount: itemCount, resources: resources)
  else { return 0 }
  let engine = SearchEngine(catalogue: catalogue, resources: resources, index: index)
  for query in ["低保", "dibao", "zjd", "救助 临时", "长"] {
    for hit in engine.search(query, limit: 5) {
      _ = engine.highlighter(for: query).matches(item: hit.position, in: engine.index)
    }
  }
  return 0
}
