"""Benchmark: `gik briefs` against the loop a user would script (papermill, then jupyter
nbconvert --to html --no-input, per agency, one after another) on the same 30 briefs.

The seed corpus has three agencies with dated reports, so the benchmark writes a corpus of its
own into a temporary folder: seed 001 (张店区应急管理局, 2017) copied under 30 real county names
of Shandong (and again as a 2018 report, so each agency has a series), ingested into a temporary
database. Prints each timing, the ratio, and the spread over repeats (the machine is shared).

    .venv/bin/python bench/briefs.py [--n 30] [--repeat 3] [--baseline-repeat 1] [--jobs 2]
"""

from __future__ import annotations

import argparse
import csv
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SEED = ROOT / "data" / "raw" / "001_838b1c2b4698cc0e.txt"
DIVISIONS = ROOT / "gikdata" / "data" / "divisions.csv"
NOTEBOOK = ROOT / "notebooks" / "agency_brief.ipynb"


def county_names(n: int) -> list[str]:
    """n county names of Shandong (code 37...) that no other division shares (so each resolves)."""
    rows = list(csv.DictReader(DIVISIONS.open(encoding="utf-8")))
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["name"]] = counts.get(r["name"], 0) + 1
    names = [r["name"] for r in rows if r["level"] == "county" and r["code"].startswith("37")
             and counts[r["name"]] == 1 and r["name"] != "张店区"]
    if len(names) < n:
        raise SystemExit(f"only {len(names)} usable county names")
    return names[:n]


def make_corpus(folder: Path, n: int) -> Path:
    """Two reports (2017, 2018) per county: seed 001 with the district's name rewritten."""
    raw = folder / "raw"
    raw.mkdir(parents=True)
    text = SEED.read_text(encoding="utf-8")
    for i, name in enumerate(county_names(n)):
        body = text.replace("张店区", name)
        (raw / f"{i:03d}_2017.txt").write_text(body, encoding="utf-8")
        (raw / f"{i:03d}_2018.txt").write_text(body.replace("2017", "2018"), encoding="utf-8")
    db = folder / "gik.duckdb"
    subprocess.run([str(BIN / "gik"), "-q", "ingest", "--db", str(db), str(raw)], check=True)
    return db


def agencies(db: Path) -> list[str]:
    out = subprocess.run([str(BIN / "gik"), "sql", "--csv", "--db", str(db),
                          "select agency_id from agencies where first_year is not null order by 1"],
                         check=True, capture_output=True, text=True).stdout.split()
    return out[1:]


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def baseline(db: Path, ids: list[str], out: Path) -> None:
    """What a user would script: papermill, then nbconvert, per agency, one after another."""
    out.mkdir(parents=True, exist_ok=True)
    for agency in ids:
        nb = out / f"{agency}.ipynb"
        subprocess.run([str(BIN / "papermill"), "-k", "python3", "--cwd", str(NOTEBOOK.parent), "--no-progress-bar",
                        str(NOTEBOOK), str(nb), "-p", "agency", agency, "-p", "db_path", str(db)],
                       check=True, capture_output=True)
        subprocess.run([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(nb)],
                       check=True, capture_output=True)


def ours(db: Path, out: Path, jobs: int) -> None:
    subprocess.run([str(BIN / "gik"), "-q", "briefs", "--force", "--jobs", str(jobs), "--db", str(db),
                    "--out", str(out)], check=True)


def spread(xs: list[float]) -> str:
    if len(xs) == 1:
        return f"{xs[0]:.1f} s"
    return f"median {statistics.median(xs):.1f} s (min {min(xs):.1f}, max {max(xs):.1f}; runs {', '.join(f'{x:.1f}' for x in xs)})"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=30, help="briefs (agencies)")
    ap.add_argument("--repeat", type=int, default=3, help="runs of gik briefs")
    ap.add_argument("--baseline-repeat", type=int, default=1, help="runs of the papermill + nbconvert loop")
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="gik-bench-") as tmp:
        work = Path(tmp)
        db = make_corpus(work, args.n)
        ids = agencies(db)
        assert len(ids) == args.n, f"{len(ids)} agencies in the bench corpus, wanted {args.n}"
        print(f"briefs benchmark: {len(ids)} agency briefs, 2 reports each; jobs={args.jobs}", flush=True)
        fast = [timed(lambda: ours(db, work / "ours", args.jobs)) for _ in range(args.repeat)]
        print(f"  gik briefs --jobs {args.jobs}:        {spread(fast)}", flush=True)
        assert len(list((work / "ours").glob("*.html"))) == len(ids) + 1  # + index.html
        slow = [timed(lambda: baseline(db, ids, work / "loop")) for _ in range(args.baseline_repeat)]
        print(f"  papermill + nbconvert loop: {spread(slow)}", flush=True)
        ratio = statistics.median(slow) / statistics.median(fast)
        print(f"  ratio (loop / gik briefs):  {ratio:.1f}x  [{len(ids) / statistics.median(fast):.2f} vs "
              f"{len(ids) / statistics.median(slow):.2f} briefs/s]")


if __name__ == "__main__":
    main()
