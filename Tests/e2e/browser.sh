#!/usr/bin/env bash
# End-to-end test of the qingdan browser: runs the real binary in a private tmux server
# at 80×24, types keys and asserts what is on the screen.
#
#   Tests/e2e/browser.sh [path/to/qingdan]      (default .build/debug/qingdan)
#
# Needs tmux (>= 3.0) and a C.UTF-8 locale. Prints one line per step and ends with
# "N passed, M failed"; exits 1 if any step failed. Environment:
#   QINGDAN_E2E_TIMEOUT  seconds a wait may take before the step fails (default 15)
#
# Each scenario runs in its own tmux session; the first failing step of a scenario prints
# why and the screen, and the rest of that scenario is skipped (its state is unknown).
#
# $VARS in single quotes are meant for the shells in the panes, which expand them:
# shellcheck disable=SC2016
set -euo pipefail

bin_arg=${1:-.build/debug/qingdan}
if [[ ! -x $bin_arg || -d $bin_arg ]]; then
  echo "not ok - no qingdan executable at '$bin_arg' (build: swift build --product qingdan)"
  echo "0 passed, 1 failed"
  exit 1
fi
if ! command -v tmux >/dev/null 2>&1; then
  echo "not ok - tmux is not installed"
  echo "0 passed, 1 failed"
  exit 1
fi

TIMEOUT=${QINGDAN_E2E_TIMEOUT:-15}
SOCKET=qingdan-e2e-$$
# The test shells' prompt, with bash's command number: qd-e2e[3]>
PROMPT_NAME='qd-e2e'

# The tmux server is started by this script and inherits these; the panes see them too.
export QD_BIN
QD_BIN=$(cd "$(dirname "$bin_arg")" && pwd)/$(basename "$bin_arg")
export QD_TMP
QD_TMP=$(mktemp -d "${TMPDIR:-/tmp}/qingdan-e2e.XXXXXX")
export TERM=xterm-256color LANG=C.UTF-8
# The index cache goes to the test's own directory, never the user's; no user settings
# (synonyms, contacts) are read.
export XDG_CACHE_HOME="$QD_TMP/cache"
export XDG_CONFIG_HOME="$QD_TMP/config"
# The enquiry log (desk.sqlite) too: never the user's.
export XDG_DATA_HOME="$QD_TMP/data"
# A crash prints its backtrace and exits instead of waiting 30 s for a key.
export SWIFT_BACKTRACE=interactive=no,color=no
unset LC_ALL LC_CTYPE TMUX NO_COLOR QINGDAN_DATA

STEP_PID=""

cleanup() {
  if [[ -n $STEP_PID ]]; then kill "$STEP_PID" 2>/dev/null || true; fi
  local socket_path
  socket_path=$(tmux -L "$SOCKET" display-message -p '#{socket_path}' 2>/dev/null || true)
  tmux -L "$SOCKET" kill-server >/dev/null 2>&1 || true
  # kill-server leaves the socket file behind.
  if [[ -n $socket_path && -S $socket_path ]]; then rm -f "$socket_path"; fi
  rm -rf "$QD_TMP"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# No user configuration; no status line, so the pane is the whole 80×24 window.
cat >"$QD_TMP/tmux.conf" <<'EOF'
set -g status off
set -g exit-empty off
set -g remain-on-exit on
set -g default-terminal xterm-256color
set -g history-limit 2000
EOF

START_SECONDS=$SECONDS
PASSED=0
FAILED=0
SKIPPING=0
PANE=""

# MARK: tmux helpers

tm() { tmux -u -L "$SOCKET" -f "$QD_TMP/tmux.conf" "$@"; }

# The visible screen as text, wrapped lines joined.
screen() { tm capture-pane -p -J -t "$PANE" 2>/dev/null || true; }

# One line of the screen (0 = top), with its attributes as escape sequences.
screen_row_with_attributes() { tm capture-pane -p -e -S "$1" -E "$1" -t "$PANE" 2>/dev/null || true; }

# The last line of the screen: the browser's status bar.
status_line() { screen | tail -n 1; }

# A tmux format for the pane, e.g. pane_format '#{alternate_on}'.
pane_format() { tm display-message -p -t "$PANE" "$1" 2>/dev/null || true; }

keys() { tm send-keys -t "$PANE" "$@"; }

# A comment line in the output, for facts worth seeing in a passing run.
note() { echo "# $*"; }

# Literal text (Chinese, or letters that must not be read as key names).
type_text() { tm send-keys -t "$PANE" -l "$1"; }

# Records why the current step failed, with the screen, and fails.
fail() {
  {
    echo "$1"
    echo "focused pane title: '$(focused_title)'; terminal modes: $(terminal_modes)"
    echo "screen ($(pane_format '#{pane_width}x#{pane_height}'), pane_dead=$(pane_format '#{pane_dead}')):"
    screen | sed 's/^/| /'
  } >"$QD_TMP/why"
  return 1
}

# Polls every 0.1 s until `"$@"` succeeds; fails after TIMEOUT seconds with MESSAGE, or
# at once when qingdan crashed or (unless ALLOW_EXIT=1) exited.
poll() {
  local message=$1
  shift
  local deadline=$((SECONDS + TIMEOUT))
  while ! "$@"; do
    if on_screen "Program crashed" || on_screen "Fatal error"; then
      fail "qingdan crashed: $message"
      return 1
    fi
    if [[ ${ALLOW_EXIT:-0} != 1 && -s $QD_TMP/status ]]; then
      fail "qingdan exited ($(cat "$QD_TMP/status")): $message"
      return 1
    fi
    if ((SECONDS >= deadline)); then
      fail "timed out after ${TIMEOUT}s: $message"
      return 1
    fi
    sleep 0.1
  done
}

on_screen() { screen | grep -qF -- "$1"; }
not_on_screen() { ! on_screen "$1"; }
on_screen_re() { screen | grep -qE -- "$1"; }
on_status_line() { status_line | grep -qF -- "$1"; }

# wait_for TEXT [TIMEOUT]: waits until TEXT is somewhere on the screen.
wait_for() {
  local TIMEOUT=${2:-$TIMEOUT}
  poll "waiting for '$1' on the screen" on_screen "$1"
}

wait_for_re() { poll "waiting for a line matching /$1/" on_screen_re "$1"; }

# expect_absent TEXT: TEXT is not on the screen (waits for it to go: the screen may still
# be being redrawn).
expect_absent() { poll "waiting for '$1' to leave the screen" not_on_screen "$1"; }

wait_status() { poll "waiting for '$1' in the status bar" on_status_line "$1"; }

# The title of the focused pane: the reverse-video text on the pane title row (row 1).
focused_title() {
  screen_row_with_attributes 1 | awk '
    {
      n = split($0, parts, "\033\\[")
      reverse = 0; out = ""
      for (i = 1; i <= n; i++) {
        text = parts[i]
        if (i > 1) {
          end = index(text, "m")
          k = split(substr(text, 1, end - 1), codes, ";")
          if (k == 0) reverse = 0
          for (j = 1; j <= k; j++) {
            c = codes[j]
            if (c == "" || c == "0" || c == "27") reverse = 0
            else if (c == "7") reverse = 1
            else if (c == "38" || c == "48" || c == "58") j += (codes[j + 1] == "2") ? 4 : 2
          }
          text = substr(text, end + 1)
        }
        if (reverse) out = out text
      }
      print out
    }'
}
focus_is() { focused_title | grep -qF -- "$1"; }
wait_focus() { poll "waiting for the focus on the pane titled '$1'" focus_is "$1"; }

# The detail pane's title: "详情 大西渠镇/basic/32".
detail_title() { screen | sed -n 2p | grep -oE '详情 [^ │]+' || true; }
detail_title_is_not() { [[ $(detail_title) != "$1" ]]; }

# The shell's prompt for its next command: the command number lives in a file because
# steps run in subshells. Waiting for the number, not just any prompt, means a prompt
# still on the screen from before a command was typed is never mistaken for the next one.
expected_prompt() { echo "${PROMPT_NAME}[$(cat "$QD_TMP/command-number")]>"; }
at_prompt() { [[ $(screen | sed 's/[[:space:]]*$//' | grep -v '^$' | tail -n 1) == "$(expected_prompt)" ]]; }
wait_prompt() { poll "waiting for the shell prompt '$(expected_prompt)' on the last line" at_prompt; }

# The modes a program may leave behind are all off: normal screen, cursor shown, no
# application keypad, no mouse reporting.
terminal_modes() {
  pane_format 'alternate=#{alternate_on} cursor=#{cursor_flag} keypad=#{keypad_flag} keypad_cursor=#{keypad_cursor_flag} mouse=#{mouse_any_flag}'
}
terminal_is_sane() { [[ $(terminal_modes) == 'alternate=0 cursor=1 keypad=0 keypad_cursor=0 mouse=0' ]]; }
expect_sane_terminal() {
  poll "waiting for the terminal modes to be restored" terminal_is_sane
}

# MARK: Steps and scenarios

# step DESCRIPTION COMMAND...: runs COMMAND in a subshell with `set -e` (so any failing
# command fails the step); prints ok or not ok.
step() {
  local description=$1
  shift
  if ((SKIPPING)); then
    echo "skip - $description (after an earlier failure in this scenario)"
    return 0
  fi
  : >"$QD_TMP/why"
  local status=0
  # In the background, so that the `wait` and with it the script can be interrupted.
  set +e
  (
    set -e
    "$@"
  ) &
  STEP_PID=$!
  wait "$STEP_PID"
  status=$?
  STEP_PID=""
  set -e
  if ((status == 0)); then
    PASSED=$((PASSED + 1))
    echo "ok - $description"
  else
    FAILED=$((FAILED + 1))
    SKIPPING=1
    echo "not ok - $description"
    if [[ -s $QD_TMP/why ]]; then sed 's/^/#   /' "$QD_TMP/why"; else echo "#   (exit status $status)"; fi
  fi
}

# Creates the scenario's tmux session (80×24) running COMMAND; on failure the scenario's
# steps are skipped.
new_session() {
  if ! tm new-session -d -s "$PANE" -x 80 -y 24 "$1" 2>"$QD_TMP/why"; then
    FAILED=$((FAILED + 1))
    SKIPPING=1
    echo "not ok - start tmux session '$PANE'"
    sed 's/^/#   /' "$QD_TMP/why"
  fi
}

end_scenario() {
  tm kill-session -t "$PANE" >/dev/null 2>&1 || true
  SKIPPING=0
}

# Starts qingdan directly in a new 80×24 session; its exit status goes to $QD_TMP/status.
# The wrapper shell then sleeps so that the pane stays alive: tmux reports any dead pane's
# cursor as hidden, and the terminal modes qingdan left behind are checked after it quits.
# A second argument is added to qingdan's command line (for the pane's shell to expand).
start_direct() {
  PANE=$1
  rm -f "$QD_TMP/status"
  new_session \
    'exec env TERM=xterm-256color LANG=C.UTF-8 sh -c '\''"$QD_BIN" '"${2:-}"'; echo "qingdan-exit=$?" > "$QD_TMP/status"; exec sleep 600'\'''
}

# Starts an interactive bash (job control, a known prompt) in a new 80×24 session.
start_shell() {
  PANE=$1
  rm -f "$QD_TMP/status"
  echo 1 >"$QD_TMP/command-number"
  new_session \
    "exec env TERM=xterm-256color LANG=C.UTF-8 PS1='${PROMPT_NAME}[\\#]> ' PS0= PROMPT_COMMAND= HISTFILE=/dev/null bash --norc --noprofile -i"
}

# Waits for the shell's prompt, then types a command line into it.
shell_run() {
  wait_prompt
  type_text "$1"
  keys Enter
  echo $(($(cat "$QD_TMP/command-number") + 1)) >"$QD_TMP/command-number"
}

status_file_written() { [[ -s $QD_TMP/status ]]; }

# After `q` in a direct session: the process ended with status 0 and left the screen.
expect_clean_exit_0() {
  local ALLOW_EXIT=1
  poll "waiting for qingdan to exit (it wrote no status)" status_file_written
  local status
  status=$(cat "$QD_TMP/status")
  [[ $status == qingdan-exit=0 ]] || fail "expected qingdan-exit=0, got '$status'"
  expect_absent "清单 qingdan"
  expect_sane_terminal
}

launch_browser_from_shell() {
  shell_run 'stty -g > "$QD_TMP/stty.before"; stty -a > "$QD_TMP/stty-a.before"'
  shell_run '"$QD_BIN"'
  wait_for "清单 qingdan"
  wait_for "全部清单"
}

# In the shell after the browser ended: its exit status (one of ALLOWED, a regex) and
# the tty modes as before it started.
expect_shell_status() {
  local allowed=$1
  shell_run 'echo "qingdan-exit=$?"; stty -g | cmp -s - "$QD_TMP/stty.before" && stty -a | cmp -s - "$QD_TMP/stty-a.before" && echo tty-modes=same || echo tty-modes=changed'
  wait_for_re '^tty-modes=(same|changed)'
  local line
  line=$(screen | grep -E '^qingdan-exit=[0-9]+' | tail -n 1)
  [[ $line =~ ^qingdan-exit=($allowed)[[:space:]]*$ ]] || fail "expected exit status $allowed, got '$line'"
  note "exit status after the keys: ${line#qingdan-exit=}"
  on_screen "tty-modes=same" || fail "stty -g or stty -a differs from before qingdan started"
  expect_sane_terminal
}

# MARK: Scenario 1: start screen and navigation to a detail

s_start_screen() {
  wait_for "清单 qingdan"
  wait_for "大西渠镇"
  wait_for "大石头乡"
  wait_for "全部清单"
  wait_for "? 帮助"
  wait_focus "目录"
}

s_tree_to_cooperative_list() {
  keys j
  wait_status "大西渠镇"
  keys j
  wait_status "大西渠镇 › 基本履职事项"
  keys j
  wait_status "大西渠镇 › 配合履职事项"
}

s_expand_and_pick_category() {
  keys l
  wait_for "▾ 配合"
  keys j
  poll "waiting for a category after 配合履职事项 in the status bar" \
    eval 'status_line | grep -qE "大西渠镇 › 配合履职事项 › [^ ]"'
}

s_tab_to_items() {
  keys Tab
  wait_focus "事项"
}

# The answer box: the line with 谁负责： and the line under it, without the items column.
answer_text() {
  screen | grep -A1 '谁负责：' | sed -e '1s/.*谁负责：//' -e '2s/.*││//' | tr -d ' │\n'
}
answer_has_lead() { answer_text | grep -qF "牵头"; }

s_enter_detail() {
  keys Enter
  wait_focus "详情"
  wait_for "谁负责："
  poll "waiting for the 谁负责 answer to name who leads (牵头)" answer_has_lead
  wait_for_re "大西渠镇 › 配合履职事项 › .*配合[0-9]+"
}

s_quit() {
  keys q
  expect_clean_exit_0
}

scenario_browse() {
  start_direct browse
  step "start screen: header, both townships, 全部清单" s_start_screen
  step "j j j: tree cursor on 大西渠镇 › 配合履职事项" s_tree_to_cooperative_list
  step "l expands 配合履职事项, j onto a category" s_expand_and_pick_category
  step "Tab: focus on the item list" s_tab_to_items
  step "Enter: detail with a 谁负责 answer (牵头)" s_enter_detail
  step "q: exits with status 0, screen restored" s_quit
  end_scenario
}

# MARK: Scenario 2: search by Chinese and by pinyin

s_search_chinese() {
  wait_for "清单 qingdan"
  keys /
  wait_for "搜索/"
  type_text "电瓶车"
  wait_for "结果"
  wait_for "电动自行车"
  wait_for "消防救援局"
}

s_search_escape() {
  keys Escape
  expect_absent "搜索/"
  expect_absent "电瓶车"
  wait_for " 事项 "
}

s_search_pinyin() {
  keys /
  wait_for "搜索/"
  type_text "jiuzhu"
  wait_for "：jiuzhu"
  wait_for "救助"
}

s_search_enter_and_next() {
  keys Enter
  wait_focus "结果"
  expect_absent "搜索/"
  local first
  first=$(detail_title)
  [[ -n $first ]] || fail "no detail title on the screen"
  keys n
  poll "waiting for n to move to the next hit (detail still '$first')" detail_title_is_not "$first"
  wait_for "救助"
}

s_search_escape_again() {
  keys Escape
  expect_absent "jiuzhu"
  wait_for " 事项 "
}

scenario_search() {
  start_direct search
  step "/ 电瓶车: hits show 电动自行车, detail shows 消防救援局" s_search_chinese
  step "Esc leaves the search" s_search_escape
  step "/ jiuzhu (pinyin): 救助 hits" s_search_pinyin
  step "Enter focuses the hits, n moves to the next hit" s_search_enter_and_next
  step "Esc leaves the pinyin search" s_search_escape_again
  step "q: exits with status 0 after searching" s_quit
  end_scenario
}

# MARK: Scenario 3: department tree, help, resizing

s_department_tree() {
  wait_for "清单 qingdan"
  keys d
  wait_for "按部门"
  wait_for "部门 ("
  wait_for "水利局"
  wait_focus "部门"
}

s_help() {
  keys '?'
  wait_for "帮助 help"
  wait_for "下移 move down"
  keys Escape
  expect_absent "帮助 help"
  expect_absent "下移 move down"
}

s_resize_single_pane() {
  tm resize-window -t "$PANE" -x 50 -y 15
  wait_for "[目录]"
  expect_absent "│ 详情"
  keys Tab
  wait_for "[事项]"
}

s_resize_too_small() {
  tm resize-window -t "$PANE" -x 20 -y 6
  wait_for "terminal too small"
  wait_for "终端太小"
}

# Every row between the title row and the status bar has the two rules between panes.
rows_have_rules() {
  local rows
  rows=$(screen | sed -n '2,23p' | grep -c '│.*│' || true)
  [[ $rows == 22 ]]
}

s_resize_back() {
  tm resize-window -t "$PANE" -x 80 -y 24
  wait_for "清单 qingdan"
  expect_absent "terminal too small"
  expect_absent "终端太小"
  # Focus is on the items: the tree is narrowed to short labels and counts.
  wait_for "▾昌吉"
  wait_for " 事项 "
  wait_for "详情 "
  poll "waiting for rows 2-23 to each show the pane rules (│ … │)" rows_have_rules
  wait_focus "事项"
}

scenario_modes_and_resize() {
  start_direct modes
  step "d: department tree (按部门, 水利局)" s_department_tree
  step "?: help overlay, Esc closes it" s_help
  step "resize to 50x15: one pane, header [目录], Tab → [事项]" s_resize_single_pane
  step "resize to 20x6: terminal too small" s_resize_too_small
  step "resize back to 80x24: three panes again" s_resize_back
  step "q: exits with status 0 after resizing" s_quit
  end_scenario
}

# MARK: Scenario 4: Ctrl-Z and fg from an interactive shell

s_shell_launch() {
  launch_browser_from_shell
}

s_suspend() {
  keys C-z
  wait_for "Stopped"
  wait_prompt
  expect_absent "清单 qingdan"
  expect_absent "? 帮助"
  expect_sane_terminal
}

s_resume() {
  shell_run "fg"
  wait_for "清单 qingdan"
  wait_for "全部清单"
  wait_for "? 帮助"
  poll "waiting for rows 2-23 to each show the pane rules after fg" rows_have_rules
  # Still responsive after the resume.
  keys j
  wait_status "大西渠镇"
}

s_quit_to_shell() {
  keys q
  wait_prompt
  expect_absent "清单 qingdan"
  expect_shell_status 0
}

scenario_suspend() {
  start_shell suspend
  step "from bash: browser starts" s_shell_launch
  step "Ctrl-Z: shell prompt back, browser off the screen" s_suspend
  step "fg: browser redrawn and responsive" s_resume
  step "q: back at the prompt, exit status 0, tty modes restored" s_quit_to_shell
  end_scenario
}

# MARK: Scenario 5: Ctrl-C

s_interrupt() {
  keys j
  wait_status "大西渠镇"
  keys C-c
  wait_prompt
  expect_absent "清单 qingdan"
  expect_shell_status '0|130'
}

scenario_interrupt() {
  start_shell interrupt
  step "from bash: browser starts (Ctrl-C scenario)" s_shell_launch
  step "Ctrl-C while browsing: exits (0 or 130), prompt back, tty modes restored" s_interrupt
  end_scenario
}

# MARK: Scenario 6: signals (terminal closed, Ctrl-\\, kill) each restore the terminal

# The browser's process: the pane's shell's child.
browser_pid() { pgrep -P "$(pane_format '#{pane_pid}')" | head -n 1; }

# s_signal NAME STATUS: sends signal NAME to the browser (SIGQUIT as Ctrl-\ from the
# keyboard), then expects the prompt, exit status STATUS, the same stty -g and stty -a as
# before, and the cursor shown with every other mode off.
s_signal() {
  local name=$1 status=$2
  keys j
  wait_status "大西渠镇"
  if [[ $name == QUIT ]]; then
    keys 'C-\'
  else
    local pid
    pid=$(browser_pid)
    [[ -n $pid ]] || fail "no browser process under the pane's shell"
    kill -s "$name" "$pid"
  fi
  wait_prompt
  expect_absent "清单 qingdan"
  not_on_screen "Program crashed" || fail "SIG$name reached the crash reporter"
  expect_shell_status "$status"
}

scenario_signals() {
  local name status
  for name in HUP QUIT INT TERM; do
    case $name in HUP) status=129 ;; INT) status=130 ;; QUIT) status=131 ;; TERM) status=143 ;; esac
    start_shell "signal-$name"
    step "from bash: browser starts (SIG$name scenario)" s_shell_launch
    step "SIG$name: exits with $status, prompt back, stty -a and cursor restored" s_signal "$name" "$status"
    end_scenario
  done
}

# MARK: Scenario 7: a bracketed paste stays text; TERM=dumb is refused

# A paste of two lines while browsing: "1" and "q" would be commands (basic-list filter,
# quit) if typed; pasted, they are text in the query line, the line break a space.
s_paste_lines() {
  wait_for "全部清单"
  tm set-buffer -b qd-paste $'低保\n1q'
  tm paste-buffer -p -d -b qd-paste -t "$PANE"
  wait_for "搜索/ 低保 1q"
  not_on_screen "筛选" || fail "the pasted '1' applied the list filter"
  keys C-u
  tm set-buffer -b qd-paste $'临时\r\n救助'
  tm paste-buffer -p -d -b qd-paste -t "$PANE"
  wait_for "搜索/ 临时 救助"
  keys Escape
  expect_absent "搜索/"
  keys q
  expect_clean_exit_0
}

s_dumb_terminal() {
  shell_run 'TERM=dumb "$QD_BIN"; echo "dumb-exit=$?"'
  wait_for "TERM=dumb cannot move the cursor"
  wait_for_re '^dumb-exit=[1-9]'
  expect_sane_terminal
}

scenario_paste_and_dumb() {
  start_direct paste
  step "bracketed paste of two lines: one query, no commands run" s_paste_lines
  end_scenario
  start_shell dumb
  step "TERM=dumb: refused with a message, exit status non-zero" s_dumb_terminal
  end_scenario
}

# MARK: Scenario: phones from a contacts file (fake numbers), the call note

write_contacts() {
  printf '%s\n' '# e2e: fake numbers' \
    $'部门\t电话\t地址\t办公时间\t备注' \
    $'县公安局\t0000-0000001' \
    $'木垒县农业农村局\t0000-0000002' \
    $'昌吉州生态环境局木垒县分局\t0000-0000003' \
    $'大石头乡党政办\t0000-0000004' \
    $'木垒县民证局\t0000-0000005' >"$QD_TMP/contacts.tsv"
}

s_contacts_in_answer_box() {
  wait_for "全部清单"
  keys /
  wait_for "搜索/"
  type_text "秸秆禁烧"
  keys Enter
  wait_focus "结果"
  wait_for "大石66"
  keys j
  wait_for "详情 大石头乡/cooperative/66"
  keys Enter
  wait_focus "详情"
  wait_for "谁负责："
  wait_for "木垒县公安局 0000-0000001"
  wait_for "大石头乡党政办 0000-0000004"
  keys y
  wait_status "已复制来电记录"
  keys Y
  wait_status "已复制整个事项"
  keys q
  expect_clean_exit_0
}

# Command-line faces of the same contacts: who, who --note, show --json, check --contacts.
s_contacts_commands() {
  local out="$QD_TMP/contacts-out"
  "$QD_BIN" who 秸秆禁烧 --township 大石头乡 --limit 1 --contacts "$QD_TMP/contacts.tsv" >"$out" 2>/dev/null
  grep -qx '  木垒县公安局 0000-0000001' "$out" || fail "who: no phone line: $(cat "$out")"
  "$QD_BIN" who 秸秆禁烧 --township 大石头乡 --limit 1 --note --contacts "$QD_TMP/contacts.tsv" >"$out" 2>/dev/null
  grep -qx '电话：大石头乡党政办 0000-0000004' "$out" || fail "who --note: $(cat "$out")"
  grep -qE '^时间：[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}$' "$out" || fail "who --note: no time"
  "$QD_BIN" show 大石头乡/cooperative/66 --json --contacts "$QD_TMP/contacts.tsv" >"$out" 2>/dev/null
  grep -qF '"phone" : "0000-0000003"' "$out" || fail "show --json: no contacts"
  local status=0
  "$QD_BIN" check --contacts "$QD_TMP/contacts.tsv" >"$out" 2>&1 || status=$?
  [[ $status == 1 ]] || fail "check --contacts: exit status $status, expected 1"
  grep -qF 'contacts.tsv:7: warning: “木垒县民证局” matches no loaded department or township; closest known name: 木垒县民政局' "$out" ||
    fail "check --contacts: $(cat "$out")"
  # Without a contacts file the answers are as before: no phone lines.
  "$QD_BIN" who 秸秆禁烧 --township 大石头乡 --limit 1 >"$out"
  [[ $(wc -l <"$out") == 1 ]] || fail "who without contacts: $(cat "$out")"
}

scenario_contacts() {
  write_contacts
  start_direct contacts '--contacts "$QD_TMP/contacts.tsv"'
  step "contacts: phones in the 谁负责 box, y copies the note, Y the item" s_contacts_in_answer_box
  end_scenario
  step "contacts: who, who --note, show --json, check --contacts" s_contacts_commands
}

# MARK: Scenario: the operator's desk — r with a note, misses, 热点, marks, a damaged log

DESK_LOG="$QD_TMP/data/qingdan/desk.sqlite"

# desk_search QUERY: a new query in the search line, waiting for its results (the miss rule
# judges a search by what it found, so its hits must have arrived).
desk_search() {
  # In the search line already, "/" would be typed into the query.
  if ! on_screen "搜索/"; then keys /; fi
  wait_for "搜索/"
  keys C-u
  type_text "$1"
  wait_for "：$1"
  wait_for_re "结果 [1-9][0-9]*.*：$1"
}

# An answered search: Enter goes to the hits, l opens the first one's detail.
desk_search_opened() {
  desk_search "$1"
  keys Enter
  wait_focus "结果"
  keys l
  wait_focus "详情"
}

# Ten searches: five opened, one recorded with r and a note, two left with Esc, one left
# for a different query (which is then opened).
s_desk_ten_searches() {
  wait_for "全部清单"
  local query
  for query in 低保 煤气罐 宅基地 养犬 临时救助; do desk_search_opened "$query"; done
  desk_search 秸秆禁烧
  keys Enter
  wait_focus "结果"
  keys r
  wait_for "备注/ "
  wait_status "Enter 保存"
  type_text "王先生 村口烧秸秆"
  wait_for "备注/ 王先生 村口烧秸秆"
  keys Enter
  wait_status "已记录："
  expect_absent "备注/ "
  desk_search 电瓶车
  keys Enter
  wait_focus "结果"
  keys Escape
  expect_absent "结果 "
  desk_search 护林
  keys Escape
  expect_absent "搜索/"
  desk_search 五保户
  desk_search_opened 法律援助
  # 热点 now lists the recorded item; m marks it, ' lists the marks.
  keys Escape
  expect_absent "搜索/"
  keys g
  wait_for "热点"
  wait_status "热点（近7天）"
  keys Enter
  wait_focus "事项 1/1"
  wait_for "1次"
  keys m
  wait_status "已加入常用"
  keys "'"
  wait_for "常用"
  wait_status "常用事项"
  keys q
  expect_clean_exit_0
}

s_desk_log_shows_the_session() {
  local out="$QD_TMP/desk-out"
  "$QD_BIN" log >"$out"
  grep -qF '秸秆禁烧 → ' "$out" || fail "qingdan log: no entry for the r: $(cat "$out")"
  grep -qF '王先生 村口烧秸秆' "$out" || fail "qingdan log: the note is missing: $(cat "$out")"
  [[ $(grep -c ' → ' "$out") == 1 ]] || fail "qingdan log: expected one entry: $(cat "$out")"
  "$QD_BIN" log stats >"$out"
  grep -qF '1 entries' "$out" || fail "log stats: $(cat "$out")"
  local item
  item=$("$QD_BIN" log --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["item"])')
  grep -qE "^1 +$item " "$out" || fail "log stats by item ($item): $(cat "$out")"
  "$QD_BIN" log misses --json >"$out"
  python3 - "$out" <<'PY' || fail "log misses: $(cat "$out")"
import json, sys
misses = {m["query"]: m for m in json.load(open(sys.argv[1]))}
assert sorted(misses) == sorted(["电瓶车", "护林", "五保户"]), misses.keys()
assert all(m["count"] == 1 and m["abandoned"] == 1 and m["noHits"] == 0 for m in misses.values())
PY
  note "log misses: $(python3 -c 'import json,sys; print(", ".join(m["query"] for m in json.load(open(sys.argv[1]))))' "$out")"
}

# The history and the marks are there on the next start.
s_desk_kept_across_runs() {
  wait_for "全部清单"
  wait_for "常用"
  keys /
  wait_for "搜索/"
  keys Up
  wait_for "搜索/ 法律援助"
  keys Up
  wait_for "搜索/ 电瓶车"
  keys Escape
  expect_absent "搜索/"
}

# A log damaged while the browser runs: browsing goes on, the next r says why it failed.
s_desk_damaged_while_running() {
  # Copied over by another file (a new inode), as a restore gone wrong would.
  printf 'this is not a database %.0s' {1..400} >"$QD_TMP/garbage"
  mv -f "$QD_TMP/garbage" "$DESK_LOG"
  rm -f "$DESK_LOG-wal" "$DESK_LOG-shm"
  keys j
  wait_status "大西渠镇"
  keys r
  wait_for "备注/ "
  keys Enter
  wait_status "记录失败 (qingdan log 看原因)："
  keys j
  wait_focus "目录"
  keys /
  type_text "低保"
  wait_for_re "结果 [1-9]"
  keys Escape
  expect_absent "搜索/"
}

# Overwritten in place (the same file) while it runs: the next r says why it failed.
s_desk_overwritten_in_place() {
  printf 'this is not a database %.0s' {1..40} | dd of="$DESK_LOG" conv=notrunc status=none
  keys r
  wait_for "备注/ "
  keys Enter
  wait_status "记录失败 (qingdan log 看原因)："
  keys j
  wait_status "大西渠镇"
}

# Removed while it runs: the next r records again (the log opens the path anew).
s_desk_removed_while_running() {
  rm -f "$DESK_LOG" "$DESK_LOG-wal" "$DESK_LOG-shm"
  keys Tab
  wait_focus "事项"
  keys r
  wait_for "备注/ "
  keys Enter
  wait_status "已记录，记录日志文件已新建"
  keys q
  expect_clean_exit_0
  "$QD_BIN" log >"$QD_TMP/desk-out"
  [[ $(grep -c ' → ' "$QD_TMP/desk-out") == 1 ]] || fail "after removal: $(cat "$QD_TMP/desk-out")"
}

# The next start with a damaged log: one line says so, and the browser works (in memory).
s_desk_damaged_at_start() {
  wait_status "记录日志打不开，本次记录不保存"
  keys j
  wait_status "大西渠镇"
  keys Tab r
  wait_for "备注/ "
  keys Enter
  wait_status "已记录："
  keys q
  expect_clean_exit_0
}

scenario_desk() {
  rm -rf "$QD_TMP/data"
  start_direct desk
  step "desk: 10 searches (3 abandoned), r with a note, 热点, m and '" s_desk_ten_searches
  end_scenario
  step "desk: qingdan log, log stats and log misses show the session" s_desk_log_shows_the_session
  start_direct desk-again
  step "desk: history (↑) and marks kept across runs" s_desk_kept_across_runs
  step "desk: desk.sqlite overwritten in place while running: r says why" s_desk_overwritten_in_place
  step "desk: desk.sqlite replaced by another file while running: browsing goes on, r says why" s_desk_damaged_while_running
  step "desk: desk.sqlite removed while running: the next r records anew and says so" s_desk_removed_while_running
  end_scenario
  printf 'this is not a database %.0s' {1..400} >"$DESK_LOG"
  start_direct desk-damaged
  step "desk: a damaged desk.sqlite at start: one line, browsing and r work" s_desk_damaged_at_start
  end_scenario
}

# MARK: Run

echo "# qingdan e2e: $QD_BIN ($(tmux -V))"
scenario_browse
scenario_search
scenario_modes_and_resize
scenario_suspend
scenario_interrupt
scenario_signals
scenario_paste_and_dumb
scenario_contacts
scenario_desk
echo "# $((SECONDS - START_SECONDS)) s"
echo "$PASSED passed, $FAILED failed"
((FAILED == 0)) || exit 1
