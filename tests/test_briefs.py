"""Briefs without a browser: parameters checked before a kernel starts, the plan, skipping,
failures recorded in the index with their error."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from gikdata.briefs import render
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
    assert "no agency 'no-such-agency'" in result.failures[0][1]
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "坏的 brief" in index and "no-such-agency" in index and good.output in index
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))["briefs"]
    assert manifest["bad.html"]["status"] == "failed" and manifest[good.output]["status"] == "ok"
    again = render.render([good, bad], seed_db, tmp_path, jobs=1)
    assert again.skipped == [good.output] and len(again.failures) == 1  # failures are retried
