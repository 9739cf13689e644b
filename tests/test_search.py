"""IDF, TF-IDF and BM25 against hand-computed values; `gik search` and term trends on the seeds."""

from __future__ import annotations

import json

import duckdb
import pytest
from click.testing import CliRunner
from conftest import seed

from gikdata import connect, run
from gikdata.cli import main
from gikdata.store.load import SCHEMA, SCHEMA_TEXT
from gikdata.store.search import agency_keywords, agency_trends, search, year_trends

# A tiny corpus: three reports of one agency, terms and counts chosen to compute by hand.
#   d1 (2014): 危化品 x2, 检查 x1            length 3
#   d2 (2015): 危化品 x1, 粉尘 x3            length 4
#   d3 (2015): 粉尘 x1, 应急 x1              length 2     N = 3, avgdl = 3
TINY = {"d1": {"危化品": 2, "检查": 1}, "d2": {"危化品": 1, "粉尘": 3}, "d3": {"粉尘": 1, "应急": 1}}
YEARS = {"d1": 2014, "d2": 2015, "d3": 2015}


@pytest.fixture
def tiny() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute(SCHEMA)
    con.execute(SCHEMA_TEXT)
    con.execute("INSERT INTO agencies (agency_id, name) VALUES ('a', '甲局')")
    for doc, counts in TINY.items():
        con.execute("INSERT INTO reports (report_id, file, agency_id, year) VALUES (?, ?, 'a', ?)",
                    [doc, f"{doc}.txt", YEARS[doc]])
        con.execute("INSERT INTO token_docs (report_id, n_tokens) VALUES (?, ?)", [doc, sum(counts.values())])
        for term, n in counts.items():
            con.execute("INSERT INTO tokens VALUES (?, 0, '', ?, ?)", [doc, term, n])
        text = "，".join(t * n for t, n in counts.items()) + "。"
        con.execute("INSERT INTO sentences VALUES (?, 0, 0, 0, ?, ?)", [doc, len(text), text])
    return con


def test_idf_by_hand(tiny):
    rows = dict(tiny.sql("SELECT term, (df, idf, bm25_idf) FROM term_idf").fetchall())
    # 危化品: df 2: idf = ln(3/2) = 0.405465; bm25_idf = ln(1 + 1.5/2.5) = ln(1.6) = 0.470004
    assert rows["危化品"] == (2, pytest.approx(0.405465, abs=1e-6), pytest.approx(0.470004, abs=1e-6))
    # 检查: df 1: idf = ln 3 = 1.098612; bm25_idf = ln(1 + 2.5/1.5) = ln(8/3) = 0.980829
    assert rows["检查"] == (1, pytest.approx(1.098612, abs=1e-6), pytest.approx(0.980829, abs=1e-6))


def test_tfidf_by_hand(tiny):
    kw = {(r, t): (v, k) for r, t, v, k in tiny.sql("SELECT report_id, term, tfidf, rank FROM keywords").fetchall()}
    # d1 危化品: tf 2/3 x ln 1.5 = 0.270310; d1 检查: 1/3 x ln 3 = 0.366204, so 检查 ranks first
    assert kw["d1", "危化品"] == (pytest.approx(0.270310, abs=1e-6), 2)
    assert kw["d1", "检查"] == (pytest.approx(0.366204, abs=1e-6), 1)
    # pooled per agency and year: 2015 = d2 + d3: 粉尘 4 of 6, idf ln 1.5: 0.270310
    ak = dict(tiny.sql("SELECT term, tfidf FROM agency_keywords WHERE year = 2015").fetchall())
    assert ak["粉尘"] == pytest.approx(4 / 6 * 0.405465, abs=1e-6)


def test_bm25_by_hand(tiny):
    hits = run(tiny, "search", terms=["危化品"], n=10).fetchall()
    scores = {r[0]: r[5] for r in hits}
    # k1 = 1.2, b = 0.75, idf ln 1.6 = 0.470004
    # d1: tf 2, dl 3: 0.470004 x 2 x 2.2 / (2 + 1.2 x (0.25 + 0.75 x 3/3)) = 0.646255
    # d2: tf 1, dl 4: 0.470004 x 1 x 2.2 / (1 + 1.2 x (0.25 + 0.75 x 4/3)) = 0.413603
    assert list(scores) == ["d1", "d2"]
    assert scores["d1"] == pytest.approx(0.646255, abs=1e-6)
    assert scores["d2"] == pytest.approx(0.413603, abs=1e-6)
    # two terms add: d1 also holds 检查 (tf 1, dl 3): 0.980829 x 2.2 / 2.2 = 0.980829
    two = {r[0]: r[5] for r in run(tiny, "search", terms=["危化品", "检查"], n=10).fetchall()}
    assert two["d1"] == pytest.approx(0.646255 + 0.980829, abs=1e-6)


def test_best_sentence_is_marked(tiny):
    (row,) = run(tiny, "search", terms=["检查"], n=10).fetchall()
    assert row[-1] == "危化品危化品，【检查】。"


def test_term_shares(tiny):
    shares = {(y, t): s for y, t, _, _, s in run(tiny, "term_share_by_year", terms=["粉尘"]).fetchall()}
    assert shares == {(2014, "粉尘"): 0.0, (2015, "粉尘"): 1.0}


# --- the seed corpus ---------------------------------------------------------------------------

def _files(output: str) -> set[str]:
    return {json.loads(line)["file"].rsplit("/", 1)[-1][:3] for line in output.splitlines()}


def test_gik_search_finds_only_the_reports_naming_the_term(seed_db):
    r = CliRunner().invoke(main, ["search", "--db", str(seed_db), "--json", "危化品"])
    assert r.exit_code == 0, r.output
    assert _files(r.output) == {"001", "002"}  # 2017 Zhangdian and the city bureau, no other seed
    r = CliRunner().invoke(main, ["search", "--db", str(seed_db), "粉尘"])
    assert r.exit_code == 0 and "000_" in r.output and "【粉尘】" in r.output and "2014" in r.output


def test_gik_search_prints_report_agency_year_and_marked_sentence(seed_db):
    r = CliRunner().invoke(main, ["search", "--db", str(seed_db), "危化品 检查"])
    assert r.exit_code == 0, r.output
    first, sentence = r.output.splitlines()[:2]
    assert seed("001").name in first and "张店区应急管理局" in first and "2017" in first
    assert "【危化品】专项【检查】" in sentence
    r = CliRunner().invoke(main, ["search", "--db", str(seed_db), "的"])
    assert r.exit_code == 1 and "no searchable term" in r.output


def test_search_span_points_into_the_report_text(seed_db):
    con = connect(seed_db)
    hits = search(con, "粉尘")
    start, end, rid = hits.loc[0, ["span_start", "span_end", "report_id"]]
    text = con.execute("SELECT text FROM reports WHERE report_id = ?", [rid]).fetchone()[0]
    assert "粉尘" in text[int(start):int(end)]


def test_trends_on_the_seeds(seed_db):
    con = connect(seed_db)
    by_year = year_trends(con, ["粉尘", "危化品"]).set_index(["year", "term"])["share"]
    assert by_year[2014, "粉尘"] == 0.5 and by_year[2017, "危化品"] == 1.0 and by_year[2014, "危化品"] == 0
    zd = agency_trends(con, ["粉尘", "危化品"], ["370303-emergency_management"])
    assert set(zd.agency_id) == {"370303-emergency_management"}
    assert set(zd[zd.share == 1][["year", "term"]].itertuples(index=False, name=None)) == {
        (2014, "粉尘"), (2017, "危化品")}
    top = agency_keywords(con, ["370303-emergency_management"], top=5)
    assert set(top["rank"]) == {1, 2, 3, 4, 5} and set(top.year) == {2014, 2017}


def test_search_on_a_database_without_text_tables_says_so(tmp_path):
    db = tmp_path / "old.duckdb"
    con = duckdb.connect(str(db))
    con.execute(SCHEMA)
    con.close()
    r = CliRunner().invoke(main, ["search", "--db", str(db), "危化品"])
    assert r.exit_code == 1 and "gik ingest" in r.output and "Traceback" not in r.output


def test_a_query_term_matches_the_terms_containing_it(seed_db):
    """Seed 000 says 监督检查 and 督促检查, never 检查 alone: a search for 检查 still finds it."""
    hits = search(connect(seed_db), "检查", limit=None)
    assert {f.rsplit("/", 1)[-1][:3] for f in hits.file} == {"000", "001", "003", "004"}


def test_overlapping_terms_are_marked_once(tiny):
    tiny.execute("UPDATE sentences SET text = '开展安全检查和检查。' WHERE report_id = 'd1'")
    tiny.execute("INSERT INTO tokens VALUES ('d1', 0, '', '安全检查', 1)")
    (row,) = run(tiny, "search", terms=["检查", "安全检查"], n=10).fetchall()
    assert row[-1] == "开展【安全检查】和【检查】。"
