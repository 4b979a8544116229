#!/usr/bin/env bash
# Memory of N browsers held open at once on the same catalogues, as many operators sharing
# one machine would run them: each browser's proportional set size (PSS, from
# /proc/PID/smaps_rollup: shared pages count 1/N to each process) and RSS, then the total
# PSS of N against the PSS of one browser alone.
#
#   bash Scripts/pss.sh QINGDAN-BINARY DATA-DIR [N]        (N defaults to 8)
#
# The index cache must be warm (run `qingdan who x --data DATA-DIR` once first) unless a
# cold start is what is measured. The browsers run in a private tmux server (80×24); they are
# measured once their total RSS has stopped growing (polled every second, at least SETTLE
# seconds, default 3, at most 120), and are ended afterwards.
# Prints "pss_one_kb=… pss_total_kb=… n=… ratio=…" as its last line, for bench-scale.sh.
set -euo pipefail
binary=${1:?usage: pss.sh QINGDAN-BINARY DATA-DIR [N]}
data=${2:?usage: pss.sh QINGDAN-BINARY DATA-DIR [N]}
count=${3:-8}
settle=${SETTLE:-3}
command -v tmux >/dev/null || { echo "pss.sh: tmux is needed" >&2; exit 2; }
binary=$(readlink -f "$binary")
socket="qingdan-pss-$$"
cleanup() { tmux -L "$socket" kill-server 2>/dev/null || true; }
trap cleanup EXIT

# Starts `n` browsers, waits, prints the summed PSS and RSS (kB) of their processes.
measure() {
  local n=$1 pids=() pss=0 rss=0 i pid
  tmux -L "$socket" -f /dev/null new-session -d -x 80 -y 24 -s pss "sleep 86400"
  for ((i = 0; i < n; i++)); do
    tmux -L "$socket" new-window -d -t pss \
      "env LANG=C.UTF-8 TERM=xterm-256color '$binary' --data '$data'; sleep 86400"
  done
  sleep "$settle"
  for pid in $(pgrep -f "^$binary --data $data\$" || true); do pids+=("$pid"); done
  [ "${#pids[@]}" -eq "$n" ] || { echo "pss.sh: expected $n browsers, found ${#pids[@]}" >&2; exit 1; }
  local previous=-1 current steady=0 waited=0
  while [ "$steady" -lt 3 ] && [ "$waited" -lt 120 ]; do
    current=0
    for pid in "${pids[@]}"; do
      current=$((current + $(awk '/^Rss:/ {print $2}' "/proc/$pid/smaps_rollup")))
    done
    if [ "$current" -eq "$previous" ]; then steady=$((steady + 1)); else steady=0; fi
    previous=$current
    sleep 1
    waited=$((waited + 1))
  done
  for pid in "${pids[@]}"; do
    local line
    line=$(awk '/^Pss:/ {p=$2} /^Rss:/ {r=$2} END {print p, r}' "/proc/$pid/smaps_rollup")
    pss=$((pss + ${line% *}))
    rss=$((rss + ${line#* }))
    echo "  pid $pid: pss ${line% *} kB, rss ${line#* } kB" >&2
  done
  tmux -L "$socket" kill-server
  sleep 0.5
  echo "$pss $rss"
}

one=$(measure 1)
echo "1 browser: pss ${one% *} kB, rss ${one#* } kB" >&2
many=$(measure "$count")
echo "$count browsers: pss ${many% *} kB in total, rss ${many#* } kB in total" >&2
awk -v one="${one% *}" -v total="${many% *}" -v n="$count" \
  'BEGIN { printf "pss_one_kb=%d pss_total_kb=%d n=%d ratio=%.2f\n", one, total, n, total / one }'
