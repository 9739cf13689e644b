"""Crash: kill -9 an ingest at random moments over a good database; the database must be the old
one or the new one, never corrupt or mixed, and the next run must leave no temp files behind.

Setup: a good database of three seed reports; each trial starts ``gik ingest`` of a bigger
folder (the five seeds and the 41 test-corpus reports as files) into the same database and
kills its process group with SIGKILL after a random delay within one full run's duration.
After each kill the database is opened and its report ids compared with the old and the new
set. After the last trial one ingest runs to completion, and the folder must then hold the
database alone.

Run: .venv/bin/python bench/crash.py [--trials 20] [--seed 0]
Targets: 0 corrupt or mixed databases, 0 leftover files after the next run.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from corpus_cases import CASES  # noqa: E402

GIK = [sys.executable, "-m", "gikdata.cli", "-q", "ingest"]


def report_ids(db: Path) -> frozenset[str] | None:
    """The database's report ids, or None when it cannot be opened or read (corrupt)."""
    try:
        con = duckdb.connect(str(db), read_only=True)
        try:
            ids = frozenset(r[0] for r in con.execute("SELECT report_id FROM reports").fetchall())
            con.execute("SELECT count(*) FROM facts").fetchone()
            return ids
        finally:
            con.close()
    except duckdb.Error:
        return None


def leftovers(folder: Path, db: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p != db)


def temp_files(folder: Path) -> list[Path]:
    return list(folder.glob(".*.tmp-*"))


def ingest(db: Path, src: Path) -> subprocess.Popen:
    return subprocess.Popen([*GIK, "--db", str(db), str(src)], cwd=ROOT, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--trials", type=int, default=20)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        old_src, new_src, out = work / "old", work / "new", work / "out"
        for d in (old_src, new_src, out):
            d.mkdir()
        seeds = sorted((ROOT / "data" / "raw").glob("*.txt"))
        for s in seeds[:3]:
            (old_src / s.name).write_bytes(s.read_bytes())
        for s in seeds:
            (new_src / s.name).write_bytes(s.read_bytes())
        for c in CASES:
            (new_src / f"{c.name}.txt").write_text(c.text, encoding="utf-8")
        db = out / "gik.duckdb"
        sets, durations = {}, {}
        for name, src in (("new", new_src), ("old", old_src)):  # ends with the old one in place
            t0 = time.perf_counter()
            subprocess.run([*GIK, "--db", str(db), str(src)], cwd=ROOT, check=True)
            durations[name] = time.perf_counter() - t0
            sets[name] = report_ids(db)
        old, new = sets["old"], sets["new"]
        print(f"crash: {a.trials} kill -9 trials; each ingests the other set (old: {len(old)} reports, "
              f"{durations['old']:.1f} s; new: {len(new)} reports, {durations['new']:.1f} s) into the same database")
        states = {"before": 0, "after": 0, "corrupt": 0, "mixed": 0}
        left_after_kill = kills = attempts = during_write = 0
        while kills < a.trials and attempts < 4 * a.trials:
            attempts += 1
            current = report_ids(db)
            name = "new" if current == old else "old"
            src = new_src if name == "new" else old_src
            proc = ingest(db, src)
            # half the kills at a random moment of the run, half while the new database is being
            # written (its temp file exists): the moment a crash could do harm
            writing = kills % 2 == 1
            if writing:
                while proc.poll() is None and not temp_files(out):
                    time.sleep(0.002)
                time.sleep(rng.uniform(0, 0.3))
            else:
                time.sleep(rng.uniform(0, durations[name]))
            if proc.poll() is not None:  # finished before the kill: not a trial
                continue
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            kills += 1
            during_write += writing
            ids = report_ids(db)
            state = "corrupt" if ids is None else "before" if ids == current else \
                "after" if ids == sets[name] else "mixed"
            states[state] += 1
            left_after_kill += len(leftovers(out, db))
        after_kills = leftovers(out, db)
        subprocess.run([*GIK, "--db", str(db), str(new_src)], cwd=ROOT, check=True)
        final = leftovers(out, db)
        print(f"  {kills} kills ({during_write} while the database was being written) in {attempts} runs")
        print(f"  database after each kill: as before {states['before']}, the new run's {states['after']}, "
              f"corrupt {states['corrupt']}, mixed {states['mixed']}   (target: corrupt + mixed = 0)")
        print(f"  temp files left by the kills: {left_after_kill} in all ({len(after_kills)} still there "
              "before the next run; each run removes the stale ones)")
        print(f"  leftover files after the next run: {len(final)} {final or ''}  (target 0)")
        print(f"  next run's database: {'new' if report_ids(db) == new else 'NOT the new one'}")
        ok = kills == a.trials and not states["corrupt"] and not states["mixed"] and not final \
            and report_ids(db) == new
    print("targets met" if ok else "TARGETS MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
