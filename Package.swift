// swift-tools-version: 6.1
import PackageDescription

let package = Package(
  name: "qingdan",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "qingdan", targets: ["qingdan"])
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0")
  ],
  targets: [
    // The catalogue model, parser, index and search. No terminal code.
    .target(name: "QingdanCore"),
    // The browser's pure core: State, Action, reduce, render(state) -> Screen, key map.
    .target(name: "QingdanBrowser", dependencies: ["QingdanCore"]),
    // ncursesw, imported through a small C shim.
    .systemLibrary(name: "CNcursesw", path: "Sources/CNcursesw"),
    // The thin terminal backend: draws a Screen, reads keys.
    .target(name: "QingdanTerminal", dependencies: ["QingdanBrowser", "CNcursesw"]),
    .executableTarget(
      name: "qingdan",
      dependencies: [
        "QingdanCore", "QingdanBrowser", "QingdanTerminal",
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
  ],
  swiftLanguageModes: [.v6]
)
