#!/usr/bin/env python3
"""Province-scale comparison (issue 5): qingdan against ripgrep, fzf and SQLite FTS5.

Run through `bash Scripts/bench-scale.sh`, which installs the tools, builds release and
generates the corpora first. For each size N (bench-out/corpus-N must exist) this:

  - runs `qingdan-bench scale --data DIR --json` (load, index, memory, in-process query and
    browser latency) and records its figures;
  - times the same judged queries (the `q` of every line of ../shared/eval/dev.jsonl and
    eval/queries.jsonl) with
      rg -F -c --no-ignore -- Q DIR          one process per query (includes process start),
      fzf --filter=Q < lines-N.txt           one process per query (includes process start);
                                             lines-N.txt is `qingdan list` once,
      SQLite FTS5 (trigram tokenizer)        in this process via the sqlite3 module, only the
                                             query's execution timed; fts-N.db is built once
                                             per run from `qingdan export --format csv`,
      qingdan search --batch                 one process for all queries (includes loading),
      qingdan search Q                       one process per query, for N <= --cli-max-n;
  - a one-shot row: `qingdan who 低保 --data DIR` (index cache warm) against `rg -F 低保 DIR`,
    whole processes, alternated in the same run: median wall time, max RSS, and the ratio;
  - the memory of 8 browsers open at once on the same corpus (each in its own tmux session,
    after its first frame): their total proportional set size (PSS, /proc/PID/smaps_rollup)
    against one browser's alone, for N <= --pss-max-n;
  - prints a table per size and writes bench-out/scale.csv, one row per
    (size, tool, metric), and (unless --no-docs) docs/bench/scale.csv and docs/bench/scale.png.

Standard library only; the plot is drawn by gnuplot (Debian's gnuplot-nox).
"""

import argparse
import bisect
import csv
import json
import math
import os
import platform
import shlex
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# The FTS5 table: every text field of the export; the id is stored, not indexed.
FTS_COLUMNS = [
    "township", "category", "name", "answer", "departments", "department_duties",
    "township_duties", "receiver", "method",
]
# Table rows whose p50 / qingdan's p50 also goes into the CSV, by the CSV's tool name.
RATIO_KEYS = {
    "rg -F -c": "rg", "fzf --filter": "fzf", "sqlite fts5 trigram": "fts5",
    "qingdan search Q (process)": "qingdan-cli", "qingdan search --batch": "qingdan-cli-batch",
}

# ---------------------------------------------------------------------------------------
# Small helpers


def percentile(samples, fraction):
    """Same definition as qingdan-bench's Measure.percentile: sorted[floor(n * f)]."""
    if not samples:
        return float("nan")
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


def log(message):
    print(message, file=sys.stderr, flush=True)


def run_timed(argv, stdin=None, env=None):
    """Runs one process; returns (wall ms, exit code)."""
    start = time.perf_counter()
    code = subprocess.run(argv, stdin=stdin, stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL, env=env).returncode
    return (time.perf_counter() - start) * 1000, code


def peak_rss(argv_for, queries, stdin_path=None, env=None, samples=5):
    """The largest peak RSS (MB) of the tool over a few queries, measured by GNU time.

    Not taken from the timed runs: a child forked from this Python process reports this
    process's RSS as its own peak (the kernel keeps the pre-exec high-water mark)."""
    peak = 0.0
    report = Path(os.environ.get("TMPDIR", "/tmp")) / f"bench-scale-rss-{os.getpid()}"
    for query in queries[:samples]:
        stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
        try:
            subprocess.run(["/usr/bin/time", "-f", "%M", "-o", str(report)] + argv_for(query),
                           stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           env=env)
        finally:
            if stdin_path:
                stdin.close()
        try:
            peak = max(peak, float(report.read_text().split()[-1]) / 1024)
        except (OSError, ValueError, IndexError):
            pass
    report.unlink(missing_ok=True)
    return peak


def repeat_rounds(queries, measure, budget_s, max_rounds, first_round_s=None):
    """Times every query once per round; more rounds while the next one fits in budget_s.

    `measure(q)` returns (ms, hit: bool). If first_round_s is given and three warm-up
    queries say one round would take longer, only every k-th query is timed (so that it
    fits). Returns the samples, the number of rounds, the queries with a hit (first round)
    and the number of queries timed.
    """
    # Warm-up (page cache, first-call costs); not counted.
    warm = sorted(measure(q)[0] for q in (queries[0], queries[len(queries) // 2], queries[-1]))
    if first_round_s and warm[1] * len(queries) / 1000 > first_round_s:
        step = math.ceil(warm[1] * len(queries) / 1000 / first_round_s)
        queries = queries[::step]
    samples, hits, rounds = [], 0, 0
    start = time.perf_counter()
    while True:
        for query in queries:
            ms, hit = measure(query)
            samples.append(ms)
            if rounds == 0 and hit:
                hits += 1
        rounds += 1
        elapsed = time.perf_counter() - start
        if rounds >= max_rounds or elapsed / rounds + elapsed > budget_s:
            break
    return samples, rounds, hits, len(queries)


def load_queries(paths):
    records = []
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    records.append(json.loads(line))
    return records


def default_query_files():
    return [str(p) for p in (ROOT.parent / "shared/eval/dev.jsonl", ROOT / "eval/queries.jsonl")
            if p.exists()]


def fmt_ratio(value):
    return f"{value:.2g}x" if value < 0.1 else fmt(value) + "x"


def fmt(value, digits=2):
    if value is None or value != value:  # None or NaN
        return "—"
    if value >= 1000:
        return f"{value:,.0f}"
    if value >= 100:
        return f"{value:.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.{digits}f}"


# ---------------------------------------------------------------------------------------
# Building the other tools' inputs


def build_lines(qingdan, data_dir, path):
    """`qingdan list`: one line per item (id, category, name, answer) — fzf's input."""
    start = time.perf_counter()
    with open(path, "wb") as out:
        subprocess.run([qingdan, "list", "--data", str(data_dir)], stdout=out, check=True)
    return (time.perf_counter() - start) * 1000


def export_csv(qingdan, data_dir, path):
    start = time.perf_counter()
    with open(path, "wb") as out:
        subprocess.run([qingdan, "export", "--data", str(data_dir), "--format", "csv"],
                       stdout=out, check=True)
    return (time.perf_counter() - start) * 1000


def read_export(path):
    csv.field_size_limit(1 << 30)
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def build_fts(rows, db_path):
    """Creates the trigram FTS5 table and inserts every item; returns the build ms
    (create, insert, commit: SQLite's own indexing; reading the CSV is not counted)."""
    if db_path.exists():
        db_path.unlink()
    values = [[row["id"]] + [row.get(column, "") for column in FTS_COLUMNS] for row in rows]
    connection = sqlite3.connect(db_path)
    start = time.perf_counter()
    connection.execute(
        f"CREATE VIRTUAL TABLE items USING fts5(id UNINDEXED, {', '.join(FTS_COLUMNS)}, "
        "tokenize='trigram')")
    with connection:
        connection.executemany(
            f"INSERT INTO items VALUES ({', '.join('?' * (len(FTS_COLUMNS) + 1))})", values)
    elapsed = (time.perf_counter() - start) * 1000
    connection.close()
    return elapsed


def fts_statement(query):
    """The statement for one query. Whitespace-separated terms are ANDed. Trigram MATCH
    needs every term to have at least 3 characters; otherwise LIKE '%term%' over the text
    columns of the same table (a full scan). Returns (mode, sql, params)."""
    terms = query.split() or [query]
    if all(len(term) >= 3 for term in terms):
        match = " ".join('"' + term.replace('"', '""') + '"' for term in terms)
        return "match", "SELECT id FROM items WHERE items MATCH ? LIMIT 20", [match]
    clauses, params = [], []
    for term in terms:
        escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        clauses.append(
            "(" + " OR ".join(f"{column} LIKE ? ESCAPE '\\'" for column in FTS_COLUMNS) + ")")
        params += [f"%{escaped}%"] * len(FTS_COLUMNS)
    return "like", f"SELECT id FROM items WHERE {' AND '.join(clauses)} LIMIT 20", params


# ---------------------------------------------------------------------------------------
# One size


class Rows:
    """The CSV rows: one per (size, tool, metric)."""

    def __init__(self):
        self.rows = []

    def add(self, townships, items, tool, metric, value, unit, note=""):
        if value is None or value != value:
            return
        self.rows.append({
            "townships": townships, "items": items, "tool": tool, "metric": metric,
            "value": round(value, 4) if isinstance(value, float) else value, "unit": unit,
            "note": note,
        })


ONE_SHOT_QUERY = "低保"


def drained_run(argv, env):
    """Runs one process with its output read through a pipe (rg stops at the first match
    when its output is /dev/null); returns the wall ms."""
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    return (time.perf_counter() - start) * 1000


def gnu_time_rss(argv, env):
    """Max RSS (MB) of one run, by GNU time (see peak_rss for why not from this process)."""
    report = Path(os.environ.get("TMPDIR", "/tmp")) / f"bench-scale-one-{os.getpid()}"
    subprocess.run(["/usr/bin/time", "-f", "%M", "-o", str(report)] + argv,
                   stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    try:
        return float(report.read_text().split()[-1]) / 1024
    except (OSError, ValueError, IndexError):
        return float("nan")
    finally:
        report.unlink(missing_ok=True)


def one_shot(qingdan, data, env, runs):
    """`qingdan who Q` against `rg -F Q`, whole processes, alternated so that machine load
    falls on both alike; the index cache and the compiled search tables are warm (one run
    of each first, not counted)."""
    argv = {
        "qingdan": [qingdan, "who", ONE_SHOT_QUERY, "--data", str(data)],
        "rg": ["rg", "-F", "--no-ignore", "--", ONE_SHOT_QUERY, str(data)],
    }
    for tool in argv:
        drained_run(argv[tool], env)
    walls = {tool: [] for tool in argv}
    for _ in range(runs):
        for tool in argv:
            walls[tool].append(drained_run(argv[tool], env))
    result = {}
    for tool in argv:
        result[tool] = {
            "wall_ms": percentile(walls[tool], 0.5),
            "wall_min_ms": min(walls[tool]),
            "max_rss_mb": max(gnu_time_rss(argv[tool], env) for _ in range(3)),
        }
    result["ratio"] = result["qingdan"]["wall_ms"] / result["rg"]["wall_ms"]
    return result


def smaps_rollup(pid):
    """(PSS, RSS) of a process in MB, from /proc/PID/smaps_rollup."""
    values = {}
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            parts = line.split()
            if len(parts) >= 2 and parts[0] in ("Pss:", "Rss:"):
                values[parts[0]] = int(parts[1]) / 1024
    except OSError:
        return None
    return values.get("Pss:"), values.get("Rss:")


PSS_QUERIES = 60


def pss_of_browsers(qingdan, data, env, count, texts):
    """(PSS of one browser alone, total PSS of `count` at once), MB, after the first frame,
    and the same after each has searched up to PSS_QUERIES of `texts` and gone idle (None
    where not measured): by Scripts/pss.sh where the checkout has it, else after the first
    frame only, measured here (`browsers_pss`)."""
    script = ROOT / "Scripts/pss.sh"
    if script.exists():
        step = max(1, -(-len(texts) // PSS_QUERIES))
        with tempfile.NamedTemporaryFile("w", suffix=".txt", encoding="utf-8") as handle:
            handle.write("".join(text.replace("\n", " ") + "\n" for text in texts[::step]))
            handle.flush()
            result = subprocess.run(["bash", str(script), qingdan, str(data), str(count)],
                                    stdout=subprocess.PIPE, text=True, check=True,
                                    env={**env, "QUERIES": handle.name})
        fields = dict(item.split("=") for item in result.stdout.splitlines()[-1].split())
        used = ((int(fields["used_one_kb"]) / 1024, int(fields["used_total_kb"]) / 1024)
                if "used_one_kb" in fields else None)
        return (int(fields["pss_one_kb"]) / 1024, int(fields["pss_total_kb"]) / 1024), used
    one, _ = browsers_pss(qingdan, data, env, 1)
    many, _ = browsers_pss(qingdan, data, env, count)
    return (one[0], sum(many)), None


def browsers_pss(qingdan, data, env, count, settle_s=1.5, timeout_s=120):
    """Opens `count` browsers on `data`, each in its own detached session of a private tmux
    server (80x24), waits
    until every one has drawn its first frame and its memory has settled, and returns the
    PSS and RSS (MB) of each. The sessions are closed again."""
    sessions = [f"pss-{i}" for i in range(count)]
    tmux = ["tmux", "-L", f"qingdan-pss-{os.getpid()}", "-f", "/dev/null"]
    pids = []
    try:
        for session in sessions:
            command = f"exec {shlex.quote(qingdan)} --data {shlex.quote(str(data))}"
            subprocess.run(tmux + ["new-session", "-d", "-s", session, "-x", "80", "-y", "24",
                            "-e", f"XDG_CACHE_HOME={env.get('XDG_CACHE_HOME', '')}",
                            "-e", "TERM=xterm-256color", command], check=True, env=env)
            pid = subprocess.run(tmux + ["list-panes", "-t", session, "-F", "#{pane_pid}"],
                                 stdout=subprocess.PIPE, text=True, check=True).stdout.split()[0]
            pids.append(int(pid))
        deadline = time.perf_counter() + timeout_s
        last, stable_since = None, time.perf_counter()
        while time.perf_counter() < deadline:
            time.sleep(0.25)
            screens = [subprocess.run(tmux + ["capture-pane", "-p", "-t", session],
                                      stdout=subprocess.PIPE, text=True).stdout
                       for session in sessions]
            now = [smaps_rollup(pid) for pid in pids]
            if any(value is None for value in now):
                raise SystemExit("a browser exited before its memory was measured")
            # Settled: the same screens (not blank) and resident sets for settle_s.
            state = ([round(value[1]) for value in now], screens)
            if state != last or not all(screen.strip() for screen in screens):
                last, stable_since = state, time.perf_counter()
            elif time.perf_counter() - stable_since >= settle_s:
                return [value[0] for value in now], [value[1] for value in now]
        raise SystemExit(f"{count} browsers did not settle within {timeout_s} s")
    finally:
        # The private server started above, with every session in it.
        subprocess.run(tmux + ["kill-server"], stderr=subprocess.DEVNULL)


def bench_size(n, args, queries, rows):
    bins = Path(args.bin)
    qingdan, bench = str(bins / "qingdan"), str(bins / "qingdan-bench")
    out = Path(args.out)
    data = out / f"corpus-{n}"
    files = sorted(data.glob("*.txt"))
    if not files:
        raise SystemExit(f"{data}: no catalogue files (run Scripts/bench-scale.sh)")
    texts = [record["q"] for record in queries]
    env = dict(os.environ)
    env.pop("FZF_DEFAULT_OPTS", None)
    env.pop("RIPGREP_CONFIG_PATH", None)

    # qingdan in-process: the scale subcommand.
    log(f"[{n}] qingdan-bench scale")
    start = time.perf_counter()
    result = subprocess.run([bench, "scale", "--data", str(data), "--json"],
                            stdout=subprocess.PIPE, check=True, text=True)
    scale_wall = (time.perf_counter() - start) * 1000
    scale = json.loads(result.stdout.strip().splitlines()[-1])
    items, townships = scale["items"], scale["townships"]
    if scale.get("queries") not in (None, len(texts)):
        log(f"[{n}] note: scale timed {scale['queries']} queries, this script {len(texts)}")
    corpus_mb = scale.get("bytes", sum(f.stat().st_size for f in files)) / 1e6

    def add(tool, metric, value, unit="ms", note=""):
        rows.add(townships, items, tool, metric, value, unit, note)

    for key, value in sorted(scale.items()):
        if isinstance(value, (int, float)) and key not in ("townships", "items"):
            unit = "ms" if key.endswith("_ms") else "MB" if key.endswith("_mb") else (
                "bytes" if key == "bytes" else "count")
            add("qingdan", key, float(value), unit, "in-process (qingdan-bench scale)")
    add("qingdan", "load_index_ms", scale["load_ms"] + scale["index_ms"], "ms",
        "read + parse + index")
    add("qingdan", "scale_wall_ms", scale_wall, "ms", "whole qingdan-bench scale process")

    table = []  # (tool, build ms, p50, p99, hits, note)
    qp50 = scale["query_p50_ms"]
    table.append(("qingdan in-process", scale["load_ms"] + scale["index_ms"], qp50,
                  scale["query_p99_ms"], None,
                  f"load {fmt(scale['load_ms'])} + index {fmt(scale['index_ms'])} ms; "
                  f"RSS {fmt(scale['rss_mb'])} MB"))
    if "warm_start_ms" in scale:
        table.append(("qingdan start, cache valid", scale["warm_start_ms"], None, None, None,
                      f"to first frame; RSS {fmt(scale['warm_rss_mb'])} MB; cold start "
                      f"{fmt(scale['cold_start_ms'])} ms to first frame, search ready at "
                      f"{fmt(scale.get('cold_search_ready_ms'))} ms, then "
                      f"{fmt(scale.get('cold_write_ms'))} ms writing a "
                      f"{fmt(scale['snapshot_mb'])} MB cache"))
    if "browser_p99_ms" in scale:
        table.append(("qingdan browser frame", None, scale.get("browser_p50_ms"),
                      scale["browser_p99_ms"], None, "search + highlight + render 80x24"))

    # qingdan CLI, one process for all queries.
    log(f"[{n}] qingdan search --batch")
    start = time.perf_counter()
    result = subprocess.run(
        [qingdan, "search", "--data", str(data), "--batch", "--json", "--limit", "20"],
        input="\n".join(texts) + "\n", stdout=subprocess.PIPE, check=True, text=True)
    batch_ms = (time.perf_counter() - start) * 1000
    batch = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    qingdan_hits = sum(1 for record in batch if record["hits"])
    add("qingdan-cli-batch", "wall_ms", batch_ms, "ms", "one process: load once + all queries")
    add("qingdan-cli-batch", "per_query_ms", batch_ms / len(texts), "ms",
        "wall / queries, includes loading once")
    add("qingdan", "queries_with_hits", qingdan_hits, "count", "top 20")
    table.append(("qingdan search --batch", None, batch_ms / len(texts), None, qingdan_hits,
                  f"1 process, {fmt(batch_ms)} ms wall / {len(texts)} queries (mean)"))
    table[0] = table[0][:4] + (qingdan_hits,) + table[0][5:]

    # One answer, whole process, against one grep (the index cache is warm after --batch).
    log(f"[{n}] one-shot: qingdan who {ONE_SHOT_QUERY} vs rg -F {ONE_SHOT_QUERY}")
    runs = args.one_shot_runs if n < 10000 else 5
    shot = one_shot(qingdan, data, env, runs)
    for tool in ("qingdan", "rg"):
        name = "qingdan-who" if tool == "qingdan" else "rg-one-shot"
        add(name, "wall_ms", shot[tool]["wall_ms"], "ms",
            f"whole process, median of {runs}, query {ONE_SHOT_QUERY}")
        add(name, "wall_min_ms", shot[tool]["wall_min_ms"], "ms", "whole process, fastest")
        add(name, "max_rss_mb", shot[tool]["max_rss_mb"], "MB", "GNU time, largest of 3")
    add("qingdan-who", "ratio_to_rg", shot["ratio"], "x", "median wall / rg's median wall")
    table.append((f"qingdan who {ONE_SHOT_QUERY} (one shot)", None, shot["qingdan"]["wall_ms"],
                  None, None,
                  f"whole process, index cache warm; {fmt_ratio(shot['ratio'])} rg; "
                  f"max RSS {fmt(shot['qingdan']['max_rss_mb'])} MB"))
    table.append((f"rg -F {ONE_SHOT_QUERY} (one shot)", None, shot["rg"]["wall_ms"], None, None,
                  f"whole process, same run; max RSS {fmt(shot['rg']['max_rss_mb'])} MB"))

    # Many operators on one machine: 8 browsers on the same catalogues.
    if n <= args.pss_max_n:
        log(f"[{n}] PSS of 1, then {args.browsers} browsers at once")
        (one_pss, total_pss), used = pss_of_browsers(qingdan, data, env, args.browsers, texts)
        ratio = total_pss / one_pss
        add("qingdan-browser", "pss_one_mb", one_pss, "MB", "one browser alone, after its first frame")
        add("qingdan-browser", f"pss_{args.browsers}_total_mb", total_pss, "MB",
            f"{args.browsers} browsers at once, summed")
        add("qingdan-browser", f"pss_{args.browsers}_ratio", ratio, "x",
            f"total PSS of {args.browsers} / PSS of one (target <= 1.5)")
        table.append((f"{args.browsers} browsers, PSS total", None, None, None, None,
                      f"{fmt(total_pss)} MB = {fmt(ratio)}x one browser's {fmt(one_pss)} MB"))
        if used:
            used_one, used_total = used
            add("qingdan-browser", "pss_one_used_mb", used_one, "MB",
                "one browser alone, after searching the queries and going idle")
            add("qingdan-browser", f"pss_{args.browsers}_used_total_mb", used_total, "MB",
                f"{args.browsers} browsers at once, each after searching the queries and going idle")
            add("qingdan-browser", f"pss_{args.browsers}_used_ratio", used_total / used_one, "x",
                f"total PSS of {args.browsers} / PSS of one, in use (target <= 1.5)")
            table.append((f"{args.browsers} browsers, PSS total, in use", None, None, None, None,
                          f"{fmt(used_total)} MB = {fmt(used_total / used_one)}x one browser's "
                          f"{fmt(used_one)} MB, each after searching and going idle"))

    # qingdan CLI, one process per query (like for like with rg and fzf), small N only.
    if n <= args.cli_max_n:
        log(f"[{n}] qingdan search, one process per query")

        def qingdan_argv(query):
            return [qingdan, "search", "--data", str(data), "--", query]

        def qingdan_once(query):
            ms, code = run_timed(qingdan_argv(query), env=env)
            return ms, code == 0

        samples, rounds, _, timed = repeat_rounds(texts, qingdan_once, args.budget, 1,
                                                  args.process_budget)
        peak = peak_rss(qingdan_argv, texts, env=env)
        p50, p99 = percentile(samples, 0.5), percentile(samples, 0.99)
        add("qingdan-cli", "p50_ms", p50, "ms", "per process, includes load + index")
        add("qingdan-cli", "p99_ms", p99, "ms", "per process, includes load + index")
        add("qingdan-cli", "max_rss_mb", peak, "MB", "peak RSS of one process (GNU time, 5 queries)")
        add("qingdan-cli", "queries_timed", timed, "count", f"of {len(texts)}")
        table.append(("qingdan search Q (process)", None, p50, p99, None,
                      f"includes process start + load; {rounds_note(rounds, timed, texts)}; "
                      f"peak RSS {fmt(peak)} MB"))

    # ripgrep: literal substring, one process per query.
    log(f"[{n}] rg")
    rg_max_rounds = args.max_rounds if n <= 100 else 1

    def rg_argv(query):
        return ["rg", "-F", "-c", "--no-ignore", "--", query, str(data)]

    def rg_once(query):
        ms, code = run_timed(rg_argv(query), env=env)
        return ms, code == 0

    samples, rounds, hits, timed = repeat_rounds(texts, rg_once, args.budget, rg_max_rounds,
                                                 args.process_budget)
    peak = peak_rss(rg_argv, texts, env=env)
    rg = (percentile(samples, 0.5), percentile(samples, 0.99))
    add("rg", "p50_ms", rg[0], "ms", "per process, includes process start")
    add("rg", "p99_ms", rg[1], "ms", "per process, includes process start")
    add("rg", "max_rss_mb", peak, "MB", "peak RSS of one process (GNU time, 5 queries)")
    add("rg", "queries_with_hits", hits, "count", f"literal substring; of {timed} timed")
    add("rg", "queries_timed", timed, "count", f"of {len(texts)}")
    table.append(("rg -F -c", None, rg[0], rg[1], hits_cell(hits, timed, texts),
                  f"literal; includes process start; {rounds_note(rounds, timed, texts)}; "
                  f"peak RSS {fmt(peak)} MB"))

    if n > args.others_max_n:
        log(f"[{n}] fzf and SQLite FTS5 skipped above {args.others_max_n} townships")
        print_table(townships, items, corpus_mb, texts, table, qp50, add)
        return

    # fzf: fuzzy filter over one line per item.
    log(f"[{n}] fzf")
    lines = out / f"lines-{n}.txt"
    lines_ms = build_lines(qingdan, data, lines)
    add("fzf", "lines_build_ms", lines_ms, "ms", "qingdan list > lines-N.txt")
    fzf_max_rounds = args.max_rounds if n <= 100 else 1

    def fzf_argv(query):
        return ["fzf", f"--filter={query}"]

    def fzf_once(query):
        with open(lines, "rb") as source:
            ms, code = run_timed(fzf_argv(query), stdin=source, env=env)
        return ms, code == 0

    samples, rounds, hits, timed = repeat_rounds(texts, fzf_once, args.budget, fzf_max_rounds,
                                                 args.process_budget)
    peak = peak_rss(fzf_argv, texts, stdin_path=lines, env=env)
    fzf = (percentile(samples, 0.5), percentile(samples, 0.99))
    add("fzf", "p50_ms", fzf[0], "ms", "per process, includes process start + reading lines")
    add("fzf", "p99_ms", fzf[1], "ms", "per process, includes process start + reading lines")
    add("fzf", "max_rss_mb", peak, "MB", "peak RSS of one process (GNU time, 5 queries)")
    add("fzf", "queries_with_hits", hits, "count", f"fuzzy (extended) match; of {timed} timed")
    add("fzf", "queries_timed", timed, "count", f"of {len(texts)}")
    table.append(("fzf --filter", lines_ms, fzf[0], fzf[1], hits_cell(hits, timed, texts),
                  f"build = qingdan list; includes process start; "
                  f"{rounds_note(rounds, timed, texts)}; peak RSS {fmt(peak)} MB"))

    # SQLite FTS5 with the trigram tokenizer, in this process.
    log(f"[{n}] sqlite fts5: export + build")
    export = out / f"export-{n}.csv"
    export_ms = export_csv(qingdan, data, export)
    records = read_export(export)
    db = out / f"fts-{n}.db"
    build_ms = build_fts(records, db)
    del records
    db_mb = db.stat().st_size / 1e6
    add("fts5", "export_ms", export_ms, "ms", "qingdan export --format csv")
    add("fts5", "build_ms", build_ms, "ms", "create + insert + commit, trigram tokenizer")
    add("fts5", "db_mb", db_mb, "MB", "database file")
    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    statements = {query: fts_statement(query) for query in texts}
    modes = {"match": [], "like": []}

    def fts_once(query):
        mode, sql, params = statements[query]
        start = time.perf_counter()
        found = connection.execute(sql, params).fetchall()
        ms = (time.perf_counter() - start) * 1000
        modes[mode].append(ms)
        return ms, bool(found)

    log(f"[{n}] sqlite fts5: queries")
    samples, rounds, hits, _ = repeat_rounds(texts, fts_once, args.budget, args.max_rounds)
    connection.close()
    fts = (percentile(samples, 0.5), percentile(samples, 0.99))
    like_count = sum(1 for mode, _, _ in statements.values() if mode == "like")
    add("fts5", "p50_ms", fts[0], "ms", "in-process query execution, LIMIT 20")
    add("fts5", "p99_ms", fts[1], "ms", "in-process query execution, LIMIT 20")
    add("fts5", "queries_with_hits", hits, "count", "trigram MATCH, LIKE under 3 characters")
    for mode, times in modes.items():
        add(f"fts5-{mode}", "p50_ms", percentile(times, 0.5), "ms",
            "MATCH (terms of 3+ characters)" if mode == "match" else
            "LIKE '%q%' (a term under 3 characters; full scan)")
        add(f"fts5-{mode}", "p99_ms", percentile(times, 0.99), "ms")
    table.append(("sqlite fts5 trigram", build_ms, fts[0], fts[1], hits,
                  f"in-process; {rounds_note(rounds, len(texts), texts)}; db {fmt(db_mb)} MB; "
                  f"export {fmt(export_ms)} ms not in build"))
    table.append(("  of which MATCH", None, percentile(modes["match"], 0.5),
                  percentile(modes["match"], 0.99), None,
                  f"{len(texts) - like_count} queries, every term >= 3 characters"))
    table.append(("  of which LIKE", None, percentile(modes["like"], 0.5),
                  percentile(modes["like"], 0.99), None,
                  f"{like_count} queries with a term < 3 characters: LIKE '%q%', full scan"))

    print_table(townships, items, corpus_mb, texts, table, qp50, add)

    for path in (lines, export):
        if not args.keep:
            path.unlink(missing_ok=True)


def print_table(townships, items, corpus_mb, texts, table, qp50, add):
    print(f"\n== {townships} townships, {items:,} items, {corpus_mb:.1f} MB of text; "
          f"{len(texts)} queries ==")
    header = ("tool", "build ms", "p50 ms", "p99 ms", "p50/qd", "hits", "note")
    widths = (27, 9, 8, 8, 7, 5)
    print("  ".join(h.ljust(w) if i == 0 else h.rjust(w) for i, (h, w) in
                    enumerate(zip(header[:-1], widths))) + "  " + header[-1])
    for tool, build, p50, p99, hit_count, note in table:
        ratio = p50 / qp50 if p50 and qp50 else None
        cells = [tool.ljust(widths[0]), fmt(build).rjust(widths[1]), fmt(p50).rjust(widths[2]),
                 fmt(p99).rjust(widths[3]),
                 (fmt_ratio(ratio) if ratio else "—").rjust(widths[4]),
                 (str(hit_count) if hit_count is not None else "—").rjust(widths[5])]
        print("  ".join(cells) + "  " + note)
        key = RATIO_KEYS.get(tool)
        if ratio and key:
            add(key, "p50_ratio_to_qingdan", ratio, "x", "tool p50 / qingdan in-process p50")
    print("hits: queries with at least one hit (of the tool's first round); "
          "p50/qd: the tool's p50 / qingdan's in-process query p50", flush=True)


def rounds_note(rounds, timed, texts):
    note = f"{rounds} round{'s' if rounds > 1 else ''}"
    if timed < len(texts):
        note += f" over {timed} of {len(texts)} queries, 1 in {math.ceil(len(texts) / timed)}"
    return note


def hits_cell(hits, timed, texts):
    return str(hits) if timed == len(texts) else f"{hits}/{timed}"


# The plot's series: name -> (tool, metric) in the CSV.
SERIES = {
    "qingdan_load_index": ("qingdan", "load_index_ms"), "qingdan_p50": ("qingdan", "query_p50_ms"),
    "qingdan_p99": ("qingdan", "query_p99_ms"), "browser_p99": ("qingdan", "browser_p99_ms"),
    "rg_p50": ("rg", "p50_ms"), "fzf_p50": ("fzf", "p50_ms"), "fts_p50": ("fts5", "p50_ms"),
    "fts_p99": ("fts5", "p99_ms"), "fts_build": ("fts5", "build_ms"),
    "qingdan_rss": ("qingdan", "rss_mb"), "rg_rss": ("rg", "max_rss_mb"),
    "fzf_rss": ("fzf", "max_rss_mb"), "fts_db": ("fts5", "db_mb"), "corpus_b": ("qingdan", "bytes"),
    "qingdan_warm": ("qingdan", "warm_start_ms"), "qingdan_warm_rss": ("qingdan", "warm_rss_mb"),
    "snapshot_mb": ("qingdan", "snapshot_mb"),
    "who_wall": ("qingdan-who", "wall_ms"), "rg_one_wall": ("rg-one-shot", "wall_ms"),
    "who_rss": ("qingdan-who", "max_rss_mb"), "pss_browsers": ("qingdan-browser", "pss_8_total_mb"),
}


def summarise(rows):
    """One entry per corpus size (those with qingdan's load + index figure), for the plot."""
    by_size = {}
    for row in rows:
        by_size.setdefault(int(row["items"]), {})[(row["tool"], row["metric"])] = float(row["value"])
    summary = []
    for items, values in sorted(by_size.items()):
        if ("qingdan", "load_index_ms") not in values:
            continue
        entry = {"items": items, "townships": next(
            int(row["townships"]) for row in rows if int(row["items"]) == items)}
        for name, key in SERIES.items():
            entry[name] = values.get(key, float("nan"))
        entry["corpus_mb"] = entry.pop("corpus_b") / 1e6
        summary.append(entry)
    return summary


# ---------------------------------------------------------------------------------------
# Which relevant items each tool finds, on the bundled (real) catalogues


def recall_on_bundled(args, queries, rows):
    """The judged ids name the real townships, so this runs on Resources/catalogues: for each
    tool, the queries for which at least one judged-relevant item is among what it returns
    (qingdan, fzf, FTS5: the first 20; rg: every matching line, mapped to its item)."""
    bins = Path(args.bin)
    qingdan = str(bins / "qingdan")
    data = ROOT / "Resources/catalogues"
    out = Path(args.out)
    texts = [record["q"] for record in queries]
    relevant = [set(record.get("relevant", [])) for record in queries]
    log("[bundled] relevant items found by each tool")

    export = out / "export-bundled.csv"
    export_csv(qingdan, data, export)
    records = read_export(export)
    items = len(records)
    townships = len({record["township"] for record in records})
    starts = {}  # file name -> sorted [(line, id)]
    for record in records:
        starts.setdefault(Path(record["source_file"]).name, []).append(
            (int(record["source_line"]), record["id"]))
    for entries in starts.values():
        entries.sort()

    found = {}

    # qingdan
    result = subprocess.run(
        [qingdan, "search", "--data", str(data), "--batch", "--json", "--limit", "20"],
        input="\n".join(texts) + "\n", stdout=subprocess.PIPE, check=True, text=True)
    batch = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    found["qingdan"] = [{hit["id"] for hit in record["hits"]} for record in batch]

    # rg: matching lines -> the item that starts at or before the line
    found["rg"] = []
    for query in texts:
        result = subprocess.run(["rg", "-F", "-n", "--no-heading", "--no-ignore", "--", query,
                                 str(data)], stdout=subprocess.PIPE, text=True)
        ids = set()
        for line in result.stdout.splitlines():
            path, number, _ = line.split(":", 2)
            entries = starts.get(Path(path).name, [])
            at = bisect.bisect_right(entries, (int(number), "\uffff")) - 1
            if at >= 0:
                ids.add(entries[at][1])
        found["rg"].append(ids)

    # fzf: the first 20 lines of its ranking
    lines = out / "lines-bundled.txt"
    build_lines(qingdan, data, lines)
    found["fzf"] = []
    for query in texts:
        with open(lines, "rb") as source:
            result = subprocess.run(["fzf", f"--filter={query}"], stdin=source,
                                    stdout=subprocess.PIPE)
        top = result.stdout.decode("utf-8").splitlines()[:20]
        found["fzf"].append({line.split("\t", 1)[0] for line in top})

    # FTS5: the timed statement (LIMIT 20, no ranking)
    db = out / "fts-bundled.db"
    build_fts(records, db)
    connection = sqlite3.connect(db)
    found["fts5"] = []
    for query in texts:
        _, sql, params = fts_statement(query)
        found["fts5"].append({row[0] for row in connection.execute(sql, params)})
    connection.close()
    if not args.keep:
        for path in (export, lines, db):
            path.unlink(missing_ok=True)

    judged = sum(1 for ids in relevant if ids)
    print(f"\n== Relevant items found, bundled catalogues ({townships} townships, {items} items; "
          f"{judged} judged queries) ==")
    print(f"{'tool':<10} {'any hit':>8} {'relevant found':>15}  what counts")
    counts = {"qingdan": "top 20, ranked", "rg": "every matching line",
              "fzf": "first 20 of its ranking", "fts5": "LIMIT 20, unranked"}
    for tool, per_query in found.items():
        any_hit = sum(1 for ids in per_query if ids)
        hit = sum(1 for ids, rel in zip(per_query, relevant) if rel and ids & rel)
        rows.add(townships, items, tool, "bundled_queries_with_hits", any_hit, "count",
                 "bundled catalogues")
        rows.add(townships, items, tool, "bundled_relevant_found", hit, "count",
                 f"queries with a judged-relevant item returned ({counts[tool]}); of {judged}")
        print(f"{tool:<10} {any_hit:>8} {hit:>10} ({100 * hit / max(1, judged):.0f}%)  "
              f"{counts[tool]}")


# ---------------------------------------------------------------------------------------
# Plot


def plot(summary, png, title_note):
    per_township = [entry["items"] / entry["townships"] for entry in summary]
    sizes = ", ".join(f"{entry['townships']:,}" for entry in summary)
    data_path = png.with_suffix(".dat")
    columns = ["items", "qingdan_load_index", "qingdan_p50", "qingdan_p99", "rg_p50", "fzf_p50",
               "fts_p50", "fts_p99", "fts_build", "qingdan_rss", "rg_rss", "fzf_rss", "fts_db", "corpus_mb",
               "browser_p99", "qingdan_warm", "qingdan_warm_rss", "snapshot_mb", "who_wall",
               "rg_one_wall", "who_rss", "pss_browsers"]
    with open(data_path, "w") as handle:
        handle.write("# " + " ".join(columns) + "\n")
        for entry in sorted(summary, key=lambda e: e["items"]):
            handle.write(" ".join(
                "NaN" if entry[c] != entry[c] else f"{entry[c]:.6g}" for c in columns) + "\n")
    col = {name: i + 1 for i, name in enumerate(columns)}
    script = f"""
set terminal pngcairo size 1500,800 font "DejaVu Sans,11" noenhanced
set output "{png}"
set datafile missing "NaN"
set multiplot layout 1,2 title "qingdan vs rg, fzf and SQLite FTS5 on synthetic township corpora\\n{title_note}" font ",13"
set logscale xy
set grid xtics ytics mxtics mytics lc rgb "#dddddd"
set key center top vertical maxrows 5 Left reverse box font ",10" samplen 3 spacing 1.1
set bmargin at screen 0.27
set tmargin at screen 0.86
set xlabel "items, log scale ({sizes} townships of ≈{min(per_township):.0f}–{max(per_township):.0f} items)"
set format x "%.0s%c"
set format y "%g"
set title "Time"
set lmargin at screen 0.06
set rmargin at screen 0.47
set key at screen 0.265, screen 0.19
set ylabel "time (ms, log scale)"
set style data linespoints
plot "{data_path}" using {col['items']}:{col['qingdan_load_index']} title "qingdan load + index (no cache)" lw 2 pt 7 lc rgb "#1f77b4", \\
     "" using {col['items']}:{col['qingdan_warm']} title "qingdan start to first frame, cache valid" lw 2 dt 2 pt 6 lc rgb "#1f77b4", \\
     "" using {col['items']}:{col['qingdan_p50']} title "qingdan query p50 (in-process)" lw 2 pt 5 lc rgb "#2ca02c", \\
     "" using {col['items']}:{col['qingdan_p99']} title "qingdan query p99 (in-process)" lw 2 dt 2 pt 4 lc rgb "#2ca02c", \\
     "" using {col['items']}:{col['browser_p99']} title "qingdan browser frame p99" lw 1.5 dt 3 pt 6 lc rgb "#17becf", \\
     "" using {col['items']}:{col['rg_p50']} title "rg -F p50 (per process)" lw 2 pt 9 lc rgb "#d62728", \\
     "" using {col['items']}:{col['fzf_p50']} title "fzf --filter p50 (per process)" lw 2 pt 11 lc rgb "#ff7f0e", \\
     "" using {col['items']}:{col['fts_p50']} title "SQLite FTS5 trigram p50 (in-process)" lw 2 pt 13 lc rgb "#9467bd", \\
     "" using {col['items']}:{col['fts_p99']} title "SQLite FTS5 p99 (LIKE under 3 characters)" lw 1.5 dt 3 pt 14 lc rgb "#9467bd", \\
     "" using {col['items']}:{col['fts_build']} title "SQLite FTS5 build" lw 2 dt 2 pt 12 lc rgb "#9467bd", \\
     "" using {col['items']}:{col['who_wall']} title "qingdan who, whole process, cache warm" lw 2 pt 3 lc rgb "#000000", \\
     "" using {col['items']}:{col['rg_one_wall']} title "rg -F, whole process, same query" lw 1.5 dt 2 pt 3 lc rgb "#d62728"
set title "Memory and size"
set lmargin at screen 0.56
set rmargin at screen 0.97
set key at screen 0.765, screen 0.19
set ylabel "MB (log scale)"
plot "{data_path}" using {col['items']}:{col['qingdan_rss']} title "qingdan RSS after load + index (no cache)" lw 2 pt 7 lc rgb "#1f77b4", \\
     "" using {col['items']}:{col['qingdan_warm_rss']} title "qingdan RSS after a start with the cache" lw 2 dt 2 pt 6 lc rgb "#1f77b4", \\
     "" using {col['items']}:{col['snapshot_mb']} title "qingdan cache file" lw 1.5 dt 3 pt 4 lc rgb "#1f77b4", \\
     "" using {col['items']}:{col['rg_rss']} title "rg peak RSS" lw 2 pt 9 lc rgb "#d62728", \\
     "" using {col['items']}:{col['fzf_rss']} title "fzf peak RSS" lw 2 pt 11 lc rgb "#ff7f0e", \\
     "" using {col['items']}:{col['fts_db']} title "SQLite FTS5 database file" lw 2 dt 2 pt 13 lc rgb "#9467bd", \\
     "" using {col['items']}:{col['corpus_mb']} title "corpus text" lw 1 dt 3 pt 1 lc rgb "#7f7f7f", \\
     "" using {col['items']}:{col['who_rss']} title "qingdan who max RSS, cache warm" lw 2 pt 3 lc rgb "#000000", \\
     "" using {col['items']}:{col['pss_browsers']} title "8 browsers at once, total PSS" lw 2 dt 4 pt 8 lc rgb "#8c564b"
unset multiplot
"""
    result = subprocess.run(["gnuplot"], input=script, text=True, capture_output=True)
    if result.returncode != 0:
        log(result.stderr)
        raise SystemExit("gnuplot failed")
    data_path.unlink()


# ---------------------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1, 10, 100, 1000],
                        help="townships per corpus (bench-out/corpus-N must exist)")
    parser.add_argument("--out", default=str(ROOT / "bench-out"))
    parser.add_argument("--bin", default=str(ROOT / ".build/release"))
    parser.add_argument("--queries", nargs="*", default=None,
                        help="judged query files; default: ../shared/eval/dev.jsonl and "
                             "eval/queries.jsonl")
    parser.add_argument("--budget", type=float, default=20.0,
                        help="seconds per tool and size for repeating the query set")
    parser.add_argument("--max-rounds", type=int, default=5,
                        help="at most this many passes over the queries per tool (rg and fzf "
                             "run once per query above 100 townships)")
    parser.add_argument("--process-budget", type=float, default=300.0,
                        help="seconds for one pass of a one-process-per-query tool; when "
                             "warm-up says a pass would take longer, every k-th query only")
    parser.add_argument("--cli-max-n", type=int, default=10,
                        help="time `qingdan search Q` one process per query up to this size")
    parser.add_argument("--one-shot-runs", type=int, default=20,
                        help="runs of each of `qingdan who` and `rg -F` for the one-shot row "
                             "(5 at 10,000 townships)")
    parser.add_argument("--browsers", type=int, default=8,
                        help="browsers open at once for the PSS figure")
    parser.add_argument("--pss-max-n", type=int, default=1000,
                        help="measure the browsers' PSS up to this size")
    parser.add_argument("--others-max-n", type=int, default=1000,
                        help="time fzf and SQLite FTS5 up to this size only (10,000 townships "
                             "would take hours and several GB)")
    parser.add_argument("--no-recall", action="store_true",
                        help="skip the relevant-items check on the bundled catalogues")
    parser.add_argument("--no-docs", action="store_true",
                        help="do not write docs/bench/scale.csv and docs/bench/scale.png")
    parser.add_argument("--plot-only", metavar="CSV",
                        help="only draw the plot (and copy to docs/bench) from a scale.csv")
    parser.add_argument("--keep", action="store_true",
                        help="keep lines-N.txt and export-N.csv (fts-N.db is always kept)")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    csv_path = out / "scale.csv"
    if args.plot_only:
        with open(args.plot_only, encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        if Path(args.plot_only).resolve() != csv_path.resolve():
            shutil.copyfile(args.plot_only, csv_path)
        finish(args, csv_path, rows)
        return

    query_files = args.queries or default_query_files()
    queries = load_queries(query_files)
    if not queries:
        raise SystemExit("no judged queries found")
    print(f"qingdan scale comparison — {time.strftime('%Y-%m-%d %H:%M %Z')}")
    print(f"machine: {platform.platform()}, {os.cpu_count()} cores")
    versions = []
    for argv in (["rg", "--version"], ["fzf", "--version"]):
        out = subprocess.run(argv, stdout=subprocess.PIPE, text=True).stdout.splitlines()
        versions.append(out[0] if out else argv[0] + " ?")
    versions.append(f"SQLite {sqlite3.sqlite_version} (python sqlite3 module)")
    print("tools: " + "; ".join(versions))
    print(f"queries: {len(queries)} from {', '.join(os.path.relpath(p) for p in query_files)}")
    print("Timing: qingdan in-process and SQLite FTS5 time the query alone; rg, fzf and "
          "`qingdan search Q` are one process per query, so their times include process "
          "start (and for fzf reading its input, for qingdan loading the corpus).")

    run_start = time.perf_counter()
    rows = Rows()
    for n in args.sizes:
        size_start = time.perf_counter()
        bench_size(n, args, queries, rows)
        print(f"({n} townships took {time.perf_counter() - size_start:.0f} s)", flush=True)
        write_csv(csv_path, rows.rows)  # after every size, so a later failure keeps them
    if not args.no_recall:
        recall_on_bundled(args, queries, rows)
    write_csv(csv_path, rows.rows)
    finish(args, csv_path, rows.rows)
    print(f"total {time.perf_counter() - run_start:.0f} s")


def write_csv(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(
            handle, fieldnames=["townships", "items", "tool", "metric", "value", "unit", "note"])
        writer.writeheader()
        writer.writerows(rows)


def finish(args, csv_path, rows):
    """Draws the plot beside the CSV and copies both to docs/bench (unless --no-docs)."""
    png = csv_path.with_suffix(".png")
    summary = summarise(rows)
    counts = {row["value"] for row in rows if row["tool"] == "qingdan" and row["metric"] == "queries"}
    note = f"{int(float(counts.pop()))} judged queries; " if len(counts) == 1 else ""
    if summary:
        plot(summary, png, f"{platform.machine()}, {os.cpu_count()} cores; {note}"
                           f"{time.strftime('%Y-%m-%d')}")
    print(f"\nwrote {os.path.relpath(csv_path)}" + (f", {os.path.relpath(png)}" if summary else ""))
    if not args.no_docs:
        docs = ROOT / "docs/bench"
        docs.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(csv_path, docs / "scale.csv")
        if summary:
            shutil.copyfile(png, docs / "scale.png")
        print(f"copied to {os.path.relpath(docs)}/scale.csv" + (", scale.png" if summary else ""))


if __name__ == "__main__":
    main()
