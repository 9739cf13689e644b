"""The vocabulary of agency names, the lineage of renamed functions, and agency identity.

Names and renames are data (``data/agency_terms.csv``, ``data/lineage.csv``), not code: a
researcher extends them without touching Python. Identity is a rule: two reports come from one
agency when they sit in the same division and their functions lie on one lineage (安监局 in
2014 and 应急管理局 in 2019 are one body).
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache

from ..config import PACKAGE_DATA_DIR
from ..model import Region

#: How a body's short name says its level: 区安监局 is a district body, 市安监局 a city's.
LEVEL_PREFIXES = {"省": "province", "市": "city", "区": "county", "县": "county", "旗": "county",
                  "镇": "township", "乡": "township", "街道": "township",
                  "度假区": "zone", "开发区": "zone", "新区": "zone", "高新区": "zone", "园区": "zone",
                  "实验区": "zone"}


@dataclass(frozen=True, slots=True)
class Term:
    term: str
    full_name: str
    function: str
    form: str  # full | short


@cache
def terms() -> tuple[Term, ...]:
    with (PACKAGE_DATA_DIR / "agency_terms.csv").open(encoding="utf-8") as fh:
        rows = [Term(r["term"], r["full_name"], r["function"], r["form"]) for r in csv.DictReader(fh)]
    return tuple(sorted(rows, key=lambda t: -len(t.term)))


@dataclass(frozen=True, slots=True)
class Link:
    """One step of a body's lineage: ``old`` became (or merged into) ``new`` in ``year``.

    ``kind`` says what the panel does with it: ``rename`` (same remit, new name: one series),
    ``succession`` (one body goes on with a changed remit: one series with a break), ``merge``
    (several bodies' remits joined into a new one: each predecessor keeps its own series, linked
    to the successor's in ``agency_lineage``). ``place`` limits the step to one place's bodies
    (平潭综合实验区), empty for all.
    """

    old: str
    new: str
    year: int
    kind: str
    place: str
    basis: str


@cache
def lineage_links() -> tuple[Link, ...]:
    with (PACKAGE_DATA_DIR / "lineage.csv").open(encoding="utf-8") as fh:
        return tuple(Link(r["old_function"], r["new_function"], int(r["year"]), r.get("kind") or "rename",
                          r.get("place") or "", r.get("basis") or "") for r in csv.DictReader(fh))


@cache
def lineage(place: str | None = None) -> dict[str, tuple[str, int]]:
    """old function -> (new function, year of the change); a place's own steps override the general ones."""
    links = {k.old: (k.new, k.year) for k in lineage_links() if not k.place}
    if place:
        links |= {k.old: (k.new, k.year) for k in lineage_links() if k.place == place}
    return links


def canonical_function(function: str, place: str | None = None) -> str:
    """Follow renames and mergers to the function's newest form (work_safety -> emergency_management;
    in 平潭综合实验区, work_safety -> enforcement_emergency)."""
    return _follow(function, lineage(place))


def remit_of(function: str, place: str | None = None) -> str:
    """The function after renames only: a succession (安监局 -> 应急管理局) changes the remit."""
    return _follow(function, _links(place, ("rename",)))


def series_function(function: str, place: str | None = None) -> str:
    """The function a body's series is kept under: renames and successions followed, mergers not
    (平潭县教育局 stays 教育局's own series; 社会事业局 starts its own)."""
    return _follow(function, _links(place, ("rename", "succession")))


def merge_link(function: str, place: str | None = None) -> Link | None:
    """The merger that ends this function's series, if any (the place's own step first)."""
    fn = series_function(function, place)
    links = [k for k in lineage_links() if k.kind == "merge" and k.old == fn and k.place in ("", place or "")]
    return max(links, key=lambda k: bool(k.place), default=None)


@cache
def _links(place: str | None, kinds: tuple[str, ...]) -> dict[str, tuple[str, int]]:
    links = {k.old: (k.new, k.year) for k in lineage_links() if k.kind in kinds and not k.place}
    if place:  # a place's own step replaces the general one for the same old function
        for k in lineage_links():
            if k.place == place:
                if k.kind in kinds:
                    links[k.old] = (k.new, k.year)
                else:
                    links.pop(k.old, None)
    return links


def _follow(function: str, links: dict[str, tuple[str, int]]) -> str:
    seen = {function}
    while function in links:
        function = links[function][0]
        if function in seen:
            raise ValueError(f"lineage.csv has a cycle through {function!r}")
        seen.add(function)
    return function


@cache
def _short_name_re() -> re.Pattern[str]:
    prefixes = "|".join(sorted(LEVEL_PREFIXES, key=len, reverse=True))
    names = "|".join(re.escape(t.term) for t in terms())
    return re.compile(rf"(?P<prefix>{prefixes}|我)(?P<term>{names})")


def short_names(text: str) -> Counter[str]:
    """Short agency names in the text (区安监局, 市安监局, 度假区安监局, 区政府) and how often.

    A match that is the tail of a longer name (区应急管理局 inside 张店区应急管理局, 区管委会 inside
    化工区管委会) is not a short name: the character before it must not be an ideograph, or
    must be one of the words that commonly stand before a bare short name (由, 在, 对 …).
    """
    found: Counter[str] = Counter()
    for m in _short_name_re().finditer(text):
        before = text[m.start() - 1] if m.start() else ""
        if m.group("prefix") == "我" or ("\u4e00" <= before <= "\u9fff" and before not in _BEFORE_SHORT):
            continue
        found[m.group()] += 1
    return found


#: Words after which a bare short name (区安监局) stands as its own noun phrase.
_BEFORE_SHORT = set("由在对向将与和及或为是了年度中经把被从让请据于即等对")


def split_name(name: str) -> tuple[str, Term] | None:
    """Split a name into (prefix, term) by the longest known term it ends with."""
    for t in terms():
        if name.endswith(t.term):
            return name[: -len(t.term)], t
    return None


def level_of_prefix(prefix: str) -> str | None:
    """区 -> county; 聊城江北水城旅游度假区 -> zone; 张店区 -> county."""
    for p in sorted(LEVEL_PREFIXES, key=len, reverse=True):
        if prefix.endswith(p):
            return LEVEL_PREFIXES[p]
    return None


def agency_id(region: Region, function: str | None, report_id: str) -> str:
    """A stable id: division code + canonical function; never shared by unplaced reports.

    An unplaced or unnamed body gets an id of its own report, so that two unplaced 市安监局
    reports from different cities are never merged by accident.
    """
    fn = series_function(function) if function else "unknown"
    if not region.code or fn == "unknown":
        return f"unplaced-{report_id[:8]}-{fn}"
    if region.zone:
        zone = hashlib.sha1(region.zone.encode("utf-8")).hexdigest()[:6]
        return f"{region.code}-z{zone}-{fn}"
    return f"{region.code}-{fn}"
