"""The agency layer and the panel on report texts written for these tests, plus the seeds.

Each test writes a small corpus into a temporary folder, ingests it with its own agencies.csv
and corrections.csv, and reads the database back.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner
from conftest import RAW, seed

from gikdata.cli import main
from gikdata.store.agency_rules import AgencyRulesError
from gikdata.store.corrections import CorrectionsError
from gikdata.store.pipeline import ingest

TITLE = "政府信息公开工作年度报告"
CORPUS = {
    # a body renamed across years: 2016 安监局, 2020 应急管理局 (and the 2019 template)
    "a_2016.txt": f"历城区安全生产监督管理局2016年{TITLE}\n2016年,区安监局主动公开政府信息12条。2016年全年未收到政府信息公开申请。\n",
    "b_2020.txt": f"历城区应急管理局2020年{TITLE}\n一、总体情况\n2020年,我局主动公开政府信息20条。\n"
                  "三、收到和处理政府信息公开申请情况\n本年新收政府信息公开申请数量为0件。\n",
    # a body with a similar name in another region
    "c_2020.txt": f"历下区应急管理局2020年{TITLE}\n2020年,我局主动公开政府信息9条。\n",
    # the whole-area report beside the department's
    "g_2020.txt": f"历城区人民政府2020年{TITLE}\n2020年,全区主动公开政府信息500条。\n",
}
BUREAU, GOV, OTHER = "370112-emergency_management", "370112-government", "370102-emergency_management"


def build(tmp_path: Path, files: dict[str, str] = CORPUS, agencies: str = "", corrections: str = ""):
    raw = tmp_path / "raw"
    raw.mkdir(exist_ok=True)
    for name, text in files.items():
        (raw / name).write_text(text, encoding="utf-8")
    a, c = tmp_path / "agencies.csv", tmp_path / "corrections.csv"
    a.write_text("action,agency_id,target,report,name,note,who\n" + agencies, encoding="utf-8")
    c.write_text("report,measure,dimension,subject,value,note,who\n" + corrections, encoding="utf-8")
    db = tmp_path / "gik.duckdb"
    result = ingest([raw], db, agencies_file=a, corrections_file=c)
    assert not result.errors, result.errors
    return duckdb.connect(str(db), read_only=True), result


def rows(con, sql, *params):
    return con.execute(sql, list(params)).fetchall()


def test_renamed_body_is_one_agency_with_old_and_new_names(tmp_path):
    con, _ = build(tmp_path)
    assert rows(con, "select year, proactive_total from panel where agency_id = ? order by year", BUREAU) == [
        (2016, 12), (2020, 20)]
    aliases = rows(con, "select alias, year, form, function from agency_aliases where agency_id = ? order by year, alias", BUREAU)
    assert ("历城区安全生产监督管理局", 2016, "full", "work_safety") in aliases
    assert ("历城区应急管理局", 2020, "full", "emergency_management") in aliases
    assert ("区安监局", 2016, "short", "work_safety") in aliases
    # the name's span points at the text that shows it
    bad = rows(con, "select count(*) from agency_aliases al join reports r using (report_id) where al.span_start is not null "
                    "and substring(r.text, al.span_start + 1, al.span_end - al.span_start) != al.alias")
    assert bad == [(0,)]


def test_similar_names_in_different_regions_stay_apart(tmp_path):
    con, _ = build(tmp_path)
    got = rows(con, "select agency_id, county from agencies where function = 'emergency_management' order by 1")
    assert got == [(OTHER, "历下区"), (BUREAU, "历城区")]
    assert rows(con, "select count(*) from agencies where region_code = '370102'") == [(1,)]


def test_whole_area_report_beside_the_departments(tmp_path):
    con, _ = build(tmp_path)
    got = rows(con, "select agency_id, scope, proactive_total from panel where year = 2020 and agency_id like '370112-%' order by 1")
    assert got == [(BUREAU, "own", 20), (GOV, "whole_area", 500)]


def test_panel_changes_index_and_series_break(tmp_path):
    con, _ = build(tmp_path)
    got = rows(con, "select year, change, change_pct, index_to_base, series_break, break_reason, gap from panel_changes "
                    "where agency_id = ? and measure = 'proactive_total' order by year", BUREAU)
    assert got == [(2016, None, None, 100.0, False, None, False),
                   (2020, 8.0, 66.67, 166.67, True,
                    "freeform -> template_2019; remit work_safety -> emergency_management", True)]  # 安监 merged into 应急
    cov = rows(con, "select year, present, within_span from coverage where agency_id = ? order by year", BUREAU)
    assert cov == [(2016, True, True), (2017, False, True), (2018, False, True), (2019, False, True), (2020, True, True)]


def test_second_report_for_an_agency_year_is_flagged_not_summed(tmp_path):
    files = {**CORPUS, "d_2020.txt": f"历城区应急管理局2020年{TITLE}（修订稿）\n2020年,我局主动公开政府信息21条。\n"}
    con, _ = build(tmp_path, files)
    got = rows(con, "select proactive_total, n_reports, duplicate, len(other_reports) from panel where agency_id = ? and year = 2020", BUREAU)
    assert got == [(20.0, 2, True, 1)]  # b_2020 (first by file name), not 20 + 21
    assert rows(con, "select count(*) from flags where code = 'duplicate_agency_year'") == [(2,)]


def test_agency_rules_merge_split_rename_and_orphans(tmp_path):
    rules = (f"merge,{OTHER},{BUREAU},,,one body after all,tester\n"
             f"split,{BUREAU},370112-emergency_management-b,a_2016.txt,,,tester\n"
             f"rename,{GOV},,,历城区政府,short display name,tester\n"
             "merge,999999-nothing,370112-x,,,,tester\n")
    con, result = build(tmp_path, agencies=rules)
    assert rows(con, "select count(*) from reports where agency_id = ?", OTHER) == [(0,)]
    assert rows(con, "select agency_id from reports where file like '%a_2016.txt'") == [("370112-emergency_management-b",)]
    assert rows(con, "select name from agencies where agency_id = ?", GOV) == [("历城区政府",)]
    assert ("历城区政府", "user") in rows(con, "select alias, form from agency_aliases where agency_id = ?", GOV)
    status = rows(con, "select line, action, n_reports, status from agency_rules order by line")
    assert status == [(2, "merge", 1, "applied"), (3, "split", 1, "applied"), (4, "rename", 1, "applied"),
                      (5, "merge", 0, "target_missing")]
    assert any("line 5" in w for w in result.warnings)
    # the merge made two 2020 reports of one agency: flagged, not summed
    assert rows(con, "select duplicate from panel where agency_id = ? and year = 2020", BUREAU) == [(True,)]
    # the split left two ids with one region and function: --suggest says so
    r = CliRunner().invoke(main, ["agencies", "--suggest", "--db", str(tmp_path / "gik.duckdb"), "--csv"])
    assert f"{BUREAU},370112-emergency_management-b,same region 370112 and function emergency_management" in r.output


def test_corrections_keep_the_extracted_value_and_say_who(tmp_path):
    corrections = ("b_2020.txt,proactive_total,,,25,the table says 25,Li\n"
                   "b_2020.txt,fees_collected,,,3,,Li\n"
                   "gone.txt,proactive_total,,,1,,Li\n")
    con, result = build(tmp_path, corrections=corrections)
    got = rows(con, "select value, extracted_value, corrected_by, correction_note from facts f join reports r "
                    "using (report_id) where r.file like '%b_2020.txt' and measure = 'proactive_total'")
    assert got == [(25.0, 20.0, "Li", "the table says 25")]
    assert rows(con, "select proactive_total from panel where agency_id = ? and year = 2020", BUREAU) == [(25.0,)]
    assert rows(con, "select line, n_facts, status from corrections order by line") == [
        (2, 1, "applied"), (3, 0, "target_missing"), (4, 0, "report_missing")]
    codes = {r[0] for r in rows(con, "select code from flags")}
    assert {"fact_corrected", "correction_target_missing"} <= codes
    assert len(result.warnings) == 2


def test_malformed_user_files_are_errors(tmp_path):
    with pytest.raises(AgencyRulesError, match="csv:2:"):
        build(tmp_path, agencies="fuse,a,b,,,,\n")
    with pytest.raises(CorrectionsError, match="who"):
        build(tmp_path, corrections="b_2020.txt,proactive_total,,,25,,\n")


def test_seed_002_enters_the_panel_once_the_manifest_places_it(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    name = seed("002").name
    with (raw / "manifest.csv").open("a", encoding="utf-8") as fh:
        fh.write(f"{name},https://example.org/r.html,淄博市安全生产监督管理局,山东省,淄博市,,2015,test override\n")
    db = tmp_path / "gik.duckdb"
    ingest([raw], db)
    con = duckdb.connect(str(db), read_only=True)
    got = rows(con, "select r.agency_id, r.year, r.overrides, a.city, r.source from reports r join agencies a "
                    "using (agency_id) where r.file like ?", f"%{name}")
    assert got == [("370300-emergency_management", 2015, "year,region,agency", "淄博市", "https://example.org/r.html")]
    assert rows(con, "select proactive_total, overrides from panel where year = 2015") == [(4991.0, "year,region,agency")]
    assert ("淄博市安全生产监督管理局", "manifest") in rows(con, "select alias, form from agency_aliases")
    codes = {r[0] for r in rows(con, "select code from flags f join reports r using (report_id) where r.file like ?", f"%{name}")}
    assert {"override_year", "override_region", "year_unknown"} <= codes  # the text's silence stays on record


def test_seed_002_without_manifest_is_out_of_the_panel(seed_db):
    con = duckdb.connect(str(seed_db), read_only=True)
    assert rows(con, "select count(*) from panel where agency_id like 'unplaced-%'") == [(0,)]
    assert rows(con, "select count(*) from coverage where agency_id like 'unplaced-%'") == [(0,)]


def test_gik_agencies_and_suggest(seed_db):
    r = CliRunner().invoke(main, ["agencies", "--db", str(seed_db), "--csv"])
    assert r.exit_code == 0, r.output
    line = next(x for x in r.output.splitlines() if x.startswith("370303-emergency_management"))
    assert "张店区应急管理局 (2017)" in line and "区安监局 (2014,2017)" in line and "2014,2017,2" in line
    r = CliRunner().invoke(main, ["agencies", "--db", str(seed_db), "--suggest"])
    # the unplaced 市安监局 (a city's) is never offered as the district's 区安监局: levels are not mixed
    assert r.exit_code == 0 and "unplaced 市安监局" not in r.output


def test_gik_sql_prompt_reads_stdin_read_only(seed_db):
    stdin = ("select year, proactive_total\nfrom panel where agency_id = '370303-emergency_management' order by year;\n"
             "create table x (a int);\n.tables\nselect 42 as answer")
    r = CliRunner().invoke(main, ["sql", "--db", str(seed_db), "--csv"], input=stdin)
    assert r.exit_code == 1, r.output  # the refused CREATE: piped SQL that fails exits non-zero (issue 11)
    out = r.output.splitlines()
    assert out[:3] == ["year,proactive_total", "2014,31.0", "2017,26.0"]
    assert any("read-only" in x for x in out)
    assert "panel_changes,BASE TABLE" in out and out[-1] == "42"  # materialised at ingest


def test_an_ambiguous_place_stays_unplaced_and_suggest_pairs_its_reports(tmp_path):
    files = {f"cy_{y}.txt": f"朝阳区应急管理局{y}年{TITLE}\n{y}年,我局主动公开政府信息{y - 2000}条。\n" for y in (2020, 2021)}
    con, _ = build(tmp_path, files)  # 朝阳区 is in Beijing and in Changchun: the text does not say which
    assert rows(con, "select count(*) from agencies where agency_id like 'unplaced-%'") == [(2,)]
    assert rows(con, "select count(*) from flags where code = 'region_ambiguous'") == [(2,)]
    r = CliRunner().invoke(main, ["agencies", "--suggest", "--db", str(tmp_path / "gik.duckdb")])
    assert "same name 朝阳区应急管理局" in r.output
