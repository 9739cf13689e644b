"""Ingest engines and incremental updates give the database a full serial rebuild gives.

Every comparison reads every table and view of both databases (``_dump``), fact ids included.
"""

from __future__ import annotations

import shutil
import time

import duckdb
import pytest
from conftest import RAW, seed

from gikdata.store import work
from gikdata.store.pipeline import ingest
from gikdata.store.queries import run

#: the real reports (../shared beside the clone) when present, for variety; the seeds otherwise
REAL = next((p / "shared/corpus/real/raw" for p in RAW.parents if (p / "shared/corpus/real/raw").exists()), None)


def _dump(db) -> dict[str, list]:
    con = duckdb.connect(str(db), read_only=True)
    tables = [r[0] for r in con.sql("select table_name from information_schema.tables order by 1").fetchall()]
    out = {t: con.sql(f'select * from "{t}" order by all').fetchall() for t in tables}
    con.close()
    return out


def _digests(db) -> dict[str, str]:
    con = duckdb.connect(str(db), read_only=True)
    out = dict(run(con, "agency_digests").fetchall())
    con.close()
    return out


@pytest.fixture
def corpus(tmp_path):
    """The seeds, a dozen real reports, and user decisions: a rename, a merge, two corrections."""
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    for p in sorted(REAL.glob("*.txt"))[:12] if REAL else []:
        shutil.copy(p, raw / p.name)
    agencies = tmp_path / "agencies.csv"
    agencies.write_text("action,agency_id,target,report,name,note,who\n"
                        "rename,370303-government,,,张店区政府,short,tester\n", encoding="utf-8")
    corrections = tmp_path / "corrections.csv"
    corrections.write_text("report,measure,dimension,subject,value,note,who\n"
                           f"{seed('000').name},proactive_total,,,32,recount,Li\n"
                           "gone.txt,proactive_total,,,1,,Li\n", encoding="utf-8")
    return raw, {"agencies_file": agencies, "corrections_file": corrections}


def test_worker_processes_give_the_serial_database(tmp_path, corpus):
    raw, decisions = corpus
    serial = ingest([raw], tmp_path / "serial.duckdb", workers=0, cache_dir=tmp_path / "c1", **decisions)
    parallel = ingest([raw], tmp_path / "parallel.duckdb", workers=2, cache_dir=tmp_path / "c2", **decisions)
    assert not serial.errors and serial.n_reports == parallel.n_reports >= 5
    assert _dump(tmp_path / "serial.duckdb") == _dump(tmp_path / "parallel.duckdb")
    con = duckdb.connect(str(tmp_path / "parallel.duckdb"), read_only=True)
    assert con.sql("select value, extracted_value, corrected_by from facts join reports using (report_id) "
                   f"where file like '%{seed('000').name}' and measure = 'proactive_total' "
                   "and dimension is null").fetchall() == [(32.0, 31.0, "Li")]


def test_added_changed_and_removed_files_update_the_database(tmp_path, corpus):
    raw, decisions = corpus
    db = tmp_path / "gik.duckdb"
    extra = raw.parent / "later"
    extra.mkdir()
    shutil.move(raw / seed("004").name, extra / seed("004").name)
    first = ingest([raw], db, workers=0, cache_dir=tmp_path / "c", **decisions)
    before = _digests(db)
    # add one file: only it is read, and no other agency's digest changes
    shutil.move(extra / seed("004").name, raw / seed("004").name)
    added = ingest([raw], db, workers=0, cache_dir=tmp_path / "c", **decisions)
    assert (added.extracted, added.unchanged, added.removed) == (1, first.extracted, 0)
    after = _digests(db)
    changed = {a for a in after if before.get(a) != after[a]}
    assert changed == {"370303-government"}  # seed 004's agency, nothing else
    # change one file and remove another
    victim = seed("002").name
    (raw / victim).unlink()
    path = raw / seed("001").name
    path.write_text(path.read_text(encoding="utf-8") + "\n附：危化品检查。\n", encoding="utf-8")
    again = ingest([raw], db, workers=0, cache_dir=tmp_path / "c", **decisions)
    assert (again.extracted, again.removed) == (1, 1)
    fresh = tmp_path / "fresh.duckdb"
    ingest([raw], fresh, workers=0, cache_dir=tmp_path / "other", **decisions)
    assert _dump(db) == _dump(fresh)


def test_workers_send_cached_results_and_rebuild_damaged_ones(tmp_path, corpus):
    """A worker sends a cache entry's bytes as they are; a damaged entry is rebuilt, never sent."""
    raw, decisions = corpus
    cache = tmp_path / "c"
    ingest([raw], tmp_path / "cold.duckdb", workers=2, cache_dir=cache, **decisions)
    entries = sorted((cache / "extract").rglob("*.pickle"))
    assert len(entries) >= 5
    warm = ingest([raw], tmp_path / "warm.duckdb", workers=2, cache_dir=cache, **decisions)
    for i, entry in enumerate(entries):  # truncated, emptied, or not a pickle at all
        entry.write_bytes([entry.read_bytes()[:100], b"", b"not a pickle"][i % 3])
    damaged = ingest([raw], tmp_path / "damaged.duckdb", workers=2, cache_dir=cache, **decisions)
    assert not warm.errors and not damaged.errors
    assert _dump(tmp_path / "cold.duckdb") == _dump(tmp_path / "warm.duckdb") == _dump(tmp_path / "damaged.duckdb")
    assert all(len(e.read_bytes()) > 1000 for e in entries)  # rewritten whole


def test_unchanged_reingest_reads_nothing(tmp_path, monkeypatch):
    db = tmp_path / "gik.duckdb"
    ingest([RAW], db, workers=0, cache_dir=tmp_path / "c")
    calls = []
    monkeypatch.setattr(work, "extract_source", lambda *a: calls.append(a) or None)
    result = ingest([RAW], db, workers=0, cache_dir=tmp_path / "c")
    assert calls == [] and result.extracted == 0 and result.n_reports == 5


def test_a_file_past_its_time_budget_is_an_error_and_the_run_goes_on(tmp_path, monkeypatch):
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    shutil.copy(seed("001"), raw / "slow.txt")
    (raw / "slow.txt").write_text((raw / "slow.txt").read_text(encoding="utf-8") + "\n慢\n", encoding="utf-8")
    real = work.extract_source

    def slow(source, overrides=None):
        if source.path.endswith("slow.txt"):
            time.sleep(60)  # stands for a regular expression that never returns
        return real(source, overrides)

    monkeypatch.setattr(work, "extract_source", slow)  # the workers are forked: they see it
    t0 = time.monotonic()
    result = ingest([raw], tmp_path / "gik.duckdb", workers=2, budget=2, cache_dir=tmp_path / "c")
    assert time.monotonic() - t0 < 40
    assert [(e[0].endswith("slow.txt"), e[1]) for e in result.errors] == [(True, "FileTimeout")]
    assert "2 s" in result.errors[0][2] and result.n_reports == 5
    con = duckdb.connect(str(tmp_path / "gik.duckdb"), read_only=True)
    assert con.sql("select error from ingest_errors where file like '%slow.txt'").fetchall() == [("FileTimeout",)]


def test_dask_engine_on_a_local_cluster_gives_the_local_database(tmp_path, corpus):
    distributed = pytest.importorskip("dask.distributed")
    raw, decisions = corpus
    local = tmp_path / "local.duckdb"
    ingest([raw], local, workers=2, cache_dir=tmp_path / "c1", **decisions)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        result = ingest([raw], tmp_path / "dask.duckdb", engine="dask", scheduler=cluster.scheduler_address,
                        cache_dir=tmp_path / "c2", **decisions)
    assert not result.errors
    assert _dump(tmp_path / "dask.duckdb") == _dump(local)
    assert not [p for p in tmp_path.iterdir() if "parquet" in p.name]  # the Parquet is cleaned up
