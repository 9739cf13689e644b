"""Proactive disclosure: the year's total, read at clause level, and its breakdown.

A count (``N条/件/项/份``) is a proactive total when its clause (the words since the last , ; :
or sentence end) says it was proactively disclosed: ``主动公开`` in the clause, or a plain
``公开/发布`` of ``信息`` in a sentence or section about 主动公开. The clause must hold none of
the distractors (制作、获取, 依申请, 历年, 信访, 解读 …), no part of the body (局机关) and, in a
department's report, no wider scope (全区); a year other than the report's rules it out. In one
sentence the first clause saying 主动公开 is the total (``共发布575份，其中主动公开317份``);
clauses after ``其中`` are parts. All cue words are data: gikdata/data/measure_cues.csv.

Categories exist only inside a breakdown of a total: what follows the total in its sentence
after 其中/包括/…中, (or the next sentence when it opens with 其中), each ``name N条`` with the
name as printed, whole (安全生产、应急管理类信息). In a real paragraph (a line of a laid-out
report, not a crawler's one-line page) the breakdown is the paragraph, since copies scramble the
order of its sentences. A number outside a breakdown never becomes a category.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace

from ..model import Fact, Metadata
from .cues import NOT_IN_RUN, alternation, clause_start, has, other_year, words
from .facts import Doc, SpanSet, _number, _value_span, prose_matches
from .numbers import NUMBER, Number
from .subjects import PARAGRAPH_MAX, whose

_UNITS = alternation("proactive", "unit")
P_COUNT = re.compile(rf"{NOT_IN_RUN}{NUMBER}(?P<unit>条次|{_UNITS})")
#: 其中主动公开信息数169, (a count named by 信息数, its unit left out)
P_BARE = re.compile(rf"(?<=信息数){NUMBER}(?![\d.万亿条件项份])")
P_CHANNEL_NAME = re.compile(r"(?P<channel>[^,;:。\d]{2,24}?(?:网站|信息网|平台|专栏|栏目|微博|公众号))")
_CHANNEL_HEAD = re.compile(r"^.*?(?:通过|在|于|依托|利用)")
_PAREN = re.compile(r"\([^()]{0,40}\)")
_OBJECT_AFTER = re.compile(r"(?:政府|政务)?(?:信息|文件|政策)")
_HEADING_MAX = 40
#: An inline heading of a one-line page: (一)主动公开情况 / 二、主动公开政府信息情况
P_INLINE_HEADING = re.compile(r"(?:\([一二三四五六七八九十]\)|(?<![\d一二三四五六七八九十])[一二三四五六七八九十]、)(?P<title>[^,;。\d]{2,16})")
_SECTION_LOOKBACK = 600
#: A sentence that opens with the heading of the categories section: its counts are parts, unless
#: the count restates the total it breaks down (在政府网站公开的290条信息中,…).
P_CATEGORY_HEADING = re.compile(r"\s*\([一二三四五六七八九十]\)[^,;。]{0,20}?类别")
_OF_WHICH = re.compile(r"(?:政府)?信息中")
_LABEL_WORDS = re.compile(alternation("proactive", "label"))
_PORTAL = re.compile(r"网站|门户网|政务网")
_CJK = r"\u4e00-\u9fff"


@dataclass(frozen=True)
class Candidate:
    match: re.Match[str]
    strong: bool
    channel: str | None


def proactive_facts(doc: Doc, meta: Metadata) -> list[Fact]:
    """Totals, then the categories of each total's breakdown."""
    totals = proactive_totals(doc, meta)
    return totals + breakdowns(doc, totals)


def proactive_totals(doc: Doc, meta: Metadata) -> list[Fact]:
    facts = clause_totals(doc, meta)
    return nest_parts(doc, facts + outline_totals(doc, [_span(doc, f) for f in facts]))


def nest_parts(doc: Doc, facts: list[Fact]) -> list[Fact]:
    """'门户网站发布9800余条次，其中在政府信息公开栏目中公开1500余条次': the column's items are part
    of the portal's. Such a channel is recorded as the path ``portal/column`` (the convention of a
    breakdown within a channel), so it is never read as a parallel channel."""
    out: list[Fact] = []
    last_channel: dict[str | None, tuple[Fact, tuple[int, int]]] = {}  # per subject, in text order
    for f in sorted(facts, key=lambda f: f.value_start):
        if f.dimension:
            span = _span(doc, f)
            parent = last_channel.get(f.subject)
            if (parent and doc.sentence_at(span[0])[0] <= parent[1][0] < span[0]
                    and "其中" in doc.text[parent[1][1]:span[0]]):
                f = replace(f, dimension=f"{parent[0].dimension}/{f.dimension}")
            elif "/" not in f.dimension:
                last_channel[f.subject] = (f, span)
        out.append(f)
    return out


def clause_totals(doc: Doc, meta: Metadata) -> list[Fact]:
    by_sentence: dict[int, list[Candidate]] = {}
    for m in (m for p in (P_COUNT, P_BARE) for m in prose_matches(doc, p)):
        if (c := _candidate(doc, meta, m)) is not None:
            by_sentence.setdefault(doc.sentence_at(m.start())[0], []).append(c)
    chosen = {s: _sentence_totals(doc, s, cands) for s, cands in sorted(by_sentence.items())}
    _drop_cumulative(doc, chosen)
    facts = []
    for cands in chosen.values():
        for c in cands:
            n = _number(c.match)
            if n is not None:
                facts.append(doc.fact("proactive_total", c.channel, n, "条", _value_span(c.match),
                                      "proactive_clause", whose(doc, c.match.start())))
    return facts


def _drop_cumulative(doc: Doc, chosen: dict[int, list[Candidate]]) -> None:
    """累计主动公开政府信息1224条。其中2016年度我局共主动公开政府信息207条: the running total is
    the whole the next sentence takes the year's part of; the year's figure is the total."""
    starts = sorted(chosen)
    for prev, cur in zip(starts, starts[1:], strict=False):
        head = doc.text[cur:cur + 2]
        strong_part = head == "其中" and any(c.strong for c in chosen[cur])
        if strong_part and doc.sentence_at(cur - 1)[0] == prev:
            chosen[prev] = [c for c in chosen[prev] if "累计" not in doc.text[prev:c.match.start()]]


P_CHANNEL = re.compile(
    rf"(?:通过|在)(?P<channel>[{_CJK}]{{2,20}}?(?:网站|信息网|平台|专栏|栏目|微博|公众号))(?:中|上)?(?:共)?"
    rf"(?:发布|公开)(?:了)?(?:各类)?[{_CJK}、]{{0,14}}?{NUMBER}(?P<unit>条次|条|件|项)"
)
P_TOTAL_ALL = re.compile(rf"(?:共(?:计)?|累计)(?:发布|公开)?(?:了)?(?:各类|政府)*信息{NUMBER}(?P<unit>条次|条|件|项)")


def outline_totals(doc: Doc, spans: list[tuple[int, int]]) -> list[Fact]:
    """In a laid-out report, under a 主动公开 heading: per-channel counts (通过政府门户网站公开…
    9800余条) and 共各类信息4991条, which say no verb of their own."""
    facts: list[Fact] = []
    taken = SpanSet(spans)
    for pattern, rule in ((P_CHANNEL, "proactive_channel"), (P_TOTAL_ALL, "proactive_total_all")):
        for m in prose_matches(doc, pattern):
            if taken.overlaps(m.span()) or not doc.outline.within(m.start(), "主动公开"):
                continue
            if (n := _number(m)) is None:
                continue
            channel = m.group("channel") if "channel" in pattern.groupindex else _channel_before(doc, m.start())
            facts.append(doc.fact("proactive_total", channel, n, "条", _value_span(m), rule, whose(doc, m.start())))
            taken.append(m.span())
    return facts


def _channel_before(doc: Doc, pos: int) -> str | None:
    """'在中国政务公开信息网共政府信息135条': the platform named just before 共."""
    start, _ = doc.sentence_at(pos)
    m = re.search(rf"在(?P<c>[{_CJK}]{{2,20}}?(?:网站|信息网|平台|专栏|栏目))$", doc.text[start:pos])
    return m.group("c") if m else None


def _span(doc: Doc, f: Fact) -> tuple[int, int]:
    return _norm_pos(doc, f.value_start), _norm_pos(doc, f.value_end)


#: How far back a count's own sentence is read (characters); real sentences are far shorter.
LOOKBACK = 1000


def _candidate(doc: Doc, meta: Metadata, m: re.Match[str]) -> Candidate | None:
    """The count at ``m`` if its clause says it was proactively disclosed this year by the body."""
    text = doc.text
    if m.start() and text[m.start() - 1] == "第":  # 第二十条 is an article, not a count
        return None
    s_start, _ = doc.sentence_at(m.start())
    # the words a count's sentence says before it, but no more than LOOKBACK characters: a page
    # that never ends a sentence would make every count read the whole page again (quadratic)
    look = max(s_start, m.start() - LOOKBACK)
    c_start = clause_start(text, m.start(), look)
    prefix = _PAREN.sub("", text[c_start:m.start()])  # (含局属单位) says what is included
    prefix = _LABEL_WORDS.sub("", prefix)  # 其他应主动公开的政府信息 is a label
    strong = has(prefix, "proactive", "strong") is not None
    if not strong and not _plain_disclosure(doc, prefix, m, s_start, look):
        return None
    if has(prefix, "proactive", "distractor") or has(prefix, "proactive", "part"):
        return None
    if not strong and has(text[look:m.start()], "proactive", "platform"):
        return None  # 新浪微博…已发布…信息4500余条次: the sentence is about another platform
    if meta.scope != "whole_area" and has(prefix, "proactive", "scope_other"):
        return None
    if other_year(text[look:m.start()], meta.year):
        return None
    if P_CATEGORY_HEADING.match(text, s_start, m.start()) and not _OF_WHICH.match(text, m.end()):
        return None  # (二)主动公开政府信息的主要类别…公告通知12条: the breakdown's first part
    return Candidate(m, strong, None if strong else _channel(prefix))


def _plain_disclosure(doc: Doc, prefix: str, m: re.Match[str], s_start: int, look: int) -> bool:
    """公开/发布 of 信息 in a sentence or section about 主动公开 (全年公开政府信息共228条)."""
    if not has(prefix, "proactive", "verb"):
        return False
    if not (has(prefix, "proactive", "object") or _OBJECT_AFTER.match(doc.text, m.end())):
        return False
    sentence = _LABEL_WORDS.sub("", doc.text[look:m.start()])
    if has(sentence, "proactive", "strong"):
        return True
    info = "信息" in prefix or doc.text.startswith("信息", m.end())  # not 发布政策文件20件
    if info and (doc.outline.within(s_start, "主动公开") or _after_short_heading(doc, s_start)):
        return True
    statutory = "政府信息" in prefix or doc.text.startswith("政府信息", m.end())
    if statutory and _in_inline_section(doc, s_start):
        return True  # (一)主动公开情况…做到应公开尽公开。全年公开公文类政府信息共118条
    # 在门户网站公开政府信息267条: what a body publishes on a website is proactively disclosed
    return "政府信息" in prefix and bool(_PORTAL.search(sentence))


def _after_short_heading(doc: Doc, s_start: int) -> bool:
    """A short sentence just before says 主动公开: a heading kept inline (（一）主动公开情况。)."""
    if s_start == 0:
        return False
    prev_start, prev_end = doc.sentence_at(s_start - 1)
    prev = doc.text[prev_start:prev_end]
    return len(prev) <= _HEADING_MAX and has(prev, "proactive", "strong") is not None


def _in_inline_section(doc: Doc, s_start: int) -> bool:
    """The last inline heading before the sentence ((一)主动公开情况…) names 主动公开: a crawled
    one-line page keeps its section headings glued to the text."""
    titles = [m.group("title") for m in
              P_INLINE_HEADING.finditer(doc.text, max(0, s_start - _SECTION_LOOKBACK), s_start)]
    return bool(titles) and "主动公开" in titles[-1]


def _channel(prefix: str) -> str | None:
    """The platform a count was published on (政府门户网站), when the clause names one."""
    rest = _CHANNEL_HEAD.sub("", prefix)
    listed = rest.split("等")[0] if "等" in rest else ""
    if "、" in listed and P_CHANNEL_NAME.search(listed):
        return listed  # 在市政府网站、市安监局网站、日报等公开: the list is the channel
    m = P_CHANNEL_NAME.search(rest)
    return m.group("channel").strip("\"“”'共") if m else None


def _sentence_totals(doc: Doc, s_start: int, cands: list[Candidate]) -> list[Candidate]:
    """In one sentence: the first clause saying 主动公开; else the plain ones before 其中."""
    strong = [c for c in cands if c.strong]
    if len(strong) > 1 and "累计" in doc.text[s_start:strong[0].match.start()]:
        later = [c for c in strong[1:] if "其中" in doc.text[strong[0].match.end():c.match.start()]]
        strong = later or strong  # 累计…1770条,其中2019年度…202条: the year's part is the total
    if strong:
        return strong[:1]
    plain = [c for c in cands if "其中" not in doc.text[s_start:c.match.start()]]
    return plain[:1]  # later counts of the sentence are its parts (…公开信息267条，包括…)


# ---- breakdowns -------------------------------------------------------------------------

_STOPS = alternation("category", "stop")
_HEADS = alternation("category", "head")
_HEADS_BEHIND = "".join(f"|(?<={re.escape(w)})" for w in words("category", "head"))
P_ITEM = re.compile(
    rf"(?:(?<=[,;:。%、\n])|(?<=[条件项份个]和){_HEADS_BEHIND})(?P<name>[^\d,;:。%\n]{{2,60}}?)"
    rf"(?:共计?|为|有)?{NUMBER}(?P<unit>条|件|项)(?!次)"
    rf"(?:,?占(?:总数|信息总量|总量|全部信息|比)?的?(?P<pct>\d+(?:\.\d+)?)%)?"
)
#: After a total: 信息中, / ,其中 / :  -- what opens its breakdown.
P_OPENS = re.compile(rf"(?:(?:政府)?信息|政策|文件)?(?:中[,:]|[,:(]?[^\d,;:。]{{0,6}}?(?:{_HEADS})[,:]?|:)")
#: A later sentence that opens the breakdown: 其中…, 主要类别有:, 在公开的信息中,
P_LATER_OPEN = re.compile(r"(?:\([一二三四五六七八九十]\))?[^,;。]{0,20}?(?:其中[,:]?|类别[^,;。]{0,8}?[:,]|类型[^,;。]{0,8}?[:,]|信息中[,:])")
_NAME_HEAD = re.compile(rf"^(?:[^,;:。]{{0,8}}?(?:{_HEADS}))?[,:]?")
_SKIPS = alternation("category", "skip")
_NAME_TAIL = re.compile(r"(?:栏目信息|类信息|栏目|类|信息)$")
_PARTS = re.compile(alternation("proactive", "part"))


class _Totals:
    """The totals of one report, indexed once: their spans (an item overlapping one is no item)
    and their places in text order (the total governing an item). Looking them up by scanning
    every total for every item was quadratic in a report that repeats its paragraphs."""

    def __init__(self, doc: Doc, totals: list[Fact]) -> None:
        self.taken = SpanSet(_span(doc, t) for t in totals)
        self.ordered = sorted(totals, key=lambda t: t.value_start)
        self.starts = [_norm_pos(doc, t.value_start) for t in self.ordered]

    def governing(self, para: tuple[int, int], pos: int) -> Fact | None:
        """In paragraph ``para``: the nearest total before ``pos``, else the paragraph's first."""
        lo = bisect.bisect_left(self.starts, para[0])
        hi = bisect.bisect_left(self.starts, para[1] + 1)
        if lo == hi:
            return None
        before = bisect.bisect_left(self.starts, pos, lo, hi)
        return self.ordered[before - 1] if before > lo else self.ordered[lo]


def breakdowns(doc: Doc, totals: list[Fact]) -> list[Fact]:
    facts: list[Fact] = []
    done: set[tuple[int, int]] = set()
    index = _Totals(doc, totals)
    for total in totals:
        found = _region(doc, total)
        if found is None or found[:2] in done:
            continue
        done.add(found[:2])
        items = _items(doc, found[:2], index, total)
        if items and found[1] - found[0] < PARAGRAPH_MAX:
            items += _items_sentence_after(doc, found[1], index, total)
        if not found[2] or _plausible_headless(items, total):
            facts += items  # a headless list counts only when it lists two or more
    return facts


def _region(doc: Doc, total: Fact) -> tuple[int, int, bool] | None:
    """Where the breakdown of ``total`` can be, and whether it opens without a head word.

    Its paragraph when that is a real one; else the rest of its sentence when a breakdown opens
    there (,其中 / 信息中, / (涵盖…); else one of the next sentences that opens one (其中…, …类别有:,
    在公开的信息中,); else, headless, the clauses right after the total (…312条,重大建设项目类信息280条,…).
    """
    start = _norm_pos(doc, total.value_end)
    p_start, p_end = doc.paragraph_at(start)
    if p_end - p_start <= PARAGRAPH_MAX:
        return p_start, p_end, False
    unit = re.match(r"[^\d,;:。]{0,2}?(?:条次|条|件|项|份)", doc.text[start:start + 4])
    after = start + (unit.end() if unit else 0)
    _, s_end = doc.sentence_at(start)
    if P_OPENS.match(doc.text, after, s_end) and P_ITEM.search(doc.text, after, s_end):
        return after, s_end, False
    for n_start, n_end in _next_sentences(doc, s_end, 3):
        m = P_LATER_OPEN.match(doc.text, n_start, n_end)
        if m and P_ITEM.search(doc.text, m.end(), n_end):
            return m.end(), n_end, False
        if P_COUNT.search(doc.text, n_start, n_end):
            break  # a sentence with counts of its own and no breakdown: the breakdown is not here
    obj = _OBJECT_AFTER.match(doc.text, after)
    after_obj = obj.end() if obj else after
    if doc.text[after_obj:after_obj + 1] == ",":  # …278条政务信息,机构职能类信息2条,…
        return after_obj, s_end, True
    return None


#: A sentence that is nothing but items (其他应主动公开的政府信息24条。): the list goes on.
P_ONLY_ITEMS = re.compile(r"(?:[^\d,;:。%\n、][^\d,;:。%\n]{1,59}?\d+(?:条|件|项)[,;、]?)+。?")


def _items_sentence_after(doc: Doc, end: int, totals: _Totals, total: Fact) -> list[Fact]:
    for n_start, n_end in _next_sentences(doc, end, 1):
        sentence = doc.text[n_start:n_end]
        if n_start == end and P_ONLY_ITEMS.fullmatch(sentence) and not has(sentence, "proactive", "distractor"):
            return _items(doc, (n_start, n_end), totals, total)
    return []


def _plausible_headless(items: list[Fact], total: Fact) -> bool:
    """A list with no head word is a breakdown only when it names two or more parts, none of them
    a distractor (政策文件解读81条), and they do not add up to more than the total."""
    cats = [f for f in items if f.measure == "proactive_category"]
    names_ok = not any(has(f.dimension or "", "proactive", "distractor") for f in cats)
    return len(cats) >= 2 and names_ok and sum(f.value for f in cats) <= total.value


def _next_sentences(doc: Doc, end: int, n: int) -> list[tuple[int, int]]:
    i = bisect.bisect_left(doc.sentences, end, key=lambda s: s[0])
    return list(doc.sentences[i:i + n])


def _norm_pos(doc: Doc, orig: int) -> int:
    """The normalised position of an original offset (the offset map is monotone)."""
    return bisect.bisect_left(doc.norm.to_orig, orig)


def _items(doc: Doc, region: tuple[int, int], totals: _Totals, total: Fact) -> list[Fact]:
    facts: list[Fact] = []
    taken = totals.taken
    pos, end = region
    while (m := P_ITEM.search(doc.text, pos, end)) is not None:
        pos = _skip_paren(doc.text, m.end())
        name = _clean(m.group("name"))
        if taken.overlaps((m.start("name"), m.end())):
            continue
        if name is None or re.search(_STOPS, name):
            if name is not None and doc.paragraph_at(m.start()) != region:
                break  # a stop word in a sentence breakdown: the list has moved on
            continue
        if _PARTS.search(name) or re.search(_SKIPS, name):
            continue  # 局机关信息4732条 (a part of the body), 通过网站公开的125条 (a channel)
        if (n := _number(m)) is None:
            continue
        owner = (totals.governing(region, m.start()) or total) if doc.paragraph_at(m.start()) == region else total
        dim = f"{owner.dimension}/{name}" if owner.dimension else name
        facts.append(doc.fact("proactive_category", dim, n, "条", _value_span(m), "proactive_category", owner.subject))
        if m.group("pct"):
            facts.append(doc.fact("proactive_category_share", dim, Number(float(m.group("pct")), False), "%",
                                  (m.start("pct"), m.end("pct") + 1), "proactive_category_share", owner.subject))
    return facts


def _skip_paren(text: str, pos: int) -> int:
    """Past a parenthesis right after an item: (其中…8条;…12条) splits the item, it is no item."""
    if text[pos:pos + 1] == "(":
        close = text.find(")", pos, pos + 200)
        return close + 1 if close > 0 else pos
    return pos


def _clean(name: str) -> str | None:
    """The label as printed, whole (安全生产、应急管理类信息), without the words that open the list."""
    name = _NAME_HEAD.sub("", name.strip())
    return name if len(_NAME_TAIL.sub("", name)) >= 2 else None


