"""Stage 8: named, parameterised queries (``gikdata/sql/NAME.sql``) over the database.

Each file is one SELECT with ``$name`` parameters and a header comment listing them:
    -- params: agency_id
Values are always bound as parameters, never pasted into SQL: report text is data.
``run`` returns a lazy DuckDB relation the caller can compose before ``.df()``.

A project's own ``queries/*.sql`` (same convention; without a ``params`` line, the ``$name``s
in the SQL are its parameters) are listed and run by ``gik query`` beside these, never by the
briefs: gikdata's own query of a name wins.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import duckdb

from ..config import SQL_DIR, default_db
from ..errors import QueryError
from .guard import open_database

_PARAMS = re.compile(r"^--\s*params:\s*(.*)$", re.MULTILINE)
_DESC = re.compile(r"^--\s*(?!params:)(.+)$", re.MULTILINE)
_DOLLAR = re.compile(r"\$([A-Za-z_]\w*)")


def connect(db_path: str | Path | None = None, read_only: bool = True) -> duckdb.DuckDBPyConnection:
    """Open the database (default: the current project's); read-only by default, so readers
    never block a rebuild."""
    return open_database(db_path or default_db(), read_only=read_only)


#: DuckDB settings for SQL a user types (``gik sql``): no file or network access (COPY … TO,
#: EXPORT DATABASE, read_text, glob, ATTACH), no extensions installed or loaded, and the
#: configuration locked so that a statement cannot SET any of it back. Writing files belongs to
#: an export command, not to a query prompt.
SANDBOX = {"enable_external_access": False, "autoinstall_known_extensions": False,
           "autoload_known_extensions": False, "allow_community_extensions": False,
           "lock_configuration": True}


def connect_sandboxed(db_path: str | Path | None = None) -> duckdb.DuckDBPyConnection:
    """A read-only connection for user SQL, with external access disabled and settings locked."""
    return open_database(db_path or default_db(), read_only=True, config=SANDBOX)


@cache
def catalogue() -> dict[str, tuple[str, tuple[str, ...], str]]:
    """name -> (sql, parameter names, one-line description)."""
    return {f.stem: _parse(f.read_text(encoding="utf-8"), infer=False) for f in sorted(SQL_DIR.glob("*.sql"))}


def _parse(sql: str, infer: bool) -> tuple[str, tuple[str, ...], str]:
    """(sql, parameter names, description) of one query file; ``infer``: without a ``params``
    line, the ``$name``s used in the SQL (a user's file need not declare them)."""
    m = _PARAMS.search(sql)
    if m:
        params = tuple(p.strip() for p in m.group(1).split(",") if p.strip())
    else:
        params = tuple(dict.fromkeys(_DOLLAR.findall(_strip_comments(sql)))) if infer else ()
    d = _DESC.search(sql)
    return sql, params, d.group(1).strip() if d else ""


def _strip_comments(sql: str) -> str:
    return "\n".join(line.split("--", 1)[0] for line in sql.splitlines())


def project_catalogue(folder: Path | None) -> dict[str, tuple[str, tuple[str, ...], str]]:
    """gikdata's queries and the ``*.sql`` files of ``folder`` (a project's ``queries/``); for
    each name, gikdata's own comes first and a user's file of the same name is left out."""
    out = dict(catalogue())
    if folder is not None and folder.is_dir():
        for f in sorted(folder.glob("*.sql")):
            out.setdefault(f.stem, _parse(f.read_text(encoding="utf-8"), infer=True))
    return out


def parameter_help(sql: str, name: str) -> str:
    """The ``-- NAME: text`` line of a query that documents its parameter ``name``."""
    m = re.search(rf"^--\s*{re.escape(name)}\s*:\s*(.+)$", sql, re.MULTILINE)
    return m.group(1).strip() if m else ""


def run(con: duckdb.DuckDBPyConnection, name: str, _queries: dict | None = None,
        **params: Any) -> duckdb.DuckDBPyRelation:
    """Run the named query with ``params`` bound by name (``_queries``: another catalogue, such
    as ``project_catalogue``'s)."""
    queries = catalogue() if _queries is None else _queries
    if name not in queries:
        raise QueryError(f"no query named {name!r}; known: {', '.join(queries)}")
    sql, wanted, _ = queries[name]
    missing = set(wanted) - set(params)
    extra = set(params) - set(wanted)
    if missing or extra:
        raise QueryError(f"query {name!r} takes parameters {list(wanted)}; "
                         f"missing {sorted(missing)}, unknown {sorted(extra)}")
    return con.sql(sql, params=params) if params else con.sql(sql)


def find_agencies(con: duckdb.DuckDBPyConnection, text: str) -> list[tuple[str, str | None]]:
    """Agencies whose id, name or any alias equals or contains ``text``: (agency_id, name)."""
    rows = run(con, "agency_lookup", q=text).fetchall()
    return [(r[0], r[1]) for r in rows]


def sql_df(query: str, db_path: str | Path | None = None, params: dict[str, Any] | None = None):
    """Ad-hoc SQL for notebooks: a pandas DataFrame from a read-only connection.

    The connection is read-only, so a typo cannot change the database and a running
    ``gik ingest`` is never blocked for long; values go in ``params`` (``$name`` in the SQL),
    never pasted into it.
    """
    con = connect(db_path, read_only=True)
    try:
        return con.sql(query, params=params).df() if params else con.sql(query).df()
    finally:
        con.close()
