#!/usr/bin/env bash
# Province-scale comparison (issues 5 and 11): qingdan against rg, fzf and SQLite FTS5 on
# synthetic corpora of 1, 10, 100 and 1,000 townships (≈245 items each), same queries, same
# files; per size also one `qingdan who` process against one `rg -F` (wall time, max RSS,
# ratio) and the total PSS of 8 browsers open at once against one's.
#
#   bash Scripts/bench-scale.sh              # sizes 1 10 100 1000 (about 15 min on 2 cores)
#   bash Scripts/bench-scale.sh 1 10         # or SIZES="1 10" bash Scripts/bench-scale.sh
#   bash Scripts/bench-scale.sh 10000        # past a province: 1.1 GB of text, about 5 GB of
#                                            # disk with the cache; fzf and FTS5 are skipped
#
# Installs what it needs from Debian if missing (ripgrep, fzf, sqlite3, gnuplot-nox, time, tmux), builds
# release, generates each corpus once into bench-out/corpus-N (kept while it has N files),
# then runs Scripts/bench_scale.py, which prints a table per size, writes bench-out/scale.csv
# and bench-out/scale.png, and copies both to docs/bench/ (DOCS=0 to skip the copy).
# Environment: SIZES, SEED (corpus seed, default 5), SKIP_BUILD=1, DOCS=0, and BENCH_ARGS
# (extra arguments for bench_scale.py, e.g. "--budget 10 --no-recall").
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=("$@")
if ((${#sizes[@]} == 0)); then read -r -a sizes <<<"${SIZES:-1 10 100 1000}"; fi
seed="${SEED:-5}"
out=bench-out
start=$SECONDS

# Tools, from Debian (GNU time measures the other tools' peak memory).
bash "$(dirname "$0")/apt-install.sh" ripgrep fzf sqlite3 gnuplot-nox python3 time tmux

# FTS5 with the trigram tokenizer needs SQLite >= 3.34, in the sqlite3 shell and in the
# Python that runs the benchmark (its sqlite3 module may link another SQLite).
trigram="CREATE VIRTUAL TABLE t USING fts5(x, tokenize='trigram');"
if ! sqlite3 :memory: "$trigram" >/dev/null 2>&1; then
  echo "sqlite3 $(sqlite3 --version | cut -d' ' -f1): no FTS5 trigram tokenizer (need >= 3.34)" >&2
  exit 1
fi
python=""
for candidate in python3 /usr/bin/python3; do
  if command -v "$candidate" >/dev/null 2>&1 &&
    "$candidate" -c "import sqlite3; sqlite3.connect(':memory:').execute(\"$trigram\")" 2>/dev/null; then
    python=$candidate
    break
  fi
done
if [ -z "$python" ]; then
  echo "no python3 whose sqlite3 module has the FTS5 trigram tokenizer (SQLite >= 3.34)" >&2
  exit 1
fi

# Release build; qingdan with the Swift runtime linked in, as the package ships it
# (Scripts/package-deb.sh): its one-shot rows time process start too.
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  swift build -c release --static-swift-stdlib --product qingdan
  swift build -c release --product qingdan-bench
fi
bench=.build/release/qingdan-bench
# A 10,000-township snapshot (about 1.7 GiB) is larger than the default cache budget (1 GiB):
# the benchmark's own cache folders may hold it.
export QINGDAN_CACHE_BUDGET="${QINGDAN_CACHE_BUDGET:-16G}"

# Corpora, each generated once. Each township is about 1.1 MB of text, and its index cache
# about 1.5 MB more; refuse to start what the disk cannot hold.
mkdir -p "$out"
need_mb=0
for n in "${sizes[@]}"; do
  [ -d "$out/corpus-$n" ] || need_mb=$((need_mb + n * 3))
done
free_mb=$(df -Pm "$out" | awk 'NR == 2 { print $4 }')
if [ "$need_mb" -gt "$free_mb" ]; then
  echo "bench-scale: these sizes need about $need_mb MB free in $out, there are $free_mb MB" >&2
  exit 1
fi
# qingdan processes started by the benchmark keep their index cache here, not in ~/.cache.
export XDG_CACHE_HOME="$PWD/$out/cache"
for n in "${sizes[@]}"; do
  dir="$out/corpus-$n"
  have=0
  [ -d "$dir" ] && have=$(find "$dir" -maxdepth 1 -name '*.txt' | wc -l)
  if [ "$have" -ne "$n" ]; then
    echo "generating $dir ($n townships, seed $seed)"
    t0=$SECONDS
    "$bench" corpus --townships "$n" --seed "$seed" --out "$dir" --force
    echo "  $(du -sh "$dir" | cut -f1) in $((SECONDS - t0)) s"
  fi
done

extra=()
[ "${DOCS:-1}" = 0 ] && extra+=(--no-docs)
read -r -a more <<<"${BENCH_ARGS:-}"
"$python" Scripts/bench_scale.py "${sizes[@]}" --out "$out" "${extra[@]}" "${more[@]}" |
  tee "$out/scale.txt"
echo "bench-scale: $((SECONDS - start)) s in all; log in $out/scale.txt"
