"""The per-file work of ingest: one raw file to the rows it puts in the database.

Everything here runs in a worker process (or a Dask worker) and depends on one file only, so
files can be processed in any order, on any core or machine, and the loader gets the same rows.
A file's rows are sent as plain Python columns per table (``TABLE_COLUMNS``), cheap to pickle;
the loader turns the columns of a batch of many files into one Arrow table per table
(``arrow_batch``): one conversion per column of the batch instead of one per column of each file.

What the whole corpus decides (the user's agency rules, duplicate agency-years, corrections) is
not done here: each file also yields a *stub*, its ``Report`` without text, facts or tables,
which the loader keeps for every report and hands to those steps (``load.apply_overlay``).

A file's result is cached by (content, extractor version, path, overrides): the extractor
version is a hash of the source of ``gikdata/read``, ``gikdata/extract``, the package data and
the modules that shape the rows, so a change to any extraction rule invalidates every entry.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import pickle
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from itertools import chain
from pathlib import Path

import pyarrow as pa

from ..config import CACHE_DIR, PACKAGE_DIR
from ..errors import GikError, ManifestError
from ..extract.report import extract_source
from ..model import Report
from ..read.decode import read_source
from .inputs import flag_renamed
from .tokens import dictionary_version, segmenter, tokenise_text

#: Bump when the rows this module makes change shape or meaning for the same extraction.
ROWS_FORMAT = 4
#: Facts per report that a stable fact id can number (the id is report prefix x 2^16 + position).
MAX_FACTS = 1 << 16

_S, _I, _F, _B = pa.string(), pa.int64(), pa.float64(), pa.bool_()
#: The per-report tables as Arrow schemas (columns in the database's order): every file's rows
#: have the same types, so batches concatenate without copying and Parquet files agree.
SCHEMAS: dict[str, pa.Schema] = {name: pa.schema(cols) for name, cols in {
    "reports": [("report_id", _S), ("file", _S), ("sha256", _S), ("encoding", _S), ("agency_id", _S),
                ("year", _I), ("format", _S), ("scope", _S), ("title", _S), ("overrides", _S),
                ("n_chars", _I), ("text", _S), ("source", _S), ("remit", _S)],
    "facts": [("fact_id", _I), ("report_id", _S), ("measure", _S), ("dimension", _S), ("subject", _S),
              ("value", _F), ("extracted_value", _F), ("corrected_by", _S), ("correction_note", _S),
              ("unit", _S), ("approx", _B), ("span_start", _I), ("span_end", _I), ("value_start", _I),
              ("value_end", _I), ("evidence", _S), ("rule", _S)],
    "tokens": [("report_id", _S), ("section_no", _I), ("section", _S), ("term", _S), ("count", _I)],
    "sentences": [("report_id", _S), ("sentence_no", _I), ("section_no", _I), ("span_start", _I),
                  ("span_end", _I), ("text", _S)],
    "token_docs": [("report_id", _S), ("n_tokens", _I), ("n_terms", _I), ("n_sections", _I),
                   ("n_sentences", _I), ("dictionary", _S)],
}.items()}
TABLE_COLUMNS: dict[str, tuple[str, ...]] = {name: tuple(s.names) for name, s in SCHEMAS.items()}


@dataclass(frozen=True, slots=True)
class FileTask:
    """One input file and what the loader already knows about it."""

    path: str          # as found on disk
    file: str          # as stored (portable_path)
    overrides: tuple[tuple[str, str], ...] = ()
    key: str = ""      # content + extractor version + path + overrides; "" until hashed


@dataclass(slots=True)
class FileResult:
    """What one file gives the loader: its rows and stub, or the error that stopped it."""

    path: str
    file: str
    key: str
    report_id: str = ""
    #: the pickled (stub, alias starts): the report without text, facts or tables, and where each
    #: of its agency names first stands in the text (-1: never written). Pickled once here, stored
    #: as it is by the loader and unpickled once at the end (``load.DatabaseUpdate.finish``).
    stub: bytes = b""
    #: the file's rows of each per-report table (``SCHEMAS``), as columns (one tuple of values
    #: per column, in the schema's order): ``arrow_batch`` makes Arrow of many files at once
    rows: dict[str, tuple[tuple, ...]] = field(default_factory=dict)
    error: tuple[str, str, str] | None = None  # (file, kind, message)


@cache
def extractor_version() -> str:
    """A hash of everything that decides a file's rows: read/, extract/, data/, this module and
    tokens.py, the model and the dictionary. Computed once per process."""
    h = hashlib.sha256(str((ROWS_FORMAT, dictionary_version())).encode())
    roots = [PACKAGE_DIR / "read", PACKAGE_DIR / "extract", PACKAGE_DIR / "data"]
    files = sorted(f for root in roots for f in root.rglob("*") if f.is_file() and "__pycache__" not in f.parts)
    files += [PACKAGE_DIR / "model.py", Path(__file__), PACKAGE_DIR / "store" / "tokens.py"]
    for f in files:
        h.update(str(f.relative_to(PACKAGE_DIR)).encode())
        h.update(hashlib.sha256(f.read_bytes()).digest())
    return h.hexdigest()[:16]


def file_key(path: str | Path, file: str, overrides: tuple[tuple[str, str], ...]) -> str:
    """The cache and change-detection key of one input: its bytes and everything else that
    decides its rows."""
    h = hashlib.sha256(Path(path).read_bytes())
    h.update(json.dumps([file, overrides, extractor_version()], ensure_ascii=False).encode())
    return h.hexdigest()[:32]


def with_key(task: FileTask) -> FileTask:
    return replace(task, key=file_key(task.path, task.file, task.overrides))


def prepare() -> None:
    """Load what every file needs (the segmenter and its dictionary) before workers are forked,
    so they share it instead of each building its own."""
    segmenter()


def fact_id(report_id: str, position: int) -> int:
    """A fact's id from its report and its place there: the same report gives the same ids, so
    an unchanged agency keeps its digest whatever else is added to or removed from the corpus."""
    if position >= MAX_FACTS:
        raise GikError(f"report {report_id}: more than {MAX_FACTS} facts")
    return int(report_id[:11], 16) * MAX_FACTS + position


def process_file(task: FileTask, cache_dir: Path | None = CACHE_DIR) -> FileResult:
    """Read, extract and tokenise one file (or take its result from the cache)."""
    result, _ = _outcome(task, cache_dir)
    result.path = task.path  # a cached result names the path it was first read from
    return result


def process_file_pickled(task: FileTask, cache_dir: Path | None = CACHE_DIR) -> bytes:
    """``process_file``'s result as pickled bytes, for a worker to send as they are: a result is
    pickled once (the same bytes go to the cache and to the loader), and a cached one is sent as
    it is stored. Its ``path`` may be the one the entry was written from: the receiver sets it
    from the task."""
    result, blob = _outcome(task, cache_dir)
    return blob if blob is not None else pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)


def _outcome(task: FileTask, cache_dir: Path | None) -> tuple[FileResult, bytes | None]:
    """A file's result and, where they exist already, its pickled bytes: those of a cache entry,
    or those just written to the cache. Nothing is pickled or unpickled that no caller needs."""
    task = task if task.key else with_key(task)
    path = _cache_path(cache_dir, task.key) if cache_dir else None
    if path and (hit := _read_cache(path)) is not None:
        return hit
    result = _process(task)
    if path and result.error is None:
        blob = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        _write_cache(path, blob)
        return result, blob
    return result, None


def _process(task: FileTask) -> FileResult:
    try:
        source = replace(read_source(task.path), path=task.file)
        report = flag_renamed(extract_source(source, dict(task.overrides)), task.path)
        starts = {a: report.text.find(a) for a in report.metadata.agency.aliases}
        blob = pickle.dumps((stub(report), starts), protocol=pickle.HIGHEST_PROTOCOL)
        return FileResult(task.path, task.file, task.key, report.report_id, blob, report_rows(report))
    except ManifestError:
        raise
    except GikError as exc:
        return FileResult(task.path, task.file, task.key, error=(task.path, type(exc).__name__, str(exc)))
    except Exception as exc:  # a bug on one file must not lose the others
        return FileResult(task.path, task.file, task.key,
                          error=(task.path, type(exc).__name__, f"{task.path}: internal error: {exc!r}"))


def stub(report: Report) -> Report:
    """The report without its text, facts and tables: what the corpus-wide steps need."""
    return replace(report, text="", facts=(), tables={})


def report_rows(report: Report) -> dict[str, tuple[tuple, ...]]:
    """The rows of one report in every per-report table (facts as extracted, uncorrected), as
    columns."""
    return {table: tuple(zip(*rows, strict=True)) if rows else ((),) * len(SCHEMAS[table])
            for table, rows in _tuples(report).items()}


def arrow_batch(table: str, files: Sequence[dict[str, tuple[tuple, ...]]]) -> pa.Table:
    """One Arrow table of ``table``'s rows of many files (``FileResult.rows``), in their order."""
    schema = SCHEMAS[table]
    columns = [pa.array(list(chain.from_iterable(rows[table][i] for rows in files)), f.type)
               for i, f in enumerate(schema)]
    return pa.Table.from_arrays(columns, schema=schema)


def _tuples(report: Report) -> dict[str, list[tuple]]:
    m, rid = report.metadata, report.report_id
    toks = tokenise_text(rid, report.sha256, report.text)
    return {
        "reports": [(rid, report.file, report.sha256, report.encoding, m.agency.agency_id, m.year, m.format,
                     m.scope, m.title, ",".join(m.overrides), len(report.text), report.text, m.source,
                     m.agency.remit)],
        "facts": [(fact_id(rid, i), rid, f.measure, f.dimension, f.subject, f.value, f.value, None, None,
                   f.unit, f.approx, f.start, f.end, f.value_start, f.value_end, f.evidence, f.rule)
                  for i, f in enumerate(report.facts)],
        "tokens": [(rid, no, toks.sections[no], term, n) for no, term, n in toks.counts],
        "sentences": [(rid, s.sentence_no, s.section_no, s.start, s.end, s.text) for s in toks.sentences],
        "token_docs": [(rid, toks.n_tokens, len({term for _, term, _ in toks.counts}), len(toks.sections),
                        len(toks.sentences), toks.dictionary)],
    }


def _cache_path(cache_dir: Path, key: str) -> Path:
    return Path(cache_dir) / "extract" / key[:2] / f"{key}.pickle"


def _read_cache(path: Path) -> tuple[FileResult, bytes] | None:
    """A cache entry as a result and as its bytes, or None when absent or damaged (then it is
    rebuilt, never sent on: damaged bytes can raise almost anything when unpickled)."""
    try:
        blob = path.read_bytes()
        result = pickle.loads(blob)
    except Exception:  # noqa: BLE001 - an unreadable entry costs speed, never the result
        return None
    return (result, blob) if isinstance(result, FileResult) else None


def _write_cache(path: Path, blob: bytes) -> None:
    """Write beside the target and rename: a reader never sees half a file, two writers agree.
    A read-only or full cache costs speed, never the result."""
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(blob)
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
