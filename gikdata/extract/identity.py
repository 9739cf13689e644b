"""Who published a report, where, and for which year: the report's identity, with its evidence.

A report states its publisher in several places, none of them always right: the title (or a
crawler's ``标题:`` line), the page's ``发布机构:`` and ``来源：`` lines, ``本报告由X编制``, the
signature above the date at the end, the site's domain. Each is a ``Claim`` with its span and
source; the strongest claim that names a body decides, weaker claims of the same body complete
it (a place the title leaves out, the full form of a short name), and a claim naming another
body is a flag (``identity_conflict``), never a silent choice: crawled pages carry site-wide
publishers (``平潭综合实验区人民政府``) and junk (``桌面``) in those lines.

Places are divisions (``divisions.csv``) or zones (``zones.csv``: 综合实验区, 新区, 工业园区 …,
each with its parent and, where it took over a county, the division it replaced). A body's
series key follows the place's succession and the lineage of functions (``lineage.csv``), so
平潭县财政局 (2010) and 平潭综合实验区财政金融局 (2020) are one agency in the panel.

The same identity tells the fact rules which names are the report's own (``own_refs``): 我局,
区财政金融局 in that bureau's report, and the leadership of the report's own place (区管委,
区党工委) whose instructions a department reports on but whose figures it never gives.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

from ..config import PACKAGE_DATA_DIR
from ..model import Flag, Region
from .agencies import Term, canonical_function, remit_of, series_function, split_name
from .regions import ZONE_RE, ZONE_SUFFIX, Division, Gazetteer, gazetteer, prefer_current

#: Where a report names its publisher, strongest first.
SOURCES = ("title", "publisher", "source_line", "compiled_by", "signature")
_CJK = "\u4e00-\u9fff"
_HEADER = re.compile(r"^(?P<key>标题|发布机构)[ \t]*[:：][ \t]*(?P<value>[^\n]*)$", re.M)
_SOURCE_LINE = re.compile(rf"来源\s*[:：]\s*(?P<name>[{_CJK}]{{2,40}}?)\s*(?:时间|发布时间|日期|浏览|$|\s)")
_COMPILED_BY = re.compile(rf"(?:本(?:年度)?报告|本年报|年度报告)(?:是)?由(?P<name>[{_CJK}]{{3,40}}?)"
                          r"(?:依据|按照|根据|编制|负责|制作|会同)")
_DATE = (r"(?:(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|[二〇○零一三四五六七八九]{4}年[〇○零一二三四五六七八九十]{1,2}月"
         r"[〇○零一二三四五六七八九十]{1,3}日|(?:19|20)\d{2}[.\-/]\d{1,2}[.\-/]\d{1,2})")
#: A signature: a name, then the date, then nothing of the sentence (the end, a space, 附件, 印发):
#: 自2015年1月1日起 and 山东省人民政府2019年12月印发的 are no signatures.
_SIGNATURE = re.compile(rf"(?<![{_CJK}])(?P<name>[{_CJK}]{{3,40}}?)\s*{_DATE}(?=\s|$|附|印发|[（(])")
_URL = re.compile(r"https?://(?:www\.)?(?P<host>[a-z0-9.\-]+)", re.I)
_TITLE_PUBLISHER = re.compile(rf"^(?P<pub>[{_CJK}\s]{{2,40}}?)\s*(?:关于|(?:19|20)\d{{2}}\s*年|政府信息公开|信息公开|年度|年终|政务公开)")
_BOOK_TITLE = re.compile(r"《(?P<inner>[^《》]{4,80})》")
#: A department's office publishing on its behalf: 平潭县公安局办公室 is 平潭县公安局's report.
_OFFICE = re.compile(r"(?:办公室|综合处|办公厅|行政科|党政办公室)$")
#: Prefixes that only say a level (区财政金融局, 实验区管委会): the place comes from elsewhere.
LEVEL_ONLY = {"", "省", "市", "区", "县", "镇", "乡", "街道", "度假区", "开发区", "新区", "高新区", "园区",
              "实验区", "综合实验区", "我", "本"}
#: Words a report uses for itself, whatever its body: 我局 and 本机关 are never another body.
SELF_WORDS = ("我局", "本局", "我办", "本办", "我委", "本委", "我单位", "本单位", "本机关", "我机关", "我中心", "本中心")


def self_words(name: str | None, function: str | None, level: str | None = None,
               region: Region | None = None) -> tuple[str, ...]:
    """The first-person words that can only mean this body: 我局 for a 局, 我办 for an 办公室,
    我委 for a 委员会, 本机关 for any; 全区/我区 for a district's or zone's government. A
    government's report says 本局 of a department (区发改局…本局): not the report's own voice."""
    words = ["本机关", "我机关", "本单位", "我单位"]
    if function == "government" and region is not None:
        words += [w + p[-1] for p in own_prefixes(level, region) if p for w in ("全", "我", "本")]
    if name and function != "government":
        if name.endswith("局"):
            words += ["我局", "本局"]
        elif name.endswith(("委员会", "委")):
            words += ["我委", "本委"]
        elif name.endswith(("办公室", "办")):
            words += ["我办", "本办"]
    elif name and name.endswith(("办公室", "办")):
        words += ["我办", "本办"]
    return tuple(words)

#: The leadership of the report's own place: a department reports on its instructions
#: (根据区管委会工作部署), never on its figures.
_LEADERSHIP = ("管委会", "管委", "管理委员会", "党工委", "工委", "党委", "委", "政府", "人民政府")


@dataclass(frozen=True, slots=True)
class Claim:
    """A name a report gives for its publisher, where it stands (normalised text) and which line said it."""

    name: str
    source: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Zone:
    name: str
    kind: str
    parent_code: str | None
    parent_zone: str | None
    replaces_code: str | None
    since: int | None
    site: str | None


@dataclass(frozen=True, slots=True)
class Place:
    """A division or zone a body belongs to; ``key`` is its series key (a successor's, for a
    division a zone replaced)."""

    region: Region
    key: str
    level: str


@dataclass(frozen=True, slots=True)
class Body:
    """A body name split into place, unit (海坛 of 海坛片区管理局) and term; office = its 办公室 published."""

    printed: str
    name: str
    prefix: str
    term: Term
    office: bool = False


@dataclass(frozen=True, slots=True)
class Identity:
    """The decision: the body, its place, the claim that named it and the rule that chose it."""

    name: str | None
    function: str | None
    level: str | None
    place: Place | None
    unit: str
    claim: Claim | None
    rule: str
    claims: tuple[Claim, ...] = ()
    aliases: tuple[str, ...] = ()
    flags: tuple[Flag, ...] = field(default=())

    @property
    def agency_id(self) -> str | None:
        if not self.place or not self.function:
            return None
        return series_id(self.place, self.function, self.unit)


@cache
def zones() -> tuple[Zone, ...]:
    with (PACKAGE_DATA_DIR / "zones.csv").open(encoding="utf-8") as fh:
        rows = [Zone(r["name"], r["kind"], r["parent_code"] or None, r["parent_zone"] or None,
                     r["replaces_code"] or None, int(r["since"]) if r["since"] else None, r["site"] or None)
                for r in csv.DictReader(fh)]
    return tuple(sorted(rows, key=lambda z: -len(z.name)))


def _zone(name: str) -> Zone | None:
    return next((z for z in zones() if z.name == name), None)


def zone_place(zone: Zone, gaz: Gazetteer | None = None) -> Place:
    """A zone's place: its parent's province and city, the zone by name."""
    gaz = gaz or gazetteer()
    if zone.parent_zone and (parent := _zone(zone.parent_zone)):
        return zone_place(parent, gaz)
    parent = gaz.by_code.get(zone.parent_code or "")
    base = gaz.region_of(parent) if parent else Region()
    region = Region(province=base.province, city=base.city, zone=zone.name, code=zone.parent_code)
    return Place(region, f"{zone.parent_code or 'x'}-z{_hash(zone.name)}", "zone")


def division_place(d: Division, gaz: Gazetteer) -> Place:
    """A division's place; a division a zone replaced keeps its region but takes the zone's series key."""
    successor = next((z for z in zones() if z.replaces_code == d.code), None)
    key = zone_place(successor, gaz).key if successor else d.code
    return Place(gaz.region_of(d), key, d.level)


def _hash(s: str) -> str:
    return hashlib.sha1(s.encode("utf-8")).hexdigest()[:6]


def series_id(place: Place, function: str, unit: str = "") -> str:
    """The agency id: place series key + function after the place's lineage (+ the unit, 海坛片区)."""
    fn = series_function(function, lineage_place(place.region))
    return f"{place.key}-{fn}" + (f"-u{_hash(unit)}" if unit else "")


def lineage_place(region: Region) -> str | None:
    """Whose lineage steps apply: the zone's, also for a division it replaced (平潭县)."""
    return region.zone or next((z.name for z in zones() if region.code and z.replaces_code == region.code), None)


# --- claims -----------------------------------------------------------------------------------

def find_claims(text: str, title: str | None) -> list[Claim]:
    """Every place the text names its publisher, strongest source first, in text order within one."""
    found: list[Claim] = []
    header_title = False
    for m in _HEADER.finditer(text[:2000]):
        value = m.group("value").strip()
        if m.group("key") == "标题":
            header_title = True
            if name := title_publisher(value):
                start = m.start("value") + value.find(name)
                found.append(Claim(name, "title", start, start + len(name)))
        elif value:
            found.append(Claim(value, "publisher", m.start("value"), m.start("value") + len(value)))
    if not header_title and title and (name := title_publisher(title)):
        start = text.find(name)
        found.append(Claim(name, "title", start, start + len(name)))
    for pattern, source in ((_SOURCE_LINE, "source_line"), (_COMPILED_BY, "compiled_by")):
        found += [c for m in pattern.finditer(text[:4000]) if (c := _trimmed(m, source))]
    found += [c for m in _SIGNATURE.finditer(text, max(0, len(text) - 3000)) if (c := _trimmed(m, "signature"))]
    return sorted(found, key=lambda c: SOURCES.index(c.source))


def _trimmed(m: re.Match[str], source: str) -> Claim | None:
    """The body name at the end of a run of text (…统计表平潭综合实验区农村发展局 -> 平潭综合实验区农村发展局):
    the longest tail that is a body name starting with a place or a level word."""
    name, start = m.group("name"), m.start("name")
    gaz = gazetteer()
    for i in range(len(name) - 1):
        body = parse_body(name[i:])
        if body and (body.prefix in LEVEL_ONLY or _names_place(body.prefix, gaz)):
            return Claim(name[i:], source, start + i, m.end("name"))
    return None


def _names_place(prefix: str, gaz: Gazetteer) -> bool:
    """Whether a prefix starts with a place's full name (a zone, a division, or a 开发区-like zone)."""
    return (any(prefix.startswith(z.name) for z in zones())
            or any(prefix[:k] in gaz.by_name for k in range(2, min(len(prefix), 12) + 1))
            or bool((m := ZONE_RE.match(prefix)) and _generic_zone(m.group(1), gaz)))


def title_publisher(title: str) -> str | None:
    """The publisher a title starts with; a covering letter's title names the report in 《》."""
    title = re.sub(r"^(?:标题|题目)\s*[:：]\s*", "", title.strip())
    if (m := _BOOK_TITLE.search(title)) and title.startswith("关于"):
        title = m.group("inner")
    if m := _TITLE_PUBLISHER.match(title):
        return re.sub(r"\s+", "", m.group("pub"))
    return None


def parse_body(name: str) -> Body | None:
    """平潭县公安局办公室 -> 平潭县公安局 (office); 财金局 -> prefix '' + 财政金融局's term."""
    name = re.sub(r"\s+", "", name)
    core, office = name, False
    if (m := _OFFICE.search(name)) and _office_of_department(name, name[: m.start()]):
        core, office = name[: m.start()], True
    parts = split_name(core) or _generic_term(core)
    if not parts:
        return None
    prefix, term = parts
    if len(prefix) > 24 or re.search(r"[关于的和与及、]$", prefix):
        return None
    return Body(printed=name, name=core, prefix=prefix, term=term, office=office)


#: How a body's name ends when no term list knows it (经济发展委员会, 政务服务数据管理局).
_BODY_END = re.compile(r"(?:局|委员会|办公室|中心|厅|署)$")


def _generic_term(name: str) -> tuple[str, Term] | None:
    """A name no term list knows, split after the longest place it starts with: 苏州工业园区 +
    经济发展委员会. Its function is the term itself (``body:经济发展委员会``), so it is never
    taken for another body, and the same name in another year is the same body."""
    if not _BODY_END.search(name):
        return None
    gaz = gazetteer()
    for i in range(len(name) - 3, 0, -1):
        prefix, rest = name[:i], name[i:]
        if len(rest) >= 3 and (prefix in LEVEL_ONLY or _is_place(prefix, gaz)):
            return prefix, Term(rest, rest, f"body:{rest}", "full")
    return None


def _is_place(prefix: str, gaz: Gazetteer) -> bool:
    """Whether the whole prefix is a place's name (苏州工业园区, 淮安市洪泽区, 广州开发区)."""
    place, unit, _ = resolve_prefix(prefix, Counter(), gaz)
    return place is not None and not unit


def _office_of_department(name: str, rest: str) -> bool:
    """公安局办公室 speaks for 公安局; 管委会办公室 and 人民政府办公室 are names of their own."""
    inner = split_name(rest)
    return not split_name(name) or bool(inner and inner[1].function != "government")


# --- places -----------------------------------------------------------------------------------

def resolve_prefix(prefix: str, context: Counter[str], gaz: Gazetteer) -> tuple[Place | None, str, str | None]:
    """The place a name prefix states, the unit left over (海坛 in 平潭综合实验区海坛), and a
    problem when the prefix names a place ambiguously (平潭: the county or the zone)."""
    if prefix in LEVEL_ONLY:
        return None, "", None
    for z in zones():  # a known zone, by its full name, perhaps after its parent's (河北雄安新区)
        at = prefix.find(z.name)
        if at == 0 or (at > 0 and _parent_named(prefix[:at], z, gaz)):
            return zone_place(z, gaz), _unit(prefix[at + len(z.name):]), None
    if found := _division_prefix(prefix, context, gaz):
        d, rest = found
        return division_place(d, gaz), _unit(rest), None
    if (m := ZONE_RE.match(prefix)) and (place := _generic_zone(m.group(1), gaz)):
        return place, _unit(prefix[m.end():]), None
    return _short_place(prefix, context, gaz)


def _parent_named(head: str, z: Zone, gaz: Gazetteer) -> bool:
    parents = {d.name for d in gaz.chain(gaz.by_code[z.parent_code]).values()} if z.parent_code in gaz.by_code else set()
    return any(d.name in parents for d in gaz.lookup(head))


def _unit(rest: str) -> str:
    return re.sub(r"(?:片区|街道|镇|乡)$", "", rest)


def _division_prefix(prefix: str, context: Counter[str], gaz: Gazetteer) -> tuple[Division, str] | None:
    """The deepest division the prefix names in full: 淮安市洪泽区 -> 洪泽区 (in 淮安市)."""
    for k in range(min(len(prefix), 12), 1, -1):
        found = prefer_current(gaz.by_name.get(prefix[:k], []))
        if not found:
            continue
        d = found[0] if len(found) == 1 else _by_context(found, context, gaz)
        if d is None:
            return None
        rest = prefix[k:]
        deeper = _division_prefix(rest, Counter({**context, d.name: 99}), gaz) if rest else None
        if deeper and gaz.chain(deeper[0]).get(d.level) == d:
            return deeper
        return d, rest
    return None


def _by_context(found: list[Division], context: Counter[str], gaz: Gazetteer) -> Division | None:
    scored = sorted(((sum(context.get(a.name, 0) for a in gaz.chain(d).values()), d) for d in found),
                    key=lambda x: -x[0])
    if scored[0][0] == 0 or (len(scored) > 1 and scored[0][0] == scored[1][0]):
        return None
    return scored[0][1]


def _generic_zone(zone: str, gaz: Gazetteer) -> Place | None:
    """聊城江北水城旅游度假区: a zone no list knows, in the division its leading characters name."""
    for k in range(min(6, len(zone) - 2), 1, -1):
        parents = gaz.lookup(zone[:k])
        if len(parents) > 1 and len({d.code[:2] for d in parents}) == 1:  # 天津: the province and its city
            parents = [max(parents, key=lambda d: ("province", "city", "county").index(d.level))]
        if len(parents) == 1:
            region = gaz.region_of(parents[0], zone=zone[k:])
            return Place(region, f"{region.code}-z{_hash(zone[k:])}", "zone")
    return None


def _short_place(prefix: str, context: Counter[str], gaz: Gazetteer) -> tuple[Place | None, str, str | None]:
    """平潭 (市场监督管理局): a short place name; the county and a zone that share it are told
    apart by which one the text names more."""
    for k in range(min(len(prefix), 6), 1, -1):
        head = prefix[:k]
        if head != prefix and prefix[k] in "省市区县旗盟":
            return None, "", None  # 朝阳区 is a full name the gazetteer could not decide, not 朝阳 + 区
        divisions = [d for d in gaz.lookup(head) if gaz.by_short.get(head)]
        zs = [z for z in zones() if z.name.startswith(head) and not z.parent_zone]
        options = [(context.get(d.name, 0), division_place(d, gaz)) for d in divisions]
        options += [(context.get(z.name, 0), zone_place(z, gaz)) for z in zs]
        if not options:
            continue
        options.sort(key=lambda o: -o[0])
        if len(options) == 1 or options[0][0] > options[1][0]:
            problem = None if len(options) == 1 else (
                f"{head} may be {' or '.join(_place_name(p) for _, p in options)}; the text names "
                f"{_place_name(options[0][1])} most")
            return options[0][1], _unit(prefix[k:]), problem
        return None, "", f"{head} may be {' or '.join(_place_name(p) for _, p in options)}"
    return None, "", None


def _place_name(place: Place) -> str:
    r = place.region
    return r.zone or r.county or r.city or r.province or "?"


def place_of_site(text: str) -> Place | None:
    """The site's domain in a crawled page's 原文链接 (www.pingtan.gov.cn) names a zone listed with it."""
    for m in _URL.finditer(text[:2000]):
        host = m.group("host").lower()
        for z in zones():
            if z.site and (host == z.site or host.endswith("." + z.site)):
                return zone_place(z)
    return None


# --- the decision -----------------------------------------------------------------------------

def identify(text: str, title: str | None) -> Identity | None:
    """The report's body from its claims, strongest first; None when no claim names a placed body
    (the caller then reads short names in the body: 区安监局 and the places the text names)."""
    gaz = gazetteer()
    claims = find_claims(text, title)
    context = gaz.mentions(text) + Counter({z.name: n for z in zones() if (n := text.count(z.name))})
    parsed = [(c, b) for c in claims if (b := parse_body(c.name))]
    lead = _lead(claims, parsed, context, gaz)
    if lead is None:
        return None
    claim, body, place, unit, problem = lead
    flags = [Flag("info", "place_ambiguous", problem, claim.start, claim.end)] if problem else []
    same = [(c, b) for c, b in parsed if _same_body(b, body)]
    if problem and place is not None:  # 平潭市场监督管理局: a claim naming the place in full names the body
        for c, b in same:
            p, u, prob = resolve_prefix(b.prefix, context, gaz)
            if p and not prob and p.key == place.key and b.prefix not in LEVEL_ONLY:
                claim, body, unit = c, b, u
                break
    if place is None or (body.prefix in LEVEL_ONLY and body.term.function != "government"):
        for c, b in same:  # the title says 财金局; the signature says whose
            p, u, prob = resolve_prefix(b.prefix, context, gaz)
            if p and (place is None or p.key == place.key):
                place, unit, claim, body = p, u, c, b
                if prob:
                    flags.append(Flag("info", "place_ambiguous", prob, c.start, c.end))
                break
    if place is None and (site := place_of_site(text)) and body.prefix in LEVEL_ONLY:
        place = site
        flags.append(Flag("info", "place_from_site", f"{_place_name(site)} from the page's address (原文链接)"))
    if place is None and body.prefix in _ZONE_SHORT and (zone := _zone_of_text(context, gaz)):
        place = zone
        flags.append(Flag("info", "place_from_text",
                          f"{body.printed} is read as a body of {_place_name(zone)}, the zone the text names most"))
    if place is None:
        return None
    name = _best_name(text, body, same, place, unit, context, gaz)
    flags += _conflicts(body, place, parsed, claims, context, gaz)
    aliases = tuple(dict.fromkeys([*_alias_names(same, body), name]))
    return Identity(name=name, function=body.term.function, level=place.level, place=place, unit=unit,
                    claim=claim, rule=f"{claim.source}+{'placed' if body.prefix not in LEVEL_ONLY else 'completed'}",
                    claims=tuple(claims), aliases=aliases, flags=tuple(flags))


#: Short prefixes a zone's own bodies go by (区财政金融局, 实验区管委会, 新区规划局).
_ZONE_SHORT = {"区", "实验区", "综合实验区", "新区", "园区"}


def _zone_of_text(context: Counter[str], gaz: Gazetteer) -> Place | None:
    """A listed zone the text names at least twice and more often than any county-level division:
    区X局 in such a report is the zone's bureau (the gazetteer's divisions go to the legacy reader)."""
    counts = [(n, z) for z in zones() if not z.parent_zone and (n := context.get(z.name, 0)) >= 2]
    if not counts:
        return None
    n, z = max(counts, key=lambda x: x[0])
    counties = [m for name, m in context.items() for d in gaz.by_name.get(name, []) if d.level == "county"]
    return zone_place(z, gaz) if n > max(counties, default=0) else None


def _alias_names(same: list[tuple[Claim, Body]], body: Body) -> list[str]:
    """Names the body goes by: as printed, never its office (公安局办公室) nor a site-wide
    publisher of the same kind (平潭综合实验区人民政府 above a 管委会办公室's report)."""
    out = []
    for c, b in same:
        if c.source == "publisher" and b.term.full_name != body.term.full_name:
            continue
        out.append(b.name if b.office else b.printed)
    return out


def _lead(claims: list[Claim], parsed: list[tuple[Claim, Body]], context: Counter[str], gaz: Gazetteer):
    """The strongest claim that names a body (or, for a title, a bare place: the place's government)."""
    by_claim = dict(parsed)
    for c in claims:
        body = by_claim.get(c)
        if body is None and c.source == "title":
            place, unit, problem = resolve_prefix(c.name, context, gaz)
            if place and not unit:  # 平潭综合实验区2025年度…: the whole government's report
                term = split_name("管理委员会" if place.region.zone else "人民政府")[1]
                return c, Body(c.name, "", c.name, term), place, "", problem
            continue
        if body is None:
            continue
        place, unit, problem = resolve_prefix(body.prefix, context, gaz)
        return c, body, place, unit, problem
    return None


def _same_body(a: Body, b: Body) -> bool:
    return canonical_function(a.term.function) == canonical_function(b.term.function)


def _best_name(text: str, body: Body, same: list[tuple[Claim, Body]], place: Place, unit: str,
               context: Counter[str], gaz: Gazetteer) -> str:
    """The name as printed by the deciding claim; a header line's full form replaces a title's
    short one (平潭县广电局 -> 平潭县广播电视事业局); a place-less name gets its place."""
    placed_names = [b for c, b in same if c.source in ("title", "publisher", "source_line")
                    and b.prefix not in LEVEL_ONLY and _place_key(b.prefix, context, gaz) == place.key]
    if not body.name:  # a title naming only a place: the publisher line says who speaks for it
        return placed_names[0].printed if placed_names else f"{_place_name(place)}{body.term.full_name}"
    if body.prefix not in LEVEL_ONLY:
        if body.term.form == "short" and body.term.function != "government":
            full = [b.name for b in placed_names if b.term.form == "full"]
            spelled = body.prefix + body.term.full_name  # the report spells it out elsewhere
            return full[0] if full else spelled if spelled in text else body.name
        return body.name
    return f"{_place_name(place)}{unit}{body.term.full_name}"


def _place_key(prefix: str, context: Counter[str], gaz: Gazetteer) -> str | None:
    place = resolve_prefix(prefix, context, gaz)[0]
    return place.key if place else None


def _conflicts(body: Body, place: Place, parsed: list[tuple[Claim, Body]], claims: list[Claim],
               context: Counter[str], gaz: Gazetteer) -> list[Flag]:
    """A header line or signature naming another body, or the same body in another place."""
    out = []
    for c, b in parsed:
        other = not _same_body(b, body)
        p, _, _ = resolve_prefix(b.prefix, context, gaz)
        elsewhere = p is not None and p.key != place.key and p.region.zone != place.region.zone
        if other or elsewhere:
            out.append(Flag("info" if c.source == "publisher" else "warning", "identity_conflict",
                            f"{c.source} names {c.name}, the report's body is "
                            f"{body.name} ({_place_name(place)})", c.start, c.end))
    return out


# --- own names for the fact rules ------------------------------------------------------------

def own_refs(name: str | None, short_name: str | None, function: str | None, level: str | None,
             region: Region, aliases: tuple[str, ...] = ()) -> frozenset[str]:
    """Every way the report's text may name its own body: 区财政金融局, 实验区管委会办公室, 我局."""
    out = {n for n in (name, short_name, *aliases) if n}
    if function:
        full_terms = {t.term for t in _terms_of(function)}
        for prefix in own_prefixes(level, region):
            out |= {prefix + t for t in full_terms}
    return frozenset(out)


def leadership_refs(level: str | None, region: Region) -> frozenset[str]:
    """The own place's government and party committee in short form (区管委会, 区党工委, 县政府)."""
    return frozenset(p + w for p in own_prefixes(level, region) for w in _LEADERSHIP if p)


def quoted(text: str, pos: int, floor: int = 0) -> bool:
    """Whether ``pos`` stands inside 《…》 or “…” opened after ``floor`` (a title or a site's name)."""
    before = text[max(floor, pos - 80):pos]
    return max(before.rfind("《"), before.rfind("“")) > max(before.rfind("》"), before.rfind("”"))


def own_prefixes(level: str | None, region: Region) -> set[str]:
    prefixes = {""}
    if region.zone:
        suffix = re.search(ZONE_SUFFIX + "$", region.zone)
        prefixes |= {region.zone} | ({suffix.group()[-3:], suffix.group()} if suffix else set())
        if _zone(region.zone):  # a listed zone governs like a county: its bodies are 区X局
            prefixes |= {"区", "实验区", "新区"}
    elif level == "county" and region.county:
        prefixes |= {region.county[-1], region.county}
    elif level == "city" and region.city:
        prefixes |= {"市", region.city}
    elif level == "province" and region.province:
        prefixes |= {"省", region.province}
    return prefixes


def _terms_of(function: str) -> list[Term]:
    from .agencies import terms
    fn = canonical_function(function)
    return [t for t in terms() if canonical_function(t.function) == fn]


def remit(function: str | None, region: Region) -> str | None:
    """The body's remit as its name states it: the function after renames only (a merge changes it)."""
    if not function:
        return None
    return remit_of(function, lineage_place(region))
