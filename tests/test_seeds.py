"""Each seed report: the facts and metadata it states, checked by hand and against golden files.

Golden files (tests/golden/<seed>.json) are the full `gik extract --json` output; regenerate
them on purpose with `GIK_UPDATE_GOLDEN=1 pytest tests/test_seeds.py` and review the diff.
"""

from __future__ import annotations

import json
import os

import pytest
from conftest import GOLDEN, ROOT, SEEDS, seed

from gikdata.extract.report import extract_file, to_json


def facts_of(path, measure, subject=None):
    r = extract_file(path)
    return {f.dimension: f for f in r.facts if f.measure == measure and f.subject == subject}


def test_seed_000_total_and_four_categories():
    path = seed("000")
    d = to_json(extract_file(path))
    assert d["year"] == 2014 and d["format"] == "freeform"
    assert d["agency"]["name"] == "张店区安全生产监督管理局"
    assert d["agency"]["short_name"] == "区安监局"
    assert d["agency"]["region"] | {} == {"province": "山东省", "city": "淄博市", "county": "张店区", "zone": None}
    assert d["agency"]["region_code"] == "370303"  # a code is no place name: kept beside the region
    s = d["summary"]
    assert s["proactive_total"] == 31
    assert [(c["name"], c["count"], c["share"]) for c in s["categories"]] == [
        ("政策法规", 3, 10.0), ("规划计划", 7, 23.0), ("业务工作", 5, 16.0), ("其他", 16, 51.0)]
    assert (s["requests_received"], s["review_cases"], s["litigation_cases"], s["fees_collected"]) == (0, 0, 0, 0)
    codes = {f["code"] for f in d["flags"]}
    assert "share_truncated" in codes  # 16 of 31 is 51.6%, printed as 51%


def test_seed_000_spans_point_into_the_hard_wrapped_original():
    path = seed("000")
    report = extract_file(path)
    text = path.read_text(encoding="utf-8")
    total = next(f for f in report.facts if f.measure == "proactive_total")
    assert text[total.value_start:total.value_end] == "31"
    assert text[total.start:total.end] == total.evidence
    assert "累计主动公开政府信息 31 条" in total.evidence
    share = next(f for f in report.facts if f.measure == "proactive_category_share" and f.dimension == "政策法规")
    assert text[share.value_start:share.value_end] == "10％"


def test_seed_001_new_name_in_title_old_in_body():
    d = to_json(extract_file(seed("001")))
    assert d["year"] == 2017
    assert d["agency"]["name"] == "张店区应急管理局"
    assert d["agency"]["short_name"] == "区安监局"
    assert d["summary"]["proactive_total"] == 26
    assert d["summary"]["categories"] == []


def test_seed_002_undated_unplaced_and_no_invented_pairings():
    d = to_json(extract_file(seed("002")))
    assert d["year"] is None
    assert d["agency"]["region"]["city"] is None and d["agency"]["name"] is None
    assert d["agency"]["short_name"] == "市安监局"
    assert d["agency"]["agency_id"].startswith("unplaced-")
    codes = {f["code"] for f in d["flags"]}
    assert {"year_unknown", "region_unknown"} <= codes
    assert d["summary"]["proactive_total"] == 4991
    cats = facts_of(seed("002"), "proactive_category")
    units = facts_of(seed("002"), "proactive_by_unit")  # parts of the bureau, not categories
    assert units["局机关"].value == 4732 and units["局属各单位"].value == 259
    assert "局机关" not in cats
    channels = facts_of(seed("002"), "proactive_total")
    assert channels["国家安监总局网站、市安监局网站、中国平安生产报、晚报、日报、华商晨报、电台、电视台"].value == 4856
    assert facts_of(seed("002"), "staff")["专职"].value == 1  # 指定一名专职人员
    assert facts_of(seed("002"), "hotline_calls")[None].value == 4800
    platform = {k.split("/")[1]: v.value for k, v in cats.items() if k.startswith("中国政务公开信息网/")}
    # labels as printed, whole (issue 9): 政策法规栏目信息34条
    assert platform == {"政策法规栏目信息": 34, "工作动态栏目信息": 83, "行政执法栏目信息": 13, "人事信息栏目信息": 2,
                        "组织机构栏目信息": 2, "工作总结栏目信息": 1}
    shares = {**facts_of(seed("002"), "proactive_category_share"), **facts_of(seed("002"), "proactive_by_unit_share")}
    # 工作动态 83 is followed by 。 then 25.2% (which belongs to 政策法规): no pairing either way.
    assert "中国政务公开信息网/工作动态栏目信息" not in shares and "中国政务公开信息网/政策法规栏目信息" not in shares
    assert "局机关" not in shares  # "4732条,去年。占信息总量的94.8%" is split by a sentence end
    assert shares["中国政务公开信息网/行政执法栏目信息"].value == 9.6


def test_seed_003_template_report():
    d = to_json(extract_file(seed("003")))
    assert d["year"] == 2023 and d["format"] == "template"
    assert d["agency"]["name"] == "聊城江北水城旅游度假区安全生产监督管理局"
    assert d["agency"]["region"]["city"] == "聊城市" and d["agency"]["region"]["zone"] == "江北水城旅游度假区"
    s = d["summary"]
    assert s["proactive_total"] == 47
    assert (s["requests_received"], s["review_cases"], s["litigation_cases"], s["fees_collected"]) == (0, 0, 0, 0)
    t = s["template_tables"]
    assert t["article20"]["行政处罚"] == {"本年处理决定数量": 2}
    assert t["article20"]["行政事业性收费"] == {"本年收费金额（单位：万元）": 0.0}  # the template's own label
    assert len(t["requests"]) == 25 and all(len(cols) == 7 for cols in t["requests"].values())
    assert t["requests"]["四、结转下年度继续办理"]["总计"] == 0
    assert set(t["review_litigation"]) == {"行政复议", "行政诉讼/未经复议直接起诉", "行政诉讼/复议后起诉"}
    # 6 numbers printed for 7 columns: all zero, so the row's arithmetic proves every cell is 0
    assert "template_cells_repaired" in {f["code"] for f in d["flags"]}


def test_seed_004_whole_government_and_department_figures():
    path = seed("004")
    d = to_json(extract_file(path))
    assert d["year"] == 2014 and d["scope"] == "whole_area"
    assert d["agency"]["name"] == "张店区人民政府"
    s = d["summary"]
    assert s["proactive_total"] is None  # only per-channel counts: 9800余 on the portal, 1500余 in the column
    channels = facts_of(path, "proactive_total")
    assert channels["政府门户网站"].value == 9800 and channels["政府门户网站"].approx
    part = channels["政府门户网站/政府信息公开栏目"]  # 其中: the column's items are part of the portal's
    assert part.value == 1500 and part.approx
    assert s["requests_received"] == 15
    assert {k: v.value for k, v in facts_of(path, "requests_by_channel").items()} == {"网上": 5, "信函": 10}
    assert {k: v.value for k, v in facts_of(path, "requests_by_body").items()} == {
        "区政府及工作部门": 14, "镇政府(街道办事处)": 1}
    assert facts_of(path, "normative_documents")[None].value == 18
    health = facts_of(path, "proactive_total", subject="区卫生局")
    assert health[None].value == 77  # the department's figure, never the government's own
    flags = {f["code"]: f for f in d["flags"]}
    assert "proactive_total_by_channel" in flags
    assert "67" in flags["category_sum_mismatch"]["message"]  # 2 + 2 + 32 + 31 != 77


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name[:3])
def test_golden(path):
    got = to_json(extract_file(path))
    got["file"] = str(path.relative_to(ROOT))
    golden = GOLDEN / f"{path.stem}.json"
    if os.environ.get("GIK_UPDATE_GOLDEN"):
        golden.write_text(json.dumps(got, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    expected = json.loads(golden.read_text(encoding="utf-8"))
    assert got == expected


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name[:3])
def test_every_fact_slices_back_to_its_evidence(path):
    text = path.read_text(encoding="utf-8")
    for f in extract_file(path).facts:
        assert text[f.start:f.end] == f.evidence
        assert f.start <= f.value_start < f.value_end <= f.end
        assert f.value >= 0
