import ArgumentParser
import QingdanCore

@main
struct Qingdan: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "qingdan",
    abstract: "Browse and search township duty catalogues (乡镇履职事项清单): who handles a matter.",
    discussion: """
      With no command, qingdan opens the browser on the bundled catalogues.
      Catalogues: --data PATH (a file or a directory, repeatable), else $QINGDAN_DATA
      (colon-separated paths), else the catalogues bundled with qingdan.
      """,
    subcommands: [
      StatsCommand.self, ListCommand.self, ShowCommand.self, CheckCommand.self,
      ExportCommand.self, SearchCommand.self, WhoCommand.self,
    ]
  )

  @OptionGroup var data: DataOptions

  mutating func run() throws {
    throw CleanExit.helpRequest(self)
  }
}
