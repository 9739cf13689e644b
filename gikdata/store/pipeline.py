"""Ingest: find raw files, apply the manifest, extract what changed, update the database.

Three steps, each one function, so that guards can hook in at each: ``find_inputs`` (what to
read), ``ingest`` (plan, run the per-file work on an engine, stream its rows into the database)
and ``DatabaseUpdate.commit`` (the swap). Only new and changed files are read: a file is known
by its content, path, manifest row and the extractor's version (``work.file_key``).

Engines for the per-file work: ``local`` (worker processes on this machine, ``pool.py``; with
``workers=0`` in this process) and ``dask`` (``dask_engine.py``: a Dask cluster writes Parquet,
the database is built from it). Every engine gives the same database.

A bad file is an error naming it; the run goes on with the rest, and the errors are stored in
``ingest_errors`` beside the reports that did load.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Literal

from ..config import MANIFEST_NAME, project
from ..errors import GikError, InputError, ManifestError
from ..read.decode import decode_bytes, read_regular
from .agency_rules import read_agency_rules
from .corrections import orphan_messages, read_corrections
from .guard import DatabaseLock, check_not_emptier, check_target, remove_stale_temps, write_errors
from .inputs import discover, safe_name, safe_text
from .load import DatabaseUpdate, decisions_key
from .pool import FILE_BUDGET, run_pool, run_serial
from .work import FileResult, FileTask, with_key

ENGINES = ("local", "dask")

MANIFEST_COLUMNS = ("file", "source", "agency", "province", "city", "county", "year", "note")


@dataclass
class IngestResult:
    db_path: Path
    n_reports: int = 0
    n_facts: int = 0
    errors: list[tuple[str, str, str]] = field(default_factory=list)
    #: user decisions that changed nothing (agencies.csv, corrections.csv): reported, not fatal
    warnings: list[str] = field(default_factory=list)
    #: files read on this ingest (new or changed), files whose rows were dropped, files kept as they were
    extracted: int = 0
    removed: int = 0
    unchanged: int = 0


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


def portable_path(path: Path, root: Path) -> str:
    """The path as stored in the database: relative to the project ``root`` when the file is
    inside it, so that a database rebuilt in another clone (or on another machine) is the same.
    A name that is not UTF-8 is kept in its percent-encoded form (``inputs.safe_name``)."""
    try:
        return safe_name(str(_resolved(path).relative_to(root)))[0]
    except ValueError:
        return safe_name(str(path))[0]


def _resolved(path: Path) -> Path:
    """``path.resolve()``, resolving each folder once (a corpus is thousands of files in a few)."""
    if path.is_symlink():
        return path.resolve()
    return _resolved_dir(Path(os.path.abspath(path.parent))) / path.name


@cache
def _resolved_dir(folder: Path) -> Path:
    return folder.resolve()


def plan_tasks(files: Iterable[Path]) -> list[FileTask]:
    """One task per input file with its manifest overrides and its key (the file is hashed)."""
    manifests: dict[Path, dict[str, dict[str, str]]] = {}
    root = project().root  # resolved; looked up once, not per file
    return [with_key(FileTask(str(p), portable_path(p, root), tuple(sorted(overrides_for(p, manifests).items()))))
            for p in files]


def ingest(paths: Iterable[str | Path], db_path: str | Path,
           on_file: Callable[[Path], None] | None = None,
           agencies_file: Path | None | Literal["project"] = "project",
           corrections_file: Path | None | Literal["project"] = "project",
           *, workers: int | None = None, engine: str = "local", scheduler: str | None = None,
           budget: float = FILE_BUDGET, cache_dir: Path | None = None,
           allow_empty: bool = False) -> IngestResult:
    """Bring the database at ``db_path`` up to date with the inputs, atomically.

    Files that are new or changed are read on ``engine`` (``workers`` processes, default one per
    core; 0 = in this process); removed ones lose their rows; then the user's decisions are
    applied to the whole corpus. The order matters: agency rules first (a merge can put two
    reports in one agency-year, which is then flagged), corrections last (they name reports).

    The database guards (``guard``) hold throughout: one ingest per database folder, only a
    gikdata database is replaced, never by an empty one unless ``allow_empty``, and a failed
    write (disk full) is one message with the old database kept.
    """
    if engine not in ENGINES:
        raise GikError(f"unknown engine {engine!r}; known: {', '.join(ENGINES)}")
    with DatabaseLock(db_path):
        old_reports = check_target(db_path)
        remove_stale_temps(db_path)
        with write_errors(db_path):
            return _ingest(paths, db_path, on_file, agencies_file, corrections_file, old_reports,
                           allow_empty, workers=workers, engine=engine, scheduler=scheduler,
                           budget=budget, cache_dir=cache_dir)


def _ingest(paths: Iterable[str | Path], db_path: str | Path, on_file: Callable[[Path], None] | None,
            agencies_file: Path | None | Literal["project"], corrections_file: Path | None | Literal["project"],
            old_reports: int | None, allow_empty: bool, *, workers: int | None, engine: str,
            scheduler: str | None, budget: float, cache_dir: Path | None) -> IngestResult:
    here = project()  # the decision files default to the project's data/agencies.csv, corrections.csv
    agencies_file = here.agencies if agencies_file == "project" else agencies_file
    corrections_file = here.corrections if corrections_file == "project" else corrections_file
    rules, corrections = read_agency_rules(agencies_file), read_corrections(corrections_file)
    inputs = discover(paths)
    tasks = plan_tasks(inputs.files)
    cache_dir = Path(cache_dir or here.cache)
    result = IngestResult(db_path=Path(db_path))
    update = DatabaseUpdate(db_path)
    current = {t.file: t.key for t in tasks}
    stale = [f for f, (key, _) in update.known.items() if current.get(f) != key]
    todo = [t for t in tasks if t.file not in update.known or t.file in stale]
    result.extracted, result.unchanged = len(todo), len(tasks) - len(todo)
    result.removed = sum(1 for f in stale if f not in current)
    decisions = decisions_key(agencies_file, corrections_file)
    if not stale and not todo and not inputs.skipped and update.decisions == decisions:
        result.n_reports, result.n_facts = update.counts()  # nothing to do: leave it alone
        return result
    try:
        update.begin()
        update.remove(stale)
        for t in tasks:
            if on_file and t.file in update.known:
                on_file(Path(t.path))
        if engine == "dask":
            from .dask_engine import run_dask
            errors = run_dask(todo, update, cache_dir, scheduler, on_file)
        else:
            loaded = {rid: f for f, (_, rid) in update.known.items()}
            results = _one_per_content(_run_local(todo, workers, budget, cache_dir), loaded)
            errors = update.add(_progress(results, on_file))
        result.errors = list(inputs.skipped) + [_safe_row(e) for e in errors]
        overlay = update.finish({t.file: i for i, t in enumerate(tasks)}, rules, corrections, result.errors,
                                decisions)
        check_not_emptier(db_path, old_reports, overlay.n_reports, allow_empty)
        update.commit()
    except BaseException:
        update.abort()
        raise
    result.n_reports, result.n_facts = overlay.n_reports, overlay.n_facts
    result.warnings += [f"agencies.csv line {a.rule.line}: {a.rule.action} of {a.rule.agency_id} changed no report"
                        for a in overlay.rules if a.status != "applied"]
    result.warnings += orphan_messages(overlay.corrections)
    return result


def _one_per_content(results: Iterable[FileResult], loaded: dict[str, str]) -> Iterator[FileResult]:
    """One report per content: a file whose bytes equal one already loaded (same report_id: a
    report saved twice, a hard link, a copy) is not loaded again; its path is recorded at level
    info (``inputs.LEVELS``). ``loaded`` maps report_id to the file that holds it."""
    for r in results:
        if r.error is None and r.report_id in loaded:
            yield FileResult(r.path, r.file, r.key, error=(
                r.file, "DuplicateFileError", f"{r.file}: the same bytes as {loaded[r.report_id]}: loaded once"))
            continue
        if r.error is None:
            loaded[r.report_id] = r.file
        yield r


def _safe_row(row: tuple[str, str, str]) -> tuple[str, str, str]:
    """An error row whose file name may not be UTF-8, made storable (``inputs.safe_name``)."""
    return safe_name(row[0])[0], row[1], safe_text(row[2])


def _run_local(tasks: list[FileTask], workers: int | None, budget: float,
               cache_dir: Path) -> Iterator[FileResult]:
    workers = (os.cpu_count() or 1) if workers is None else workers
    if workers <= 0 or len(tasks) <= 1:
        return run_serial(tasks, cache_dir)
    return run_pool(tasks, workers, cache_dir, budget)


def _progress(results: Iterable[FileResult], on_file: Callable[[Path], None] | None) -> Iterator[FileResult]:
    for r in results:
        if on_file:
            on_file(Path(r.path))
        yield r
