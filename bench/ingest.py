"""Ingest throughput and peak memory: the seed corpus copied N times (distinct bytes each).

Every repeat is cold: a new database and a new cache folder (the per-file cache would otherwise
serve the second repeat, and the database would be updated, not built). bench/scale.py measures
the real corpus at N = 500 / 2,000 / 6,000, warm and incremental runs, and queries.
"""

from __future__ import annotations

import resource
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from gikdata.store.pipeline import ingest

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"
COPIES = 100
REPEATS = 3


def make_corpus(folder: Path, copies: int) -> int:
    n = 0
    for i in range(copies):
        for src in sorted(RAW.glob("*.txt")):
            # a trailing line makes each copy a distinct report (its id is its content hash)
            (folder / f"{i:04d}_{src.name}").write_bytes(src.read_bytes() + f"\n副本{i}\n".encode())
            n += 1
    return n


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "raw"
        corpus.mkdir()
        n = make_corpus(corpus, COPIES)
        size = sum(p.stat().st_size for p in corpus.iterdir())
        times = []
        for i in range(REPEATS):
            db = Path(tmp) / f"gik-{i}.duckdb"
            t0 = time.perf_counter()
            result = ingest([corpus], db, cache_dir=Path(tmp) / f"cache-{i}")
            times.append(time.perf_counter() - t0)
            assert not result.errors
        shutil.rmtree(corpus)
    best, med = min(times), statistics.median(times)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"ingest: {n} reports ({size / 1e6:.1f} MB) in {best:.2f} s best / {med:.2f} s median of {REPEATS}"
          f" -> {n / best:.0f} reports/s, {size / 1e6 / best:.2f} MB/s; peak RSS {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
