"""docs/schema.md documents every table, view and column of a real database, and nothing stale."""

from __future__ import annotations

import re

import duckdb
from conftest import ROOT

DOC = ROOT / "docs" / "schema.md"
_HEADING = re.compile(r"^## (?:table|view) `(\w+)`", re.MULTILINE)
_ROW = re.compile(r"^\| `(\w+)` \|", re.MULTILINE)


def documented() -> tuple[dict[str, set[str]], set[str]]:
    """relation -> documented columns, and the documented measures."""
    text = DOC.read_text(encoding="utf-8")
    parts = re.split(r"^## ", text, flags=re.MULTILINE)
    relations, measures = {}, set()
    for part in parts[1:]:
        body = "## " + part
        if m := _HEADING.match(body):
            relations[m.group(1)] = set(_ROW.findall(body))
        elif body.startswith("## Measures"):
            measures = set(_ROW.findall(body))
    return relations, measures


def actual(db) -> dict[str, set[str]]:
    con = duckdb.connect(str(db), read_only=True)
    out: dict[str, set[str]] = {}
    for table, column in con.sql("select table_name, column_name from information_schema.columns").fetchall():
        out.setdefault(table, set()).add(column)
    return out


def test_every_relation_and_column_is_documented(seed_db):
    docs, measures = documented()
    real = actual(seed_db)
    assert set(docs) == set(real), "documented relations differ from the database's"
    for name, columns in real.items():
        extra = columns - docs[name]
        if name == "panel":  # one column per measure, and its _approx twin
            extra = {c for c in extra if c not in measures and c.removesuffix("_approx") not in measures}
        assert not extra, f"{name}: undocumented columns {sorted(extra)}"
        assert not docs[name] - columns, f"{name}: documented columns that do not exist {sorted(docs[name] - columns)}"


def test_every_documented_measure_is_a_panel_column(seed_db):
    _, measures = documented()
    assert measures <= actual(seed_db)["panel"]
