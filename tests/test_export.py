"""`gik export`: every format read back by the readers researchers use, with the dictionary."""

from __future__ import annotations

import csv

import duckdb
import pandas as pd
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from gikdata.cli import main
from gikdata.store import export as ex

AGENCY = "370303-emergency_management"


def _export(seed_db, tmp_path, *args: str) -> str:
    r = CliRunner().invoke(main, ["export", "--db", str(seed_db), *args])
    assert r.exit_code == 0, r.output
    return r.output


def _dictionary(path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _panel(seed_db) -> pd.DataFrame:
    con = duckdb.connect(str(seed_db), read_only=True)
    try:
        return con.sql("select * from panel order by agency_id, year").df()
    finally:
        con.close()


def test_stata_118_with_labels_and_flattened_lists(seed_db, tmp_path):
    out = tmp_path / "panel.dta"
    _export(seed_db, tmp_path, "panel", "--format", "dta", "--out", str(out))
    assert out.read_bytes()[:60].startswith(b"<stata_dta><header><release>118</release>")
    with pd.io.stata.StataReader(out) as reader:
        labels = reader.variable_labels()
        df = reader.read()
    assert labels["year"] == "年度 Year reported on [年]"
    assert labels["proactive_total"].startswith("主动公开政府信息 Information disclosed proactively [条]")
    assert labels["proactive_total_approx"].startswith("主动公开政府信息（约数）")
    ours = _panel(seed_db)
    assert list(df.columns) == list(ours.columns)
    row = df[(df.agency_id == AGENCY) & (df.year == 2014)].iloc[0]
    assert row.proactive_total == 31 and row.agency_name == "张店区应急管理局"
    assert row.duplicate == 0 and isinstance(row.other_reports, str)
    dictionary = _dictionary(tmp_path / "panel.dictionary.csv")
    assert [d["column"] for d in dictionary] == list(ours.columns)
    other = next(d for d in dictionary if d["column"] == "other_reports")
    assert other["type"] == "VARCHAR[]" and "joined by ;" in other["label_en"]


def test_stata_long_text_and_reserved_names(seed_db, tmp_path):
    _export(seed_db, tmp_path, "reports", "agencies", "--format", "dta", "--out", str(tmp_path / "dta"))
    reports = pd.read_stata(tmp_path / "dta" / "reports.dta")
    con = duckdb.connect(str(seed_db), read_only=True)
    texts = dict(con.sql("select report_id, text from reports").fetchall())
    con.close()
    assert max(map(len, texts.values())) > ex.STATA_STR  # the strL path is exercised
    assert dict(zip(reports.report_id, reports.text, strict=True)) == texts
    agencies = pd.read_stata(tmp_path / "dta" / "agencies.dta")
    assert "_function" in agencies.columns and "function" not in agencies.columns
    dictionary = _dictionary(tmp_path / "dta" / "dictionary.csv")
    assert {d["relation"] for d in dictionary} == {"reports", "agencies"}
    assert next(d for d in dictionary if d["column"] == "function")["stata_name"] == "_function"


def test_parquet_reads_in_arrow_and_duckdb(seed_db, tmp_path):
    _export(seed_db, tmp_path, "--format", "parquet", "--out", str(tmp_path / "pq"))
    for name in ex.DEFAULT_EXPORTS:
        assert (tmp_path / "pq" / f"{name}.parquet").exists(), name
    table = pq.read_table(tmp_path / "pq" / "panel.parquet")
    ours = _panel(seed_db)
    assert table.num_rows == len(ours) and table.column_names == list(ours.columns)
    # snappy: the codec every Arrow build reads (R's arrow from CRAN included)
    assert pq.ParquetFile(tmp_path / "pq" / "panel.parquet").metadata.row_group(0).column(0).compression == "SNAPPY"
    via_duckdb = duckdb.sql("select year, proactive_total from read_parquet($p) where agency_id = $a order by year",
                            params={"p": str(tmp_path / "pq" / "panel.parquet"), "a": AGENCY}).fetchall()
    assert via_duckdb == [(2014, 31.0), (2017, 26.0)]
    facts = pq.read_table(tmp_path / "pq" / "facts.parquet").to_pandas()
    assert facts["evidence"].str.contains("主动公开").any()


def test_csv_by_duckdb_copy(seed_db, tmp_path):
    _export(seed_db, tmp_path, "category-shares", "--format", "csv", "--out", str(tmp_path / "shares.csv"))
    df = pd.read_csv(tmp_path / "shares.csv")
    assert {"category", "count", "share", "computed_share"} <= set(df.columns) and len(df) > 0
    assert _dictionary(tmp_path / "shares.dictionary.csv")[0]["relation"] == "category_shares"


def test_excel_one_sheet_per_table_and_the_dictionary(seed_db, tmp_path):
    out = tmp_path / "gik.xlsx"
    _export(seed_db, tmp_path, "panel", "flags", "--format", "xlsx", "--out", str(out))
    wb = load_workbook(out, read_only=True)
    assert wb.sheetnames == ["panel", "flags", "dictionary"]
    rows = list(wb["panel"].values)
    assert list(rows[0]) == list(_panel(seed_db).columns)
    header = list(next(wb["dictionary"].values))
    assert header == list(ex.DICTIONARY_COLUMNS)
    labels = {r[1]: r[3] for r in list(wb["dictionary"].values)[1:] if r[0] == "panel"}
    assert labels["agency_name"] == "机关名称"


def test_only_known_relations(seed_db, tmp_path):
    r = CliRunner().invoke(main, ["export", "--db", str(seed_db), "panel; drop table facts", "--out", str(tmp_path)])
    assert r.exit_code == 1 and "cannot export" in r.output
    with pytest.raises(Exception, match="unknown format"):
        ex.export(duckdb.connect(str(seed_db), read_only=True), ["panel"], "sav", tmp_path)
    r = CliRunner().invoke(main, ["export", "--list"])
    assert r.output.split() == list(ex.EXPORTS)


def test_every_exported_column_has_a_label(seed_db):
    con = duckdb.connect(str(seed_db), read_only=True)
    try:
        for name in ex.EXPORTS:
            for c in ex.columns(con, name):
                assert c.label_zh != c.name and c.label_en != c.name, (name, c.name)
    finally:
        con.close()


def test_excel_cuts_a_cell_past_its_limit_and_drops_control_characters(tmp_path):
    con = duckdb.connect()
    long_text = "报告" * 20000  # 40,000 characters: more than an Excel cell holds
    con.execute("create table reports as select 'r1' as report_id, $t as text, $c as title",
                {"t": long_text, "c": "年度\x01报告"})
    result = ex.export(con, ["reports"], "xlsx", tmp_path / "r.xlsx")
    cells = list(load_workbook(result.files[0], read_only=True)["reports"].values)[1]
    assert len(cells[1]) <= ex.EXCEL_CELL and cells[1].endswith("[cut: Excel limit]")
    assert cells[1].startswith("报告报告") and cells[2] == "年度报告"
