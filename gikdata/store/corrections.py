"""A researcher's corrections of single facts (``data/corrections.csv``), applied on every ingest.

Extraction is rerun from raw files on every ingest, so a correction typed into the database would
be lost; one kept in a CSV file survives. The fact keeps the value the extractor read beside the
corrected one and says who decided. A correction whose report or fact no longer exists (the file
was removed, or a better extractor no longer reads that measure) is reported, never dropped
silently.

Columns: report (report_id, or its first characters, or the file name), measure, dimension
(empty = the report's total), subject (empty = the report's own body), value, note, who.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import GikError
from ..model import Flag, Report

COLUMNS = ("report", "measure", "dimension", "subject", "value", "note", "who")
REQUIRED = ("report", "measure", "value", "who")


class CorrectionsError(GikError):
    """data/corrections.csv is malformed."""


@dataclass(frozen=True, slots=True)
class Correction:
    line: int
    report: str
    measure: str
    dimension: str | None
    subject: str | None
    value: float
    note: str
    who: str


@dataclass(frozen=True, slots=True)
class AppliedCorrection:
    """What one correction did on this ingest: the report and facts it matched."""

    correction: Correction
    report_id: str | None
    fact_indexes: tuple[int, ...]  # positions in Report.facts
    status: str  # applied | target_missing | report_missing


def read_corrections(path: Path | None) -> list[Correction]:
    """The corrections in ``path``; none when the file does not exist."""
    if path is None or not path.exists():
        return []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = set(REQUIRED) - set(reader.fieldnames or ())
        unknown = set(reader.fieldnames or ()) - set(COLUMNS)
        if missing or unknown:
            raise CorrectionsError(f"{path}: columns must be {', '.join(COLUMNS)} "
                                   f"(missing: {sorted(missing)}, unknown: {sorted(unknown)})")
        return [_parse(path, n, row) for n, row in enumerate(reader, start=2)]


def _parse(path: Path, line: int, row: dict[str, str]) -> Correction:
    cell = {k: (v or "").strip() for k, v in row.items()}
    for key in REQUIRED:
        if not cell.get(key):
            raise CorrectionsError(f"{path}:{line}: {key} is empty (who decided must always be said)")
    try:
        value = float(cell["value"])
    except ValueError:
        raise CorrectionsError(f"{path}:{line}: value {cell['value']!r} is not a number") from None
    return Correction(line, cell["report"], cell["measure"], cell.get("dimension") or None,
                      cell.get("subject") or None, value, cell.get("note", ""), cell["who"])


def _find_report(reports: Sequence[Report], key: str) -> Report | None:
    """A report by id, id prefix (>= 8 characters) or file name."""
    for r in reports:
        if key == r.report_id or (len(key) >= 8 and r.report_id.startswith(key)) or Path(r.file).name == key:
            return r
    return None


def apply_corrections(reports: Sequence[Report], corrections: Sequence[Correction]
                      ) -> tuple[list[Report], list[AppliedCorrection]]:
    """Match each correction to its facts; flag every corrected report and every orphan."""
    applied: list[AppliedCorrection] = []
    extra: dict[str, list[Flag]] = {}
    for c in corrections:
        report = _find_report(reports, c.report)
        if report is None:
            applied.append(AppliedCorrection(c, None, (), "report_missing"))
            continue
        idx = tuple(i for i, f in enumerate(report.facts)
                    if f.measure == c.measure and f.dimension == c.dimension and f.subject == c.subject)
        status = "applied" if idx else "target_missing"
        applied.append(AppliedCorrection(c, report.report_id, idx, status))
        extra.setdefault(report.report_id, []).append(_flag(c, status))
    out = [replace(r, flags=(*r.flags, *extra[r.report_id])) if r.report_id in extra else r for r in reports]
    return out, applied


def _flag(c: Correction, status: str) -> Flag:
    what = f"{c.measure}{'/' + c.dimension if c.dimension else ''}{' [' + c.subject + ']' if c.subject else ''}"
    if status == "applied":
        return Flag("info", "fact_corrected",
                    f"{what} corrected to {c.value:g} by {c.who} (corrections.csv line {c.line}): {c.note}")
    return Flag("warning", "correction_target_missing",
                f"corrections.csv line {c.line} corrects {what}, which this report no longer states")


def orphan_messages(applied: Sequence[AppliedCorrection]) -> list[str]:
    """One line per correction that changed nothing, for the ingest's warnings."""
    return [f"corrections.csv line {a.correction.line}: {a.status.replace('_', ' ')} "
            f"({a.correction.report} {a.correction.measure})" for a in applied if a.status != "applied"]
