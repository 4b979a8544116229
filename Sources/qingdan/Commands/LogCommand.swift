import ArgumentParser

/// `qingdan log …`: the enquiry log kept in the desk database.
struct LogCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "log",
    abstract:
      "The enquiry log: what was answered (as `r` records it in the browser), hot topics, missed searches.",
    discussion:
      "The log is an SQLite file readable by you only: $XDG_DATA_HOME/qingdan/desk.sqlite, "
      + "else ~/.local/share/qingdan/desk.sqlite (--desk FILE for another). "
      + "With no command: the entries, newest first.",
    subcommands: [
      LogListCommand.self, LogAddCommand.self, LogStatsCommand.self, LogMissesCommand.self,
      LogAddMissCommand.self,
    ],
    defaultSubcommand: LogListCommand.self)
}
