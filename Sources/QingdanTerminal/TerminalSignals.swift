import CNcursesw

/// The Swift side of the shim's signal handling. The shim keeps its state in C statics
/// that are per object file, so every qd_signal_* call must stay in this file.
enum TerminalSignals {
  /// Saves the tty modes for emergencies, opens the wake pipe and installs the handlers.
  /// Call before `newterm`, so ncurses sees our handlers and does not install its own.
  /// Returns the wake pipe's read end (-1 if it could not be opened).
  static func install(ttyDescriptor: Int32) -> Int32 {
    qd_signal_save_tty_modes(ttyDescriptor)
    let wake = qd_signal_open_wake_pipe()
    qd_signal_install()
    return wake
  }

  /// SIGWINCH wakes the event loop too. Call after `newterm` (curses' handler runs first).
  static func watchResize() {
    qd_signal_watch_resize()
  }

  /// Wakes whoever waits on the wake pipe, as a signal would.
  static func wake() {
    qd_signal_wake_now()
  }

  /// What to write to the tty if it must be restored from inside a signal handler.
  static func setEmergencyResetSequence(_ bytes: [UInt8]) {
    bytes.withUnsafeBufferPointer { buffer in
      buffer.withMemoryRebound(to: CChar.self) { chars in
        qd_signal_set_reset_sequence(chars.baseAddress, Int32(chars.count))
      }
    }
  }

  static func uninstall() {
    qd_signal_uninstall()
  }

  /// The SIGINT, SIGTERM, SIGHUP or SIGQUIT received since the last call, if any.
  static func takeTermination() -> Int32? {
    let signal = qd_signal_take_termination()
    return signal == 0 ? nil : signal
  }

  /// Whether Ctrl-Z (SIGTSTP) arrived since the last call.
  static func takeSuspend() -> Bool {
    qd_signal_take_suspend() != 0
  }

  /// Stops the process as Ctrl-Z normally would; returns after `fg` (SIGCONT).
  static func suspendProcess() {
    qd_signal_suspend_self()
  }
}
