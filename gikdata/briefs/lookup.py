"""An agency from what a user typed (its id, name, an alias or a unique part of one), for
``gik brief`` before a kernel starts and for notebooks run under plain papermill."""

from __future__ import annotations

import difflib
from pathlib import Path

from ..errors import AgencyNotFound
from ..store import queries


def resolve_agency(db_path: str | Path, text: str) -> str:
    """An agency id from what a user typed: its id, its name, an alias, or a unique part of one."""
    con = queries.connect(db_path)
    try:
        matches = queries.find_agencies(con, text)
        if len(matches) == 1 or (matches and (matches[0][0] == text or matches[0][1] == text)):
            return matches[0][0]
        if matches:
            listed = "; ".join(f"{i} ({n or '?'})" for i, n in matches[:8])
            raise AgencyNotFound(f"{text!r} matches several agencies: {listed}")
        names = [r[0] for r in con.execute("select alias from agency_aliases union select agency_id from agencies").fetchall()]
    finally:
        con.close()
    close = difflib.get_close_matches(text, names, n=5, cutoff=0.3)
    hint = f"; close matches: {', '.join(close)}" if close else ""
    raise AgencyNotFound(f"no agency matches {text!r} in {db_path}{hint}")
