"""Findings for a user to act on: per file (extract and check), or over a whole database,
where the checks that need several reports run (结转下年度 in year t = 上年结转 in t+1).

``gik check`` is a thin call into ``file_findings`` / ``database_findings`` and
``format_findings``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import duckdb

from ..errors import GikError
from ..extract.checks import check_carryover
from ..extract.report import extract_file
from ..model import LEVELS, Flag, Report
from .queries import run


@dataclass(frozen=True, slots=True)
class Finding:
    """A finding and where it comes from (a file, or an agency's series)."""

    source: str
    flag: Flag


def file_findings(paths: Iterable[str | Path]) -> list[Finding]:
    """Extract each file and return its findings (checks run inside extraction); a file that
    cannot be read is a finding of level error, and the other files are still checked."""
    out, rows = [], []
    for p in paths:
        try:
            report = extract_file(p)
        except GikError as exc:
            out.append(Finding(str(p), Flag("error", "file_unreadable", f"{type(exc).__name__}: {exc}")))
            continue
        out += [Finding(str(p), f) for f in report.flags]
        rows.append(_carry_row(str(p), report))
    out += [Finding(rid, flag) for rid, flag in check_carryover(rows)]  # files of one agency, years apart
    return out


def _carry_row(source: str, report: Report) -> dict:
    """上年结转 and 结转下年度 (总计) of one report, for the check across years."""
    requests = report.tables.get("requests", {})

    def total(prefix: str) -> float | None:
        return next((cols.get("总计") for row, cols in requests.items() if row.startswith(prefix)), None)

    return {"report_id": source, "agency_id": report.metadata.agency.agency_id, "year": report.metadata.year,
            "carried_in": total("二、"), "carried_out": total("四、")}


def database_findings(con: duckdb.DuckDBPyConnection) -> list[Finding]:
    """The findings stored at ingest, the files ingest could not read (level error), plus the
    findings across years of one agency."""
    out = [Finding(file, Flag("error", "file_unreadable", f"{error}: {message}"))
           for file, error, message in run(con, "ingest_errors").fetchall()]
    out += [Finding(f"{file} ({year or '?'})", Flag(level, code, message, start, end))
            for file, year, _agency, level, code, message, start, end in run(con, "all_flags").fetchall()]
    rows = [dict(zip(("report_id", "agency_id", "year", "file", "carried_in", "carried_out"), r, strict=True))
            for r in run(con, "carryover").fetchall()]
    files = {r["report_id"]: r["file"] for r in rows}
    out += [Finding(files.get(rid, rid), flag) for rid, flag in check_carryover(rows)]
    return out


def format_findings(findings: list[Finding]) -> str:
    """Grouped by level (errors first), one line per finding."""
    if not findings:
        return "no findings"
    lines = []
    for level in LEVELS:
        group = [f for f in findings if f.flag.level == level]
        if not group:
            continue
        lines.append(f"{level} ({len(group)})")
        lines += [f"  {f.source}: {f.flag.code}: {f.flag.message}" for f in group]
    return "\n".join(lines)
