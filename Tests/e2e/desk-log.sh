#!/usr/bin/env bash
# The enquiry log as operators and scripts use it: 8 processes recording 100 entries each at
# once (nothing lost, no "database is locked"), the listings, hot topics and missed
# searches, the file modes, and damaged or unusable logs (one clear line, exit 2).
#
#   Tests/e2e/desk-log.sh [path/to/qingdan]      (default .build/debug/qingdan)
#
# Everything lives in a temporary XDG_DATA_HOME/XDG_CONFIG_HOME/HOME, never the user's own.
set -uo pipefail

qingdan=$(realpath "${1:-.build/debug/qingdan}")
work=$(mktemp -d "${TMPDIR:-/tmp}/qingdan-desk-e2e.XXXXXX")
trap 'rm -rf "$work"' EXIT
export XDG_DATA_HOME=$work/data XDG_CONFIG_HOME=$work/config XDG_CACHE_HOME=$work/cache
export HOME=$work/home LANG=C.UTF-8 SWIFT_BACKTRACE=enable=no
unset QINGDAN_DATA
desk=$XDG_DATA_HOME/qingdan/desk.sqlite
cd "$work" || exit 1
passed=0
failed=0

# ok NAME CONDITION-STATUS: counts the case, says why when it failed.
ok() {
  if [ "$2" -eq 0 ]; then
    passed=$((passed + 1))
    echo "ok - $1"
  else
    failed=$((failed + 1))
    echo "not ok - $1${3:+: $3}"
  fi
}

# qd STATUS ARGS…: runs qingdan into out/err and checks its exit status.
qd() {
  local expected=$1
  shift
  "$qingdan" "$@" >out 2>err
  local status=$?
  [ "$status" -eq "$expected" ] || {
    echo "| qingdan $* exited $status, expected $expected"
    sed 's/^/| err: /' err | head -3
    return 1
  }
}

# one_line PATTERN: stderr is exactly one line, matching PATTERN.
one_line() { [ "$(wc -l <err)" -eq 1 ] && grep -Eq -- "$1" err; }

# 8 writers × 100 entries, each entry its own process, as operators' terminals are.
items=(大石头乡/basic/1 大石头乡/basic/2 大石头乡/cooperative/73 大西渠镇/cooperative/71)
started=$(date +%s%N)
for writer in 1 2 3 4 5 6 7 8; do
  (
    for number in $(seq 100); do
      "$qingdan" log add --query "查询 $writer-$number" --item "${items[number % 4]}" \
        --township 大石头乡 >/dev/null 2>>"errors-$writer" || echo "exit $? on $writer-$number" >>"errors-$writer"
    done
  ) &
done
wait
elapsed=$((($(date +%s%N) - started) / 1000000))
echo "# 8 × 100 log add: $((elapsed / 1000)).$(printf %03d $((elapsed % 1000))) s"
cat errors-* >errors 2>/dev/null
ok "8 × 100 concurrent log add: no error output" "$([ ! -s errors ] && echo 0 || echo 1)" "$(head -3 errors)"
qd 0 log --json
ok "log --json holds exactly 800 entries" "$([ "$(grep -c '"item" :' out)" -eq 800 ] && echo 0 || echo 1)" \
  "$(grep -c '"item" :' out) entries"
ok "log --json is one array" "$([ "$(head -c1 out)" = "[" ] && [ "$(tail -n1 out)" = "]" ] && echo 0 || echo 1)"
ok "every writer's 100 entries are there" \
  "$(for w in 1 2 3 4 5 6 7 8; do grep -c "\"查询 $w-" out; done | sort -u | tr -d '\n' | grep -qx 100 && echo 0 || echo 1)"
ok "the folder is 0700 and the file 0600" \
  "$([ "$(stat -c %a "$(dirname "$desk")") $(stat -c %a "$desk")" = "700 600" ] && echo 0 || echo 1)" \
  "$(stat -c '%a %n' "$(dirname "$desk")" "$desk" | tr '\n' ' ')"

qd 0 log --csv
ok "log --csv: a header and 800 rows" \
  "$([ "$(head -1 out)" = $'time,township,query,item,answer,note\r' ] && [ "$(wc -l <out)" -eq 801 ] && echo 0 || echo 1)"
qd 0 log stats --by item --json
ok "log stats --by item: 4 items, 200 each" \
  "$([ "$(grep -c '"count" : 200' out)" -eq 4 ] && echo 0 || echo 1)" "$(tr -d '\n ' <out | head -c 300)"
qd 0 log stats --by department
ok "log stats --by department: 大石头乡's own items and 73's leading departments" \
  "$(grep -Eq '^400  大石头乡$' out && grep -Eq '^200  木垒县公安局$' out && grep -Eq '^200  昌吉市公安局$' out && echo 0 || echo 1)" \
  "$(head -4 out | tr '\n' '|')"

# Days and periods: entries written for other days.
qd 0 log add --query 低保 --item 大石头乡/basic/28 --time 2026-01-05T09:00 &&
  qd 0 log add --query 低保 --item 大石头乡/basic/28 --time 2026-01-05T18:00 &&
  qd 0 log add --query 低保 --item 大石头乡/basic/28 --time 2026-01-06 --note "回电 0000"
ok "log add --time" $?
qd 0 log stats --by day --until 2026-01-06
ok "log stats --by day --until: the days, newest first" \
  "$(diff <(printf '3 entries, by day\n1  2026-01-06\n2  2026-01-05\n') out >/dev/null && echo 0 || echo 1)" "$(tr '\n' '|' <out)"
qd 0 log --since 2026-01-05 --until 2026-01-05
ok "log --since/--until a day: that day only, newest first" \
  "$(grep -c '^2026-01-05' out | grep -qx 2 && head -1 out | grep -q '18:00' && echo 0 || echo 1)"
qd 2 log --since 2026-02-30
ok "a bad date: one clear line, exit 2" "$?$(one_line '^qingdan: error: --since “2026-02-30” is not a date; use YYYY-MM-DD' || echo 1)"
qd 2 log add --query x --item 大石头乡/basic/9999
ok "an unknown item: one clear line, exit 2" "$?$(one_line '^qingdan: error: no item “大石头乡/basic/9999”' || echo 1)"
qd 2 log add --query "$(printf '长%.0s' $(seq 201))" --item 大石头乡/basic/1
ok "a query over 200 characters is refused, not cut" "$?$(one_line '^qingdan: error: --query is 201 characters long; the log keeps at most 200' || echo 1)"

# Missed searches, as the browser or another front end records them.
for reason in no-hits no-hits no-hits abandoned; do qd 0 log add-miss --query 燃气瓶 --reason $reason || break; done
qd 0 log add-miss --query 低保咋办 --reason abandoned && qd 0 log add-miss --query 低保咋办 --reason abandoned &&
  qd 0 log add-miss --query $'\e[31mqz'
ok "log add-miss" $?
qd 0 log misses --json
ok "log misses --json: counts per query, most first" \
  "$(tr -d ' \n' <out | grep -Eq '^\[\{"abandoned":1,"closest":\[\{.*"count":4,.*"noHits":3,"query":"燃气瓶"\},\{"abandoned":2,.*"count":2,.*"query":"低保咋办"' && echo 0 || echo 1)" \
  "$(tr -d ' \n' <out | head -c 200)"
qd 0 log misses --tsv
ok "log misses --tsv: a # header and colloquial<TAB>official lines" \
  "$(head -1 out | grep -q '^# Candidate synonyms' && grep -Eq $'^燃气瓶\t[^\t]+$' out && grep -Eq $'^低保咋办\t[^\t]+$' out && echo 0 || echo 1)"
qd 0 log misses
ok "log misses: control characters never reach the terminal" \
  "$(grep -q $'\e' out && echo 1 || (grep -q '�\[31mqz' out && echo 0 || echo 1))"

# A damaged log: one line naming the file and what to do, exit 2, for reading and writing.
cp "$desk" good.sqlite
printf 'this is not SQLite at all\n' | dd of="$desk" conv=notrunc status=none
rm -f "$desk-wal" "$desk-shm"
qd 2 log
ok "a corrupted desk.sqlite: log says so in one line, exit 2" \
  "$?$(one_line "^qingdan: $desk: error: not a desk log \(not an SQLite database\): move it aside \(mv " || echo 1)" "$(cat err)"
qd 2 log add --query x --item 大石头乡/basic/1
ok "a corrupted desk.sqlite: log add says so in one line, exit 2" "$?$(one_line "^qingdan: $desk: error: not a desk log" || echo 1)"
head -c 20000 good.sqlite >"$desk"
qd 2 log stats
ok "a truncated desk.sqlite: one line, exit 2" "$?$(one_line "^qingdan: $desk: error: the desk log is damaged \(cut short" || echo 1)" "$(cat err)"
rm -f "$desk"
mkdir "$desk"
qd 2 log
ok "a folder where the file should be: one line, exit 2" "$?$(one_line "^qingdan: $desk: error: not a file: give another file with --desk FILE" || echo 1)"
rmdir "$desk"
qd 0 log add --query 重新开始 --item 大石头乡/basic/1 && qd 0 log --json
ok "a removed desk.sqlite is created again" "$?$([ "$(grep -c '"item" :' out)" -eq 1 ] && echo 0 || echo 1)"
# A read-only log: as a user who may not write it (root may write anything, so root runs
# this case as nobody, from a copy of the binary nobody can reach).
readonly_dir=$work/readonly
mkdir -p "$readonly_dir" && cp "$desk" "$readonly_dir/desk.sqlite" && cp "$qingdan" "$readonly_dir/qingdan"
chmod 755 "$work" "$readonly_dir" && chmod 444 "$readonly_dir/desk.sqlite"
as_user=()
[ "$(id -u)" -ne 0 ] || as_user=(runuser -u nobody --)
"${as_user[@]}" env HOME="$readonly_dir" "$readonly_dir/qingdan" log add-miss --desk "$readonly_dir/desk.sqlite" \
  --query 只读 >out 2>err
status=$?
ok "a read-only desk.sqlite: one line, exit 2" "$([ $status -eq 2 ] && one_line "^qingdan: $readonly_dir/desk.sqlite: error: the desk log cannot be written \(attempt to write a readonly database\): check the permissions" && echo 0 || echo 1)" \
  "exit $status: $(cat err)"

qd 0 log add --desk "$work/other/desk.sqlite" --query 另一个 --item 大石头乡/basic/1 && qd 0 log --desk "$work/other/desk.sqlite"
ok "--desk FILE names another log" "$?$(grep -q '另一个' out && echo 0 || echo 1)"

echo "$passed passed, $failed failed"
((failed == 0))
