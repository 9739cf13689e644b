"""Measure labels and units for readers: one table (``data/measures.csv``) serves every brief,
so no measure code (``staff``, ``proactive_category_share``) reaches a reader without a Chinese
label and its unit. The English column documents the schema (exports, data dictionaries).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache

from ..config import PACKAGE_DATA_DIR

MEASURES_FILE = PACKAGE_DATA_DIR / "measures.csv"
#: kinds whose values may be added up (parts of one total); shares and rates never are.
ADDITIVE_KINDS = ("count", "amount")


@dataclass(frozen=True)
class MeasureLabel:
    measure: str
    label_zh: str
    label_en: str
    unit: str
    kind: str       # count | share | rate | amount
    section: str    # proactive | organisation | requests | review


@cache
def measure_table() -> dict[str, MeasureLabel]:
    """measure code -> its label, in the file's order (the order briefs list measures in)."""
    with MEASURES_FILE.open(encoding="utf-8", newline="") as fh:
        return {r["measure"]: MeasureLabel(r["measure"], r["label_zh"], r["label_en"], r["unit"], r["kind"],
                                           r["section"]) for r in csv.DictReader(fh)}


def info(measure: str) -> MeasureLabel:
    """A measure's label; an unknown code gets a visibly provisional one (still never a bare code)."""
    known = measure_table().get(measure)
    if known:
        return known
    kind = "share" if measure.endswith("_share") else "count"
    return MeasureLabel(measure, f"未登记指标（{measure}）", measure, "%" if kind == "share" else "", kind, "other")


def label(measure: str, unit: str | None = None) -> str:
    """'主动公开政府信息（条）': the Chinese label with the unit (the fact's own unit when given)."""
    m = info(measure)
    u = unit or m.unit
    return f"{m.label_zh}（{u}）" if u else m.label_zh


def order_key(measure: str) -> tuple[int, str]:
    """Sort key: the file's order, unknown measures last."""
    codes = list(measure_table())
    return (codes.index(measure) if measure in codes else len(codes), measure)


def is_additive(measure: str) -> bool:
    return info(measure).kind in ADDITIVE_KINDS


@cache
def _function_names() -> dict[str, str]:
    """function code -> the full Chinese name agency_terms.csv gives it first (应急管理局)."""
    names: dict[str, str] = {}
    with (PACKAGE_DATA_DIR / "agency_terms.csv").open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            if r["form"] == "full":
                names.setdefault(r["function"], r["full_name"])
    return names


def function_label(function: str) -> str:
    """'应急管理局' for emergency_management; the code itself only when the table has no name."""
    return _function_names().get(function, function)
