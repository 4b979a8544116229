#!/usr/bin/env bash
# End-to-end tests of the qingdan command line: the real binary on damaged and hostile
# input and output. Every case checks the exit status (never a signal) and the message.
#
#   Tests/e2e/cli.sh [path/to/qingdan]      (default .build/debug/qingdan)
#
# Prints one line per case and ends with "N passed, M failed"; exits 1 if any failed.
set -uo pipefail

bin_arg=${1:-.build/debug/qingdan}
[[ -x $bin_arg && ! -d $bin_arg ]] || {
  printf '%s\n' "not ok - no qingdan executable at '$bin_arg' (swift build --product qingdan)" \
    "0 passed, 1 failed"
  exit 1
}
QD=$(cd "$(dirname "$bin_arg")" && pwd)/$(basename "$bin_arg")
WORK=$(mktemp -d "${TMPDIR:-/tmp}/qingdan-cli-e2e.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
export XDG_CACHE_HOME=$WORK/cache LANG=C.UTF-8 SWIFT_BACKTRACE=enable=no
unset QINGDAN_DATA NO_COLOR
CATALOGUES=$(cd "$(dirname "$0")/../../Resources/catalogues" && pwd)
cd "$WORK" || exit 1

PASSED=0
FAILED=0
STATUS=0

# Runs qingdan with "$@", output to out/err, status to STATUS.
run() {
  "$QD" "$@" >out 2>err
  STATUS=$?
}

# check NAME EXPECTED_STATUS FILE PATTERN [FILE PATTERN…]: the status is EXPECTED_STATUS
# (never a signal) and each FILE matches its extended regular expression.
check() {
  local name=$1 expected=$2
  shift 2
  local why=""
  if ((STATUS != expected)); then why="exit status $STATUS, expected $expected"; fi
  while (($# >= 2)); do
    if ! grep -Eq -- "$2" "$1"; then why="${why:+$why; }$1 does not match /$2/"; fi
    shift 2
  done
  if [[ -z $why ]]; then
    PASSED=$((PASSED + 1))
    echo "ok - $name"
  else
    FAILED=$((FAILED + 1))
    echo "not ok - $name: $why"
    sed 's/^/| out: /' out | head -5
    sed 's/^/| err: /' err | head -5
  fi
}

: >e.txt
mkdir empty named.txt
mkfifo fifo.txt
ln -s gone.txt dangling.txt
ln -s loop.txt loop.txt
EMPTY_LINE='^qingdan: e\.txt: error: the file is empty'
NOTHING='^qingdan: error: no catalogue could be loaded'

# MARK: nothing loaded is an ordinary outcome on every path
run search 低保 --data e.txt
check "search, nothing loaded" 1 err "$EMPTY_LINE" err "$NOTHING"
run who 低保 --data e.txt
check "who, nothing loaded" 1 err "$EMPTY_LINE" err "$NOTHING"
run search --batch --json --data e.txt </dev/null
check "search --batch, nothing loaded" 1 err "$NOTHING"
for command in list stats export "show 大石头乡/basic/1"; do
  # shellcheck disable=SC2086
  run $command --data e.txt
  check "$command, nothing loaded" 1 err "$EMPTY_LINE" err "$NOTHING"
done
if command -v script >/dev/null 2>&1; then
  TERM=xterm-256color script -qec "'$QD' --data e.txt" /dev/null >out 2>err </dev/null
  STATUS=$?
  tr -d '\r' <out >out.plain && mv out.plain out
  check "browser, nothing loaded" 1 out "$NOTHING"
  TERM=xterm-256color script -qec "'$QD' --data missing.txt --data empty" /dev/null >out 2>err </dev/null
  STATUS=$?
  tr -d '\r' <out >out.plain && mv out.plain out
  check "browser, no readable path: told before the screen" 1 \
    out "^qingdan: missing\.txt: error: no such file" out "^qingdan: empty: error: a directory with no" \
    out "$NOTHING"
  if grep -q $'\e\[?1049h' out; then
    FAILED=$((FAILED + 1))
    echo "not ok - the browser took over the screen for paths that cannot be read"
  fi
fi

# MARK: each path cause, reported and skipped
run search 低保 --data empty --data named.txt --data fifo.txt --data /dev/null \
  --data dangling.txt --data loop.txt --data missing.txt --data "$CATALOGUES"
check "bad paths are skipped, the good one loads" 0 out "大石头乡/basic/28" \
  err "^qingdan: empty: error: a directory with no catalogue files" \
  err "^qingdan: named\.txt: error: a directory named like a catalogue file" \
  err "^qingdan: fifo\.txt: error: not a regular file but a FIFO" \
  err "^qingdan: /dev/null: error: not a regular file but a character device" \
  err "^qingdan: dangling\.txt: error: a symbolic link to “gone\.txt”, which does not exist" \
  err "^qingdan: loop\.txt: error: a symbolic link that points back to itself" \
  err "^qingdan: missing\.txt: error: no such file or directory"
if [[ $(id -u) == 0 ]] && command -v runuser >/dev/null 2>&1; then
  cp "$CATALOGUES"/*大石头乡* locked.txt && chmod 000 locked.txt && chmod 755 "$WORK"
  runuser -u nobody -- env XDG_CACHE_HOME="$WORK/nobody-cache" "$QD" who 低保 --data locked.txt >out 2>err
  STATUS=$?
  check "permission denied" 1 err "^qingdan: locked\.txt: error: permission denied; "
fi

# MARK: two editions of one township
mkdir editions
cp "$CATALOGUES"/*大石头乡* editions/大石头乡-2024-07.txt
cp "$CATALOGUES"/*大石头乡* editions/大石头乡-2025-07.txt
touch -d 2020-01-01 editions/大石头乡-2025-07.txt
for command in "who 低保" "search 低保" stats list; do
  # shellcheck disable=SC2086
  run $command --data editions
  check "$command names both editions" 0 \
    err "^qingdan: editions/大石头乡-2025-07\.txt: warning: 大石头乡 is also in editions/大石头乡-2024-07\.txt.*is used" \
    err "^qingdan: editions/大石头乡-2024-07\.txt: warning: .*is skipped"
done

# MARK: output failures
run search 低保
"$QD" search 低保 >/dev/full 2>err
STATUS=$?
check "output to /dev/full" 2 err "^qingdan: error: cannot write the output"
"$QD" export --format json 2>err | head -c1 >out
STATUS=${PIPESTATUS[0]}
check "closed pipe" 0 out "\[" 
if [[ -s err ]]; then
  FAILED=$((FAILED + 1))
  echo "not ok - closed pipe is quiet: $(head -1 err)"
fi

# MARK: any --limit
for limit in 9223372036854775807 999999999999; do
  run search 低保 --limit "$limit"
  check "--limit $limit" 0 out "^1\. "
done

# MARK: confidence floor
for query in zzzzqqqq qwerty password "hello world"; do
  # shellcheck disable=SC2086
  run who $query
  check "who $query has no confident answer" 1 out "^no confident answer for “$query”"
done
run who --json qwerty
check "who --json qwerty: weak hits and exit 1" 1 out '"confident" : false'
run who 煤气罐
check "who 煤气罐 answers" 0 out "城镇燃气"
run search --json qwerty
check "search --json marks weak hits" 0 out '"confident" : false'

# MARK: no user text reaches the terminal raw
run search $'\e]\a\e[\u009b'
# Whatever the message (no match, or a query of nothing but fillers), the query it echoes
# has its escape sequences shown as U+FFFD.
check "no match echo is sanitised" 0 out "“�\]��\[�”"
if grep -q $'\e' out err; then
  FAILED=$((FAILED + 1))
  echo "not ok - an escape character reached the output"
fi
printf '\xc2\x9b\xe2\x80\xae\xe4\xbd\x8e\xe4\xbf\x9d\x7f\n' | "$QD" search --batch --json --limit 1 >out 2>err
STATUS=$?
check "batch JSON escapes the controls JSON leaves raw" 0 out '"query":"\\u009b\\u202e低保\\u007f"'
run who 低保 --township $'\e[31m'
check "township echo is sanitised" 1 err "^qingdan: error: no township “�\[31m”"
run show $'\e[31m'
check "id echo is sanitised" 1 err "^qingdan: error: no item “�\[31m”"
run search 低保 --data $'bad\e[31m.txt' --data "$CATALOGUES"
check "path echo is sanitised" 0 err "^qingdan: bad�\[31m\.txt: error: no such file"

# MARK: one prefix for top-level errors
run search --limit 0 低保
check "usage errors use the qingdan: prefix" 64 err "^qingdan: error: --limit must be at least 1"
if grep -q '^Error:' err; then
  FAILED=$((FAILED + 1))
  echo "not ok - ArgumentParser's Error: prefix"
fi

# MARK: the index cache: listed, cleared, and kept under its budget
run who 低保
run cache
check "cache lists the snapshot and its catalogue files" 0 out "snapshot\(s\)" out "大石头乡履职事项清单"
run cache --json
check "cache --json lists the snapshot" 0 out '"snapshots"'
run cache clear
check "cache clear removes the snapshots" 0 out "^removed [1-9][0-9]* snapshot"
run cache
check "an empty cache lists nothing" 0 out "0 snapshot\(s\)"
# A budget smaller than one snapshot: it is not written, so the directory stays within it.
QINGDAN_CACHE_BUDGET=1K "$QD" who 低保 >out 2>err
STATUS=$?
run cache
check "a snapshot over the budget is not kept" 0 out "0 snapshot\(s\)"

# MARK: the index cache built by two processes at once, then edited within the same second
mkdir -p twin
cp "$CATALOGUES"/*.txt twin/
run cache clear
"$QD" who 低保 --data twin >expected 2>/dev/null
run cache clear
"$QD" who 低保 --data twin >first 2>first.err &
first_pid=$!
"$QD" who 低保 --data twin >second 2>second.err
second_status=$?
wait "$first_pid"
first_status=$?
cmp -s first expected && cmp -s second expected && ((first_status == 0 && second_status == 0))
STATUS=$?
check "two processes building the same snapshot at once both answer alike" 0 out ""
run who 低保 --data twin
STATUS=$(cmp -s out expected && echo 0 || echo 1)
check "the snapshot they leave answers alike" 0 out ""
# An edit of the same size right after the snapshot was written, its mtime put back.
file=$(ls twin/*.txt | head -1)
stamp=$(stat -c %y "$file")
sed -i '0,/低保/s//低俸/' "$file"
touch -d "$stamp" "$file"
run who 低俸 --data twin
check "an edit within the same second is never answered from the stale snapshot" 0 out "低俸"

echo "$PASSED passed, $FAILED failed"
((FAILED == 0))
