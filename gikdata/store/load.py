"""Stage 7: reports into DuckDB. The only module that writes the database.

An ingest updates the database for what changed instead of rebuilding it: the rows of removed
and changed files are deleted, those of new and changed files are inserted in batches of many
files (Arrow tables, never one INSERT per row, never the whole corpus in memory), and then what
depends on the whole corpus (the user's agency rules, duplicate agency-years, corrections, the
agencies, the materialised panel tables) is computed again from each report's *stub* (kept in
``ingest_files``). The update works on a copy beside the target, which replaces the target only
once complete (``os.replace``): a crash midway leaves the previous database as it was, and
readers never block an ingest.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
import shutil
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import duckdb
import pyarrow as pa

from ..config import PACKAGE_DIR
from ..extract.agencies import LEVEL_PREFIXES, merge_link, series_function, split_name
from ..extract.identity import lineage_place
from ..model import Fact, Report
from .agency_rules import AgencyRule, AppliedRule, apply_agency_rules, flag_duplicates
from .corrections import AppliedCorrection, Correction, apply_corrections
from .inputs import level_of
from .work import SCHEMAS, TABLE_COLUMNS, FileResult, arrow_batch, fact_id

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


#: Bump when the tables' layout changes: a database of another version is rebuilt, not updated.
LOAD_FORMAT = 2
#: Files whose rows go to the database in one batch (one Arrow table per table).
BATCH_FILES = 200
#: DuckDB's memory limit while ingesting (it spills to disk past it).
INGEST_MEMORY = "128MB"
#: Relations made from the whole corpus at the end of every ingest (panel.sql), dropped first.
DERIVED = (("TABLE", "panel_changes"), ("TABLE", "panel"), ("TABLE", "report_measures"), ("VIEW", "coverage"))
#: Views of schema.sql / schema_text.sql made tables at the end of every ingest, each with the
#: order that keeps a filtered read short: search reads its vocabulary from term_idf instead of
#: scanning every token row; agency_categories reads category_shares by agency.
MATERIALISED = {"term_idf": (SCHEMA_TEXT, "term"), "category_shares": (SCHEMA, "agency_id, year, fact_id")}
INGEST_COLUMNS = ("file", "key", "report_id", "stub")
INGEST_FILES = """CREATE TABLE ingest_files (
    file      VARCHAR PRIMARY KEY,
    key       VARCHAR,
    report_id VARCHAR,
    stub      BLOB
)"""


def schema_version() -> str:
    """Changes with the schema files and this module's layout: the database's COMMENT."""
    h = hashlib.sha256(str(LOAD_FORMAT).encode())
    for part in (SCHEMA, SCHEMA_TEXT, PANEL_SQL, INGEST_FILES):
        h.update(part.encode())
    return h.hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Overlay:
    """What the whole corpus decided on this ingest."""

    n_reports: int
    n_facts: int
    rules: tuple[AppliedRule, ...]
    corrections: tuple[AppliedCorrection, ...]


class DatabaseUpdate:
    """One ingest's change to the database at ``target``: open, remove, add, finish, commit.

    Work happens in a copy (``.NAME.tmp-PID``) of the current database, or a new file when there
    is none or it has another layout; ``commit`` swaps it in, ``abort`` throws it away.
    """

    def __init__(self, target: str | Path) -> None:
        self.target = Path(target)
        self.tmp = self.target.with_name(f".{self.target.name}.tmp-{os.getpid()}")
        self.con: duckdb.DuckDBPyConnection | None = None
        #: file -> (key, report_id) of what the database holds now; the user decisions it applied
        self.known, self.decisions = _read_state(self.target)

    def begin(self) -> None:
        """Open the working copy (a new database when there is none or it has another layout)."""
        self.target.parent.mkdir(parents=True, exist_ok=True)
        self.discard_tmp()
        fresh = self.decisions is None
        if not fresh:
            shutil.copyfile(self.target, self.tmp)
        self.con = duckdb.connect(str(self.tmp))
        self.con.execute("SET enable_progress_bar = false")
        self.con.execute("SET threads = 1")  # the cores belong to the workers; inserts are simple
        # flat memory: DuckDB keeps at most this in memory (it spills past it) and hands freed
        # memory back to the system instead of keeping it for later
        self.con.execute(f"SET memory_limit = '{INGEST_MEMORY}'")
        self.con.execute("SET allocator_flush_threshold = '16MB'")
        if fresh:
            self.con.execute(SCHEMA)
            self.con.execute(SCHEMA_TEXT)
            self.con.execute(INGEST_FILES)
            self.con.execute(f"COMMENT ON TABLE ingest_files IS '{schema_version()}'")

    def discard_tmp(self) -> None:
        for leftover in (self.tmp, self.tmp.with_name(self.tmp.name + ".wal")):
            leftover.unlink(missing_ok=True)

    def remove(self, files: Iterable[str]) -> int:
        """Delete every row of the reports loaded from ``files``."""
        ids = [self.known.pop(f)[1] for f in files if f in self.known]
        if ids:
            self.con.register("_gone", pa.table({"report_id": ids}))
            for table in (*TABLE_COLUMNS, "ingest_files"):
                self.con.execute(f"DELETE FROM {table} WHERE report_id IN (SELECT report_id FROM _gone)")
            self.con.unregister("_gone")
        return len(ids)

    def add(self, results: Iterable[FileResult]) -> list[tuple[str, str, str]]:
        """Insert the results' rows in batches of ``BATCH_FILES`` files; return the errors."""
        errors, batch = [], []
        for result in results:
            if result.error:
                errors.append(result.error)
                continue
            batch.append(result)
            if len(batch) >= BATCH_FILES:
                self.add_tables(batch_tables(batch))
                batch = []
        if batch:
            self.add_tables(batch_tables(batch))
        return errors

    def add_tables(self, tables: Iterable[tuple[str, pa.Table]]) -> None:
        """Insert one batch: an Arrow table per table (``batch_tables``)."""
        for table, data in tables:
            _insert(self.con, table, data)

    def add_parquet(self, folder: Path) -> None:
        """Insert the batches another engine wrote as Parquet (``folder/TABLE/*.parquet``)."""
        for table in (*TABLE_COLUMNS, "ingest_files"):
            if any((folder / table).glob("*.parquet")):
                pattern = str(folder / table / "*.parquet").replace("'", "''")
                cols = ", ".join(f'"{c}"' for c in TABLE_COLUMNS.get(table, INGEST_COLUMNS))
                self.con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} "
                                 f"FROM read_parquet('{pattern}', union_by_name = true)")

    def finish(self, order: dict[str, int], rules: Sequence[AgencyRule], corrections: Sequence[Correction],
               errors: Sequence[tuple[str, str, str]], decisions: str = "") -> Overlay:
        """Everything the whole corpus decides, from the stubs of every report now loaded.

        ``decisions`` identifies the user's rules and corrections (``decisions_key``): stored, so
        that an ingest where nothing changed can leave the database alone.
        """
        rows = self.con.execute("SELECT file, stub FROM ingest_files").fetchall()
        stubs = [pickle.loads(blob) for _, blob in sorted(rows, key=lambda r: (order.get(r[0], len(order)), r[0]))]
        starts = {s.report_id: a for s, a in stubs}
        reports, applied_rules = apply_agency_rules([s for s, _ in stubs], rules)
        reports = _with_facts(self.con, flag_duplicates(reports), corrections)
        reports, applied_corrections = apply_corrections(reports, corrections)
        _alias_starts(self.con, reports, starts)
        _write_overlay(self.con, reports, starts, applied_rules, applied_corrections, errors)
        refresh_derived(self.con)
        self.con.execute(f"COMMENT ON TABLE agency_rules IS '{decisions if not errors else ''}'")
        n_facts = self.con.execute("SELECT count(*) FROM facts").fetchall()[0][0]
        return Overlay(len(reports), n_facts, tuple(applied_rules), tuple(applied_corrections))

    def commit(self) -> Path:
        """Write everything out and swap the new database in."""
        self.con.execute("CHECKPOINT")
        self.con.close()
        os.replace(self.tmp, self.target)
        return self.target

    def abort(self) -> None:
        try:
            if self.con is not None:
                self.con.close()
        finally:
            self.discard_tmp()

    def counts(self) -> tuple[int, int]:
        """Reports and facts in the database as it stands (for an ingest that changed nothing)."""
        con = duckdb.connect(str(self.target), read_only=True)
        try:
            return con.execute("SELECT (SELECT count(*) FROM reports), (SELECT count(*) FROM facts)").fetchall()[0]
        finally:
            con.close()


def decisions_key(*files: Path | None) -> str:
    """A hash of the user's decision files (agencies.csv, corrections.csv) as they are now."""
    h = hashlib.sha256()
    for f in files:
        h.update(f.read_bytes() if f is not None and f.exists() else b"-")
    return h.hexdigest()[:16]


def _read_state(path: Path) -> tuple[dict[str, tuple[str, str]], str | None]:
    """What the database at ``path`` holds (file -> (key, report_id)) and the decisions it
    applied; ``({}, None)`` when there is no database of this layout (then it is rebuilt)."""
    if not path.exists():
        return {}, None
    try:
        con = duckdb.connect(str(path), read_only=True)
        try:
            comments = dict(con.execute("SELECT table_name, comment FROM duckdb_tables() "
                                        "WHERE table_name IN ('ingest_files', 'agency_rules')").fetchall())
            if comments.get("ingest_files") != schema_version():
                return {}, None
            known = {f: (k, r) for f, k, r in con.execute("SELECT file, key, report_id FROM ingest_files").fetchall()}
            return known, comments.get("agency_rules") or ""
        finally:
            con.close()
    except duckdb.Error:
        return {}, None


def batch_tables(results: Sequence[FileResult]) -> Iterator[tuple[str, pa.Table]]:
    """The rows of many files as one Arrow table per table, then their ``ingest_files`` rows.

    One table at a time, and the results' Python rows of a table are dropped once it is Arrow:
    a batch never holds all its rows twice over (the results are spent: each is used once).
    """
    for table in SCHEMAS:
        data = arrow_batch(table, [r.rows for r in results])
        for r in results:
            r.rows.pop(table, None)
        yield table, data
    yield "ingest_files", pa.table({
        "file": [r.file for r in results], "key": [r.key for r in results],
        "report_id": [r.report_id for r in results],
        "stub": pa.array([r.stub for r in results], pa.binary())})


def _insert(con: duckdb.DuckDBPyConnection, table: str, data: pa.Table) -> None:
    if len(data) == 0:
        return
    con.register("_frame", data)
    cols = ", ".join(f'"{c}"' for c in data.column_names)
    con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM _frame")
    con.unregister("_frame")


def _frame(rows: Sequence[tuple], columns: Sequence[str]) -> pa.Table:
    """Rows as an Arrow table (DuckDB reads it in place; no pandas to import for an ingest)."""
    cols = list(zip(*rows, strict=True)) if rows else [()] * len(columns)
    return pa.table({name: pa.array(values) for name, values in zip(columns, cols, strict=True)})


def _with_facts(con: duckdb.DuckDBPyConnection, reports: list[Report],
                corrections: Sequence[Correction]) -> list[Report]:
    """Stubs carry no facts; give back their facts (as extracted) to the reports corrections name."""
    if not corrections:
        return reports
    keys = {c.report for c in corrections}
    out = []
    for r in reports:
        if any(k == r.report_id or (len(k) >= 8 and r.report_id.startswith(k)) or Path(r.file).name == k
               for k in keys):
            rows = con.execute("SELECT measure, dimension, extracted_value, unit, approx, span_start, span_end, "
                               "evidence, rule, value_start, value_end, subject FROM facts "
                               "WHERE report_id = ? ORDER BY fact_id", [r.report_id]).fetchall()
            r = replace(r, facts=tuple(Fact(*row) for row in rows))
        out.append(r)
    return out


def _alias_starts(con: duckdb.DuckDBPyConnection, reports: Sequence[Report],
                  starts: dict[str, dict[str, int]]) -> None:
    """Find, in the stored text, names the workers never saw (a user's rename)."""
    for r in reports:
        missing = [a for a in r.metadata.agency.aliases if a not in starts[r.report_id]]
        if missing:
            text = con.execute("SELECT text FROM reports WHERE report_id = ?", [r.report_id]).fetchall()[0][0]
            starts[r.report_id] = {**starts[r.report_id], **{a: text.find(a) for a in missing}}


def _write_overlay(con: duckdb.DuckDBPyConnection, reports: Sequence[Report], starts: dict[str, dict[str, int]],
                   rules: Sequence[AppliedRule], corrections: Sequence[AppliedCorrection],
                   errors: Sequence[tuple[str, str, str]]) -> None:
    """Rewrite what the corpus decides: agency of each report, flags, agencies, aliases, the
    rules' and corrections' records, corrected values, errors."""
    ordered = sorted(reports, key=lambda r: (r.file, r.report_id))
    con.register("_agency", _frame([(r.report_id, r.metadata.agency.agency_id) for r in ordered],
                                         columns=["report_id", "agency_id"]))
    con.execute("UPDATE reports SET agency_id = a.agency_id FROM _agency a "
                "WHERE reports.report_id = a.report_id AND reports.agency_id IS DISTINCT FROM a.agency_id")
    con.unregister("_agency")
    for table in ("flags", "agencies", "agency_aliases", "agency_lineage", "agency_rules", "corrections",
                  "ingest_errors"):
        con.execute(f"DELETE FROM {table}")
    frames = {
        "agencies": _agencies(ordered),
        "agency_aliases": _aliases(ordered, starts),
        "agency_lineage": _lineage(ordered),
        "agency_rules": _frame(
            [(a.rule.line, a.rule.action, a.rule.agency_id, a.rule.target, a.rule.report, a.rule.name,
              a.rule.note, a.rule.who, a.n_reports, a.status) for a in rules],
            columns=["line", "action", "agency_id", "target", "report", "name", "note", "who", "n_reports", "status"]),
        "corrections": _frame(
            [(a.correction.line, a.correction.report, a.report_id, a.correction.measure, a.correction.dimension,
              a.correction.subject, a.correction.value, a.correction.note, a.correction.who,
              len(a.fact_indexes), a.status) for a in corrections],
            columns=["line", "report", "report_id", "measure", "dimension", "subject", "value", "note", "who",
                     "n_facts", "status"]),
        "flags": _frame(
            [(r.report_id, f.level, f.code, f.message, f.start, f.end) for r in ordered for f in r.flags],
            columns=["report_id", "level", "code", "message", "span_start", "span_end"]),
        "ingest_errors": _frame([(*e, level_of(e[1])) for e in errors], columns=["file", "error", "message", "level"]),
    }
    for table, frame in frames.items():
        _insert(con, table, frame)
    _write_corrections(con, corrections)


def _write_corrections(con: duckdb.DuckDBPyConnection, corrections: Sequence[AppliedCorrection]) -> None:
    """Facts keep their extracted value; a correction sets value, who and note (the last one
    naming a fact wins)."""
    con.execute("UPDATE facts SET value = extracted_value, corrected_by = NULL, correction_note = NULL "
                "WHERE corrected_by IS NOT NULL OR value IS DISTINCT FROM extracted_value")
    fixed = {(a.report_id, i): a.correction for a in corrections for i in a.fact_indexes}
    if not fixed:
        return
    rows = [(fact_id(rid, i), c.value, c.who, c.note) for (rid, i), c in fixed.items()]
    con.register("_fixed", _frame(rows, columns=["fact_id", "value", "who", "note"]))
    con.execute("UPDATE facts SET value = x.value, corrected_by = x.who, correction_note = x.note "
                "FROM _fixed x WHERE facts.fact_id = x.fact_id")
    con.unregister("_fixed")


def refresh_derived(con: duckdb.DuckDBPyConnection) -> None:
    """Build again the relations made from the whole corpus (panel.sql): materialised, so a
    per-agency query reads a few rows instead of aggregating every fact."""
    for kind, name in DERIVED:
        con.execute(f"DROP {kind} IF EXISTS {name}")
    con.execute(panel_sql(con))
    for name, (schema, order) in MATERIALISED.items():
        view = re.search(rf"CREATE VIEW {name} AS\n(.*?);", schema, re.DOTALL).group(1)
        kind = con.execute("SELECT table_type FROM information_schema.tables WHERE table_name = ?", [name]).fetchall()
        con.execute(f"DROP {'VIEW' if kind and kind[0][0] == 'VIEW' else 'TABLE'} IF EXISTS {name}")
        con.execute(f"CREATE TABLE {name} AS {view} ORDER BY {order}")

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


_ALIAS_COLS = ["agency_id", "alias", "report_id", "year", "form", "function", "span_start", "span_end"]


def _aliases(reports: Sequence[Report], starts: dict[str, dict[str, int]]) -> pa.Table:
    """Every name each report gives its agency, with where it stands in the text and its form.

    ``starts`` are the places the workers found (report_id -> alias -> start); a name only the
    user's rules give was looked up in the stored text (``_alias_starts``).
    """
    rows = []
    for r in reports:
        a = r.metadata.agency
        for alias in a.aliases:
            start = starts[r.report_id][alias]
            parts = split_name(alias)
            rows.append((a.agency_id, alias, r.report_id, r.metadata.year, _alias_form(r, alias, start),
                         parts[1].function if parts else None,
                         start if start >= 0 else None, start + len(alias) if start >= 0 else None))
    return _frame(list(dict.fromkeys(rows)), columns=_ALIAS_COLS)


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


def _agencies(reports: Sequence[Report]) -> pa.Table:
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
                     reg.province, reg.city, reg.county, reg.zone, newest.unit or None, reg.code,
                     rs[-1].metadata.scope,
                     min(years) if years else None, max(years) if years else None, len(rs)))
    return _frame(rows, columns=["agency_id", "name", "short_name", "function", "level", "province",
                                 "city", "county", "zone", "unit", "region_code", "scope", "first_year",
                                 "last_year", "n_reports"])


_LINEAGE_COLS = ["agency_id", "successor_id", "old_function", "new_function", "year", "kind", "place",
                 "basis", "successor_present"]


def _lineage(reports: Sequence[Report]) -> pa.Table:
    """Each placed agency whose body was merged into another (lineage.csv, kind merge): the
    successor's id in the same place, and whether the corpus has the successor's reports."""
    ids = {r.metadata.agency.agency_id for r in reports}
    rows, seen = [], set()
    for r in reports:
        a = r.metadata.agency
        if not a.function or not a.agency_id or a.agency_id in seen or a.agency_id.startswith("unplaced-"):
            continue
        seen.add(a.agency_id)
        place = lineage_place(a.region)
        link = merge_link(a.function, place)
        if link is None or not a.agency_id.endswith(a.function):
            continue
        successor = a.agency_id[: -len(a.function)] + series_function(link.new, place)
        rows.append((a.agency_id, successor, link.old, link.new, link.year, link.kind, link.place or None,
                     link.basis, successor in ids))
    return _frame(sorted(rows), columns=_LINEAGE_COLS)
