"""Benchmark: ingest at scale, incremental re-ingest, memory, query latency, `gik --help`.

The corpus is the real reports of ``../shared/corpus/real/raw`` (or ``--real PATH``) varied into
N files: copy k of a report has 平潭 replaced by the k-th county name of the gazetteer (so the
copies are other agencies, as in a national corpus) and a trailing line (so each is a distinct
file). Every ingest runs in its own process with its own cache folder (``GIK_CACHE_DIR``): a
cold run is cold. Peak memory is the whole process tree's (the loader and its workers), sampled
from /proc every 20 ms. The load average is printed beside each figure: the machine is shared.

    .venv/bin/python bench/scale.py [--n 2000] [--rss 500,2000,6000] [--facts 1000000]

Targets (issue 12): cold >= 150 reports/s at N = 2,000; re-ingest after adding one file < 2 s;
peak RSS at the largest N <= 1.3 x the smallest; per-agency queries < 10 ms and search < 200 ms at
1M facts; `gik --help` < 0.2 s. Exit 1 when one is missed.
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: ../shared beside the clone (or a folder above it)
REAL = next((p / "shared/corpus/real/raw" for p in ROOT.parents if (p / "shared/corpus/real/raw").exists()),
            ROOT.parent / "shared/corpus/real/raw")
DIVISIONS = ROOT / "gikdata" / "data" / "divisions.csv"
BIN = Path(sys.executable).parent


def load() -> str:
    return f"load {os.getloadavg()[0]:.2f}"


def county_names() -> list[str]:
    """County names that no other division shares, without their 县/区/市 suffix."""
    rows = list(csv.DictReader(DIVISIONS.open(encoding="utf-8")))
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["name"]] = counts.get(r["name"], 0) + 1
    return [r["name"] for r in rows if r["level"] == "county" and counts[r["name"]] == 1]


def make_corpus(folder: Path, n: int, start: int = 0) -> list[Path]:
    """Files ``start`` .. ``start + n - 1`` of the varied corpus (the same bytes every time)."""
    folder.mkdir(parents=True, exist_ok=True)
    sources = sorted(p for p in REAL.iterdir() if p.suffix == ".txt")
    names = county_names()
    out = []
    for i in range(start, start + n):
        src = sources[i % len(sources)]
        k = i // len(sources)
        text = src.read_text(encoding="utf-8")
        if k:
            text = text.replace("平潭", names[k % len(names)][:-1]) + f"\n副本{k}\n"
        path = folder / f"{i:05d}_{src.name}"
        path.write_text(text, encoding="utf-8")
        out.append(path)
    return out


def scan_limit(files: list[Path]) -> float:
    """Files per second to read, decode and scan each file once with a regex (one process):
    the floor any per-file work sits on."""
    from gikdata.read.decode import read_source
    number = re.compile(r"\d+")
    t0 = time.perf_counter()
    for f in files:
        sum(1 for _ in number.finditer(read_source(f).text))
    return len(files) / (time.perf_counter() - t0)


def _pss(pid: int) -> int:
    """Proportional set size: shared pages (a forked worker's copy of the dictionary) counted
    once over the processes sharing them, not once per process as RSS does."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _tree_rss(pid: int) -> tuple[int, int]:
    """Resident and proportional bytes of ``pid`` and all its descendants."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as fh:
                parts = fh.read().rsplit(")", 1)[1].split()
            children.setdefault(int(parts[1]), []).append(int(d))
            rss[int(d)] = int(parts[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    total, pss, todo = 0, 0, [pid]
    while todo:
        p = todo.pop()
        total += rss.get(p, 0)
        pss += _pss(p)
        todo += children.get(p, [])
    return total, pss


@dataclass
class Run:
    seconds: float
    cpu: float      # user + system seconds of the process and its workers
    rss: float      # peak MB, summed over the process tree
    pss: float      # peak MB, shared pages counted once


def run_ingest(paths: list[Path], db: Path, cache: Path, *extra: str, memory: bool = True) -> Run:
    """Time, CPU time and (``memory``) peak memory of one ingest in a fresh process. Sampling
    memory reads every process's smaps every 20 ms, which takes their memory locks and slows
    the ingest itself (by a fifth here): a timing run does not sample."""
    env = {**os.environ, "GIK_CACHE_DIR": str(cache)}
    code = ("import sys; from gikdata.store.pipeline import ingest; "
            "r = ingest(sys.argv[2:], sys.argv[1]); "
            "sys.exit(1 if r.errors else 0)")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code, str(db), *map(str, paths), *extra], env=env)
    peak = [0, 0]

    def sample() -> None:
        while memory and proc.poll() is None:
            rss, pss = _tree_rss(proc.pid)
            peak[:] = [max(peak[0], rss), max(peak[1], pss)]
            time.sleep(0.02)

    t = threading.Thread(target=sample)
    t.start()
    proc.wait()
    t.join()
    seconds = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode:
        print(f"  (ingest exited {proc.returncode})")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Run(seconds, cpu, peak[0] / 1e6, peak[1] / 1e6)


def help_time() -> float:
    times = []
    for _ in range(5):
        t0 = time.perf_counter()
        subprocess.run([str(BIN / "gik"), "--help"], capture_output=True, check=True)
        times.append(time.perf_counter() - t0)
    return min(times)


TEXT_TABLES = ("tokens", "sentences", "token_docs")


def inflate(db: Path, target_facts: int, text_reports: int) -> tuple[int, int]:
    """Copy the database's reports (with their facts and flags) under new ids and new agencies
    until it holds ``target_facts`` facts; the text tables only up to ``text_reports`` reports
    (the real reports state few numbers: 1M facts is ~180,000 of them, whose tokens would not
    fit this machine's disk budget). Derived tables are made again after."""
    import duckdb
    con = duckdb.connect(str(db))
    base = con.execute("SELECT count(*) FROM facts").fetchall()[0][0]
    copies = max(0, -(-target_facts // max(base, 1)) - 1)
    n_reports = con.execute("SELECT count(*) FROM reports").fetchall()[0][0]
    text_copies = max(0, text_reports // max(n_reports, 1) - 1)
    cols = {t: [c[0] for c in con.execute(f"DESCRIBE {t}").fetchall()]
            for t in ("reports", "facts", "flags", "tokens", "sentences", "token_docs", "agencies",
                      "agency_aliases")}
    renamed = {"report_id": "report_id || '~{k}'", "agency_id": "agency_id || '~{k}'",
               "file": "file || '~{k}'", "fact_id": "(hash(fact_id, {k}) >> 2)::BIGINT"}
    kind = dict((c[0], c[1]) for c in con.execute("DESCRIBE facts").fetchall())["fact_id"]
    if kind == "INTEGER":  # the numbering before issue 12: a row number
        step = con.execute("SELECT max(fact_id) + 1 FROM facts").fetchall()[0][0]
        renamed["fact_id"] = f"fact_id + {{k}} * {step}"
    for k in range(1, copies + 1):
        for table, names in cols.items():
            if table in TEXT_TABLES and k > text_copies:
                continue
            exprs = ", ".join(renamed.get(c, f'"{c}"').format(k=k) for c in names)
            src = f"(SELECT * FROM {table} WHERE NOT contains(CAST({names[0]} AS VARCHAR), '~'))" \
                if table != "facts" else "(SELECT * FROM facts WHERE NOT contains(report_id, '~'))"
            con.execute(f"INSERT INTO {table} SELECT {exprs} FROM {src}")
    try:
        from gikdata.store.load import refresh_derived  # materialised tables, where they exist
        refresh_derived(con)
    except ImportError:
        pass
    n = con.execute("SELECT count(*) FROM facts").fetchall()[0][0]
    n_text = con.execute("SELECT count(*) FROM token_docs").fetchall()[0][0]
    con.execute("CHECKPOINT")
    con.close()
    return n, n_text


def time_query(fn, repeats: int = 5) -> float:
    fn()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def queries(db: Path) -> dict[str, float]:
    from gikdata.store import queries as q
    from gikdata.store.search import search
    con = q.connect(db)
    agency = con.execute("SELECT agency_id FROM reports WHERE year IS NOT NULL "
                         "GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1").fetchall()[0][0]
    out = {
        "agency_series (panel)": time_query(lambda: q.run(con, "agency_series", agency_id=agency).df()),
        "agency_index (panel_changes)": time_query(lambda: q.run(
            con, "agency_index", agency_id=agency, measure="proactive_total", base_year=None).df()),
        "agency_facts": time_query(lambda: q.run(con, "agency_facts", agency_id=agency).df()),
        "agency_categories": time_query(lambda: q.run(con, "agency_categories", agency_id=agency).df()),
        "search 信息公开 (top 10)": time_query(lambda: search(con, "信息公开", 10), 3),
        "search 危化品 检查 (top 10)": time_query(lambda: search(con, "危化品 检查", 10), 3),
        "agency_digests (all)": time_query(lambda: q.run(con, "agency_digests").df(), 1),
    }
    con.close()
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--rss", default="500,2000,6000", help="corpus sizes for peak memory")
    ap.add_argument("--facts", type=int, default=1_000_000, help="facts for the query timings")
    ap.add_argument("--text-reports", type=int, default=10_000, help="reports whose text search covers")
    ap.add_argument("--skip", default="", help="comma list of parts to skip: ingest,rss,queries,help")
    args = ap.parse_args(argv)
    skip = set(filter(None, args.skip.split(",")))
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        corpus = tmp / "raw"
        files = make_corpus(corpus, args.n)
        db = tmp / "gik.duckdb"
        if "ingest" not in skip:
            scan = scan_limit(files)
            r = run_ingest([corpus], db, tmp / "cache", memory=False)
            rate = args.n / r.seconds
            print(f"cold ingest N={args.n}: {r.seconds:.1f} s = {rate:.0f} reports/s; scan limit {scan:.0f} files/s;"
                  f" ratio {rate / scan:.1%}; CPU {r.cpu:.1f} s = {args.n / r.cpu:.0f} reports per CPU-second"
                  f" ({load()})  target >= 150/s", flush=True)
            ok &= rate >= 150
            r = run_ingest([corpus], db, tmp / "cache", memory=False)
            print(f"warm re-ingest N={args.n} (nothing changed): {r.seconds:.2f} s, CPU {r.cpu:.2f} s ({load()})",
                  flush=True)
            make_corpus(corpus, 1, start=args.n)
            r = run_ingest([corpus], db, tmp / "cache", memory=False)
            print(f"re-ingest after adding one file: {r.seconds:.2f} s, CPU {r.cpu:.2f} s ({load()})  target < 2 s",
                  flush=True)
            ok &= r.seconds < 2
        if "rss" not in skip:
            peaks = {}
            for n in map(int, args.rss.split(",")):
                folder = tmp / f"rss{n}"
                make_corpus(folder, n)
                r = run_ingest([folder], tmp / f"rss{n}.duckdb", tmp / f"cache{n}")
                peaks[n] = r.pss
                print(f"peak memory N={n}: PSS {r.pss:.0f} MB, RSS {r.rss:.0f} MB (cold, {r.seconds:.1f} s ="
                      f" {n / r.seconds:.0f}/s, CPU {r.cpu:.1f} s; {load()})", flush=True)
                shutil.rmtree(folder)
                (tmp / f"rss{n}.duckdb").unlink(missing_ok=True)
            lo, hi = peaks[min(peaks)], peaks[max(peaks)]
            print(f"peak memory ratio N={max(peaks)} / N={min(peaks)}: {hi / lo:.2f}  target <= 1.3", flush=True)
            ok &= hi / lo <= 1.3
        if "queries" not in skip:
            if not db.exists():
                run_ingest([corpus], db, tmp / "cache")
            n_facts, n_text = inflate(db, args.facts, args.text_reports)
            print(f"queries at {n_facts:,} facts, search over {n_text:,} reports' text (median ms; {load()}):",
                  flush=True)
            for name, ms in queries(db).items():
                target = 200 if name.startswith("search") else 10 if name.startswith("agency_") and "all" not in name else None
                print(f"  {name:<32} {ms:8.1f} ms" + (f"  target < {target} ms" if target else ""), flush=True)
                if target:
                    ok &= ms < target
    if "help" not in skip:
        h = help_time()
        print(f"gik --help: {h:.3f} s ({load()})  target < 0.2 s", flush=True)
        ok &= h < 0.2
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
