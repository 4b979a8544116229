import ArgumentParser
import Foundation
import QingdanCore

struct CheckCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check",
    abstract: "Parse catalogue files and print diagnostics as file:line: reason.",
    discussion: """
      Exit status 0 if clean, 1 if there is any warning or error.
      `qingdan check --contacts FILE` (or `qingdan check contacts` for the configured file,
      $XDG_CONFIG_HOME/qingdan/contacts.tsv) checks a contacts directory against the
      catalogues (--data, else $QINGDAN_DATA, else the bundled ones): rows that cannot be
      read, rows that match no department (with the closest known name) or several, and the
      departments and townships with no row.
      """)

  @Argument(
    help:
      "Catalogue files or directories. Default: the loaded catalogues. The word `contacts`: check the configured contacts file."
  )
  var paths: [String] = []
  @OptionGroup var data: DataOptions
  @Flag(help: "Print JSON.") var json = false

  struct Report: Codable {
    var files: [FileCheck]
    var coverage: LineCoverage
  }

  struct FileCheck: Codable {
    var file: String
    var township: String?
    var items: Int
    var coverage: LineCoverage
    var diagnostics: [DiagnosticRecord]
  }

  struct DiagnosticRecord: Codable {
    var file: String
    var line: Int
    var severity: String
    var message: String
  }

  func run() throws {
    let namesContacts =
      paths == ["contacts"] && !FileManager.default.fileExists(atPath: "contacts")
    if data.contactsFile != nil || namesContacts {
      guard paths.isEmpty || namesContacts else {
        throw CommandError(
          "check --contacts FILE checks one contacts file; name the catalogues with --data")
      }
      return try checkContacts()
    }
    let result: LoadResult
    do {
      result = try CatalogueLoader.load(
        paths: try CatalogueLoader.dataPaths(explicit: paths + data.catalogues.paths))
    } catch {
      throw CommandError(lines: error.lines)
    }
    let total = result.files.map(\.coverage).reduce(.zero, +)
    if json {
      let itemsByFile = Dictionary(
        result.catalogues.map { ($0.source, $0.items.count) },
        uniquingKeysWith: { first, _ in first })
      let files = result.files.map { file in
        FileCheck(
          file: file.file, township: file.township,
          items: file.township == nil ? 0 : itemsByFile[file.file] ?? 0,
          coverage: file.coverage,
          diagnostics: file.diagnostics.map {
            DiagnosticRecord(
              file: $0.file, line: $0.line, severity: $0.severity.rawValue, message: $0.message)
          })
      }
      try Output.json(Report(files: files, coverage: total))
    } else {
      for diagnostic in result.diagnostics { Output.print(diagnostic.description) }
      for file in result.files {
        Output.print("\(file.file): \(file.coverage.summary)")
      }
      if result.files.count > 1 { Output.print("total: \(total.summary)") }
    }
    if !result.diagnostics.isEmpty { throw ExitCode(1) }
  }

  struct ContactsReport: Codable {
    var file: String
    var rows: Int
    var diagnostics: [DiagnosticRecord]
    var unmatched: [UnmatchedRow]
    var departmentsWithoutRow: [String]
    var townshipsWithoutRow: [String]
  }

  struct UnmatchedRow: Codable {
    var line: Int
    var name: String
    /// The known name nearest to it, for a row that reaches nothing.
    var closest: String?
    /// The names it reaches, for an ambiguous row.
    var candidates: [String]?
  }

  /// `check --contacts FILE` or `check contacts`: the contacts directory against the loaded catalogues.
  private func checkContacts() throws {
    guard let file = try data.readContacts() else {
      let path =
        ContactsFile.defaultPath(environment: ProcessInfo.processInfo.environment)
        ?? "~/.config/qingdan/contacts.tsv"
      throw CommandError(
        "no contacts file at \(path); copy Resources/contacts.template.tsv there and fill it in, or name one: qingdan check --contacts FILE"
      )
    }
    let catalogue = try data.load().engine.catalogue
    let directory = ContactDirectory(file: file, catalogue: catalogue)
    let unmatched = directory.unusedRows.map { row in
      switch row.resolution {
      case .ambiguous(let names):
        UnmatchedRow(line: row.contact.line, name: row.contact.name, candidates: names)
      case .unmatched(let closest):
        UnmatchedRow(line: row.contact.line, name: row.contact.name, closest: closest)
      case .matched:
        UnmatchedRow(line: row.contact.line, name: row.contact.name)
      }
    }
    if json {
      try Output.json(
        ContactsReport(
          file: file.path, rows: directory.rows.count,
          diagnostics: file.diagnostics.map {
            DiagnosticRecord(
              file: $0.file, line: $0.line, severity: $0.severity.rawValue, message: $0.message)
          },
          unmatched: unmatched, departmentsWithoutRow: directory.departmentsWithoutRow,
          townshipsWithoutRow: directory.townshipsWithoutRow))
    } else {
      for diagnostic in file.diagnostics { Output.print(diagnostic.description) }
      for row in unmatched {
        let location = "\(file.path):\(row.line): warning: "
        if let candidates = row.candidates {
          let shown =
            candidates.prefix(5).joined(separator: "、") + (candidates.count > 5 ? "…" : "")
          Output.print(
            location
              + "“\(row.name)” matches several: \(shown); write the full name (e.g. \(candidates[0]))"
          )
        } else {
          Output.print(
            location + "“\(row.name)” matches no loaded department or township"
              + (row.closest.map { "; closest known name: \($0)" } ?? ""))
        }
      }
      let matched = directory.rows.count - unmatched.count
      Output.print(
        "\(file.path): \(directory.rows.count) rows: \(matched) matched, \(unmatched.count) not, \(file.diagnostics.count) unreadable"
      )
      Output.print("departments with no row (\(directory.departmentsWithoutRow.count)):")
      for name in directory.departmentsWithoutRow { Output.print("  " + name) }
      Output.print("townships with no row (\(directory.townshipsWithoutRow.count)):")
      for name in directory.townshipsWithoutRow { Output.print("  " + name) }
    }
    if !file.diagnostics.isEmpty || !unmatched.isEmpty { throw ExitCode(1) }
  }
}
