"""Where things live (cookiecutter-data-science's config.py), in two kinds.

- What ships with gikdata (SQL, data files, templates, notebooks): beside this file, whether it
  runs from a checkout or from an installed wheel.
- The user's project (``data/raw``, ``data/derived``, the database, the decision files, their own
  ``queries/``): ``$GIK_HOME`` when set, else the nearest folder from the current one upward that
  holds ``data/raw`` (as git finds its repository, so a notebook running in ``notebooks/`` finds
  the project above it), else the current folder. A checkout run from its root is such a project.

Project paths are resolved when asked for (``project()``), never at import, so that a process
that changes folder (a test, a notebook) gets the folder it is in. The old constants
(``DEFAULT_DB``, ``RAW_DIR`` ...) still work: ``from gikdata.config import DEFAULT_DB`` resolves
at that moment.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PACKAGE_DATA_DIR = PACKAGE_DIR / "data"
SQL_DIR = PACKAGE_DIR / "sql"
TEMPLATES_DIR = PACKAGE_DIR / "templates"
#: A wheel ships the repository's top-level notebooks/ as gikdata/notebooks (pyproject.toml's
#: package-dir); a checkout has them only at the top level.
NOTEBOOKS_DIR = next((d for d in (PACKAGE_DIR / "notebooks", PACKAGE_DIR.parent / "notebooks")
                      if (d / "agency_brief.ipynb").exists()), PACKAGE_DIR / "notebooks")
MANIFEST_NAME = "manifest.csv"
#: The environment variable that names the project folder (GIK_PROJECT_DIR: its older name).
HOME_VARIABLES = ("GIK_HOME", "GIK_PROJECT_DIR")

#: Files larger than this are refused before decoding: a yearly report is a few hundred KB of text.
MAX_INPUT_BYTES = 64 * 1024 * 1024
#: What a container (.docx zip, PDF streams) may expand to: a zip bomb is refused unread.
MAX_EXPANDED_BYTES = 100 * 1024 * 1024


@dataclass(frozen=True)
class Project:
    """The paths of one project folder."""

    root: Path

    @property
    def raw(self) -> Path:
        return self.root / "data" / "raw"

    @property
    def derived(self) -> Path:
        return self.root / "data" / "derived"

    @property
    def db(self) -> Path:
        return self.derived / "gik.duckdb"

    @property
    def briefs(self) -> Path:
        return self.derived / "briefs"

    @property
    def manifest(self) -> Path:
        return self.raw / MANIFEST_NAME

    @property
    def agencies(self) -> Path:
        """The user's agency decisions: merges, splits, renames (applied on every ingest)."""
        return self.root / "data" / "agencies.csv"

    @property
    def corrections(self) -> Path:
        """The user's corrections of extracted facts (applied on every ingest)."""
        return self.root / "data" / "corrections.csv"

    @property
    def queries(self) -> Path:
        """The user's own named queries (``gik query NAME``), beside gikdata's."""
        return self.root / "queries"

    @property
    def cache(self) -> Path:
        """Caches that are safe to delete (each file's extracted and tokenised result); never the system temp."""
        env = os.environ.get("GIK_CACHE_DIR")
        return Path(env).resolve() if env else self.root / ".cache"


def project_dir(start: str | Path | None = None) -> Path:
    """The project folder: ``$GIK_HOME``, else the nearest of ``start`` (default: the current
    folder) and its parents that holds ``data/raw``, else ``start`` itself."""
    for name in HOME_VARIABLES:
        if os.environ.get(name):
            return Path(os.environ[name]).expanduser().resolve()
    here = Path(start or Path.cwd()).resolve()
    return next((d for d in (here, *here.parents) if (d / "data" / "raw").is_dir()), here)


def project(start: str | Path | None = None) -> Project:
    """The paths of the current project (see ``project_dir``)."""
    return Project(project_dir(start))


def default_db() -> Path:
    """``data/derived/gik.duckdb`` of the current project."""
    return project().db


_LEGACY = {"PROJECT_DIR": "root", "RAW_DIR": "raw", "DERIVED_DIR": "derived", "DEFAULT_DB": "db",
           "BRIEFS_DIR": "briefs", "AGENCIES_FILE": "agencies", "CORRECTIONS_FILE": "corrections",
           "CACHE_DIR": "cache"}


def __getattr__(name: str) -> Path:
    """The project constants of old (``config.DEFAULT_DB``), resolved when read."""
    if name in _LEGACY:
        return getattr(project(), _LEGACY[name])
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
