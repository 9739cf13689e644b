"""The `gik` command: a thin adapter over the library (sqlite-utils' cli.py over db.py).

Each command opens what it needs, calls one library function, and turns gikdata's own errors
into a one-line message naming the file, with exit code 1 (2 for usage errors, click's own).
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

import click

from .config import BRIEFS_DIR, DEFAULT_DB, RAW_DIR
from .errors import GikError

db_option = click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path),
                         default=DEFAULT_DB, show_default=True, help="DuckDB database file.")


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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-q", "--quiet", is_flag=True, help="Print only results and errors.")
@click.option("-v", "--verbose", is_flag=True, help="Print each file as it is processed.")
@click.version_option(package_name="gikdata")
def main(quiet: bool, verbose: bool) -> None:
    """gikdata: panels from Chinese open-government-information annual reports."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@db_option
@click.pass_context
@handle_errors
def ingest(ctx: click.Context, paths: tuple[Path, ...], db_path: Path) -> None:
    """Extract reports from PATHS (files or folders; default data/raw) and rebuild the database.

    The rebuild is atomic: the old database stays until the new one is complete. A file that
    cannot be read is reported and skipped; the exit code is then 1.
    """
    from .pipeline import find_inputs
    from .pipeline import ingest as run_ingest

    paths = paths or (RAW_DIR,)
    verbose = ctx.find_root().params.get("verbose")
    bar = _progress(ctx, len(find_inputs(paths)), "extracting")

    def on_file(p: Path) -> None:
        bar.update(1)
        if verbose:
            bar.write(f"  {p}", file=sys.stderr)

    with bar:
        result = run_ingest(paths, db_path, on_file=on_file)
    for _, _, message in result.errors:
        click.echo(f"error: {message}", err=True)
    n_facts = sum(len(r.facts) for r in result.reports)
    if not ctx.find_root().params.get("quiet"):
        click.echo(f"{len(result.reports)} reports, {n_facts} facts -> {result.db_path}"
                   + (f"; {len(result.errors)} files failed" if result.errors else ""))
    if result.errors:
        ctx.exit(1)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="JSON Lines, one object per file (the public contract).")
@click.pass_context
@handle_errors
def extract(ctx: click.Context, paths: tuple[Path, ...], as_json: bool) -> None:
    """Extract metadata, facts and findings from report files without touching the database."""
    from .extract import extract_file, to_json
    from .pipeline import find_inputs, overrides_for

    failed = 0
    manifests: dict = {}
    for path in find_inputs(paths):
        try:
            data = to_json(extract_file(path, overrides_for(path, manifests)))
        except GikError as exc:
            click.echo(f"error: {exc}", err=True)
            failed += 1
            continue
        if as_json:
            click.echo(json.dumps(data, ensure_ascii=False))
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
@handle_errors
def sql(query: str | None, db_path: Path, as_csv: bool, as_json: bool) -> None:
    """Run a read-only SQL QUERY against the database (tables: reports, facts, flags, agencies;
    views: panel, category_shares)."""
    from . import queries

    if not query:
        raise click.UsageError("give a QUERY, e.g. gik sql \"select * from panel\"")
    con = queries.connect(db_path)
    try:
        rel = con.sql(query)
    except Exception as exc:  # duckdb's own errors: show them as they are
        raise click.ClickException(str(exc)) from None
    if rel is None:
        return
    cols, rows = rel.columns, rel.fetchall()
    if as_json:
        for row in rows:
            click.echo(json.dumps(dict(zip(cols, row, strict=True)), ensure_ascii=False, default=str))
    elif as_csv:
        w = csv.writer(sys.stdout, lineterminator="\n")
        w.writerow(cols)
        w.writerows(rows)
    else:
        click.echo("\t".join(cols))
        for row in rows:
            click.echo("\t".join(_cell(v) for v in row))


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
    from .render import render

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
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=BRIEFS_DIR,
              show_default=True, help="Folder for the HTML brief (index.html and manifest.json are updated).")
@click.option("--force", is_flag=True, help="Render even if its inputs have not changed.")
@click.pass_context
@handle_errors
def brief(ctx: click.Context, agency: str | None, db_path: Path, notebook: str,
          parameters: tuple[tuple[str, str], ...], out_dir: Path, force: bool) -> None:
    """Render one brief: the agency brief of AGENCY (its id, name or an alias), or any brief
    notebook with -p parameters. Parameters are checked before a kernel starts."""
    from .render import notebook_path, parse_value, spec_for

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
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=BRIEFS_DIR,
              show_default=True, help="Folder for the HTML briefs, index.html and manifest.json.")
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
    from .render import plan

    _report_briefs(ctx, _render(ctx, plan(db_path, all_kinds), db_path, out_dir, jobs, force))


if __name__ == "__main__":
    main()
