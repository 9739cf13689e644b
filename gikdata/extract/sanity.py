"""The last guard before a report leaves the extractor: every value is a finite number, and a
template cell that cannot be negative is flagged when it is.

The rules upstream already refuse numbers that overflow (``numbers.finite``); this guard holds
whatever a rule, present or future, lets through, so that ``inf`` and ``nan`` never reach the
database, the JSON contract (where ``Infinity`` is not valid JSON) or a brief.
"""

from __future__ import annotations

import math

from ..model import Fact, Flag

#: Template columns where the 2019 layout prints a change, which may be negative (本年增/减).
SIGNED_COLUMNS: tuple[str, ...] = ("本年增/减",)
TEMPLATE_MEASURES = ("template_article20", "template_requests", "template_review_litigation")

Tables = dict[str, dict[str, dict[str, float | None]]]


def finite_facts(facts: list[Fact]) -> tuple[list[Fact], list[Flag]]:
    """Facts whose value is a finite number; each one dropped is named in a flag."""
    kept, flags = [], []
    for f in facts:
        if isinstance(f.value, int | float) and math.isfinite(f.value):
            kept.append(f)
        else:
            flags.append(Flag("warning", "value_not_finite",
                              f"{f.measure} {f.dimension or ''} read as {f.value!r} from "
                              f"{f.evidence[:40]!r}: not a figure, dropped", f.value_start, f.value_end))
    return kept, flags


def finite_tables(tables: Tables) -> tuple[Tables, list[Flag]]:
    """Template cells that are not finite become null (unreadable), with one flag per table."""
    out: Tables = {}
    flags = []
    for name, rows in tables.items():
        bad = 0
        out[name] = {}
        for row, cells in rows.items():
            out[name][row] = {}
            for col, v in cells.items():
                ok = v is None or (isinstance(v, int | float) and math.isfinite(v))
                bad += not ok
                out[name][row][col] = v if ok else None
        if bad:
            flags.append(Flag("warning", "value_not_finite",
                              f"{bad} cells of the {name} table are not finite numbers: set to null"))
    return out, flags


def negative_cells(facts: list[Fact]) -> list[Flag]:
    """A negative count where the template prints none (only 本年增/减 may be negative)."""
    flags = []
    for f in facts:
        if f.measure not in TEMPLATE_MEASURES or f.value >= 0:
            continue
        column = (f.dimension or "").rsplit("|", 1)[-1]
        if column not in SIGNED_COLUMNS:
            flags.append(Flag("warning", "template_negative_cell",
                              f"{f.measure} {f.dimension} is {f.value:g}: this cell of the template "
                              "cannot be negative", f.value_start, f.value_end))
    return flags

