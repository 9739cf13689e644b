"""The test corpus (tests/corpus_cases.py): every case yields exactly its expected facts and
raises its expected findings; and properties that hold for any text (hypothesis)."""

from __future__ import annotations

import pytest
from corpus_cases import CASES, Case
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gikdata.extract.report import extract_source, to_json
from gikdata.read.decode import SourceText


def run(text: str, name: str = "case"):
    return extract_source(SourceText(path=name, text=text, encoding="utf-8", sha256="0" * 64, size=len(text)))


def is_change(f) -> bool:
    """2019's 本年增/减 is the one signed cell: every count is >= 0."""
    return f.measure == "template_article20" and (f.dimension or "").endswith("|本年增/减")


def test_corpus_has_at_least_twenty_reports():
    assert len(CASES) >= 20


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_case_yields_exactly_its_facts(case: Case):
    if case.known_miss:
        pytest.xfail(case.known_miss)
    report = run(case.text, case.name)
    got = {(f.measure, f.dimension, f.subject, float(f.value), f.approx) for f in report.facts}
    expected = {(m, d, s, float(v), a) for m, d, s, v, a in case.expected}
    assert sorted(got - expected, key=str) == [] and sorted(expected - got, key=str) == []
    assert case.flags <= {f.code for f in report.flags}


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_case_spans_slice_back(case: Case):
    for f in run(case.text, case.name).facts:
        assert case.text[f.start:f.end] == f.evidence
        assert f.start <= f.value_start < f.value_end <= f.end


def test_unparsed_cells_are_null_in_the_summary():
    case = next(c for c in CASES if c.name == "tpl05_2021_cell_missing")
    tables = to_json(run(case.text))["summary"]["template_tables"]
    assert tables["requests"]["一、本年新收政府信息公开申请数量"]["总计"] is None
    assert to_json(run(case.text))["summary"]["requests_received"] is None


def test_digit_run_in_article20_stays_null():
    case = next(c for c in CASES if c.name == "tpl04_2021_digits_run_together")
    tables = to_json(run(case.text))["summary"]["template_tables"]
    assert tables["article20"]["行政规范性文件"] == {"本年制发件数": None, "本年废止件数": None, "现行有效件数": None}
    assert tables["requests"]["一、本年新收政府信息公开申请数量"]["总计"] == 3


_TEXT = st.text(alphabet=st.sampled_from(list("一二三四五六七八九十百千万亿余多约近左右条件项元万名人次年月日公开申请行政复议诉讼收费"
                                              "自然人总计本年新收结转予以不予部分、，。；：（）%％0123456789 \t\n#*")),
                max_size=400)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXT)
def test_extraction_never_raises_and_facts_are_grounded(text):
    if not text.strip():
        return
    report = run(text)
    for f in report.facts:
        assert text[f.start:f.end] == f.evidence
        assert f.start <= f.value_start < f.value_end <= f.end
        assert f.value >= 0 or is_change(f)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(CASES), st.integers(min_value=0, max_value=2000), st.text(max_size=30))
def test_corpus_texts_with_noise_inserted(case, pos, noise):
    text = case.text[:pos] + noise + case.text[pos:]
    if not text.strip():
        return
    for f in run(text).facts:
        assert text[f.start:f.end] == f.evidence
        assert f.value >= 0 or is_change(f)
