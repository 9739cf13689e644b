"""Stage 7: reports into DuckDB. The only module that writes the database.

A rebuild is atomic: everything is written to a temporary file beside the target, which
replaces the target only once complete (``os.replace``). A crash midway leaves the previous
database as it was. Rows go in as whole DataFrames, never one INSERT per row.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import duckdb
import pandas as pd

from .config import PACKAGE_DIR
from .model import Report
from .tokens import ReportTokens

SCHEMA = (PACKAGE_DIR / "schema.sql").read_text(encoding="utf-8")
SCHEMA_TEXT = (PACKAGE_DIR / "schema_text.sql").read_text(encoding="utf-8")


def write_database(reports: Sequence[Report], errors: Sequence[tuple[str, str, str]], db_path: str | Path,
                   tokens: Sequence[ReportTokens] = ()) -> Path:
    """Build the whole database from ``reports`` (and their ``tokens``) and atomically replace ``db_path``."""
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
            for table, frame in _frames(ordered, errors).items():
                _insert(con, table, frame)
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


def _frames(reports: Sequence[Report], errors: Sequence[tuple[str, str, str]]) -> dict[str, pd.DataFrame]:
    return {
        "reports": pd.DataFrame([_report_row(r) for r in reports], columns=_REPORT_COLS),
        "agencies": _agencies(reports),
        "agency_aliases": pd.DataFrame(
            [(r.metadata.agency.agency_id, a, r.report_id, r.metadata.year)
             for r in reports for a in r.metadata.agency.aliases],
            columns=["agency_id", "alias", "report_id", "year"]).drop_duplicates(),
        "facts": _facts(reports),
        "flags": pd.DataFrame(
            [(r.report_id, f.level, f.code, f.message, f.start, f.end) for r in reports for f in r.flags],
            columns=["report_id", "level", "code", "message", "span_start", "span_end"]),
        "ingest_errors": pd.DataFrame(list(errors), columns=["file", "error", "message"]),
    }


_REPORT_COLS = ["report_id", "file", "sha256", "encoding", "agency_id", "year", "format", "scope",
                "title", "overrides", "n_chars", "text"]


def _report_row(r: Report) -> tuple:
    m = r.metadata
    return (r.report_id, r.file, r.sha256, r.encoding, m.agency.agency_id, m.year, m.format, m.scope,
            m.title, ",".join(m.overrides), len(r.text), r.text)


def _facts(reports: Sequence[Report]) -> pd.DataFrame:
    rows = []
    for r in reports:
        for f in r.facts:
            rows.append((len(rows) + 1, r.report_id, f.measure, f.dimension, f.subject, f.value, f.unit,
                         f.approx, f.start, f.end, f.value_start, f.value_end, f.evidence, f.rule))
    return pd.DataFrame(rows, columns=["fact_id", "report_id", "measure", "dimension", "subject", "value",
                                       "unit", "approx", "span_start", "span_end", "value_start",
                                       "value_end", "evidence", "rule"])


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
