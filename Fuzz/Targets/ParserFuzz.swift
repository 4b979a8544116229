import Foundation

@testable import QingdanCore

/// libFuzzer target: any bytes as a catalogue file. The parser must give a result (a
/// catalogue, diagnostics or both) and the catalogue index must build over whatever it read.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let result = CatalogueParser.parse(data: Data(bytes: data, count: size), file: "fuzz.txt")
  if let catalogue = result.catalogue {
    let index = CatalogueIndex(catalogues: [catalogue])
    _ = index.departments.count
  }
  _ = result.coverage
  return 0
}
