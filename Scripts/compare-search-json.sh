#!/usr/bin/env bash
# Checks that two qingdan binaries give byte-identical JSON for every judged query:
# `search --batch --json`, `search --json` and `who --json`, plus `list --json`,
# `show --json` and `export`. Used when restructuring the CLI (issue 10).
#
#   Scripts/compare-search-json.sh OLD_BINARY NEW_BINARY [queries.jsonl…]
#
# Default queries: ../shared/eval/*.jsonl and eval/queries.jsonl. Exits 1 on any difference.
set -euo pipefail
cd "$(dirname "$0")/.."
old=$1 new=$2
shift 2
if (($# == 0)); then set -- ../shared/eval/*.jsonl eval/queries.jsonl; fi
work=$(mktemp -d "${TMPDIR:-/tmp}/qingdan-compare.XXXXXX")
trap 'rm -rf "$work"' EXIT
export XDG_CACHE_HOME=$work/cache
python3 -c 'import json,sys
for path in sys.argv[1:]:
    for line in open(path, encoding="utf-8"):
        if line.strip(): print(json.loads(line)["q"])' "$@" >"$work/queries"
status=0
compare() {
  local name=$1
  shift
  "$old" "$@" >"$work/old.$name" 2>&1 || true
  "$new" "$@" >"$work/new.$name" 2>&1 || true
  if ! cmp -s "$work/old.$name" "$work/new.$name"; then
    echo "differs: $name ($*)"
    diff "$work/old.$name" "$work/new.$name" | head -5
    status=1
  fi
}
"$old" search --batch --json <"$work/queries" >"$work/old.batch"
"$new" search --batch --json <"$work/queries" >"$work/new.batch"
if cmp -s "$work/old.batch" "$work/new.batch"; then
  echo "search --batch --json: $(wc -l <"$work/queries") queries identical"
else
  echo "differs: search --batch --json"
  status=1
fi
count=0
while IFS= read -r query; do
  count=$((count + 1))
  compare "search.$count" search --json -- "$query"
  compare "search-limit.$count" search --json --limit 3 --list cooperative -- "$query"
  compare "who.$count" who --json -- "$query"
done <"$work/queries"
echo "search --json, who --json: $count queries compared"
compare list list --json
compare show-cooperative show --json 大石头乡/cooperative/66
compare show-recovered show --json 大西渠镇/recovered/1
compare export export --format json
compare export-csv export --format csv
compare stats stats --json
exit $status
