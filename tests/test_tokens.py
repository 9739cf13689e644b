"""Segmentation with the domain dictionary (rjieba against jieba), and the per-file cache."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from conftest import RAW
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gikdata.read.normalise import normalise
from gikdata.store import tokens, work
from gikdata.store.pipeline import ingest
from gikdata.store.tokens import MIN_TERM_CHARS, STOPWORDS_FILE, TERMS_FILE, segmenter


@pytest.mark.parametrize("text, term", [
    ("区安监局认真贯彻落实政府信息公开各项规定", "政府信息公开"),
    ("部署开展了危化品专项检查", "危化品"),
    ("开展粉尘涉爆企业专项整治", "粉尘涉爆"),
    ("坚持发布解读、回应社会关切", "发布解读、回应社会关切"),  # an entry with punctuation
    ("依据《中华人民共和国政府信息公开条例》编制", "《中华人民共和国政府信息公开条例》"),
    ("本年度区应急管理局收到申请", "应急管理局"),  # from the agency layer's names
])
def test_dictionary_terms_stay_whole(text, term):
    assert term in list(segmenter().cut(text))


def test_counts_drop_stopwords_single_characters_and_numbers():
    counts = segmenter().count("2014年，我局进一步加强政府信息公开工作，公开信息31条。政府信息公开")
    assert counts["政府信息公开"] == 2
    assert all(len(t) >= MIN_TERM_CHARS for t in counts)
    assert not {"2014", "31", "我局", "进一步", "工作", "年"} & set(counts)


def test_query_terms_are_segmented_like_reports():
    assert segmenter().query_terms("危化品 检查") == ["危化品", "检查"]
    assert segmenter().query_terms("政府信息公开的危化品") == ["政府信息公开", "危化品"]
    assert segmenter().query_terms("的 了") == []


@pytest.mark.parametrize("path", [TERMS_FILE, STOPWORDS_FILE])
def test_data_files_are_utf8_lf_without_bom(path):
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf") and b"\r" not in raw and raw.endswith(b"\n")
    lines = [ln for ln in raw.decode("utf-8").splitlines() if ln and not ln.startswith("#")]
    assert len(lines) == len(set(lines)), "duplicate entries"


def test_sections_and_sentences_point_into_the_original(seed_db):
    text = (RAW / "000_b45885b3572ed3e8.txt").read_text(encoding="utf-8")
    toks = tokens.tokenise_text("r", "s", text)
    assert toks.sections[0] == "" and toks.sections[1] == "一、概述"
    dust = [s for s in toks.sentences if "粉尘" in s.text]
    assert dust and "粉尘" in text[dust[0].start:dust[0].end]
    assert toks.n_tokens == sum(c for _, _, c in toks.counts) > 0


def test_reingest_of_unchanged_reports_tokenises_nothing(tmp_path, monkeypatch):
    calls = []
    real = work.tokenise_text
    monkeypatch.setattr(work, "tokenise_text", lambda *a: calls.append(a[0]) or real(*a))
    cache = tmp_path / "cache"
    ingest([RAW], tmp_path / "a.duckdb", workers=0, cache_dir=cache)
    assert len(calls) == 5
    calls.clear()
    ingest([RAW], tmp_path / "b.duckdb", workers=0, cache_dir=cache)  # a new database: the cache serves it
    assert calls == []
    # a changed report is tokenised again; the others still come from the cache
    changed = tmp_path / "raw"
    changed.mkdir()
    src = (RAW / "001_838b1c2b4698cc0e.txt").read_text(encoding="utf-8")
    (changed / "001.txt").write_text(src + "\n附：危化品检查。\n", encoding="utf-8")
    ingest([RAW / "000_b45885b3572ed3e8.txt", changed], tmp_path / "c.duckdb", workers=0, cache_dir=cache)
    assert len(calls) == 1


_BUILD = ("from gikdata.store.tokens import Segmenter; from pathlib import Path; import os;"
          "s = Segmenter(Path(os.environ['GIK_CACHE_DIR']));"
          "assert '危化品' in list(s.cut('危化品检查'))")


def test_segmenter_writes_nothing_when_processes_start_at_once(tmp_path):
    env = {**os.environ, "GIK_CACHE_DIR": str(tmp_path)}
    procs = [subprocess.Popen([sys.executable, "-c", _BUILD], env=env, stderr=subprocess.PIPE)
             for _ in range(2)]
    errors = [p.communicate()[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], errors
    assert list(tmp_path.iterdir()) == []  # rjieba's dictionary is inside its wheel


def test_rjieba_cuts_the_reports_as_jieba_does(tmp_path):
    """The reference segmenter with the same dictionary gives the same tokens on every seed."""
    import logging

    import jieba
    jieba.setLogLevel(logging.WARNING)
    ref = jieba.Tokenizer()
    ref.tmp_dir = str(tmp_path)  # jieba's dictionary cache, never the system temp
    for word in tokens.dictionary_entries():
        ref.add_word(word)
    seg = segmenter()
    for path in sorted(RAW.glob("*.txt")):
        text = normalise(path.read_text(encoding="utf-8")).text
        pieces, pos = [], 0
        for m in seg._phrases.finditer(text):
            pieces += [*ref.cut(text[pos:m.start()]), m.group()]
            pos = m.end()
        pieces += list(ref.cut(text[pos:]))
        assert list(seg.cut(text)) == pieces, path.name


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.sampled_from(list("危化品检查政府信息公开粉尘。，、\n 一二三（）1２%《》")), max_size=80))
def test_tokenising_never_crashes_and_spans_stay_in_the_text(text):
    toks = tokens.tokenise_text("r", "s", text)
    for s in toks.sentences:
        assert 0 <= s.start < s.end <= len(text) and s.text.strip() == s.text
    assert all(n > 0 and no < len(toks.sections) for no, _, n in toks.counts)
