"""Benchmark: the Dask engine per worker, beside the local engine, on the same files.

    .venv/bin/python bench/dask_scale.py [--n 500] [--workers 1,2]

The corpus is bench/scale.py's (real reports varied into N files). For each worker count a local
Dask cluster of that many single-threaded worker processes is started (outside the timing) and
``gik ingest --engine dask --scheduler ADDRESS`` runs against it, cold (its own cache folder);
the local engine runs on the same files for comparison. Printed per run: reports/s, and the
loader's own share (reading the Parquet into DuckDB and the corpus-wide step), which is what
stays on one machine however many workers a cluster has. Every run must give the same tables.
No target: these are the figures the README's "how it scales" quotes.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from scale import load, make_corpus  # noqa: E402

from gikdata.store import load as loader  # noqa: E402
from gikdata.store.pipeline import ingest  # noqa: E402


def _loader_clock() -> dict[str, float]:
    """Wall seconds the loader spends in ``add_parquet`` and ``finish`` (wrapped in place)."""
    spent = {"add_parquet": 0.0, "finish": 0.0}
    for name in spent:
        original = getattr(loader.DatabaseUpdate, name)

        def timed(self, *args, _original=original, _name=name, **kwargs):
            t0 = time.perf_counter()
            try:
                return _original(self, *args, **kwargs)
            finally:
                spent[_name] += time.perf_counter() - t0
        setattr(loader.DatabaseUpdate, name, timed)
    return spent


def _tables(db: Path) -> dict[str, tuple]:
    """Each table's row count and an order-free digest of its rows."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        names = [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()]
        return {t: con.execute(f'SELECT count(*), sum(hash(t)::HUGEINT) FROM "{t}" t').fetchall()[0]
                for t in names}
    finally:
        con.close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=500)
    ap.add_argument("--workers", default="1,2", help="comma list of Dask worker counts")
    args = ap.parse_args(argv)
    try:
        from dask.distributed import LocalCluster
    except ImportError:
        print('dask is not installed: pip install -e ".[dask]"')
        return 0
    spent = _loader_clock()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        files = make_corpus(tmp / "raw", args.n)
        t0 = time.perf_counter()
        ingest([tmp / "raw"], tmp / "local.duckdb", cache_dir=tmp / "cache-local")
        seconds = time.perf_counter() - t0
        print(f"local engine, {os.cpu_count()} worker processes: {len(files)} reports in {seconds:.1f} s "
              f"= {len(files) / seconds:.0f} reports/s ({load()})")
        expected = _tables(tmp / "local.duckdb")
        for n in (int(w) for w in args.workers.split(",")):
            with LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
                for k in spent:
                    spent[k] = 0.0
                db = tmp / f"dask{n}.duckdb"
                t0 = time.perf_counter()
                result = ingest([tmp / "raw"], db, engine="dask", scheduler=cluster.scheduler_address,
                                cache_dir=tmp / f"cache-dask{n}")
                seconds = time.perf_counter() - t0
            own = spent["add_parquet"] + spent["finish"]
            same = "same tables" if _tables(db) == expected else "TABLES DIFFER from the local engine"
            print(f"dask, {n} worker(s): {result.n_reports} reports in {seconds:.1f} s = "
                  f"{result.n_reports / seconds:.0f} reports/s; loader {own:.2f} s "
                  f"(Parquet into DuckDB {spent['add_parquet']:.2f} s, corpus-wide step {spent['finish']:.2f} s: "
                  f"{result.n_reports / own:.0f} reports per loader-second); {same} ({load()})")
            if same != "same tables":
                return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
