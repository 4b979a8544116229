import Foundation

/// Reads a catalogue file in whatever form a township published it: our text format, CSV/TSV,
/// a web page, an Excel workbook or a Word document; files it cannot read get one line saying
/// what they are and what to do, and load nothing.
public enum CatalogueImport {
  /// The file kinds a directory listing picks up. Legacy Office files and PDFs are listed so
  /// that each gets its line instead of being passed over in silence.
  public static let fileExtensions: Set<String> = [
    "txt", "tsv", "csv", "htm", "html", "xlsx", "xlsm", "docx", "xls", "et", "doc", "wps", "pdf",
  ]

  public enum Kind: String, Sendable {
    case text, delimited, html, xlsx, docx
  }

  public static func parse(data: Data, file: String) -> ParseResult {
    parse(data: data, file: file, memo: CellMemo())
  }

  /// - Parameter memo: cells already read by other files of the same load.
  /// - Parameter deferringDutyTexts: leave a text file's duty texts to
  ///   `ParseResult.pendingDutyTexts` (other formats read them at once).
  static func parse(
    data: Data, file: String, memo: CellMemo, deferringDutyTexts: Bool = false
  ) -> ParseResult {
    let fileExtension = (file as NSString).pathExtension.lowercased()
    switch classify(data, fileExtension: fileExtension) {
    case .failure(let failure):
      return failed(file, failure.message)
    case .success(.text):
      return CatalogueParser.parse(
        data: data, file: file, memo: memo, deferringDutyTexts: deferringDutyTexts)
    case .success(let kind):
      do {
        return TableCatalogueBuilder.build(
          try document(data, file: file, kind: kind, fileExtension: fileExtension))
      } catch {
        return failed(file, error.message)
      }
    }
  }

  /// The file's rows and text, before any catalogue is made of them (for `import`, tests and
  /// the benchmark).
  static func document(_ data: Data, file: String, kind: Kind, fileExtension: String)
    throws(ImportFailure) -> TableDocument
  {
    if data.count > ImportLimits.maximumBytes { throw ImportFailure(message: tooLarge) }
    switch kind {
    case .xlsx, .docx:
      do {
        return kind == .xlsx
          ? try XLSXReader.read(data, file: file) : try DOCXReader.read(data, file: file)
      } catch {
        throw ImportFailure(message: message(error, kind: kind, file: file))
      }
    case .html, .delimited, .text:
      let declared = kind == .html ? HTMLReader.declaredCharset(data) : nil
      let text: String
      do {
        text = try TextDecoding.decode(data, declared: declared)
      } catch {
        throw ImportFailure(message: TextDecoding.message(error, file: file))
      }
      do {
        if kind == .html { return try HTMLReader.read(text, file: file) }
        let separator = DelimitedReader.separator(for: text, fileExtension: fileExtension)
        return try DelimitedReader.read(text, file: file, separator: separator)
      } catch {
        throw ImportFailure(message: tooLarge)
      }
    }
  }

  struct ImportFailure: Error {
    var message: String
  }

  static let tooLarge =
    "the file is larger than qingdan reads (\(ImportLimits.maximumBytes / 1024 / 1024) MB of "
    + "content, \(ImportLimits.maximumRows) rows or \(ImportLimits.maximumCells) cells); "
    + "nothing was loaded from it: is it really one township's catalogue?"

  /// What the file is, from its first bytes and then its name.
  static func classify(_ data: Data, fileExtension: String) -> Result<Kind, ImportFailure> {
    let head = [UInt8](data.prefix(16))
    if head.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
      return .failure(ImportFailure(message: compoundFileMessage(fileExtension)))
    }
    if head.starts(with: Array("%PDF".utf8)) {
      return .failure(
        ImportFailure(
          message: "this is a PDF; qingdan does not read tables from PDFs: ask for the Excel or "
            + "Word original, or copy the table into a spreadsheet and save it as .xlsx"))
    }
    let isZip =
      head.starts(with: [0x50, 0x4B, 0x03, 0x04]) || head.starts(with: [0x50, 0x4B, 0x05, 0x06])
    // A zip's part names are stored as they are: a workbook or document is known by them,
    // whatever its file is called.
    if isZip, data.range(of: Data("word/document.xml".utf8)) != nil { return .success(.docx) }
    if isZip, data.range(of: Data("xl/workbook.xml".utf8)) != nil { return .success(.xlsx) }
    switch fileExtension {
    case "xlsx", "xlsm":
      return isZip
        ? .success(.xlsx)
        : .failure(ImportFailure(message: notZip("an Excel workbook (.xlsx)", fileExtension)))
    case "docx":
      return isZip
        ? .success(.docx)
        : .failure(ImportFailure(message: notZip("a Word document (.docx)", fileExtension)))
    case "htm", "html": return .success(.html)
    case "csv", "tsv": return .success(.delimited)
    case "txt": return .success(.text)
    case "xls", "et", "doc", "wps":
      // Some sites save a web page or a zip under an old name; read what it really is.
      if isZip { return .success(fileExtension == "doc" || fileExtension == "wps" ? .docx : .xlsx) }
      if looksLikeHTML(data) { return .success(.html) }
      return .failure(ImportFailure(message: compoundFileMessage(fileExtension)))
    case "pdf":
      return .failure(
        ImportFailure(
          message:
            "not a PDF qingdan can read (and it does not read tables from PDFs); ask for the Excel or Word original"
        ))
    default:
      if isZip { return .success(.xlsx) }
      return .success(.text)
    }
  }

  static func looksLikeHTML(_ data: Data) -> Bool {
    let head = String(decoding: data.prefix(1024), as: UTF8.self).lowercased()
    return head.contains("<html") || head.contains("<table") || head.contains("<!doctype html")
  }

  static func notZip(_ what: String, _ fileExtension: String) -> String {
    "named .\(fileExtension) but not \(what) (not a zip file); if it was renamed from another "
      + "format, open it in Excel, WPS or LibreOffice and save it as .\(fileExtension)"
  }

  /// An OLE compound file: a legacy Office/WPS file, or an encrypted (password-protected)
  /// OOXML file, which Office stores in the same container.
  static func compoundFileMessage(_ fileExtension: String) -> String {
    switch fileExtension {
    case "xlsx", "xlsm", "docx":
      return "this file is password-protected (encrypted); open it with its password, remove "
        + "the password (File → Info → Protect) and save it again, then load that copy"
    case "doc", "wps":
      return "a legacy Word/WPS document (.\(fileExtension)) is not read; convert it with "
        + "`libreoffice --headless --convert-to docx FILE` and load the .docx"
    default:
      return "a legacy Excel/WPS workbook (.\(fileExtension)) is not read; convert it with "
        + "`libreoffice --headless --convert-to xlsx FILE` and load the .xlsx"
    }
  }

  static func message(_ failure: OOXMLPackage.Failure, kind: Kind, file: String) -> String {
    let format = kind == .xlsx ? "xlsx" : "docx"
    switch failure {
    case .notZip:
      return notZip(kind == .xlsx ? "an Excel workbook (.xlsx)" : "a Word document (.docx)", format)
    case .damaged(let reason):
      return "the \(format) file is truncated or damaged (\(reason.prefix(120))); nothing was "
        + "loaded from it: copy it again from its source, or open and re-save it"
    case .tooLarge:
      return tooLarge + " (a zip bomb?)"
    case .missingPart(let part):
      return
        "the file has no \(part); open it in Excel, WPS or LibreOffice and save it as .\(format)"
    case .unsafeXML(let reason):
      return "refused: \(reason); nothing was loaded from it"
    }
  }

  static func failed(_ file: String, _ message: String) -> ParseResult {
    .nothingLoaded([Diagnostic(severity: .error, file: file, line: 0, message: message)])
  }
}
