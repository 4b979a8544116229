#!/usr/bin/env bash
# CPU time an idle browser uses: starts qingdan in a private tmux server at 80×24, waits
# for its first screen, then reads utime+stime from /proc/PID/stat before and after
# SECONDS of no input. The runtime waits on one event queue without a timeout, so this
# should be (close to) zero; the target is under 0.1 s per 60 s.
#
#   bash Scripts/idle-cpu.sh [path/to/qingdan] [seconds]   (default .build/release/qingdan 60)
#
# Linux only (/proc). Exits 1 if the browser used 0.1 s or more per 60 s.
set -euo pipefail

bin=${1:-.build/release/qingdan}
seconds=${2:-60}
[[ -x $bin ]] || { echo "no qingdan executable at '$bin' (swift build -c release --product qingdan)" >&2; exit 1; }
command -v tmux >/dev/null || { echo "tmux is not installed" >&2; exit 1; }
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
socket=qingdan-idle-$$
work=$(mktemp -d "${TMPDIR:-/tmp}/qingdan-idle.XXXXXX")
cleanup() {
  tmux -L "$socket" kill-server >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

# Its own cache directory: the first start writes a cache, the measurement starts after.
tmux -L "$socket" -f /dev/null new-session -d -x 80 -y 24 \
  "exec env TERM=xterm-256color LANG=C.UTF-8 XDG_CACHE_HOME='$work' '$bin'"
for _ in $(seq 100); do
  tmux -L "$socket" capture-pane -p | grep -qF "全部清单" && break
  sleep 0.1
done
sleep 2 # the cache is written in the background after the first frame
pid=$(tmux -L "$socket" display-message -p '#{pane_pid}')
ticks_per_second=$(getconf CLK_TCK)
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$pid/stat"; }

before=$(cpu_ticks)
sleep "$seconds"
after=$(cpu_ticks)
awk -v used=$((after - before)) -v hz="$ticks_per_second" -v s="$seconds" -v total="$after" 'BEGIN {
  printf "idle %d s: %.3f s CPU (utime+stime; %.3f s since start)\n", s, used / hz, total / hz
  exit (used / hz >= 0.1 * s / 60) ? 1 : 0
}'
