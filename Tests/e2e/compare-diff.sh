#!/usr/bin/env bash
# `qingdan compare` and `qingdan diff` as a user runs them: output, exit codes, colour.
# Usage: bash Tests/e2e/compare-diff.sh path/to/qingdan [path/to/qingdan-bench]
# With qingdan-bench (and python3), also diffs 50 generated pairs of editions and requires
# exactly the recorded edits.
set -euo pipefail
cd "$(dirname "$0")/../.."
qingdan=$(realpath "${1:-.build/debug/qingdan}")
catalogues=Resources/catalogues
dashitou="$catalogues/昌吉州木垒县大石头乡履职事项清单-2025-07.txt"
daxiqu="$catalogues/昌吉州昌吉市大西渠镇履职事项清单-2025-07.txt"
work=$(mktemp -d "${TMPDIR:-/tmp}/qingdan-compare.XXXXXX")
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
expect_status() { # expected, then the command
  local expected=$1
  shift
  set +e
  "$@" >"$work/out" 2>"$work/err"
  local status=$?
  set -e
  [ "$status" -eq "$expected" ] || fail "$* exited $status, expected $expected: $(head -c 300 "$work/err")"
}

# The issue's first check: 大石头乡/basic/1 is 大西渠镇/basic/1, the same duty.
expect_status 0 "$qingdan" compare 大石头乡/basic/1
grep -q "^大西渠镇/basic/1 · 基本 · 相同 same 1.00" "$work/out" || fail "compare basic/1: $(cat "$work/out")"
expect_status 0 "$qingdan" compare 大石头乡/cooperative/37
grep -q "大西渠镇  无此事项 not found" "$work/out" || fail "铁路护路 should be only in 大石头乡"
expect_status 0 "$qingdan" compare 大石头乡/basic/1 --json
grep -q '"kind" : "same"' "$work/out" || fail "compare --json has no kind"

# The whole-catalogue table: a row per pair and per item found in one township only.
expect_status 0 "$qingdan" compare --townships 大石头乡 大西渠镇 --csv
rows=$(($(wc -l <"$work/out") - 1))
only_a=$(grep -c "^only-a," "$work/out" || true)
only_b=$(grep -c "^only-b," "$work/out" || true)
[ "$only_a" -gt 0 ] && [ "$only_b" -gt 0 ] || fail "compare --csv lists no items found in one township only"
grep -q "^same,1.000,大石头乡/basic/1,basic," "$work/out" || fail "compare --csv misses basic/1"
[ "$rows" -ge 244 ] || fail "compare --csv has $rows rows"
expect_status 0 "$qingdan" compare --townships 大石头乡 大西渠镇
[ "$(LC_ALL=C.UTF-8 wc -L <"$work/out")" -le 80 ] || fail "compare table wider than 80"
expect_status 1 "$qingdan" compare --townships 大石头乡 红柳乡
grep -q "no township “红柳乡” loaded" "$work/err" || fail "unknown township message"
expect_status 64 "$qingdan" compare --townships 大石头乡

# diff: identical editions print nothing and exit 0, like diff.
expect_status 0 "$qingdan" diff "$catalogues" "$catalogues"
[ ! -s "$work/out" ] || fail "diff of a catalogue with itself printed: $(head -3 "$work/out")"
expect_status 0 "$qingdan" diff "$dashitou" "$dashitou" --json
grep -q '"identical" : true' "$work/out" || fail "diff --json of identical editions"
# Different editions: 1, and every change shows both ids.
expect_status 1 "$qingdan" diff "$dashitou" "$daxiqu"
grep -q "^~ 大石头乡/basic/13 → 大西渠镇/basic/14" "$work/out" || fail "diff change without both ids"
[ "$(LC_ALL=C.UTF-8 wc -L <"$work/out")" -le 80 ] || fail "diff wider than 80"
if grep -q $'\e' "$work/out"; then fail "diff to a pipe is coloured"; fi
# Trouble: 2, with the message every command gives.
expect_status 2 "$qingdan" diff /nonexistent "$catalogues"
grep -q "/nonexistent: error: no such file or directory" "$work/err" || fail "missing path message"
printf '' >"$work/empty.txt"
expect_status 2 "$qingdan" diff "$dashitou" "$work/empty.txt"
grep -q "the file is empty" "$work/err" || fail "empty file message"
# Colour on a terminal, none with NO_COLOR.
if command -v script >/dev/null; then
  script -qec "'$qingdan' diff '$dashitou' '$daxiqu'" /dev/null >"$work/tty" || true
  grep -q $'\e\[3[12]m' "$work/tty" || fail "diff on a terminal is not coloured"
  NO_COLOR=1 script -qec "'$qingdan' diff '$dashitou' '$daxiqu'" /dev/null >"$work/tty" || true
  if grep -q $'\e\[3[12]m' "$work/tty"; then fail "NO_COLOR is not honoured"; fi
fi

# 50 generated pairs of editions: the diff reports every recorded edit and no other.
if [ -n "${2:-}" ] && command -v python3 >/dev/null; then
  "$(realpath "$2")" corpus --editions --townships 50 --seed 14 --out "$work/editions" >/dev/null
  expect_status 1 "$qingdan" diff "$work/editions/old" "$work/editions/new" --json
  python3 - "$work/out" "$work/editions/edits.tsv" <<'PY' || fail "diff of 50 generated pairs"
import json, sys
diff = json.load(open(sys.argv[1]))
reported = {(kind, (c.get("old") or {}).get("id", ""), (c.get("new") or {}).get("id", ""))
            for c in diff["changes"] for kind in c["kinds"]}
expected = {tuple(line.split("\t")) for line in open(sys.argv[2]).read().splitlines()[1:]}
found = len(reported & expected)
print(f"50 pairs of editions: {len(expected)} edits, {len(reported)} reported, "
      f"precision {found / max(len(reported), 1):.3f}, recall {found / max(len(expected), 1):.3f}")
sys.exit(0 if reported == expected else 1)
PY
fi

if [ "$failures" -gt 0 ]; then
  echo "compare/diff: $failures failure(s)"
  exit 1
fi
echo "compare/diff: all passed"
