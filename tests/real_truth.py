"""Scoring `gik extract --json` output against the real corpus's truth (tests/real/truth.json).

The semantics are those of the shared acceptance scorer (../shared/tools/score.py), written
again here so the project can score itself per field family: each checked value is ``ok``,
``ok-null`` (both null, or an empty category list against null), ``miss`` (we give null, the
truth has a value) or ``wrong`` (we give a value that differs); precision = ok / (ok + wrong),
recall = (ok + ok-null) / checked. A wrong value that the truth lists among its
``acceptable_alternatives`` counts as ok. Used by bench/accuracy.py and tests/test_real_accuracy.py.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REAL = Path(__file__).resolve().parent / "real"
TRUTH_FILE = REAL / "truth.json"
RAW = REAL / "raw"

#: truth key -> summary key of `gik extract --json`
ALIASES = {"applications_received": "requests_received", "admin_review_cases": "review_cases",
           "admin_litigation_cases": "litigation_cases"}
NUM_FIELDS = ("proactive_total", "requests_received", "review_cases", "litigation_cases", "fees_collected")
#: the order of the families in the printed table
FAMILIES = ("proactive_total", "categories", "requests_received", "review_cases", "litigation_cases",
            "fees_collected", "year", "format", "agency", "region", "cells")


@dataclass(frozen=True)
class Check:
    """One value checked: which report, which field, the outcome, both values."""

    file: str
    field: str
    outcome: str  # ok | ok-null | miss | wrong
    truth: Any
    got: Any

    @property
    def family(self) -> str:
        if self.field.startswith("cell."):
            return "cells"
        if self.field.startswith("region"):
            return "region"
        return self.field


def _label(s: str | None) -> str:
    return re.sub(r"\s+", "", s or "")


def _cat_name(s: str | None) -> str:
    """Category names compare without 类/信息/punctuation: 机构职能类信息 == 机构职能."""
    return re.sub(r"[\s、，,。：:（）()“”\"]|类|信息", "", s or "")


def number(x: Any) -> Any:
    """A number as the scorer compares it: int when whole, the first number of a string."""
    if x is None:
        return None
    if isinstance(x, str):
        m = re.search(r"-?\d+(?:\.\d+)?", x.replace(",", ""))
        x = m.group(0) if m else x
    try:
        f = float(x)
    except (TypeError, ValueError):
        return ("bad", x)
    return int(f) if f == int(f) else round(f, 4)


def _cats(cats: list[dict] | None) -> list | None:
    if cats is None:
        return None
    return sorted((_cat_name(c.get("name")), number(c.get("count"))) for c in cats)


def compare(kind: str, truth: Any, got: Any) -> str:
    if kind == "num":
        t, p = number(truth), number(got)
    elif kind == "cats":
        t, p = _cats(truth), _cats(got)
        if t == [] and p is None:
            p = []
    else:
        t, p = truth, got
    if t is None and p is None:
        return "ok-null"
    if p is None or p == []:
        return "ok-null" if t in (None, []) else "miss"
    return "ok" if p == t else "wrong"


def _cell(summary: dict, row: str, col: str) -> Any:
    """A template cell by row and column label (whitespace and 万元 unit ignored)."""
    row_n, col_n = _label(row), _label(col)
    unit = "（单位：万元）"
    for table in (summary.get("template_tables") or {}).values():
        for r, cols in (table or {}).items():
            if _label(r) != row_n or not isinstance(cols, dict):
                continue
            for c, v in cols.items():
                if _label(c) == col_n or _label(c).replace(unit, "") == col_n.replace(unit, ""):
                    return v
    return None


def _agency_ok(t: dict, d: dict) -> bool | None:
    name = _label((d.get("agency") or {}).get("name") or "")
    tn = _label(t["agency_name"])
    ok = bool(name) and (tn in name or name in tn or _label(t.get("agency_name_canonical") or "-") in name)
    return True if ok else (None if not name else False)


def _region_ok(t: dict, d: dict) -> bool | None:
    region = (d.get("agency") or {}).get("region") or {}
    parts = [_label(v) for v in region.values() if v]
    tr = _label(t["region"])
    ok = bool(parts) and all(x in tr or x.rstrip("省市区县") in tr for x in parts)
    return True if ok else (None if not parts else False)


def _checks_of(t: dict, d: dict) -> list[tuple[str, str, Any, Any]]:
    """(field, kind, truth, got) for every value the truth entry ``t`` codes."""
    s = d.get("summary") or {}
    out: list[tuple[str, str, Any, Any]] = []
    if "year" in t:
        out.append(("year", "num", t["year"], d.get("year")))
    if t.get("format"):
        f = d.get("format") or ""
        out.append(("format", "eq", t["format"].replace("template2019", "template"),
                    f.replace("template2019", "template") if f else None))
    for k in t:
        if ALIASES.get(k, k) in NUM_FIELDS:
            out.append((ALIASES.get(k, k), "num", t[k], s.get(ALIASES.get(k, k))))
    if "categories" in t:
        tc = t["categories"]
        tc = None if tc is None else [{"name": c["name"], "count": c.get("count")} for c in tc]
        out.append(("categories", "cats", tc, s.get("categories")))
    if t.get("agency_name"):
        out.append(("agency", "eq", True, _agency_ok(t, d)))
    if isinstance(t.get("region"), str):
        out.append(("region", "eq", True, _region_ok(t, d)))
    for row, cols in (t.get("table_art20") or {}).items():
        for col, val in (cols or {}).items():
            out.append((f"cell.{row}.{col}", "num", val, _cell(s, row, col)))
    return out


def score(truth: list[dict], outputs: list[dict]) -> list[Check]:
    """Every check of every truth entry against the extractor's JSON outputs (by file name)."""
    preds = {Path(d.get("file", "")).name: d for d in outputs}
    checks: list[Check] = []
    for t in truth:
        d = preds.get(t["file"])
        alts = {ALIASES.get(k, k): [number(v) for v in vals]
                for k, vals in (t.get("acceptable_alternatives") or {}).items()}
        for name, kind, tv, pv in _checks_of(t, d or {}):
            r = "miss" if d is None else compare(kind, tv, pv)
            if r == "wrong" and number(pv) in alts.get(name, []):
                r = "ok"
            checks.append(Check(t["file"], name, r, tv, pv))
    return checks


@dataclass(frozen=True)
class Figures:
    ok: int
    ok_null: int
    miss: int
    wrong: int

    @property
    def checked(self) -> int:
        return self.ok + self.ok_null + self.miss + self.wrong

    @property
    def precision(self) -> float:
        return self.ok / (self.ok + self.wrong) if self.ok + self.wrong else 0.0

    @property
    def recall(self) -> float:
        return (self.ok + self.ok_null) / self.checked if self.checked else 0.0


def figures(checks: list[Check]) -> Figures:
    c = Counter(ch.outcome for ch in checks)
    return Figures(c["ok"], c["ok-null"], c["miss"], c["wrong"])


def by_family(checks: list[Check]) -> dict[str, Figures]:
    return {fam: figures([c for c in checks if c.family == fam]) for fam in FAMILIES}


def load_truth(path: Path = TRUTH_FILE) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))
