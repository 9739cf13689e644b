"""`make bench`: run every benchmark script in BENCHMARKS, one after another, printing their figures.

Add a benchmark by writing bench/NAME.py (it prints its own figures) and listing it here.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHMARKS = [
    "briefs.py",  # gik briefs vs a papermill + nbconvert loop, 30 briefs
]


def main() -> int:
    failed = 0
    for script in BENCHMARKS:
        print(f"== bench/{script}", flush=True)
        failed += subprocess.run([sys.executable, str(HERE / script)]).returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
