import Foundation

@testable import QingdanCore

/// The engine every input searches: the bundled catalogues with the bundled tables, built
/// once per process.
private let engine: SearchEngine = {
  guard let resources = try? SearchResources.loadDefault(),
    let paths = try? CatalogueLoader.dataPaths(explicit: []),
    let loaded = try? CatalogueLoader.load(paths: paths)
  else { fatalError("the bundled Resources/ were not found; run from the checkout") }
  return SearchEngine(catalogue: CatalogueIndex(catalogues: loaded.catalogues), resources: resources)
}()

/// libFuzzer target: any bytes as a query (lossily decoded, as a terminal would). The first
/// byte picks a scope and a limit, so scoped searches and odd limits are covered too.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = UnsafeBufferPointer(start: data, count: size)
  let control = bytes.first ?? 0
  let query = String(decoding: bytes.dropFirst(), as: UTF8.self)
  let lists: [ListKind?] = [nil, .basic, .cooperative, .recovered]
  let scope = SearchScope(
    township: control & 0x04 == 0 ? nil : engine.catalogue.catalogues.first?.township,
    list: lists[Int(control & 0x03)])
  let limit = [20, 1, 0, 1000][Int(control >> 3) & 0x03]
  let hits = engine.search(query, scope: scope, limit: limit)
  precondition(hits.count <= max(limit, 0), "more hits than the limit")
  for hit in hits.prefix(3) {
    _ = engine.highlighter(for: query).matches(item: hit.position, in: engine.index)
  }
  return 0
}
