"""Ingest: find raw files, apply the manifest, extract each file, load them all at once.

A bad file is an error naming it; the run goes on with the rest, and the errors are stored in
``ingest_errors`` beside the reports that did load.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from ..config import MANIFEST_NAME, project
from ..errors import GikError, ManifestError
from ..extract.report import extract_source
from ..model import Report
from ..read.decode import READERS, read_source
from .agency_rules import apply_agency_rules, flag_duplicates, read_agency_rules
from .corrections import apply_corrections, orphan_messages, read_corrections
from .load import write_database
from .tokens import ReportTokens, tokenise_report

MANIFEST_COLUMNS = ("file", "source", "agency", "province", "city", "county", "year", "note")
_SKIP_NAMES = {MANIFEST_NAME, "README.md", "README.txt", ".gitkeep"}


@dataclass
class IngestResult:
    db_path: Path
    reports: list[Report] = field(default_factory=list)
    errors: list[tuple[str, str, str]] = field(default_factory=list)
    #: user decisions that changed nothing (agencies.csv, corrections.csv): reported, not fatal
    warnings: list[str] = field(default_factory=list)
    tokens: list[ReportTokens] = field(default_factory=list)


def find_inputs(paths: Iterable[str | Path]) -> list[Path]:
    """Files named, and every readable file under folders named, in a stable order."""
    found: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found += sorted(f for f in p.rglob("*") if f.is_file() and _is_report(f))
        elif p.exists():
            found.append(p)
        else:
            raise GikError(f"{p}: no such file or folder")
    return list(dict.fromkeys(found))


def _is_report(f: Path) -> bool:
    return f.name not in _SKIP_NAMES and not f.name.startswith(".") and f.suffix.lower() in READERS


def read_manifest(folder: Path) -> dict[str, dict[str, str]]:
    """``manifest.csv`` in ``folder``: per-file metadata overrides, keyed by file name."""
    path = folder / MANIFEST_NAME
    if not path.exists():
        return {}
    with path.open(encoding="utf-8-sig", newline="") as fh:
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
    so that a database rebuilt in another clone (or on another machine) is the same."""
    try:
        return str(path.resolve().relative_to(project().root))
    except ValueError:
        return str(path)


def ingest(paths: Iterable[str | Path], db_path: str | Path,
           on_file: Callable[[Path], None] | None = None,
           agencies_file: Path | None | Literal["project"] = "project",
           corrections_file: Path | None | Literal["project"] = "project") -> IngestResult:
    """Extract every input, apply the user's decisions, rebuild the database at ``db_path`` atomically.

    The decision files default to the current project's ``data/agencies.csv`` and
    ``data/corrections.csv`` (``config.project``); None reads none.

    The order matters: agency rules first (a merge can put two reports in one agency-year,
    which is then flagged), corrections last (they name reports, not agencies).
    """
    here = project()
    rules = read_agency_rules(here.agencies if agencies_file == "project" else agencies_file)
    corrections = read_corrections(here.corrections if corrections_file == "project" else corrections_file)
    files = find_inputs(paths)
    result = IngestResult(db_path=Path(db_path))
    manifests: dict[Path, dict[str, dict[str, str]]] = {}
    for path in files:
        if on_file:
            on_file(path)
        try:
            source = replace(read_source(path), path=portable_path(path))
            report = extract_source(source, overrides_for(path, manifests))
            result.tokens.append(tokenise_report(report))  # cached by content: once per file
            result.reports.append(report)
        except ManifestError:
            raise
        except GikError as exc:
            result.errors.append((str(path), type(exc).__name__, str(exc)))
        except Exception as exc:  # a bug on one file must not lose the others
            result.errors.append((str(path), type(exc).__name__, f"{path}: internal error: {exc!r}"))
    reports, applied_rules = apply_agency_rules(result.reports, rules)
    reports, applied_corrections = apply_corrections(flag_duplicates(reports), corrections)
    result.reports = reports
    result.warnings += [f"agencies.csv line {a.rule.line}: {a.rule.action} of {a.rule.agency_id} changed no report"
                        for a in applied_rules if a.status != "applied"]
    result.warnings += orphan_messages(applied_corrections)
    write_database(reports, result.errors, db_path, applied_rules, applied_corrections,
                   tokens=result.tokens)
    return result
