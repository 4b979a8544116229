import Foundation
import QingdanCore

/// `qingdan export --format xlsx`: one workbook, to a file or (not on a terminal) stdout.
enum XLSXExport {
  static func write(_ catalogues: [Catalogue], to path: String?) throws {
    let data: Data
    do {
      data = try XLSXWriter.workbook(catalogues)
    } catch {
      throw CommandError(error.description)
    }
    guard let path else {
      guard isatty(STDOUT_FILENO) == 0 else {
        throw CommandError(
          "a workbook is binary; give --out FILE.xlsx or redirect: qingdan export --format xlsx > 清单.xlsx"
        )
      }
      FileHandle.standardOutput.write(data)
      return
    }
    do {
      try data.write(to: URL(fileURLWithPath: path), options: .atomic)
    } catch {
      throw CommandError("\(path): cannot write the workbook (\(error.localizedDescription))")
    }
    Output.warn(
      "wrote \(path): \(catalogues.count) township(s), \(catalogues.reduce(0) { $0 + $1.items.count }) items"
    )
  }
}
