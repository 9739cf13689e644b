"""Review pages beside the briefs: the page ``gik review`` writes, made from the report as stored
(its text, facts with corrections applied, findings), so a brief's evidence table can link each
number to its place in the report's text without the raw file at hand.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import duckdb
import pandas as pd

from ..model import Agency, Fact, Flag, Metadata, Region, Report
from ..store import queries
from .html_tables import REVIEW_DIR
from .review import write_review


def _text(v: object) -> str | None:
    return None if v is None or (isinstance(v, float) and pd.isna(v)) else str(v)


def report_from_db(con: duckdb.DuckDBPyConnection, report_id: str) -> Report:
    """The stored report as a :class:`Report` (what the review page renders)."""
    r = queries.run(con, "review_report", report_id=report_id).df().iloc[0]
    region = Region(province=_text(r["province"]), city=_text(r["city"]), county=_text(r["county"]),
                    zone=_text(r["zone"]), code=_text(r["region_code"]))
    agency = Agency(name=_text(r["name"]), short_name=_text(r["short_name"]), function=_text(r["function"]),
                    level=_text(r["level"]), region=region)
    year = None if pd.isna(r["year"]) else int(r["year"])
    meta = Metadata(agency=agency, year=year, format=str(r["format"]), scope=str(r["scope"]), title=_text(r["title"]))
    facts = tuple(Fact(measure=f.measure, dimension=_text(f.dimension), value=float(f.value), unit=str(f.unit),
                       approx=bool(f.approx), start=int(f.span_start), end=int(f.span_end), evidence=str(f.evidence),
                       rule=str(f.rule), value_start=int(f.value_start), value_end=int(f.value_end),
                       subject=_text(f.subject))
                  for f in queries.run(con, "review_facts", report_id=report_id).df().itertuples())
    flags = tuple(Flag(level=g.level, code=g.code, message=g.message,
                       start=None if pd.isna(g.span_start) else int(g.span_start),
                       end=None if pd.isna(g.span_end) else int(g.span_end))
                  for g in queries.run(con, "review_flags", report_id=report_id).df().itertuples())
    return Report(file=str(r["file"]), report_id=report_id, sha256=str(r["sha256"]), encoding=str(r["encoding"]),
                  text=str(r["text"]), metadata=meta, facts=facts, flags=flags)


def write_review_pages(db_path: str | Path, out_dir: str | Path, agencies: Iterable[str] = (),
                       every_missing: bool = True) -> list[Path]:
    """``out_dir/review/<report_id>.html`` for the reports of ``agencies`` (their briefs were just
    written: their data may have changed) and, with ``every_missing``, for every report that has
    no page yet (a comparison links to any agency's reports). Returns the pages written."""
    folder = Path(out_dir) / REVIEW_DIR
    redo = set(agencies)
    con = queries.connect(db_path)
    try:
        written = []
        for report_id, agency_id, _sha in queries.run(con, "review_targets").fetchall():
            page = folder / f"{report_id}.html"
            if agency_id in redo or (every_missing and not page.exists()):
                written.append(write_review(report_from_db(con, report_id), page))
        return written
    finally:
        con.close()
