"""`make bench`: run the benchmarks listed here, each in its own process (so one cannot warm
the caches of another), each printing its own figures. Exit 1 when any missed its target.

bench/gazetteer.py is not listed: it compares gazetteer packages downloaded by hand (see its
docstring), a one-off measurement rather than a repeatable benchmark.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
#: (script, arguments): each prints what it measured.
BENCHMARKS: list[tuple[str, ...]] = [
    ("scale.py",),  # issue 12: cold/warm/incremental ingest, memory, queries at 1M facts, gik --help
    ("dask_scale.py",),  # issue 12: the Dask engine per worker, and the loader's own share
    ("ingest.py",),
    ("tokenise.py",),
    ("agencies.py", "100"),
    ("accuracy.py",),
    ("tables.py",),  # template tables: 60 KB digit rows refused by length, step budget, one page
    ("readers.py",),
    ("briefs.py",),  # gik briefs vs a papermill + nbconvert loop, 30 briefs
    ("fuzz.py",),  # 10,000 mutated reports through read and extract (issue 11)
    ("crash.py",),  # 20 kill -9 trials of an ingest over a good database
    ("badfiles.py",),  # every kind of bad input in one folder with the seeds
]


def main() -> int:
    failed = []
    for script, *args in BENCHMARKS:
        print(f"\n== bench/{script} {' '.join(args)}".rstrip(), flush=True)
        if subprocess.run([sys.executable, str(HERE / script), *args], cwd=HERE.parent).returncode != 0:
            failed.append(script)
    if failed:
        print(f"missed their targets or failed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
