#!/usr/bin/env bash
# Checks that a change leaves search results exactly as they were: builds BASE_REV (default
# main) in a temporary git worktree and the current tree, runs
# `qingdan search --batch --json --limit 20` over every judged query with each, and compares
# the two outputs byte for byte. Exit 0 when identical; exit 1 and the first differences
# when not.
#
#   bash Scripts/compare-search-output.sh [BASE_REV]
#
# BASE_REV builds in its own scratch path (.build-base, git-ignored), so the current tree's
# .build is left alone. Debug builds by default (what the tests use); set
# COMPARE_CONFIGURATION=release to compare release binaries.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
base_rev=${1:-main}
configuration=${COMPARE_CONFIGURATION:-debug}

base_commit=$(git rev-parse --verify --quiet "$base_rev^{commit}") || {
  echo "compare-search-output: no commit named '$base_rev'; give a branch, tag or commit" >&2
  exit 2
}

query_files=(../shared/eval/dev.jsonl ../shared/eval/dev2.jsonl ../shared/eval/dev3.jsonl
  eval/queries.jsonl)
for file in "${query_files[@]}"; do
  [[ -r $file ]] || {
    echo "compare-search-output: cannot read $file (judged queries); run from a worktree beside ../shared" >&2
    exit 2
  }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/qingdan-compare.XXXXXX")
worktree="$work/base"
cleanup() {
  git worktree remove --force "$worktree" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

# Every judged query, one per line, in file order (the `q` field of each JSON line).
python3 - "${query_files[@]}" >"$work/queries.txt" <<'EOF'
import json, sys
for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            query = json.loads(line)["q"]
            if "\n" in query or "\r" in query:
                sys.exit(f"{path}:{number}: query holds a line break; --batch reads one per line")
            print(query)
EOF
echo "queries: $(wc -l <"$work/queries.txt") from ${query_files[*]}"

git worktree add --detach --quiet "$worktree" "$base_commit"
echo "building base $base_rev ($(git rev-parse --short "$base_commit")) in .build-base ($configuration)"
(cd "$worktree" && nice -n 10 swift build -c "$configuration" --product qingdan \
  --scratch-path "$root/.build-base" >"$work/build-base.log" 2>&1) || {
  tail -n 30 "$work/build-base.log" >&2
  echo "compare-search-output: building $base_rev failed" >&2
  exit 2
}
echo "building the current tree in .build ($configuration)"
nice -n 10 swift build -c "$configuration" --product qingdan >"$work/build-current.log" 2>&1 || {
  tail -n 30 "$work/build-current.log" >&2
  echo "compare-search-output: building the current tree failed" >&2
  exit 2
}

# Same environment for both: no index cache, no user synonyms, each revision's own
# Resources (tables, synonyms, bundled catalogues), the bundled catalogues only.
mkdir -p "$work/config"
run() { # binary resources output
  env -u QINGDAN_DATA QINGDAN_NO_CACHE=1 XDG_CONFIG_HOME="$work/config" \
    QINGDAN_RESOURCES="$2" "$1" search --batch --json --limit 20 \
    <"$work/queries.txt" >"$3"
}
run "$root/.build-base/$configuration/qingdan" "$worktree/Resources" "$work/base.jsonl"
run "$root/.build/$configuration/qingdan" "$root/Resources" "$work/current.jsonl"

if cmp -s "$work/base.jsonl" "$work/current.jsonl"; then
  echo "identical: $(wc -l <"$work/current.jsonl") result lines, $(wc -c <"$work/current.jsonl") bytes"
  exit 0
fi
echo "DIFFERENT from $base_rev; first differences (one JSON line per query):"
python3 - "$work/base.jsonl" "$work/current.jsonl" "$work/queries.txt" <<'EOF'
import sys
base, current, queries = (open(path, encoding="utf-8").read().splitlines() for path in sys.argv[1:])
if len(base) != len(current):
    print(f"  {len(base)} lines from the base, {len(current)} from the current tree")
shown = 0
for number, (old, new) in enumerate(zip(base, current), 1):
    if old == new:
        continue
    at = next((i for i, (a, b) in enumerate(zip(old, new)) if a != b), min(len(old), len(new)))
    query = queries[number - 1] if number <= len(queries) else "?"
    print(f"  line {number}, query {query!r}, from character {at}:")
    print(f"    - {old[max(0, at - 60):at + 100]}")
    print(f"    + {new[max(0, at - 60):at + 100]}")
    shown += 1
    if shown == 5:
        break
differing = sum(1 for old, new in zip(base, current) if old != new)
print(f"  {differing} of {min(len(base), len(current))} query lines differ")
EOF
exit 1
