import Foundation
import QingdanCore

/// Writing to stdout/stderr, JSON encoding, and the terminal width for wrapped output.
///
/// Text for people (`print`, `warn`, `error`) is sanitised (`TerminalText`): catalogue text,
/// paths and queries are untrusted. Writes never stop the program with a crash: a closed
/// pipe (`| head`) ends it quietly with status 0, as ripgrep does; any other write error
/// (disk full, `> /dev/full`) is one line on stderr and status 2.
enum Output {
  static func print(_ text: String) {
    write(TerminalText.sanitized(text, keeping: ["\n", "\t"]) + "\n")
  }

  /// Text exactly as given, no line end added (machine formats: CSV, JSON).
  static func write(_ text: String) {
    writeAll(Array(text.utf8), to: STDOUT_FILENO)
  }

  /// `qingdan: LINE` on stderr; lines already say `PATH: warning: …` or `warning: …`.
  static func warn(_ text: String) {
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      let safe = TerminalText.sanitized(String(line))
      writeAll(Array("qingdan: \(safe)\n".utf8), to: STDERR_FILENO)
    }
  }

  /// A top-level failure: `qingdan: error: …`, or the lines of a `CommandError`.
  static func error(_ error: CommandError) {
    for line in error.lines { warn(line) }
  }

  static func json<T: Encodable>(_ value: T) throws {
    try writeJSON(value, formatting: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
  }

  /// One line of JSON (for `--batch`).
  static func jsonLine<T: Encodable>(_ value: T) throws {
    try writeJSON(value, formatting: [.sortedKeys, .withoutEscapingSlashes])
  }

  private static func writeJSON<T: Encodable>(
    _ value: T, formatting: JSONEncoder.OutputFormatting
  ) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = formatting
    write(escapingControls(String(decoding: try encoder.encode(value), as: UTF8.self)) + "\n")
  }

  /// JSON with the control characters the encoder leaves raw (DEL, C1, separators, bidi
  /// overrides) written as `\uXXXX`: the same JSON, safe on a terminal. They can only be
  /// inside strings; the encoder escapes C0 itself, so a raw line break is layout.
  static func escapingControls(_ json: String) -> String {
    func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
      scalar.value >= 0x7F && TerminalText.isControl(scalar)
    }
    guard json.unicodeScalars.contains(where: needsEscape) else { return json }
    var result = ""
    for scalar in json.unicodeScalars {
      if needsEscape(scalar) {
        result += String(format: "\\u%04x", scalar.value)
      } else {
        result.unicodeScalars.append(scalar)
      }
    }
    return result
  }

  private static func writeAll(_ bytes: [UInt8], to descriptor: Int32) {
    var offset = 0
    while offset < bytes.count {
      let written = bytes[offset...].withUnsafeBytes { buffer in
        Foundation.write(descriptor, buffer.baseAddress, buffer.count)
      }
      if written >= 0 {
        offset += written
        continue
      }
      let code = errno
      if code == EINTR { continue }
      // Nothing more can be said on a broken stderr; a reader that went away wants no more.
      if descriptor == STDERR_FILENO || code == EPIPE { exit(descriptor == STDERR_FILENO ? 2 : 0) }
      let reason = String(cString: strerror(code))
      warn(
        "error: cannot write the output (\(reason)); check the disk space or where the output is redirected"
      )
      exit(2)
    }
  }

  /// Columns of the terminal on stdout; `$COLUMNS`, else 80, when stdout is not a terminal.
  static var terminalWidth: Int {
    var size = winsize()
    if isatty(STDOUT_FILENO) != 0, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0,
      size.ws_col > 0
    {
      return Int(size.ws_col)
    }
    if let columns = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init), columns > 0 {
      return columns
    }
    return 80
  }
}
