"""Stage 4: who published a report, for which year, about which place, in which format.

Unknown stays unknown: a report that names neither its year nor its region gets nulls and a
flag saying so (seed 002), until ``data/raw/manifest.csv`` supplies them; an override is
recorded as such, never hidden.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

from ..model import Agency, Flag, Metadata, Region
from ..read.normalise import NormText
from .agencies import (
    agency_id,
    canonical_function,
    level_of_prefix,
    remit_of,
    series_function,
    short_names,
    split_name,
)
from .identity import Claim, Identity, identify, lineage_place, own_prefixes, parse_body, remit
from .regions import ZONE_RE, Gazetteer, best_division, gazetteer, place_evidence, prefer_current

_TITLE_WORDS = re.compile(r"报告|年报|回报|工作报")
_CHROME = re.compile(r">|首页|当前位置|打印本页|关闭窗口")
_TITLE_PUBLISHER = re.compile(r"^(?P<pub>[\u4e00-\u9fff]{2,40}?)(?:\d{4}年|关于|政府信息公开|信息公开|年度|年终|政务公开)")
_BODY_PUBLISHER = re.compile(r"(?:本报告由|本年度报告由|报告由|由)(?P<name>[\u4e00-\u9fff]{3,40}?)(?:依据|按照|根据|编制|负责|制作)")
_YEAR_IN_TITLE = re.compile(r"((?:19|20)\d{2})年")
_STAT_PERIOD = re.compile(r"统计期限[^。\n]{0,12}?((?:19|20)\d{2})年0?1月0?1日")
_YEAR_IN_BODY = re.compile(r"(?:截至|截止)?((?:19|20)\d{2})年(?:度|底|,|全年|以来|共|全区|全市|我)")
_TEMPLATE_MARKERS = ("第二十条第(一)项", "本年新收政府信息公开申请数量", "收到和处理政府信息公开申请情况",
                     "国办公开办函〔2019〕60号", "本年制发件数", "本年新制作数量")


@dataclass(frozen=True, slots=True)
class Title:
    text: str
    start: int
    end: int


def find_title(text: str) -> Title | None:
    """The report's title: among the first lines, skipping page chrome, joined if split."""
    lines = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            lines.append((pos, line.strip()))
        pos += len(line) + 1
        if len(lines) >= 6:
            break
    for i, (start, line) in enumerate(lines[:4]):
        if _CHROME.search(line) or len(line) > 60:
            continue
        joined, end_line = line, i
        while not _TITLE_WORDS.search(joined) and end_line + 1 < len(lines) and (
                len(lines[end_line + 1][1]) <= 12  # 公开年报 wrapped onto the next line
                or (_TITLE_WORDS.search(lines[end_line + 1][1]) and len(joined + lines[end_line + 1][1]) <= 60)):
            end_line += 1
            joined += lines[end_line][1]
        if _TITLE_WORDS.search(joined):
            last_start, last = lines[end_line]
            return Title(joined, start, last_start + len(last))
        return None
    return None


@dataclass(frozen=True, slots=True)
class YearEvidence:
    """Where the reporting year was read: rule (title | statistics_period | body) and span."""

    rule: str
    start: int
    end: int


def find_year(text: str, title: Title | None) -> tuple[int | None, Flag | None]:
    year, flag, _ = year_with_evidence(text, title)
    return year, flag


def year_with_evidence(text: str, title: Title | None) -> tuple[int | None, Flag | None, YearEvidence | None]:
    """The reporting year from the title, else the statistics period (统计期限), never the
    publication or signature date; title and period disagreeing is a flag, the title wins."""
    period = _STAT_PERIOD.search(text)
    if title and (m := _YEAR_IN_TITLE.search(title.text)):
        year, evidence = int(m.group(1)), YearEvidence("title", title.start + m.start(1), title.start + m.end(1))
        if title.text != text[title.start:title.start + len(title.text)]:  # a title joined across lines
            evidence = YearEvidence("title", title.start, title.end)
        if period and int(period.group(1)) != year:
            return year, Flag("warning", "year_conflict",
                              f"the title says {year}, the statistics period {period.group(1)}; the title's year is kept",
                              period.start(1), period.end(1)), evidence
        return year, None, evidence
    if period:
        return int(period.group(1)), None, YearEvidence("statistics_period", period.start(1), period.end(1))
    years = Counter(int(m.group(1)) for m in _YEAR_IN_BODY.finditer(text))
    if years:
        (year, n), *rest = years.most_common()
        if n >= 2 and (not rest or rest[0][1] * 2 < n):
            return year, Flag("info", "year_from_body",
                              f"year {year} read from the body ({n} statements dated {year}); the title gives none"), None
    return None, Flag("warning", "year_unknown",
                      "the report states no year (no title year, statistics period or dated statements); "
                      "give it in data/raw/manifest.csv"), None


def find_format(text: str) -> str:
    return "template" if any(m in text for m in _TEMPLATE_MARKERS) else "freeform"


@dataclass(frozen=True, slots=True)
class _Candidate:
    name: str
    source: str  # title | body | short
    prefix: str
    function: str
    form: str


def _candidates(text: str, title: Title | None) -> list[_Candidate]:
    found: list[tuple[str, str]] = []
    if title and (m := _TITLE_PUBLISHER.match(title.text)):
        found.append((m.group("pub"), "title"))
    found += [(m.group("name"), "body") for m in _BODY_PUBLISHER.finditer(text[:3000])]
    found += [(name, "short") for name, _ in short_names(text).most_common()]
    out = []
    for name, source in found:
        parts = split_name(name)
        if parts:
            prefix, term = parts
            out.append(_Candidate(name, source, prefix, term.function, term.form))
    return out


def _resolve_region(prefix: str, level: str | None, mentions: Counter[str],
                    gaz: Gazetteer) -> tuple[Region | None, str | None]:
    """Region of a name prefix: 张店区 directly; 聊城江北水城旅游度假区 via its city; 区 via the text."""
    named = prefer_current(gaz.by_name.get(prefix, []))
    if len(named) == 1:
        return gaz.region_of(named[0]), None
    if level == "zone" and (m := ZONE_RE.search(prefix)):
        zone = m.group(1)
        for k in range(min(6, len(zone) - 2), 1, -1):
            parents = gaz.lookup(zone[:k])
            if len(parents) == 1:
                return gaz.region_of(parents[0], zone=zone[k:]), None
        return None, f"the zone {zone} names no division it belongs to"
    if level in ("county", "city", "province"):
        division, problem = best_division(mentions, level, gaz)
        return (gaz.region_of(division) if division else None), problem
    return None, None


def find_agency(norm: NormText, title: Title | None, report_id: str) -> tuple[Agency, list[Flag]]:
    """The publisher from the report's own statements of it (``identity``); failing those, from
    the short names in the body (区安监局) and the places the text names."""
    ident = identify(norm.text, title.text if title else None)
    if ident is not None:
        return _agency_of(norm, ident)
    return _agency_from_body(norm, title, report_id)


def _agency_of(norm: NormText, ident: Identity) -> tuple[Agency, list[Flag]]:
    assert ident.place is not None and ident.function is not None
    fn = canonical_function(ident.function)
    own = own_prefixes(ident.level, ident.place.region)
    found = [a for a in ident.aliases if (p := split_name(a)) and p[0] in LEVEL_ONLY and p[0] in own]
    found += [n for n, _ in short_names(norm.text).most_common()
              if (p := split_name(n)) and canonical_function(p[1].function) == fn and p[0] in own]
    shorts = list(dict.fromkeys(found))
    flags = [replace(f, start=s, end=e) if f.start is not None and f.end is not None else f
             for f in ident.flags for s, e in [norm.orig_span(f.start or 0, f.end or 0)]]
    evidence = tuple((c.source, c.name, *norm.orig_span(c.start, c.end)) for c in _decisive(ident))
    agency = Agency(name=ident.name, short_name=shorts[0] if shorts else None,
                    function=series_function(ident.function, lineage_place(ident.place.region)),
                    level=ident.level, region=ident.place.region,
                    aliases=tuple(dict.fromkeys([*ident.aliases, *shorts])), agency_id=ident.agency_id,
                    rule=ident.rule, evidence=evidence, remit=remit(ident.function, ident.place.region),
                    unit=ident.unit)
    return agency, flags


def _decisive(ident: Identity) -> list[Claim]:
    """The deciding claim first, then every other claim that names a body."""
    rest = [c for c in ident.claims if c != ident.claim and c.start >= 0 and parse_body(c.name)]
    return ([ident.claim] if ident.claim and ident.claim.start >= 0 else []) + rest


def _agency_from_body(norm: NormText, title: Title | None, report_id: str) -> tuple[Agency, list[Flag]]:
    text = norm.text
    cands = _candidates(text, title)
    flags: list[Flag] = []
    if not cands:
        flags.append(Flag("warning", "agency_unknown", "no agency name found in the title or body"))
        return Agency(None, None, None, None, agency_id=agency_id(Region(), None, report_id)), flags
    lead = cands[0]
    function = canonical_function(lead.function)
    same_body = [c for c in cands if canonical_function(c.function) == function]
    gaz = gazetteer()
    mentions = gaz.mentions(text)
    if title:
        mentions.update({k: 4 * v for k, v in gaz.mentions(title.text).items()})
    # document numbers (张政办发〔2014〕50号) and addresses name the issuer's own place
    mentions.update({k: 2 * v for k, v in place_evidence(text, gaz, mentions).items()})
    region, name, level = None, None, None
    for c in sorted(same_body, key=lambda c: (c.form != "full", c.source != "title")):
        level = level or level_of_prefix(c.prefix)
        region, problem = _resolve_region(c.prefix, level_of_prefix(c.prefix) or level, mentions, gaz)
        if region:
            name = c.name if c.prefix not in LEVEL_ONLY else None
            break
        if problem:
            flags.append(Flag("warning", "region_ambiguous", problem))
    short = next((c.name for c in same_body if c.source == "short"), None)
    if region and not name:
        term = split_name(short or lead.name)[1]
        place = region.zone and f"{region.city or ''}{region.zone}" or region.county or region.city or region.province
        name = f"{place}{term.full_name}"
        flags.append(Flag("info", "name_constructed",
                          f"full name {name} built from the short name {short or lead.name} and the region the text names"))
    if not region:
        flags.append(Flag("warning", "region_unknown",
                          f"the report does not say which place {short or lead.name} belongs to; "
                          "give it in data/raw/manifest.csv"))
    aliases = tuple(dict.fromkeys(
        [c.name for c in same_body if c.source != "short" or _same_level(c, level)] + ([name] if name else [])))
    agency = Agency(name=name, short_name=short or (lead.name if lead.form == "short" else None),
                    function=series_function(lead.function), level=level, region=region or Region(), aliases=aliases,
                    remit=remit_of(lead.function))
    return replace(agency, agency_id=agency_id(agency.region, function, report_id)), flags


def _same_level(c: _Candidate, level: str | None) -> bool:
    return level_of_prefix(c.prefix) == level


#: Prefixes that only say a level (区安监局): such a name is short, whatever its term's form.
LEVEL_ONLY = {"省", "市", "区", "县", "镇", "乡", "街道", "度假区", "开发区", "新区", "高新区", "园区", "我", ""}


def extract_metadata(norm: NormText, report_id: str) -> tuple[Metadata, list[Flag]]:
    text = norm.text
    title = find_title(text)
    year, year_flag, year_evidence = year_with_evidence(text, title)
    agency, flags = find_agency(norm, title, report_id)
    if year_flag:
        if year_flag.start is not None and year_flag.end is not None:
            year_flag = replace(year_flag, start=norm.orig_span(year_flag.start, year_flag.end)[0],
                                end=norm.orig_span(year_flag.start, year_flag.end)[1])
        flags.append(year_flag)
    scope = "whole_area" if agency.function == "government" else "own"
    meta = Metadata(agency=agency, year=year, format=find_format(text), scope=scope,
                    title=title.text if title else None,
                    year_evidence=(year_evidence.rule, *norm.orig_span(year_evidence.start, year_evidence.end))
                    if year_evidence else None)
    return meta, flags


def apply_overrides(meta: Metadata, overrides: dict[str, str], report_id: str) -> tuple[Metadata, list[Flag]]:
    """Apply a manifest row's metadata; every override is recorded and flagged as such."""
    flags, applied = [], []
    agency, year = meta.agency, meta.year
    if overrides.get("year"):
        new_year = int(overrides["year"])
        flags.append(Flag("info", "override_year", f"year {new_year} from manifest.csv (text: {year or 'not stated'})"))
        year, applied = new_year, [*applied, "year"]
    region_keys = {k: overrides.get(k) or None for k in ("province", "city", "county")}
    if any(region_keys.values()):
        region = _override_region(region_keys)
        flags.append(Flag("info", "override_region", f"region {region_keys} from manifest.csv"))
        agency = replace(agency, region=region)
        applied.append("region")
    if overrides.get("agency"):
        flags.append(Flag("info", "override_agency", f"agency name {overrides['agency']} from manifest.csv"))
        agency = replace(agency, name=overrides["agency"], aliases=(*agency.aliases, overrides["agency"]))
        applied.append("agency")
    if applied:
        agency = replace(agency, agency_id=agency_id(agency.region, agency.function, report_id))
    year_evidence = None if "year" in applied else meta.year_evidence  # the manifest's year has no span
    return replace(meta, agency=agency, year=year, overrides=tuple(applied), year_evidence=year_evidence,
                   source=overrides.get("source") or meta.source), flags


def _override_region(keys: dict[str, str | None]) -> Region:
    gaz = gazetteer()
    for level in ("county", "city", "province"):
        name = keys.get(level)
        if name:
            matches = [d for d in gaz.lookup(name) if d.level == level]
            if len(matches) == 1:
                return gaz.region_of(matches[0])
    return Region(province=keys.get("province"), city=keys.get("city"), county=keys.get("county"))
