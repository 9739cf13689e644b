"""``gik init``: lay out a project folder that every ``gik`` command run in it works on.

The layout is the one ``config.Project`` reads: ``data/raw/`` with a manifest header,
``data/derived/``, the two decision files with their headers, ``queries/`` with one example, a
README and a .gitignore (from ``gikdata/templates/project``). Nothing that exists is overwritten.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ..config import TEMPLATES_DIR, Project
from .agency_rules import COLUMNS as AGENCY_RULE_COLUMNS
from .corrections import COLUMNS as CORRECTION_COLUMNS
from .pipeline import MANIFEST_COLUMNS

PROJECT_TEMPLATE = TEMPLATES_DIR / "project"


def _header(columns: tuple[str, ...]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(columns)
    return buf.getvalue()


def init_project(root: str | Path) -> tuple[list[Path], list[Path]]:
    """Lay out a project in ``root``; return (created, kept): the paths made and those that
    were already there and left as they were."""
    p = Project(Path(root).resolve())
    files = {
        p.manifest: _header(MANIFEST_COLUMNS),
        p.agencies: _header(AGENCY_RULE_COLUMNS),
        p.corrections: _header(CORRECTION_COLUMNS),
        p.root / "README.md": (PROJECT_TEMPLATE / "README.md").read_text(encoding="utf-8"),
        p.root / ".gitignore": (PROJECT_TEMPLATE / "gitignore").read_text(encoding="utf-8"),
        p.queries / "reports_by_year.sql": (PROJECT_TEMPLATE / "reports_by_year.sql").read_text(encoding="utf-8"),
    }
    created, kept = [], []
    for folder in (p.raw, p.derived, p.queries):
        (kept if folder.is_dir() else created).append(folder)
        folder.mkdir(parents=True, exist_ok=True)
    for path, text in files.items():
        if path.exists():
            kept.append(path)
        else:
            path.write_text(text, encoding="utf-8")
            created.append(path)
    return created, kept
