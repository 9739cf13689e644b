"""Agency identity and the panel at scale, on a synthetic corpus written by this script.

    .venv/bin/python bench/agencies.py [N_COUNTIES]

For N counties (the gazetteer's first current counties) it writes one work-safety report a year,
2014-2023, skipping 20% of years at random (seeded): 安全生产监督管理局 before 2019 and 应急管理局
from 2019, the title naming only the county. Prints how many reports were placed, how many
agencies the identity rule made (ideal: one per county, across the rename), the unplaced ones
(county names shared by several cities: 朝阳区, 和平区 …), coverage gaps and ingest time.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from gikdata.extract.regions import gazetteer  # noqa: E402
from gikdata.store.pipeline import ingest  # noqa: E402


def write_corpus(folder: Path, n_counties: int) -> int:
    rng = random.Random(1)
    counties = [d for d in gazetteer().by_code.values() if d.level == "county" and d.status == "current"][:n_counties]
    n = 0
    for d in counties:
        for year in range(2014, 2024):
            if rng.random() < 0.2:
                continue
            body = "安全生产监督管理局" if year < 2019 else "应急管理局"
            text = f"{d.name}{body}{year}年政府信息公开工作年度报告\n{year}年,我局主动公开政府信息{rng.randint(5, 90)}条。\n"
            (folder / f"{d.code}_{year}.txt").write_text(text, encoding="utf-8")
            n += 1
    return n


def main(n_counties: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        raw, db = Path(tmp) / "raw", Path(tmp) / "gik.duckdb"
        raw.mkdir()
        n = write_corpus(raw, n_counties)
        t0 = time.perf_counter()
        ingest([raw], db, agencies_file=None, corrections_file=None)
        seconds = time.perf_counter() - t0
        con = duckdb.connect(str(db), read_only=True)
        one = lambda sql: con.execute(sql).fetchone()[0]  # noqa: E731
        placed = one("select count(*) from reports where agency_id not like 'unplaced-%'")
        right = one(r"select count(*) from reports where starts_with(agency_id, regexp_extract(file, '(\d{6})_\d{4}\.txt$', 1) || '-')")
        print(f"reports {n}, ingest {seconds:.1f} s ({n / seconds:.0f} reports/s)")
        print(f"placed {placed}/{n}; placed in the right county {right}/{placed}")
        agencies = one("select count(*) from agencies where agency_id not like 'unplaced-%'")
        ambiguous = one("select count(distinct report_id) from flags where code = 'region_ambiguous'")
        print(f"placed agencies {agencies} for {n_counties} counties (one per placed county across the rename is ideal)")
        print(f"unplaced reports {n - placed}, of which flagged region_ambiguous {ambiguous}")
        print(f"panel rows {one('select count(*) from panel')}, coverage gaps inside a span "
              f"{one('select count(*) from coverage where not present and within_span')}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100)
