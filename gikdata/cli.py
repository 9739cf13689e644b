"""The `gik` command: a thin adapter over the library (sqlite-utils' cli.py over db.py).

Each command opens what it needs, calls one library function, and turns gikdata's own errors
into a one-line message naming the file, with exit code 1 (2 for usage errors, click's own).
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import math
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

import click

from . import config
from .errors import GikError

#: Defaults that depend on the project folder are resolved when a command runs (config.project).
db_option = click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path),
                         default=config.default_db, show_default="data/derived/gik.duckdb",
                         help="DuckDB database file.")


def handle_errors(fn: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except GikError as exc:
            raise click.ClickException(str(exc)) from None
    return wrapper


def _progress(ctx: click.Context, total: int, label: str):
    from tqdm import tqdm
    quiet = ctx.find_root().params.get("quiet")
    return tqdm(total=total, desc=label, unit="file", disable=quiet or None, file=sys.stderr, leave=False)


def _set_root_flag(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value:
        ctx.find_root().params[param.name] = True


class Gik(click.Group):
    """The `gik` group: `-q` and `-v` are accepted after the subcommand too (`gik ingest -q`)."""

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        taken = {opt for p in cmd.params for opt in getattr(p, "opts", [])}
        for flag, long, help_text in (("-q", "--quiet", "Print only results and errors."),
                                      ("-v", "--verbose", "Print each file as it is processed.")):
            if flag not in taken and long not in taken:
                cmd.params.append(click.Option([flag, long], is_flag=True, expose_value=False,
                                                callback=_set_root_flag, help=help_text))
        super().add_command(cmd, name)


@click.group(cls=Gik, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-q", "--quiet", is_flag=True, help="Print only results and errors.")
@click.option("-v", "--verbose", is_flag=True, help="Print each file as it is processed.")
@click.version_option(package_name="gikdata")
def main(quiet: bool, verbose: bool) -> None:
    """gikdata: panels from Chinese open-government-information annual reports."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@db_option
@click.option("--workers", type=click.IntRange(min=0), default=None,
              help="Worker processes for the per-file work (default: one per core; 0: in this process).")
@click.option("--budget", type=click.FloatRange(min=0, min_open=True), default=30.0, show_default=True,
              help="Seconds one file may take; past it the file is an error and the run goes on.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Where the per-file work runs: worker processes here, or a Dask cluster.")
@click.option("--scheduler", metavar="ADDRESS", default=None,
              help="With --engine dask: the address of a running Dask scheduler (default: a local cluster).")
@click.option("--allow-empty", is_flag=True,
              help="Replace the database even when no report was loaded (refused otherwise).")
@click.pass_context
@handle_errors
def ingest(ctx: click.Context, paths: tuple[Path, ...], db_path: Path, workers: int | None, budget: float,
           engine: str, scheduler: str | None, allow_empty: bool) -> None:
    """Extract reports from PATHS (files or folders; default data/raw) and update the database.

    Only new and changed files are read; removed ones leave the database. The update is atomic:
    the old database stays until the new one is complete. A file that cannot be read (or takes
    longer than --budget), and anything that is not a file we read, is reported and skipped; the
    exit code is then 1. A duplicate (the same file or the same bytes twice) is loaded once and
    named. Only a gikdata database is replaced, never by an empty one unless --allow-empty, and
    one ingest at a time writes to a database folder.
    """
    from .store.inputs import level_of, safe_text
    from .store.pipeline import find_inputs
    from .store.pipeline import ingest as run_ingest

    if not paths:
        raw = config.project().raw
        if not raw.is_dir():
            raise click.ClickException(f"{raw}: no such folder; run `gik init` to lay out a project here "
                                       "(or set GIK_HOME to one)")
        paths = (raw,)
    verbose = ctx.find_root().params.get("verbose")
    bar = _progress(ctx, len(find_inputs(paths)), "extracting")

    def on_file(p: Path) -> None:
        bar.update(1)
        if verbose:
            bar.write(f"  {safe_text(str(p))}", file=sys.stderr)

    with bar:
        result = run_ingest(paths, db_path, on_file=on_file, workers=workers, budget=budget,
                            engine=engine, scheduler=scheduler, allow_empty=allow_empty)
    failed = [e for e in result.errors if level_of(e[1]) == "error"]
    duplicates = [e for e in result.errors if level_of(e[1]) == "info"]
    for _, _, message in failed:
        click.echo(f"error: {message}", err=True)
    for _, _, message in duplicates:
        click.echo(f"duplicate: {message}", err=True)
    for warning in result.warnings:  # agencies.csv / corrections.csv lines that changed nothing
        click.echo(f"warning: {warning}", err=True)
    if not ctx.find_root().params.get("quiet"):
        click.echo(f"{result.n_reports} reports, {result.n_facts} facts -> {result.db_path}"
                   f" ({result.extracted} read, {result.unchanged} unchanged, {result.removed} removed)"
                   + (f"; {len(failed)} files failed" if failed else "")
                   + (f"; {len(duplicates)} duplicates loaded once" if duplicates else ""))
    if not result.n_reports and not allow_empty:
        click.echo("error: no report was loaded (pass --allow-empty if that is what you meant)", err=True)
        ctx.exit(1)
    if failed:
        ctx.exit(1)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="JSON Lines, one object per file (the public contract).")
@click.pass_context
@handle_errors
def extract(ctx: click.Context, paths: tuple[Path, ...], as_json: bool) -> None:
    """Extract metadata, facts and findings from report files without touching the database."""
    from .extract.report import extract_file, to_json
    from .store.inputs import discover, level_of, safe_name, safe_text
    from .store.pipeline import overrides_for

    inputs = discover(paths)
    failed = 0
    for _, kind, message in inputs.skipped:
        is_error = level_of(kind) == "error"
        click.echo(f"{'error' if is_error else 'duplicate'}: {message}", err=True)
        failed += is_error
    manifests: dict = {}
    for path in inputs.files:
        try:
            data = to_json(extract_file(path, overrides_for(path, manifests)))
        except GikError as exc:
            click.echo(f"error: {safe_text(str(exc))}", err=True)
            failed += 1
            continue
        data["file"] = safe_name(data["file"])[0]
        if as_json:
            click.echo(json.dumps(data, ensure_ascii=False, allow_nan=False))
        else:
            _print_extract(data)
    if failed:
        ctx.exit(1)


def _print_extract(d: dict[str, Any]) -> None:
    a = d["agency"]
    click.echo(f"{d['file']}: {a['name'] or a['short_name'] or '?'} ({a['agency_id']}), "
               f"year {d['year'] or '?'}, {d['format']}")
    for f in d["facts"]:
        who = f"[{f['subject']}] " if f["subject"] else ""
        dim = f" {f['dimension']}" if f["dimension"] else ""
        approx = "≥" if f["approx"] else ""
        click.echo(f"  {who}{f['measure']}{dim} = {approx}{f['value']:g} {f['unit']}")
    for fl in d["flags"]:
        click.echo(f"  {fl['level']}: {fl['code']}: {fl['message']}")


@main.command()
@click.argument("query", required=False)
@db_option
@click.option("--csv", "as_csv", is_flag=True, help="Comma-separated values with a header.")
@click.option("--json", "as_json", is_flag=True, help="JSON Lines, one object per row.")
@click.pass_context
@handle_errors
def sql(ctx: click.Context, query: str | None, db_path: Path, as_csv: bool, as_json: bool) -> None:
    """Run read-only SQL QUERY against the database (tables: reports, facts, flags, agencies;
    views: panel, panel_changes, coverage, category_shares; docs/schema.md). Several statements
    separated by ';' print one result each. Without a QUERY, an interactive prompt (line editing
    and history; Ctrl-C cancels the statement) reads statements ending in ';', or piped input.

    The SQL cannot reach files, the network or extensions (COPY TO, EXPORT DATABASE, read_text,
    glob, ATTACH, INSTALL, LOAD) nor change settings (SET): DuckDB's external access is off and
    its configuration locked. The exit code is 1 when a statement fails.
    """
    from .store import queries

    con = queries.connect_sandboxed(db_path)
    ok = _prompt(con, db_path, as_csv, as_json) if not query else _run_statement(con, query, as_csv, as_json)
    if not ok:
        ctx.exit(1)


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def _brief_bar(ctx: click.Context):
    """A progress bar over briefs that are rendered (skipped ones are not counted)."""
    from tqdm import tqdm
    quiet = ctx.find_root().params.get("quiet")
    return tqdm(total=0, desc="briefs", unit="brief", disable=quiet or None, file=sys.stderr, leave=False)


def _report_briefs(ctx: click.Context, result) -> None:
    for label, error in result.failures:
        click.echo(f"error: brief {label}: {error}", err=True)
    if not ctx.find_root().params.get("quiet"):
        skipped = f", {len(result.skipped)} unchanged (skipped)" if result.skipped else ""
        failed = f", {len(result.failures)} failed" if result.failures else ""
        click.echo(f"{len(result.written)} briefs written{skipped}{failed} -> {result.index}")
    if result.failures:
        ctx.exit(1)


def _render(ctx: click.Context, specs, db_path: Path, out_dir: Path, jobs: int, force: bool):
    from .briefs.render import render

    bar = _brief_bar(ctx)

    def on_start(n: int) -> None:
        bar.total = n
        bar.refresh()

    with bar:
        return render(specs, db_path, out_dir, jobs=jobs, force=force, on_start=on_start,
                      on_done=lambda _o: bar.update(1))


@main.command()
@click.argument("agency", required=False)
@db_option
@click.option("--notebook", "notebook", default="agency_brief", show_default=True,
              help="Notebook to render: agency_brief, compare_agencies, corpus_overview (or a path).")
@click.option("-p", "--parameter", "parameters", nargs=2, multiple=True, metavar="KEY VALUE",
              help="A notebook parameter (JSON values: 2014, null, '[\"a\", \"b\"]'; else a string).")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=lambda: config.project().briefs,
              show_default="data/derived/briefs", help="Folder for the HTML brief (index.html and manifest.json are updated).")
@click.option("--force", is_flag=True, help="Render even if its inputs have not changed.")
@click.pass_context
@handle_errors
def brief(ctx: click.Context, agency: str | None, db_path: Path, notebook: str,
          parameters: tuple[tuple[str, str], ...], out_dir: Path, force: bool) -> None:
    """Render one brief: the agency brief of AGENCY (its id, name or an alias), or any brief
    notebook with -p parameters. Parameters are checked before a kernel starts."""
    from .briefs.render import notebook_path, parse_value, spec_for

    path = notebook_path(notebook)
    params = {k: parse_value(v) for k, v in parameters}
    if agency is not None:
        params["agency"] = agency
    spec = spec_for(path, params, db_path)
    result = _render(ctx, [spec], db_path, out_dir, jobs=1, force=force)
    if not result.failures and not ctx.find_root().params.get("quiet"):
        click.echo(str(out_dir / spec.output))
    _report_briefs(ctx, result)


@main.command()
@db_option
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=lambda: config.project().briefs,
              show_default="data/derived/briefs", help="Folder for the HTML briefs, index.html and manifest.json.")
@click.option("--all", "all_kinds", is_flag=True,
              help="Every brief kind: also the corpus overview and a comparison per shared function.")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=2, show_default=True,
              help="Worker processes, each with one warm kernel.")
@click.option("--force", is_flag=True, help="Render every brief, even those whose inputs have not changed.")
@click.pass_context
@handle_errors
def briefs(ctx: click.Context, db_path: Path, out_dir: Path, all_kinds: bool, jobs: int, force: bool) -> None:
    """Render a brief for every agency with a dated report (--all: every kind), and index.html.

    A brief whose inputs (its agency's data, the notebook, the parameters) have not changed since
    the last run is skipped; the exit code is 1 if any brief failed.
    """
    from .briefs.render import plan

    _report_briefs(ctx, _render(ctx, plan(db_path, all_kinds), db_path, out_dir, jobs, force))


def json_line(d: dict[str, Any]) -> str:
    """One JSON object, always valid JSON: NaN and infinities (which SQL can compute) become null."""
    def finite(v: Any) -> Any:
        return None if isinstance(v, float) and not math.isfinite(v) else v
    return json.dumps({k: finite(v) for k, v in d.items()}, ensure_ascii=False, default=str, allow_nan=False)


def _print_rows(cols: list[str], rows: list[tuple], as_csv: bool = False, as_json: bool = False) -> None:
    """Rows as tab-separated text (default), CSV with a header, or JSON Lines."""
    if as_json:
        for row in rows:
            click.echo(json_line(dict(zip(cols, row, strict=True))))
    elif as_csv:  # through click.echo, so that output and error messages keep their order
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(cols)
        w.writerows(rows)
        click.echo(buf.getvalue(), nl=False)
    else:
        click.echo("\t".join(cols))
        for row in rows:
            click.echo("\t".join(_cell(v) for v in row))


def _prompt(con: Any, db_path: Path, as_csv: bool, as_json: bool) -> bool:
    """A read-only SQL prompt: statements end with ';'; .tables lists relations; .quit or EOF ends.

    At a terminal, lines are read with readline (editing, and history kept in
    ``~/.gik_sql_history``, or $GIK_SQL_HISTORY); Ctrl-C drops the statement being typed or
    cancels the one running, and the prompt goes on. Returns False when a piped statement failed."""
    interactive = sys.stdin.isatty()
    history = _start_history() if interactive else None
    if interactive:
        click.echo(f"gik sql: {db_path} (read-only). End statements with ';', .tables, .quit", err=True)
    buffer: list[str] = []
    ok = True
    while True:
        try:
            line = _read_line("gik> " if not buffer else " ...> ", interactive)
        except KeyboardInterrupt:
            click.echo("^C", err=True)
            buffer = []
            continue
        if line is None or (not buffer and line.strip() in (".quit", ".exit", "\\q")):
            break
        if not buffer and line.strip() == ".tables":
            line = "select table_name, table_type from information_schema.tables order by 1;"
        buffer.append(line)
        if line.rstrip().endswith(";"):
            ok &= _run_statement(con, "\n".join(buffer), as_csv, as_json, interactive)
            buffer = []
    if "".join(buffer).strip():
        ok &= _run_statement(con, "\n".join(buffer), as_csv, as_json, interactive)
    if history:
        _save_history(history)
    return ok or interactive  # at a terminal the errors were seen; piped input needs the exit code


def _read_line(prompt: str, interactive: bool) -> str | None:
    """One line without its newline; None at end of input."""
    if interactive:
        try:
            return input(prompt)  # readline-backed once readline is imported
        except EOFError:
            click.echo("", err=True)
            return None
    line = sys.stdin.readline()
    return line.rstrip("\n") if line else None


def _start_history() -> Path | None:
    import os

    try:
        import readline
    except ImportError:  # not on every platform; input() still works
        return None
    path = Path(os.environ.get("GIK_SQL_HISTORY") or Path.home() / ".gik_sql_history")
    with contextlib.suppress(OSError):
        readline.read_history_file(path)
    readline.set_history_length(1000)
    return path


def _save_history(path: Path) -> None:
    import readline

    with contextlib.suppress(OSError):
        readline.write_history_file(path)


def _execute(con: Any, statement: str) -> tuple[list[str], list[tuple]] | None:
    """(columns, rows) of one statement, run in a thread so that Ctrl-C reaches Python at once.

    While DuckDB runs a query in the main thread, Python sees a Ctrl-C only when DuckDB polls for
    it, which under load it did not do for minutes; here the main thread only waits, takes the
    KeyboardInterrupt, and stops the query with ``con.interrupt()``."""
    import threading

    box: dict[str, Any] = {}
    cur = con.cursor()  # same database and settings; a cancelled one is dropped, not reused

    def work() -> None:
        try:
            rel = cur.sql(statement)
            box["result"] = (rel.columns, rel.fetchall()) if rel is not None else None
        except BaseException as exc:  # handed to the main thread
            box["error"] = exc

    worker = threading.Thread(target=work, daemon=True)
    worker.start()
    try:
        while worker.is_alive():
            worker.join(0.1)
    except KeyboardInterrupt:
        cur.interrupt()
        worker.join(5)
        raise
    cur.close()
    if "error" in box:
        raise box["error"]
    return box.get("result")


def _run_statement(con: Any, text: str, as_csv: bool, as_json: bool, interactive: bool = False) -> bool:
    """Run each statement of ``text`` and print its rows; an error is printed and returns False.
    Ctrl-C during a statement cancels it (at a prompt) and returns False."""
    import duckdb

    try:
        statements = [st.query for st in duckdb.extract_statements(text)]
    except duckdb.Error as exc:
        click.echo(f"error: {exc}", err=True)
        return False
    for statement in statements:
        try:
            result = _execute(con, statement)
        except KeyboardInterrupt:
            if not interactive:
                raise
            click.echo("cancelled", err=True)
            return False
        except duckdb.Error as exc:  # duckdb's own errors: show them as they are
            click.echo(f"error: {exc}", err=True)
            return False
        if result is not None:
            _print_rows(*result, as_csv, as_json)
    return True


@main.command()
@db_option
@click.option("--suggest", is_flag=True, help="List likely duplicate agencies with the reason.")
@click.option("--csv", "as_csv", is_flag=True, help="Comma-separated values with a header.")
@click.option("--json", "as_json", is_flag=True, help="JSON Lines, one object per row.")
@handle_errors
def agencies(db_path: Path, suggest: bool, as_csv: bool, as_json: bool) -> None:
    """List agencies with their names (and the years each was seen) and the years covered;
    --suggest lists likely duplicates to merge in data/agencies.csv."""
    from .store import queries

    con = queries.connect(db_path)
    rel = queries.run(con, "agency_suggest" if suggest else "agency_list")
    _print_rows(rel.columns, rel.fetchall(), as_csv, as_json)


@main.command()
@click.argument("query")
@db_option
@click.option("-n", "--limit", type=click.IntRange(min=1), default=10, show_default=True,
              help="Show at most this many reports.")
@click.option("--json", "as_json", is_flag=True, help="JSON Lines, one object per report.")
@handle_errors
def search(query: str, db_path: Path, limit: int, as_json: bool) -> None:
    """Rank reports by BM25 for QUERY (e.g. "危化品 检查"), showing the best matching sentence.

    The query is segmented with the reports' dictionary; terms are marked 【like this】.
    """
    from .store import queries
    from .store.search import search as run_search

    con = queries.connect(db_path)
    hits = run_search(con, query, limit=limit)
    if hits.empty:
        click.echo("no report matches", err=True)
    for n, row in enumerate(hits.itertuples(index=False), start=1):
        if as_json:
            d = {k: _plain(v) for k, v in row._asdict().items()}
            click.echo(json_line(d))
            continue
        year = "?" if _plain(row.year) is None else int(row.year)
        click.echo(f"{n}. {row.file}  {row.agency or row.agency_id}  {year}  score {row.score:.3f}")
        click.echo(f"   {row.sentence or ''}")


def _plain(v: Any) -> Any:
    """numpy/pandas values to JSON-able ones (NaN and NA to null)."""
    import pandas as pd

    if hasattr(v, "tolist"):
        return v.tolist()
    return None if v is None or pd.isna(v) else v


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Check a database (default data/derived/gik.duckdb when no FILE is given).")
@click.option("--json", "as_json", is_flag=True, help="JSON Lines, one object per finding.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "never"]), default="error", show_default=True,
              help="Exit with 1 when a finding has this level or worse.")
@click.pass_context
@handle_errors
def check(ctx: click.Context, paths: tuple[Path, ...], db_path: Path | None, as_json: bool, fail_on: str) -> None:
    """Print the findings for report FILEs, or for a database (with the checks across years),
    grouped by level. A file that cannot be read is a finding of level error; the exit code is 1
    when a finding has level error (--fail-on warning: or warning)."""
    from .store.audit import database_findings, file_findings, format_findings
    from .store.queries import connect

    if paths and db_path:
        raise click.UsageError("give FILEs or --db, not both")
    if paths:
        findings = file_findings(paths)
    else:
        con = connect(db_path or config.default_db())
        try:
            findings = database_findings(con)
        finally:
            con.close()
    if as_json:
        for f in findings:
            click.echo(json.dumps({"source": f.source, "level": f.flag.level, "code": f.flag.code,
                                   "message": f.flag.message, "start": f.flag.start, "end": f.flag.end},
                                  ensure_ascii=False))
    else:
        click.echo(format_findings(findings))
    failing = {"error": {"error"}, "warning": {"error", "warning"}, "never": set()}[fail_on]
    if any(f.flag.level in failing for f in findings):
        ctx.exit(1)


@main.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", "out_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="HTML file to write (default data/derived/review/<file name>.html).")
@handle_errors
def review(path: Path, out_path: Path | None) -> None:
    """Write an offline HTML page of one report: every extracted number highlighted and linked
    to its fact, the findings beside the text."""
    from .briefs.review import write_review
    from .extract.report import extract_file

    out = write_review(extract_file(path), out_path or config.project().derived / "review" / f"{path.name}.html")
    click.echo(str(out))


@main.command()
@click.argument("folder", required=False, default=".", type=click.Path(file_okay=False, path_type=Path))
@click.pass_context
@handle_errors
def init(ctx: click.Context, folder: Path) -> None:
    """Lay out a project in FOLDER (default: here): data/raw/ with a manifest.csv header,
    data/derived/, data/agencies.csv and data/corrections.csv, queries/, a README. Files that
    exist are kept as they are."""
    from .store.project import init_project

    created, kept = init_project(folder)
    if not ctx.find_root().params.get("quiet"):
        for path in created:
            click.echo(f"created {path}")
        for path in kept:
            click.echo(f"kept    {path}")
        click.echo(f"next: put reports in {folder / 'data' / 'raw'}, then `gik ingest`")


@main.command()
@click.argument("tables", nargs=-1, metavar="[TABLE|VIEW]...")
@db_option
@click.option("-f", "--format", "fmt", type=click.Choice(["parquet", "csv", "xlsx", "dta"]), default="parquet",
              show_default=True, help="parquet (R arrow, DuckDB, pandas), csv, xlsx (a sheet each), dta (Stata 118).")
@click.option("--out", "out_path", type=click.Path(path_type=Path), default=None,
              help="File (one table, or xlsx) or folder (several tables); default data/derived/export/.")
@click.option("--list", "list_tables", is_flag=True, help="List the tables and views that can be exported.")
@click.pass_context
@handle_errors
def export(ctx: click.Context, tables: tuple[str, ...], db_path: Path, fmt: str, out_path: Path | None,
           list_tables: bool) -> None:
    """Export TABLEs or VIEWs (default: panel, facts, reports, agencies, flags, category_shares)
    with a data dictionary beside them: every column's Chinese and English label and unit (the
    variable labels in Stata). List columns are joined by ';'."""
    from .store import export as ex
    from .store import queries

    if list_tables:
        for name in ex.EXPORTS:
            click.echo(name)
        return
    names = [ex.relation_name(t) for t in tables] or list(ex.DEFAULT_EXPORTS)
    out = out_path or config.project().derived / "export"
    con = queries.connect(db_path)
    try:
        result = ex.export(con, names, fmt, out)
    finally:
        con.close()
    if not ctx.find_root().params.get("quiet"):
        for path in result.files:
            click.echo(str(path))
        click.echo(f"{result.dictionary}  (data dictionary; rows: "
                   + ", ".join(f"{k} {v}" for k, v in result.rows.items()) + ")")


@main.command()
@click.argument("name", required=False)
@db_option
@click.option("-p", "--parameter", "parameters", nargs=2, multiple=True, metavar="KEY VALUE",
              help="A parameter (JSON values: 2014, null, '[\"a\", \"b\"]'; else a string).")
@click.option("--list", "list_queries", is_flag=True, help="List the named queries with their parameters.")
@click.option("--csv", "as_csv", is_flag=True, help="Comma-separated values with a header.")
@click.option("--json", "as_json", is_flag=True, help="JSON Lines, one object per row.")
@handle_errors
def query(name: str | None, db_path: Path, parameters: tuple[tuple[str, str], ...], list_queries: bool,
          as_csv: bool, as_json: bool) -> None:
    """Run the named query NAME (gikdata/sql/NAME.sql, or the project's queries/NAME.sql) with
    -p parameters, bound by name; --list lists them with their parameters."""
    import duckdb

    from .store import queries

    catalogue = queries.project_catalogue(config.project().queries)
    if list_queries or not name:
        if not list_queries:
            raise click.UsageError("give a query NAME, or --list")
        own = set(queries.catalogue())
        for qname, (sql, params, desc) in catalogue.items():
            where = "" if qname in own else "  [queries/]"
            click.echo(f"{qname}({', '.join(params)}){where}: {desc}")
            for p in params:
                if (text := queries.parameter_help(sql, p)):
                    click.echo(f"    {p}: {text}")
        return
    from .briefs.render import parse_value  # the same rule as gik brief's -p

    params = {k: parse_value(v) for k, v in parameters}
    con = queries.connect(db_path)
    try:
        rel = queries.run(con, name, _queries=catalogue, **params)
        _print_rows(rel.columns, rel.fetchall(), as_csv, as_json)
    except duckdb.Error as exc:  # a user's SQL that DuckDB rejects: its message as it is
        raise click.ClickException(f"query {name}: {exc}") from None
    finally:
        con.close()


if __name__ == "__main__":
    main()
