"""Ingest: find raw files, apply the manifest, extract each file, load them all at once.

A bad file is an error naming it; the run goes on with the rest, and the errors are stored in
``ingest_errors`` beside the reports that did load.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from ..config import MANIFEST_NAME, project
from ..errors import GikError, InputError, ManifestError
from ..extract.report import extract_source
from ..model import Report
from ..read.decode import decode_bytes, read_regular, read_source
from .agency_rules import apply_agency_rules, flag_duplicates, read_agency_rules
from .corrections import apply_corrections, orphan_messages, read_corrections
from .guard import DatabaseLock, check_not_emptier, check_target, remove_stale_temps, write_errors
from .inputs import discover, drop_content_duplicates, flag_renamed, safe_name, safe_text
from .load import write_database
from .tokens import ReportTokens, tokenise_report

MANIFEST_COLUMNS = ("file", "source", "agency", "province", "city", "county", "year", "note")


@dataclass
class IngestResult:
    db_path: Path
    reports: list[Report] = field(default_factory=list)
    errors: list[tuple[str, str, str]] = field(default_factory=list)
    #: user decisions that changed nothing (agencies.csv, corrections.csv): reported, not fatal
    warnings: list[str] = field(default_factory=list)
    tokens: list[ReportTokens] = field(default_factory=list)


def find_inputs(paths: Iterable[str | Path]) -> list[Path]:
    """Files named, and every readable file under folders named, in a stable order (each file
    once; ``inputs.discover`` also says what was skipped and why)."""
    return discover(paths).files


def read_manifest(folder: Path) -> dict[str, dict[str, str]]:
    """``manifest.csv`` in ``folder``: per-file metadata overrides, keyed by file name.

    Decoded like a report (UTF-8, GB18030, UTF-16); a manifest that cannot be read is one
    ``ManifestError`` naming it, never an error blamed on each report."""
    path = folder / MANIFEST_NAME
    if not path.exists():
        return {}
    try:
        text, _ = decode_bytes(read_regular(path, str(path)), str(path))
    except InputError as exc:
        raise ManifestError(f"{safe_text(str(exc))} (the manifest; fix or remove it)") from None
    try:
        return _manifest_rows(path, text)
    except csv.Error as exc:
        raise ManifestError(f"{path}: not a readable CSV file: {exc}") from None


def _manifest_rows(path: Path, text: str) -> dict[str, dict[str, str]]:
    with io.StringIO(text, newline="") as fh:
        reader = csv.DictReader(fh)
        unknown = set(reader.fieldnames or ()) - set(MANIFEST_COLUMNS)
        if "file" not in (reader.fieldnames or ()) or unknown:
            raise ManifestError(f"{path}: columns must be {', '.join(MANIFEST_COLUMNS)} (unknown: {sorted(unknown)})")
        rows = {}
        for n, row in enumerate(reader, start=2):
            year = (row.get("year") or "").strip()
            if year and not (year.isdigit() and 1990 <= int(year) <= 2100):
                raise ManifestError(f"{path}:{n}: year {year!r} is not a year")
            rows[row["file"].strip()] = {k: (v or "").strip() for k, v in row.items() if k != "file"}
        return rows


def overrides_for(path: Path, manifests: dict[Path, dict[str, dict[str, str]]]) -> dict[str, str]:
    folder = path.parent
    if folder not in manifests:
        manifests[folder] = read_manifest(folder)
    return manifests[folder].get(path.name, {})


def portable_path(path: Path) -> str:
    """The path as stored in the database: relative to the project when the file is inside it,
    so that a database rebuilt in another clone (or on another machine) is the same. A name
    that is not UTF-8 is kept in its percent-encoded form (``inputs.safe_name``)."""
    try:
        return safe_name(str(path.resolve().relative_to(project().root)))[0]
    except ValueError:
        return safe_name(str(path))[0]


def ingest(paths: Iterable[str | Path], db_path: str | Path,
           on_file: Callable[[Path], None] | None = None,
           agencies_file: Path | None | Literal["project"] = "project",
           corrections_file: Path | None | Literal["project"] = "project",
           allow_empty: bool = False) -> IngestResult:
    """Extract every input, apply the user's decisions, rebuild the database at ``db_path`` atomically.

    The decision files default to the current project's ``data/agencies.csv`` and
    ``data/corrections.csv`` (``config.project``); None reads none.

    The order matters: agency rules first (a merge can put two reports in one agency-year,
    which is then flagged), corrections last (they name reports, not agencies).
    The database guards (``guard``) hold throughout: one ingest per database folder, only a
    gikdata database is replaced, never by an empty one unless ``allow_empty``.
    """
    with DatabaseLock(db_path):
        old_reports = check_target(db_path)
        remove_stale_temps(db_path)
        return _ingest(paths, db_path, on_file, agencies_file, corrections_file, old_reports, allow_empty)


def _ingest(paths: Iterable[str | Path], db_path: str | Path, on_file: Callable[[Path], None] | None,
            agencies_file: Path | None | Literal["project"], corrections_file: Path | None | Literal["project"],
            old_reports: int | None, allow_empty: bool) -> IngestResult:
    here = project()
    rules = read_agency_rules(here.agencies if agencies_file == "project" else agencies_file)
    corrections = read_corrections(here.corrections if corrections_file == "project" else corrections_file)
    inputs = discover(paths)
    result = IngestResult(db_path=Path(db_path), errors=list(inputs.skipped))
    manifests: dict[Path, dict[str, dict[str, str]]] = {}
    for path in inputs.files:
        if on_file:
            on_file(path)
        try:
            source = replace(read_source(path), path=portable_path(path))
            report = flag_renamed(extract_source(source, overrides_for(path, manifests)), str(path))
            result.tokens.append(tokenise_report(report))  # cached by content: once per file
            result.reports.append(report)
        except ManifestError:
            raise
        except GikError as exc:
            result.errors.append((safe_name(str(path))[0], type(exc).__name__, safe_text(str(exc))))
        except Exception as exc:  # a bug on one file must not lose the others
            name = safe_name(str(path))[0]
            result.errors.append((name, type(exc).__name__, safe_text(f"{name}: internal error: {exc!r}")))
    result.reports, duplicates = drop_content_duplicates(result.reports)
    result.errors += duplicates
    result.tokens = list({t.report_id: t for t in result.tokens}.values())
    check_not_emptier(db_path, old_reports, len(result.reports), allow_empty)
    reports, applied_rules = apply_agency_rules(result.reports, rules)
    reports, applied_corrections = apply_corrections(flag_duplicates(reports), corrections)
    result.reports = reports
    result.warnings += [f"agencies.csv line {a.rule.line}: {a.rule.action} of {a.rule.agency_id} changed no report"
                        for a in applied_rules if a.status != "applied"]
    result.warnings += orphan_messages(applied_corrections)
    with write_errors(db_path):
        write_database(reports, result.errors, db_path, applied_rules, applied_corrections,
                       tokens=result.tokens)
    return result
