// swift-tools-version: 6.1
import PackageDescription

let package = Package(
  name: "qingdan",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "qingdan", targets: ["qingdan"])
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    // The OOXML container (.xlsx, .docx) for the import readers and the xlsx export.
    .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
  ],
  targets: [
    // The catalogue model, parser, index and search. No terminal code.
    .target(
      name: "QingdanCore",
      dependencies: [.product(name: "ZIPFoundation", package: "ZIPFoundation")]),
    // The browser's pure core: State, Action, reduce, render(state) -> Screen, key map.
    .target(name: "QingdanBrowser", dependencies: ["QingdanCore"]),
    // ncursesw, imported through a small C shim.
    .systemLibrary(name: "CNcursesw", path: "Sources/CNcursesw"),
    // The thin terminal backend: draws a Screen, reads keys.
    .target(name: "QingdanTerminal", dependencies: ["QingdanBrowser", "CNcursesw"]),
    // The system's SQLite (libsqlite3-dev), imported through a module map.
    .systemLibrary(name: "CSQLite", path: "Sources/CSQLite"),
    // The operator's desk log on disk (SQLite, WAL): enquiries, misses, history, marks.
    .target(name: "QingdanDesk", dependencies: ["QingdanCore", "CSQLite"]),
    .executableTarget(
      name: "qingdan",
      dependencies: [
        "QingdanCore", "QingdanBrowser", "QingdanTerminal", "QingdanDesk",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    // Synthetic township catalogues in the real file format, for scale tests and benchmarks.
    .target(name: "QingdanCorpus", dependencies: ["QingdanCore"]),
    // Measuring: search quality on judged queries, timings, and scale.
    .executableTarget(
      name: "qingdan-bench",
      dependencies: [
        "QingdanCore", "QingdanBrowser", "QingdanCorpus",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .testTarget(name: "QingdanCoreTests", dependencies: ["QingdanCore", "QingdanCorpus"]),
    .testTarget(
      name: "QingdanBrowserTests", dependencies: ["QingdanBrowser", "QingdanCore"],
      exclude: ["Snapshots"]),
    .testTarget(name: "QingdanTerminalTests", dependencies: ["QingdanTerminal"]),
    .testTarget(name: "QingdanDeskTests", dependencies: ["QingdanDesk", "QingdanCore"]),
  ],
  swiftLanguageModes: [.v6]
)
