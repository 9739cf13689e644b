"""Briefs without a browser: parameters checked before a kernel starts, the plan, skipping,
failures recorded in the index with their error."""

from __future__ import annotations

import json

import duckdb
import pytest
from click.testing import CliRunner

from gikdata.briefs import brief_index, render
from gikdata.cli import main
from gikdata.errors import AgencyNotFound, BriefError


def test_unknown_parameter_names_the_close_match(seed_db, tmp_path):
    r = CliRunner().invoke(main, ["brief", "--db", str(seed_db), "--out", str(tmp_path), "--notebook",
                                  "compare_agencies", "-p", "regoin", "山东"])
    assert r.exit_code == 1
    assert "no parameter 'regoin'" in r.output and "close matches: region" in r.output
    assert not list(tmp_path.iterdir()), "nothing is rendered when a parameter is wrong"


def test_unknown_agency_names_close_matches(seed_db, tmp_path):
    r = CliRunner().invoke(main, ["brief", "张店区应急局", "--db", str(seed_db), "--out", str(tmp_path)])
    assert r.exit_code == 1
    assert "no agency matches '张店区应急局'" in r.output and "张店区应急管理局" in r.output


def test_unknown_notebook_names_close_matches(seed_db):
    with pytest.raises(BriefError, match="close matches: compare_agencies"):
        render.notebook_path("compare_agencie")


def test_explore_is_not_a_brief(seed_db):
    with pytest.raises(BriefError, match="live kernel"):
        render.spec_for(render.notebook_path("explore"), {}, seed_db)


def test_agencies_in_a_comparison_are_resolved(seed_db):
    spec = render.spec_for(render.notebook_path("compare_agencies"), {"agencies": ["度假区安监局", "张店区应急管理局"]},
                           seed_db)
    assert spec.params["agencies"] == ["371500-z30e52d-emergency_management", "370303-emergency_management"]
    assert spec.output.startswith("compare_agencies-") and spec.output.endswith(".html")
    with pytest.raises(AgencyNotFound):
        render.spec_for(render.notebook_path("compare_agencies"), {"agencies": ["没有这个局"]}, seed_db)


def test_parameter_values_are_json_or_text():
    assert render.parse_value("2014") == 2014
    assert render.parse_value("null") is None
    assert render.parse_value('["a", "b"]') == ["a", "b"]
    assert render.parse_value("山东省") == "山东省"


def test_plan_has_every_kind_with_all(seed_db):
    outputs = [s.output for s in render.plan(seed_db, all_kinds=True)]
    assert outputs == ["370303-emergency_management.html", "370303-government.html",
                       "371500-z30e52d-emergency_management.html", "corpus_overview.html",
                       "compare-emergency_management.html"]
    assert len(render.plan(seed_db)) == 3


def test_input_keys_follow_the_agency_data_notebook_and_parameters(seed_db):
    specs = render.plan(seed_db, all_kinds=True)
    a = render.input_keys(specs, seed_db)
    assert a == render.input_keys(specs, seed_db)
    other = render.BriefSpec(specs[0].notebook, {**specs[0].params, "agency": "370303-government"},
                             specs[0].output, "x", "370303-government")
    assert render.input_keys([other], seed_db)[other.output] != a[specs[0].output]


def test_a_failed_brief_is_in_the_index_with_its_error(seed_db, tmp_path):
    good = render.plan(seed_db)[0]
    bad = render.BriefSpec(good.notebook, {**good.params, "agency": "no-such-agency"}, "bad.html", "坏的 brief")
    result = render.render([good, bad], seed_db, tmp_path, jobs=1)
    assert [label for label, _ in result.failures] == ["坏的 brief"]
    assert "no agency matches 'no-such-agency'" in result.failures[0][1]
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "坏的 brief" in index and "no-such-agency" in index and good.output in index
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))["briefs"]
    assert manifest["bad.html"]["status"] == "failed" and manifest[good.output]["status"] == "ok"
    again = render.render([good, bad], seed_db, tmp_path, jobs=1)
    assert again.skipped == [good.output] and len(again.failures) == 1  # failures are retried


@pytest.mark.parametrize(("value", "message"), [('["x"]', "takes one text value"), ('{"a": 1}', "takes one text value")])
def test_agency_of_the_wrong_type_is_refused_before_anything_is_written(seed_db, tmp_path, value, message):
    r = CliRunner().invoke(main, ["brief", "--db", str(seed_db), "--out", str(tmp_path), "-p", "agency", value])
    assert r.exit_code == 1 and message in r.output and "Traceback" not in r.output
    assert not list(tmp_path.iterdir())


def test_a_number_for_an_agency_is_the_text_typed(seed_db, tmp_path):
    r = CliRunner().invoke(main, ["brief", "--db", str(seed_db), "--out", str(tmp_path), "-p", "agency", "123"])
    assert r.exit_code == 1 and "no agency matches '123'" in r.output
    assert not list(tmp_path.iterdir()), "no manifest with an integer label"


def test_parameters_are_typed_from_the_parameters_cell(seed_db):
    nb = render.notebook_path("compare_agencies")
    out = render.validate_parameters(nb, {"agencies": "度假区安监局", "base_year": "2014", "region": 370303}, seed_db)
    assert out["agencies"] == ["371500-z30e52d-emergency_management"]
    assert out["base_year"] == 2014 and out["region"] == "370303"
    with pytest.raises(BriefError, match="base_year"):
        render.validate_parameters(nb, {"base_year": "last"}, seed_db)
    with pytest.raises(BriefError, match="close matches: proactive_total"):
        render.validate_parameters(nb, {"measure": "proactive_totl"}, seed_db)


@pytest.mark.parametrize("damage", ["{not json", "[1, 2]", '{"briefs": [1]}', '{"briefs": {"a.html": 3}}'])
def test_a_damaged_manifest_is_set_aside_and_rebuilt(tmp_path, damage):
    (tmp_path / "manifest.json").write_text(damage, encoding="utf-8")
    assert brief_index.read_manifest(tmp_path) == {}
    brief_index.write_index(tmp_path, brief_index.read_manifest(tmp_path))
    assert (tmp_path / "index.html").exists()


def test_a_damaged_manifest_does_not_stop_a_run(seed_db, tmp_path):
    spec = render.plan(seed_db)[0]
    tmp_path.mkdir(exist_ok=True)
    (tmp_path / "manifest.json").write_text('{"briefs": "oops"}', encoding="utf-8")
    result = render.render([spec], seed_db, tmp_path, jobs=1)
    assert not result.failures and (tmp_path / "manifest.json.damaged").exists()
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))["briefs"]
    assert manifest[spec.output]["label"] == "张店区应急管理局"
    pages = sorted(p.stem for p in (tmp_path / "review").glob("*.html"))
    con = duckdb.connect(str(seed_db), read_only=True)
    own = sorted(r[0] for r in con.execute("select report_id from reports where agency_id = ?", [spec.agency_id]).fetchall())
    con.close()
    assert pages == own and len(own) == 2  # the review pages its evidence links to, no others


def test_briefs_of_agencies_no_longer_in_the_database_are_marked(tmp_path):
    (tmp_path / "a.html").write_text("x", encoding="utf-8")
    (tmp_path / "gone.html").write_text("x", encoding="utf-8")
    entries = {n: {"kind": "agency_brief", "label": n, "params": {"agency": n[:-5]}, "status": "ok", "made": "",
                   "seconds": "not a number"} for n in ("a.html", "gone.html")}
    page = brief_index.write_index(tmp_path, entries, current={"a"}).read_text(encoding="utf-8")
    live, old = page.split("已不在数据库中的机关</h2>")
    assert 'href="a.html"' in live and 'href="gone.html"' not in live
    assert 'href="gone.html"' in old and "该机关已不在数据库中" in old
