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
# Then, with QUERIES=FILE (one query a line), each browser searches every query in turn (as an
# operator's shift would: `/`, the query, Enter, Esc), is left idle for IDLE seconds (default
# 5: a browser gives back its searches' working memory 2 s after the last), and is measured
# again: by then the index pages its searches read are shared, and counted 1/N to each.
# Prints "pss_one_kb=… pss_total_kb=… n=… ratio=…" (and, with QUERIES, "used_one_kb=…
# used_total_kb=… used_ratio=…") as its last line, for bench-scale.sh.
set -euo pipefail
binary=${1:?usage: pss.sh QINGDAN-BINARY DATA-DIR [N]}
data=${2:?usage: pss.sh QINGDAN-BINARY DATA-DIR [N]}
count=${3:-8}
settle=${SETTLE:-3}
queries=${QUERIES:-}
idle=${IDLE:-5}
command -v tmux >/dev/null || { echo "pss.sh: tmux is needed" >&2; exit 2; }
binary=$(readlink -f "$binary")
socket="qingdan-pss-$$"
cleanup() { tmux -L "$socket" kill-server 2>/dev/null || true; }
trap cleanup EXIT

# The summed PSS and RSS (kB) of the given processes, each listed on stderr.
total() {
  local pss=0 rss=0 pid line
  for pid in "$@"; do
    line=$(awk '/^Pss:/ {p=$2} /^Rss:/ {r=$2} END {print p, r}' "/proc/$pid/smaps_rollup")
    pss=$((pss + ${line% *}))
    rss=$((rss + ${line#* }))
    echo "  pid $pid: pss ${line% *} kB, rss ${line#* } kB" >&2
  done
  echo "$pss $rss"
}

# Starts `n` browsers, waits, prints the summed PSS and RSS (kB) of their processes; with
# QUERIES, then the same after each has searched them all and gone idle.
measure() {
  local n=$1 pids=() i pid
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
  local first used="" query window
  first=$(total "${pids[@]}")
  if [ -n "$queries" ]; then
    while IFS= read -r query; do
      [ -n "$query" ] || continue
      for ((window = 1; window <= n; window++)); do
        tmux -L "$socket" send-keys -t "pss:$window" / \; send-keys -t "pss:$window" -l "$query" \; \
          send-keys -t "pss:$window" Enter
      done
      sleep 0.3
      for ((window = 1; window <= n; window++)); do tmux -L "$socket" send-keys -t "pss:$window" Escape; done
    done <"$queries"
    sleep "$idle"
    echo "  after searching $(grep -c . "$queries") queries and $idle s idle:" >&2
    used=$(total "${pids[@]}")
  fi
  tmux -L "$socket" kill-server
  sleep 0.5
  echo "$first $used"
}

read -r one_pss one_rss one_used_pss _ <<<"$(measure 1)"
echo "1 browser: pss $one_pss kB, rss $one_rss kB" >&2
read -r many_pss many_rss many_used_pss _ <<<"$(measure "$count")"
echo "$count browsers: pss $many_pss kB in total, rss $many_rss kB in total" >&2
awk -v one="$one_pss" -v total="$many_pss" -v n="$count" \
  -v used_one="${one_used_pss:-0}" -v used_total="${many_used_pss:-0}" 'BEGIN {
    printf "pss_one_kb=%d pss_total_kb=%d n=%d ratio=%.2f", one, total, n, total / one
    if (used_one > 0) printf " used_one_kb=%d used_total_kb=%d used_ratio=%.2f", used_one, used_total, used_total / used_one
    printf "\n"
  }'
