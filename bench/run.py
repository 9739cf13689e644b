"""`make bench`: run every benchmark script listed here, each printing its own figures."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
#: One script per benchmark; each prints what it measured.
BENCHMARKS = ["ingest.py"]


def main() -> int:
    failed = 0
    for name in BENCHMARKS:
        print(f"\n== bench/{name}", flush=True)
        failed += subprocess.run([sys.executable, str(HERE / name)], cwd=HERE.parent).returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
