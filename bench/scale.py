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
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent.parent / "shared" / "corpus" / "real" / "raw"
if not REAL.exists():
    REAL = Path("/work/shared/corpus/real/raw")
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


def _tree_rss(pid: int) -> int:
    """Resident bytes of ``pid`` and all its descendants."""
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
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        total += rss.get(p, 0)
        todo += children.get(p, [])
    return total


def run_ingest(paths: list[Path], db: Path, cache: Path, *extra: str) -> tuple[float, float]:
    """Seconds and peak tree RSS (MB) of one ingest in a fresh process."""
    env = {**os.environ, "GIK_CACHE_DIR": str(cache)}
    code = ("import sys; from gikdata.store.pipeline import ingest; "
            "r = ingest(sys.argv[2:], sys.argv[1]); "
            "sys.exit(1 if r.errors else 0)")
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code, str(db), *map(str, paths), *extra], env=env)
    peak = [0]

    def sample() -> None:
        while proc.poll() is None:
            peak[0] = max(peak[0], _tree_rss(proc.pid))
            time.sleep(0.02)

    t = threading.Thread(target=sample)
    t.start()
    proc.wait()
    t.join()
    seconds = time.perf_counter() - t0
    if proc.returncode:
        print(f"  (ingest exited {proc.returncode})")
    return seconds, peak[0] / 1e6


def help_time() -> float:
    times = []
    for _ in range(5):
        t0 = time.perf_counter()
        subprocess.run([str(BIN / "gik"), "--help"], capture_output=True, check=True)
        times.append(time.perf_counter() - t0)
    return min(times)


def inflate(db: Path, target_facts: int) -> int:
    """Copy the database's reports (with their facts, flags and text tables) under new ids and
    new agencies until it holds ``target_facts`` facts; derived tables are rebuilt after."""
    import duckdb
    con = duckdb.connect(str(db))
    base = con.execute("SELECT count(*) FROM facts").fetchall()[0][0]
    copies = max(0, -(-target_facts // max(base, 1)) - 1)
    cols = {t: [c[0] for c in con.execute(f"DESCRIBE {t}").fetchall()]
            for t in ("reports", "facts", "flags", "tokens", "sentences", "token_docs", "agencies",
                      "agency_aliases")}
    renamed = {"report_id": "report_id || '~{k}'", "agency_id": "agency_id || '~{k}'",
               "file": "file || '~{k}'", "fact_id": "fact_id + {k} * {step}"}
    step = con.execute("SELECT max(fact_id) + 1 FROM facts").fetchall()[0][0]
    for k in range(1, copies + 1):
        for table, names in cols.items():
            exprs = ", ".join(renamed.get(c, f'"{c}"').format(k=k, step=step) for c in names)
            src = f"(SELECT * FROM {table} WHERE NOT contains(CAST({names[0]} AS VARCHAR), '~'))" \
                if table != "facts" else "(SELECT * FROM facts WHERE NOT contains(report_id, '~'))"
            con.execute(f"INSERT INTO {table} SELECT {exprs} FROM {src}")
    try:
        from gikdata.store.load import refresh_derived  # materialised tables, where they exist
        refresh_derived(con)
    except ImportError:
        pass
    n = con.execute("SELECT count(*) FROM facts").fetchall()[0][0]
    con.execute("CHECKPOINT")
    con.close()
    return n


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
            secs, rss = run_ingest([corpus], db, tmp / "cache")
            rate = args.n / secs
            print(f"cold ingest N={args.n}: {secs:.1f} s = {rate:.0f} reports/s; scan limit {scan:.0f} files/s;"
                  f" ratio {rate / scan:.1%}; peak RSS {rss:.0f} MB ({load()})  target >= 150/s", flush=True)
            ok &= rate >= 150
            secs, _ = run_ingest([corpus], db, tmp / "cache")
            print(f"warm re-ingest N={args.n} (nothing changed): {secs:.2f} s ({load()})", flush=True)
            make_corpus(corpus, 1, start=args.n)
            secs, _ = run_ingest([corpus], db, tmp / "cache")
            print(f"re-ingest after adding one file: {secs:.2f} s ({load()})  target < 2 s", flush=True)
            ok &= secs < 2
        if "rss" not in skip:
            peaks = {}
            for n in map(int, args.rss.split(",")):
                folder = tmp / f"rss{n}"
                make_corpus(folder, n)
                secs, peaks[n] = run_ingest([folder], tmp / f"rss{n}.duckdb", tmp / f"cache{n}")
                print(f"peak RSS N={n}: {peaks[n]:.0f} MB (cold, {secs:.1f} s = {n / secs:.0f}/s; {load()})",
                      flush=True)
                shutil.rmtree(folder)
                (tmp / f"rss{n}.duckdb").unlink(missing_ok=True)
            lo, hi = peaks[min(peaks)], peaks[max(peaks)]
            print(f"peak RSS ratio N={max(peaks)} / N={min(peaks)}: {hi / lo:.2f}  target <= 1.3", flush=True)
            ok &= hi / lo <= 1.3
        if "queries" not in skip:
            if not db.exists():
                run_ingest([corpus], db, tmp / "cache")
            n_facts = inflate(db, args.facts)
            print(f"queries at {n_facts:,} facts (median ms; {load()}):", flush=True)
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
