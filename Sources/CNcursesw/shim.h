// The C side of the terminal backend: ncursesw with the wide-character API, plus
// small wrappers for what Swift cannot import (function-like macros, attribute and
// mouse-mask expressions) or refuses in Swift 6 (curses' mutable globals such as
// stdscr, LINES, COLS).
//
// Signal state lives here as C statics because a signal handler may only touch
// `volatile sig_atomic_t` data. Being `static` in a header, each Swift object file
// that calls these functions gets its own copy: call every qd_signal_* function from
// ONE Swift file (QingdanTerminal/TerminalSignals.swift).
#ifndef QINGDAN_CNCURSESW_SHIM_H
#define QINGDAN_CNCURSESW_SHIM_H

#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>
#include <wchar.h>
#include <ncursesw/curses.h>

// MARK: Constants

enum : int {
  QD_OK = OK,
  QD_ERR = ERR,
  QD_KEY_CODE_YES = KEY_CODE_YES,
  QD_KEY_RESIZE = KEY_RESIZE,
  QD_KEY_MOUSE = KEY_MOUSE,
  QD_KEY_UP = KEY_UP,
  QD_KEY_DOWN = KEY_DOWN,
  QD_KEY_LEFT = KEY_LEFT,
  QD_KEY_RIGHT = KEY_RIGHT,
  QD_KEY_HOME = KEY_HOME,
  QD_KEY_END = KEY_END,
  QD_KEY_PPAGE = KEY_PPAGE,
  QD_KEY_NPAGE = KEY_NPAGE,
  QD_KEY_ENTER = KEY_ENTER,
  QD_KEY_BACKSPACE = KEY_BACKSPACE,
  QD_KEY_DC = KEY_DC,
  QD_KEY_BTAB = KEY_BTAB,
  QD_KEY_F0 = KEY_F0,
  QD_CCHARW_MAX = CCHARW_MAX,
};

static inline attr_t qd_a_normal(void) { return A_NORMAL; }
static inline attr_t qd_a_bold(void) { return A_BOLD; }
static inline attr_t qd_a_reverse(void) { return A_REVERSE; }
static inline attr_t qd_a_underline(void) { return A_UNDERLINE; }
static inline attr_t qd_a_dim(void) { return A_DIM; }

static inline mmask_t qd_button1_pressed(void) { return BUTTON1_PRESSED; }
static inline mmask_t qd_button1_released(void) { return BUTTON1_RELEASED; }
static inline mmask_t qd_button2_pressed(void) { return BUTTON2_PRESSED; }
static inline mmask_t qd_button2_released(void) { return BUTTON2_RELEASED; }
static inline mmask_t qd_button3_pressed(void) { return BUTTON3_PRESSED; }
static inline mmask_t qd_button3_released(void) { return BUTTON3_RELEASED; }
static inline mmask_t qd_button4_pressed(void) { return BUTTON4_PRESSED; }
static inline mmask_t qd_button5_pressed(void) { return BUTTON5_PRESSED; }
static inline mmask_t qd_report_mouse_position(void) { return REPORT_MOUSE_POSITION; }

// MARK: Globals

/// newterm on the process's stdout/stdin. Unlike initscr it returns NULL for an
/// unknown TERM instead of printing and exiting.
static inline SCREEN *qd_newterm(const char *term) { return newterm(term, stdout, stdin); }

/// A terminfo string capability, or NULL when the terminal lacks it.
static inline const char *qd_tigetstr(const char *name) {
  char *value = tigetstr(name);
  return value == (char *)-1 ? NULL : value;
}

static inline WINDOW *qd_stdscr(void) { return stdscr; }
static inline int qd_lines(void) { return LINES; }
static inline int qd_cols(void) { return COLS; }
static inline int qd_color_pairs(void) { return COLOR_PAIRS; }
static inline attr_t qd_color_pair(int pair) { return (attr_t)COLOR_PAIR(pair); }

static inline void qd_getmaxyx(WINDOW *window, int *rows, int *columns) {
  int y, x;
  getmaxyx(window, y, x);
  *rows = y;
  *columns = x;
}

/// Forces the next refresh to repaint everything (after the shell drew over us).
static inline void qd_clear_on_next_refresh(void) { clearok(curscr, TRUE); }

// MARK: Locale

static inline const char *qd_codeset(void) { return nl_langinfo(CODESET); }

// MARK: Drawing and reading

/// Fills `cell` from a NUL-terminated wide string: one spacing character followed by
/// up to CCHARW_MAX - 1 combining characters.
static inline int qd_setcchar(cchar_t *cell, const wchar_t *text, attr_t attributes, short pair) {
  return setcchar(cell, text, attributes, pair, NULL);
}

static inline int qd_mvadd_wch(int row, int column, const cchar_t *cell) {
  return mvwadd_wch(stdscr, row, column, cell);
}

/// Columns the C library (and so ncurses) gives a character in the current locale;
/// -1 for non-printable. Declared here since glibc hides it without _XOPEN_SOURCE.
extern int wcwidth(wchar_t character);
static inline int qd_wcwidth(wchar_t character) { return wcwidth(character); }

static inline int qd_get_wch(wint_t *character) { return wget_wch(stdscr, character); }

static inline int qd_getmouse(int *row, int *column, mmask_t *buttonState) {
  MEVENT event;
  int result = getmouse(&event);
  if (result == OK) {
    *row = event.y;
    *column = event.x;
    *buttonState = event.bstate;
  }
  return result;
}

/// The tty's size from the kernel, for when no SIGWINCH reached curses (while stopped).
static inline int qd_tty_size(int fd, int *rows, int *columns) {
  struct winsize size;
  if (ioctl(fd, TIOCGWINSZ, &size) != 0 || size.ws_row == 0 || size.ws_col == 0) return -1;
  *rows = size.ws_row;
  *columns = size.ws_col;
  return 0;
}

// MARK: Signals
//
// SIGINT, SIGTERM, SIGHUP, SIGQUIT and SIGTSTP only set a flag and write a byte to a wake
// pipe; the event loop, woken by that byte, acts on the flag (it can call endwin safely).
// SIGWINCH is passed on to curses' own handler and wakes the loop the same way. If a
// second stop signal arrives before the loop saw the first (the program is busy), and on
// crashes, the handler restores the terminal itself with async-signal-safe calls only:
// tcsetattr to the saved modes and write of a saved reset sequence. SIGQUIT (Ctrl-\) is a
// request to leave like the others, so it never reaches the runtime's crash reporter.

static const int qd_crash_signals[] = {SIGABRT, SIGBUS, SIGFPE, SIGILL, SIGSEGV, SIGTRAP};
#define QD_CRASH_SIGNAL_COUNT (sizeof(qd_crash_signals) / sizeof(qd_crash_signals[0]))
static const int qd_stop_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGTSTP};
#define QD_STOP_SIGNAL_COUNT (sizeof(qd_stop_signals) / sizeof(qd_stop_signals[0]))

typedef struct {
  volatile sig_atomic_t pending_signal;
  volatile sig_atomic_t pending_suspend;
  volatile sig_atomic_t saved_modes_valid;
  volatile sig_atomic_t reset_length;
  volatile sig_atomic_t wake_fd;
  int tty_fd;
  struct termios saved_modes;
  char reset_sequence[512];
  struct sigaction previous_crash_actions[QD_CRASH_SIGNAL_COUNT];
  struct sigaction previous_resize_action;
  volatile sig_atomic_t resize_watched;
} qd_signal_state_t;

// A function-local static: Swift's importer does not emit file-scope statics of
// aggregate type that inline functions use.
static inline qd_signal_state_t *qd_signal_state(void) {
  static qd_signal_state_t state = {.tty_fd = 1, .wake_fd = -1};
  return &state;
}

static inline void qd_emergency_restore(void) {
  qd_signal_state_t *state = qd_signal_state();
  if (state->saved_modes_valid) tcsetattr(state->tty_fd, TCSAFLUSH, &state->saved_modes);
  if (state->reset_length > 0) {
    ssize_t ignored = write(state->tty_fd, state->reset_sequence, (size_t)state->reset_length);
    (void)ignored;
  }
}

/// Wakes the event loop: one byte to the wake pipe (non-blocking; a full pipe is awake).
static inline void qd_signal_wake(void) {
  int fd = qd_signal_state()->wake_fd;
  if (fd < 0) return;
  int saved_errno = errno;
  ssize_t ignored = write(fd, "s", 1);
  (void)ignored;
  errno = saved_errno;
}

static void qd_on_stop_signal(int signal_number) {
  qd_signal_state_t *state = qd_signal_state();
  if (signal_number == SIGTSTP) {
    state->pending_suspend = 1;
    qd_signal_wake();
    return;
  }
  if (state->pending_signal != 0) {
    // Second request while the program is busy: restore and leave now.
    qd_emergency_restore();
    _exit(128 + signal_number);
  }
  state->pending_signal = signal_number;
  qd_signal_wake();
}

static void qd_on_resize_signal(int signal_number) {
  struct sigaction previous = qd_signal_state()->previous_resize_action;
  if (previous.sa_handler != SIG_DFL && previous.sa_handler != SIG_IGN &&
      !(previous.sa_flags & SA_SIGINFO)) {
    previous.sa_handler(signal_number);  // curses notes the new size
  }
  qd_signal_wake();
}

static void qd_on_crash_signal(int signal_number, siginfo_t *info, void *context) {
  int saved_errno = errno;
  qd_emergency_restore();
  for (size_t i = 0; i < QD_CRASH_SIGNAL_COUNT; i++) {
    if (qd_crash_signals[i] != signal_number) continue;
    struct sigaction previous = qd_signal_state()->previous_crash_actions[i];
    // Hand the crash on (e.g. to the Swift runtime's backtracer), else die as usual.
    sigaction(signal_number, &previous, NULL);
    if ((previous.sa_flags & SA_SIGINFO) && previous.sa_sigaction != NULL) {
      previous.sa_sigaction(signal_number, info, context);
    } else if (previous.sa_handler != SIG_DFL && previous.sa_handler != SIG_IGN) {
      previous.sa_handler(signal_number);
    }
    break;
  }
  errno = saved_errno;
  // Returning re-executes the faulting instruction with the previous action in place;
  // for signals sent with kill/raise, raise it again.
  if (info == NULL || info->si_code <= 0) raise(signal_number);
}

/// Saves the tty modes to restore in an emergency. Call before curses changes them.
static inline void qd_signal_save_tty_modes(int fd) {
  qd_signal_state_t *state = qd_signal_state();
  state->tty_fd = fd;
  if (tcgetattr(fd, &state->saved_modes) == 0) state->saved_modes_valid = 1;
}

/// Sets the bytes written to the tty in an emergency (cursor visible, attributes
/// off, mouse reporting off, leave the alternate screen).
static inline void qd_signal_set_reset_sequence(const char *bytes, int length) {
  qd_signal_state_t *state = qd_signal_state();
  if (length < 0) length = 0;
  if (length > (int)sizeof(state->reset_sequence)) length = (int)sizeof(state->reset_sequence);
  state->reset_length = 0;
  memcpy(state->reset_sequence, bytes, (size_t)length);
  state->reset_length = length;
}

static inline void qd_signal_install(void) {
  struct sigaction action;
  memset(&action, 0, sizeof action);
  sigemptyset(&action.sa_mask);
  // No SA_RESTART: a signal interrupts a blocking read so the loop sees the flag.
  action.sa_handler = qd_on_stop_signal;
  for (size_t i = 0; i < QD_STOP_SIGNAL_COUNT; i++) sigaction(qd_stop_signals[i], &action, NULL);

  struct sigaction crash;
  memset(&crash, 0, sizeof crash);
  sigemptyset(&crash.sa_mask);
  crash.sa_sigaction = qd_on_crash_signal;
  crash.sa_flags = SA_SIGINFO | SA_NODEFER;
  for (size_t i = 0; i < QD_CRASH_SIGNAL_COUNT; i++) {
    sigaction(qd_crash_signals[i], &crash, &qd_signal_state()->previous_crash_actions[i]);
  }
}

static inline void qd_signal_uninstall(void) {
  for (size_t i = 0; i < QD_STOP_SIGNAL_COUNT; i++) signal(qd_stop_signals[i], SIG_DFL);
  if (qd_signal_state()->resize_watched) {
    sigaction(SIGWINCH, &qd_signal_state()->previous_resize_action, NULL);
    qd_signal_state()->resize_watched = 0;
  }
  for (size_t i = 0; i < QD_CRASH_SIGNAL_COUNT; i++) {
    sigaction(qd_crash_signals[i], &qd_signal_state()->previous_crash_actions[i], NULL);
  }
  qd_signal_state()->reset_length = 0;
}

/// Makes SIGWINCH also wake the event loop. Call after newterm, which installs curses'
/// own handler; that one still runs first.
static inline void qd_signal_watch_resize(void) {
  qd_signal_state_t *state = qd_signal_state();
  struct sigaction action;
  memset(&action, 0, sizeof action);
  sigemptyset(&action.sa_mask);
  action.sa_handler = qd_on_resize_signal;
  if (sigaction(SIGWINCH, &action, &state->previous_resize_action) == 0) state->resize_watched = 1;
}

/// Opens the wake pipe (both ends non-blocking, close-on-exec); returns its read end, or
/// -1. Signal handlers write to it; the input watcher polls it beside the tty.
static inline int qd_signal_open_wake_pipe(void) {
  int fds[2];
  if (pipe(fds) != 0) return -1;
  for (int i = 0; i < 2; i++) {
    fcntl(fds[i], F_SETFL, fcntl(fds[i], F_GETFL) | O_NONBLOCK);
    fcntl(fds[i], F_SETFD, FD_CLOEXEC);
  }
  qd_signal_state()->wake_fd = fds[1];
  return fds[0];
}

/// Writes to the wake pipe from ordinary code (to stop the input watcher).
static inline void qd_signal_wake_now(void) { qd_signal_wake(); }

/// Waits, without a timeout, until `tty` has input or hung up, or `wake` has bytes.
/// Returns bit 1 for tty input, 2 for tty hang-up or error, 4 for wake bytes (drained);
/// 0 when interrupted. A negative `tty` is not watched.
static inline int qd_wait_for_input(int tty, int wake) {
  struct pollfd fds[2] = {{.fd = tty, .events = POLLIN}, {.fd = wake, .events = POLLIN}};
  if (poll(fds, 2, -1) < 0) return 0;
  int result = 0;
  if (fds[0].revents & POLLIN) result |= 1;
  if (fds[0].revents & (POLLHUP | POLLERR | POLLNVAL)) result |= 2;
  if (fds[1].revents & POLLIN) {
    char buffer[64];
    while (read(wake, buffer, sizeof buffer) > 0) {
    }
    result |= 4;
  }
  return result;
}

/// The stop signal (SIGINT, SIGTERM, SIGHUP, SIGQUIT) received, or 0. Clears it.
static inline int qd_signal_take_termination(void) {
  int signal_number = qd_signal_state()->pending_signal;
  qd_signal_state()->pending_signal = 0;
  return signal_number;
}

/// Whether SIGTSTP (Ctrl-Z) was received. Clears it.
static inline int qd_signal_take_suspend(void) {
  int pending = qd_signal_state()->pending_suspend;
  qd_signal_state()->pending_suspend = 0;
  return pending;
}

/// Stops the process as SIGTSTP would have; returns once it is continued (SIGCONT).
static inline void qd_signal_suspend_self(void) {
  signal(SIGTSTP, SIG_DFL);
  raise(SIGTSTP);
  struct sigaction action;
  memset(&action, 0, sizeof action);
  sigemptyset(&action.sa_mask);
  action.sa_handler = qd_on_stop_signal;
  sigaction(SIGTSTP, &action, NULL);
}

#endif
