"""Path constants only (cookiecutter-data-science's config.py): where things live by default."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
#: The project root when running from a checkout; the current folder otherwise.
PROJECT_DIR = Path(os.environ.get("GIK_PROJECT_DIR", PACKAGE_DIR.parent)).resolve()
RAW_DIR = PROJECT_DIR / "data" / "raw"
DERIVED_DIR = PROJECT_DIR / "data" / "derived"
DEFAULT_DB = DERIVED_DIR / "gik.duckdb"
BRIEFS_DIR = DERIVED_DIR / "briefs"
NOTEBOOKS_DIR = PROJECT_DIR / "notebooks"
MANIFEST_NAME = "manifest.csv"
#: The user's decisions, applied on every ingest: agency merges/splits/renames, fact corrections.
AGENCIES_FILE = PROJECT_DIR / "data" / "agencies.csv"
CORRECTIONS_FILE = PROJECT_DIR / "data" / "corrections.csv"
PACKAGE_DATA_DIR = PACKAGE_DIR / "data"
SQL_DIR = PACKAGE_DIR / "sql"
TEMPLATES_DIR = PACKAGE_DIR / "templates"

#: Files larger than this are refused before decoding: a yearly report is a few hundred KB of text.
MAX_INPUT_BYTES = 64 * 1024 * 1024
#: What a container (.docx zip, PDF streams) may expand to: a zip bomb is refused unread.
MAX_EXPANDED_BYTES = 100 * 1024 * 1024

#: Caches that are safe to delete (jieba's dictionary, tokenised reports); never the system temp.
CACHE_DIR = Path(os.environ.get("GIK_CACHE_DIR") or PROJECT_DIR / ".cache").resolve()
