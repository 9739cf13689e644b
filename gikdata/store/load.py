"""Stage 7: reports into DuckDB. The only module that writes the database.

A rebuild is atomic: everything is written to a temporary file beside the target, which
replaces the target only once complete (``os.replace``). A crash midway leaves the previous
database as it was. Rows go in as whole DataFrames, never one INSERT per row.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path

import duckdb
import pandas as pd

from ..config import PACKAGE_DIR
from ..extract.agencies import LEVEL_PREFIXES, split_name
from ..model import Report
from .agency_rules import AppliedRule
from .corrections import AppliedCorrection
from .inputs import level_of
from .tokens import ReportTokens

SCHEMA = (PACKAGE_DIR / "schema.sql").read_text(encoding="utf-8")
PANEL_SQL = (PACKAGE_DIR / "panel.sql").read_text(encoding="utf-8")
SCHEMA_TEXT = (PACKAGE_DIR / "schema_text.sql").read_text(encoding="utf-8")
#: Measures the panel always has a column for, found or not, so its shape is stable.
#: The prose measures of issue 3 (staff, hotline_calls, consultations, normative_documents) are
#: listed so that the panel and docs/schema.md agree before and after that extractor lands.
PANEL_MEASURES = ("proactive_total", "electronic_rate", "requests_received", "review_cases",
                  "litigation_cases", "fees_collected", "staff", "hotline_calls", "consultations",
                  "normative_documents")
_MEASURE_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


def write_database(reports: Sequence[Report], errors: Sequence[tuple[str, str, str]], db_path: str | Path,
                   rules: Sequence[AppliedRule] = (), corrections: Sequence[AppliedCorrection] = (),
                   tokens: Sequence[ReportTokens] = ()) -> Path:
    """Build the whole database from ``reports`` and atomically replace ``db_path``.

    ``rules`` and ``corrections`` are the user's decisions as applied by the pipeline: they are
    stored with what each did, and corrected facts keep their extracted value beside the new one.
    ``tokens`` are the reports' tokenised sections (text analytics tables).
    """
    target = Path(db_path)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
        leftover.unlink(missing_ok=True)
    ordered = sorted(reports, key=lambda r: (r.file, r.report_id))
    try:
        con = duckdb.connect(str(tmp))
        try:
            con.execute(SCHEMA)
            for table, frame in _frames(ordered, errors, rules, corrections).items():
                _insert(con, table, frame)
            con.execute(panel_sql(con))
            con.execute(SCHEMA_TEXT)
            for table, frame in _text_frames(tokens).items():
                _insert(con, table, frame)
            con.execute("CHECKPOINT")
        finally:
            con.close()
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return target


def _insert(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    if frame.empty:
        return
    con.register("_frame", frame)
    cols = ", ".join(f'"{c}"' for c in frame.columns)
    con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM _frame")
    con.unregister("_frame")


def panel_sql(con: duckdb.DuckDBPyConnection) -> str:
    """The panel views with one column per measure the facts hold (the report's own totals).

    Measure names become column names, so each is checked against ``[a-z][a-z0-9_]*`` before it
    is written into the view; a name that fails is left out rather than pasted.
    """
    found = [r[0] for r in con.execute(
        "SELECT DISTINCT measure FROM facts WHERE dimension IS NULL AND subject IS NULL ORDER BY 1").fetchall()]
    measures = list(dict.fromkeys([*PANEL_MEASURES, *sorted(found)]))
    cols = []
    for m in filter(_MEASURE_NAME.match, measures):
        cols.append(f"max(m.value) FILTER (WHERE m.measure = '{m}') AS \"{m}\"")
        cols.append(f"bool_or(m.approx) FILTER (WHERE m.measure = '{m}') AS \"{m}_approx\"")
    return PANEL_SQL.replace("{measure_columns}", ",\n       ".join(cols))


def _frames(reports: Sequence[Report], errors: Sequence[tuple[str, str, str]],
            rules: Sequence[AppliedRule], corrections: Sequence[AppliedCorrection]) -> dict[str, pd.DataFrame]:
    return {
        "reports": pd.DataFrame([_report_row(r) for r in reports], columns=_REPORT_COLS),
        "agencies": _agencies(reports),
        "agency_aliases": _aliases(reports),
        "agency_rules": pd.DataFrame(
            [(a.rule.line, a.rule.action, a.rule.agency_id, a.rule.target, a.rule.report, a.rule.name,
              a.rule.note, a.rule.who, a.n_reports, a.status) for a in rules],
            columns=["line", "action", "agency_id", "target", "report", "name", "note", "who", "n_reports", "status"]),
        "corrections": pd.DataFrame(
            [(a.correction.line, a.correction.report, a.report_id, a.correction.measure, a.correction.dimension,
              a.correction.subject, a.correction.value, a.correction.note, a.correction.who,
              len(a.fact_indexes), a.status) for a in corrections],
            columns=["line", "report", "report_id", "measure", "dimension", "subject", "value", "note", "who",
                     "n_facts", "status"]),
        "facts": _facts(reports, corrections),
        "flags": pd.DataFrame(
            [(r.report_id, f.level, f.code, f.message, f.start, f.end) for r in reports for f in r.flags],
            columns=["report_id", "level", "code", "message", "span_start", "span_end"]),
        "ingest_errors": pd.DataFrame([(*e, level_of(e[1])) for e in errors],
                                      columns=["file", "error", "message", "level"]),
    }


_REPORT_COLS = ["report_id", "file", "sha256", "encoding", "agency_id", "year", "format", "scope",
                "title", "overrides", "n_chars", "text", "source"]


def _report_row(r: Report) -> tuple:
    m = r.metadata
    return (r.report_id, r.file, r.sha256, r.encoding, m.agency.agency_id, m.year, m.format, m.scope,
            m.title, ",".join(m.overrides), len(r.text), r.text, m.source)


def _facts(reports: Sequence[Report], corrections: Sequence[AppliedCorrection]) -> pd.DataFrame:
    fixed = {(a.report_id, i): a.correction for a in corrections for i in a.fact_indexes}
    rows = []
    for r in reports:
        for i, f in enumerate(r.facts):
            c = fixed.get((r.report_id, i))
            rows.append((len(rows) + 1, r.report_id, f.measure, f.dimension, f.subject,
                         c.value if c else f.value, f.value, c.who if c else None, c.note if c else None,
                         f.unit, f.approx, f.start, f.end, f.value_start, f.value_end, f.evidence, f.rule))
    return pd.DataFrame(rows, columns=["fact_id", "report_id", "measure", "dimension", "subject", "value",
                                       "extracted_value", "corrected_by", "correction_note",
                                       "unit", "approx", "span_start", "span_end", "value_start",
                                       "value_end", "evidence", "rule"])


_ALIAS_COLS = ["agency_id", "alias", "report_id", "year", "form", "function", "span_start", "span_end"]


def _aliases(reports: Sequence[Report]) -> pd.DataFrame:
    """Every name each report gives its agency, with where it stands in the text and its form."""
    rows = []
    for r in reports:
        a = r.metadata.agency
        for alias in a.aliases:
            start = r.text.find(alias)
            parts = split_name(alias)
            rows.append((a.agency_id, alias, r.report_id, r.metadata.year, _alias_form(r, alias, start),
                         parts[1].function if parts else None,
                         start if start >= 0 else None, start + len(alias) if start >= 0 else None))
    return pd.DataFrame(rows, columns=_ALIAS_COLS).drop_duplicates()


def _alias_form(r: Report, alias: str, start: int) -> str:
    """full | short as written; else where a name nobody wrote came from."""
    if start < 0:
        codes = {f.code: f.message for f in r.flags}
        if alias in codes.get("agency_renamed", ""):
            return "user"
        if alias in codes.get("override_agency", ""):
            return "manifest"
        return "constructed"
    parts = split_name(alias)
    prefix = parts[0] if parts else alias
    return "short" if prefix in ("", "我") or prefix in LEVEL_PREFIXES else "full"


def _agencies(reports: Sequence[Report]) -> pd.DataFrame:
    """One row per agency_id; names from its newest report that gives one."""
    by_id: dict[str, list[Report]] = {}
    for r in reports:
        by_id.setdefault(r.metadata.agency.agency_id, []).append(r)
    rows = []
    for agency_id, rs in sorted(by_id.items()):
        rs = sorted(rs, key=lambda r: (r.metadata.year or 0, r.file))
        named = [r.metadata.agency for r in rs if r.metadata.agency.name] or [rs[-1].metadata.agency]
        newest = named[-1]
        shorts = [r.metadata.agency.short_name for r in rs if r.metadata.agency.short_name]
        years = [r.metadata.year for r in rs if r.metadata.year]
        reg = newest.region
        rows.append((agency_id, newest.name, shorts[-1] if shorts else None, newest.function, newest.level,
                     reg.province, reg.city, reg.county, reg.zone, reg.code, rs[-1].metadata.scope,
                     min(years) if years else None, max(years) if years else None, len(rs)))
    return pd.DataFrame(rows, columns=["agency_id", "name", "short_name", "function", "level", "province",
                                       "city", "county", "zone", "region_code", "scope", "first_year",
                                       "last_year", "n_reports"])


def _text_frames(tokens: Sequence[ReportTokens]) -> dict[str, pd.DataFrame]:
    """The text tables (schema_text.sql): terms per section, sentences, document statistics."""
    ordered = sorted(tokens, key=lambda t: t.report_id)
    return {
        "tokens": pd.DataFrame(
            [(t.report_id, no, t.sections[no], term, n) for t in ordered for no, term, n in t.counts],
            columns=["report_id", "section_no", "section", "term", "count"]),
        "sentences": pd.DataFrame(
            [(t.report_id, s.sentence_no, s.section_no, s.start, s.end, s.text)
             for t in ordered for s in t.sentences],
            columns=["report_id", "sentence_no", "section_no", "span_start", "span_end", "text"]),
        "token_docs": pd.DataFrame(
            [(t.report_id, t.n_tokens, len({term for _, term, _ in t.counts}), len(t.sections),
              len(t.sentences), t.dictionary) for t in ordered],
            columns=["report_id", "n_tokens", "n_terms", "n_sections", "n_sentences", "dictionary"]),
    }
