"""The database: the panel series, views, determinism, atomic rebuilds, bad files."""

from __future__ import annotations

import shutil

import duckdb
import pytest
from conftest import RAW, SEEDS

from gikdata.store import load
from gikdata.store.pipeline import ingest

HEADLINE = ("select year, proactive_total from panel where agency_id = (select agency_id from panel "
            "where year = 2014 and proactive_total = 31) order by year")


def test_zhangdian_series_31_then_26(seed_db):
    con = duckdb.connect(str(seed_db), read_only=True)
    assert con.sql(HEADLINE).fetchall() == [(2014, 31.0), (2017, 26.0)]
    names = {r[0] for r in con.sql("select alias from agency_aliases where agency_id = '370303-emergency_management'").fetchall()}
    assert {"张店区应急管理局", "区安监局", "张店区安全生产监督管理局"} <= names


def test_government_is_not_its_work_safety_bureau(seed_db):
    con = duckdb.connect(str(seed_db), read_only=True)
    rows = con.sql("select agency_id, function from agencies where region_code = '370303' order by 1").fetchall()
    assert rows == [("370303-emergency_management", "emergency_management"), ("370303-government", "government")]


def test_undated_report_stays_out_of_the_panel_but_in_reports(seed_db):
    con = duckdb.connect(str(seed_db), read_only=True)
    assert con.execute("select count(*) from reports where year is null").fetchone()[0] == 1
    assert con.execute("select count(*) from panel where agency_id like 'unplaced-%'").fetchone()[0] == 0
    assert con.execute("select count(*) from flags where code = 'year_unknown'").fetchone()[0] == 1


def test_category_shares_view(seed_db):
    con = duckdb.connect(str(seed_db), read_only=True)
    rows = con.sql("select category, count, share, total, computed_share from category_shares "
                   "where agency_id = '370303-emergency_management' order by fact_id").fetchall()
    assert rows == [("政策法规", 3, 10, 31, 9.68), ("规划计划", 7, 23, 31, 22.58),
                    ("业务工作", 5, 16, 31, 16.13), ("其他", 16, 51, 31, 51.61)]


def test_evidence_is_the_text_under_the_span(seed_db):
    con = duckdb.connect(str(seed_db), read_only=True)
    bad = con.execute("select count(*) from facts f join reports r using (report_id) "
                      "where substring(r.text, f.span_start + 1, f.span_end - f.span_start) != f.evidence").fetchone()[0]
    assert bad == 0


def _dump(db):
    con = duckdb.connect(str(db), read_only=True)
    tables = [r[0] for r in con.sql("select table_name from information_schema.tables order by 1").fetchall()]
    return {t: con.sql(f'select * from "{t}" order by all').fetchall() for t in tables}


def test_rebuild_gives_the_same_database(tmp_path, seed_db):
    again = tmp_path / "again.duckdb"
    ingest([RAW], again)
    assert _dump(again) == _dump(seed_db)


def test_crash_midway_leaves_the_previous_database(tmp_path, monkeypatch, seed_db):
    db = tmp_path / "gik.duckdb"
    shutil.copy(seed_db, db)
    before = _dump(db)

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(load, "_insert", boom)
    with pytest.raises(RuntimeError):
        ingest([SEEDS[0]], db)
    assert _dump(db) == before
    assert [p.name for p in tmp_path.iterdir()] == ["gik.duckdb"]  # no temporary file left behind


def test_bad_files_are_reported_and_the_rest_loads(tmp_path):
    folder = tmp_path / "raw"
    folder.mkdir()
    shutil.copy(SEEDS[1], folder)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (folder / "latin1.txt").write_bytes("Öffentlichkeit ÄÖÜ".encode("latin-1") * 5)
    result = ingest([folder], tmp_path / "gik.duckdb")
    assert result.n_reports == 1
    assert sorted(e[1] for e in result.errors) == ["BinaryFileError", "EmptyFileError", "EncodingError"]
    con = duckdb.connect(str(tmp_path / "gik.duckdb"), read_only=True)
    assert con.execute("select count(*) from ingest_errors").fetchone()[0] == 3
    assert con.execute("select count(*) from panel").fetchone()[0] == 1
