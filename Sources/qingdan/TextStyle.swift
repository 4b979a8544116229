import ArgumentParser
import Foundation
import QingdanCore

/// Colour for line-oriented output (compare, diff): on when stdout is a terminal and
/// NO_COLOR is not set, as `--color auto` has it; `always` and `never` override.
enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
  case auto, always, never

  var enabled: Bool {
    switch self {
    case .always: true
    case .never: false
    case .auto:
      isatty(STDOUT_FILENO) == 1
        && (ProcessInfo.processInfo.environment["NO_COLOR"].map(\.isEmpty) ?? true)
    }
  }
}

/// A few SGR styles, and plain text when colour is off.
///
/// Lines are printed with `emit`, not `Output.print` (which would sanitise the escapes away):
/// what goes into them is sanitised here (`wrap`) or by the caller (`TerminalText`), and the
/// only escapes are this type's own.
struct TextStyle {
  enum Role {
    case removed, added, heading, dim, warning
  }

  let colors: Bool

  /// One finished line: its text already sanitised, its escapes ours.
  func emit(_ line: String) {
    Output.write(line + "\n")
  }

  func apply(_ role: Role, _ text: String) -> String {
    guard colors, !text.isEmpty else { return text }
    let code =
      switch role {
      case .removed: "31"
      case .added: "32"
      case .heading: "1"
      case .dim: "2"
      case .warning: "33"
      }
    return "\u{1B}[\(code)m" + text + "\u{1B}[0m"
  }
}

extension TextStyle {
  /// A line made of runs, some styled, broken into lines of at most `width` columns after
  /// `indent` spaces; continuation lines get `hangingIndent` more. A single run wraps as all
  /// text does (`DisplayWidth.wrap`); runs of a character diff break between any two
  /// characters, so that the marks stay with what they mark.
  func wrap(
    _ runs: [(text: String, role: Role?)], width: Int, indent: Int, hangingIndent: Int = 0
  ) -> [String] {
    let limit = max(width - indent, 10)
    let margin = String(repeating: " ", count: indent)
    if runs.count == 1 {
      let run = runs[0]
      return DisplayWidth.wrap(
        TerminalText.sanitized(run.text), width: limit, hangingIndent: hangingIndent
      ).map { line in margin + (run.role.map { apply($0, line) } ?? line) }
    }
    let hanging = String(repeating: " ", count: hangingIndent)
    var lines: [String] = []
    var line = ""
    var used = 0
    for run in runs {
      var piece = ""
      for character in TerminalText.sanitized(run.text) {
        let columns = DisplayWidth.of(character)
        if used + columns > limit, used > hanging.count {
          line += run.role.map { apply($0, piece) } ?? piece
          lines.append(margin + line)
          line = hanging
          piece = ""
          used = hanging.count
        }
        piece.append(character)
        used += columns
      }
      line += run.role.map { apply($0, piece) } ?? piece
    }
    if used > 0 || lines.isEmpty { lines.append(margin + line) }
    return lines
  }
}
