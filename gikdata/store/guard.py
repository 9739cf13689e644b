"""Guards around the one file a user cannot get back: their database.

- ``DatabaseLock``: one ingest at a time per database folder (an exclusive ``flock`` on the
  folder). A second ingest fails at once with a message instead of both reporting success while
  one silently wins.
- ``check_target``: only a file gikdata made is ever replaced. ``--db data/raw/000_….txt`` once
  replaced a raw report with a database; now anything that is not a DuckDB file holding the
  gikdata tables is refused, untouched.
- ``check_not_emptier``: an ingest that loaded no report does not replace a database that holds
  reports (an empty folder, a folder of bad files, a typo in the path) unless the user asks
  (``--allow-empty``).
- ``remove_stale_temps``: temp files left by a killed ingest (``.gik.duckdb.tmp-PID`` and its
  ``.wal``) are removed by the next one; under the lock no other ingest can own them.
- ``write_errors``: a failed write (disk full, quota, permissions) becomes one message; the temp
  file is gone and the old database is as it was.

Every check runs before anything is written; ``load.write_database`` keeps its atomic swap.
"""

from __future__ import annotations

import errno
import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from ..errors import GikError

#: The tables every gikdata database has (schema.sql); a DuckDB file without them is not ours.
GIK_TABLES = frozenset({"reports", "facts", "flags", "ingest_errors"})
#: DuckDB's file header: 8 bytes of checksum, then the magic bytes.
DUCKDB_MAGIC = b"DUCK"


class DatabaseError(GikError):
    """The database file is missing, locked, not ours, or could not be written."""


class DatabaseLock:
    """An exclusive lock on the folder of ``db_path`` for the duration of an ingest.

    The lock is on the folder, not on the database file, because the file is replaced (a lock
    on the old inode would not stop a second writer that opens the new one) and a lock file
    would be one more file to leave behind. The kernel drops the lock when the process dies, so a
    killed ingest never leaves it held."""

    def __init__(self, db_path: str | Path) -> None:
        self.db_path = Path(db_path)
        self.fd: int | None = None

    def __enter__(self) -> DatabaseLock:
        folder = self.db_path.parent
        folder.mkdir(parents=True, exist_ok=True)
        self.fd = os.open(folder, os.O_RDONLY)
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(self.fd)
            self.fd = None
            raise DatabaseError(f"{self.db_path}: another gik ingest is writing a database in {folder}; "
                                "wait for it to finish and run again") from None
        return self

    def __exit__(self, *exc: object) -> None:
        if self.fd is not None:
            fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)
            self.fd = None


def is_duckdb_file(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(12)[8:12] == DUCKDB_MAGIC


def open_database(path: str | Path, read_only: bool = True, config: dict | None = None) -> duckdb.DuckDBPyConnection:
    """Connect to an existing database, with a clear error when the file is not one."""
    p = Path(path)
    if not p.exists():
        raise DatabaseError(f"{p}: no database here; run `gik ingest` (or `make demo`) first")
    if not p.is_file() or not is_duckdb_file(p):
        raise DatabaseError(f"{p}: not a DuckDB database (give --db the database `gik ingest` wrote)")
    try:
        return duckdb.connect(str(p), read_only=read_only, config=config or {})
    except duckdb.Error as exc:
        raise DatabaseError(f"{p}: cannot be opened as a database: {exc}") from None


def gik_tables(path: Path) -> set[str]:
    con = open_database(path)
    try:
        return {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    finally:
        con.close()


def check_target(db_path: str | Path) -> int | None:
    """Refuse to replace anything but a gikdata database. Returns its number of reports (None
    when there is no file yet)."""
    p = Path(db_path)
    if not os.path.lexists(p):
        return None
    if not p.is_file():
        raise DatabaseError(f"{p}: exists and is not a file; refusing to replace it")
    if p.stat().st_size and not is_duckdb_file(p):
        raise DatabaseError(f"{p}: not a gikdata database (not a DuckDB file); refusing to overwrite it. "
                            "Give --db a new path, or remove the file if you mean to replace it")
    if not p.stat().st_size:
        return 0
    missing = GIK_TABLES - gik_tables(p)
    if missing:
        raise DatabaseError(f"{p}: a DuckDB database that gikdata did not make (no {', '.join(sorted(missing))} "
                            "table); refusing to overwrite it")
    con = open_database(p)
    try:
        return con.execute("SELECT count(*) FROM reports").fetchone()[0]
    finally:
        con.close()


def check_not_emptier(db_path: str | Path, old_reports: int | None, new_reports: int, allow_empty: bool) -> None:
    """An ingest that loaded nothing does not replace a database holding reports."""
    if new_reports == 0 and old_reports and not allow_empty:
        raise DatabaseError(f"{db_path}: no report was loaded, so the database ({old_reports} reports) is "
                            "kept as it was; pass --allow-empty to replace it with an empty one")


def temp_paths(db_path: str | Path) -> list[Path]:
    """Temp files an ingest of ``db_path`` writes (``.NAME.tmp-PID`` and DuckDB's ``.wal``)."""
    p = Path(db_path)
    return sorted(p.parent.glob(f".{p.name}.tmp-*"))


def remove_stale_temps(db_path: str | Path) -> list[Path]:
    """Remove temp files of earlier, killed ingests. Call with the lock held: then no running
    ingest owns any of them."""
    removed = []
    for t in temp_paths(db_path):
        try:
            t.unlink()
            removed.append(t)
        except FileNotFoundError:
            pass
    return removed


@contextmanager
def write_errors(db_path: str | Path) -> Iterator[None]:
    """Turn a failed write (disk full, file too large, no permission) into one message, and
    remove what the failed write left. Call with the lock held."""
    try:
        yield
    except (OSError, duckdb.Error) as exc:
        remove_stale_temps(db_path)  # the half-written temp file and its .wal (the lock is held)
        text = str(exc)
        full = getattr(exc, "errno", None) in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG) or any(
            w in text.lower() for w in ("no space left", "disk quota", "file too large"))
        if not full and not isinstance(exc, OSError | duckdb.IOException):
            raise  # not a failed write: a bug, shown as one
        what = "the disk is full (or the file size limit was reached)" if full else text
        raise DatabaseError(f"{db_path}: the new database could not be written: {what}. "
                            "The old database is kept as it was; free space and run again") from None
