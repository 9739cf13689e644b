"""Stage 5: facts, each a number the text states, grounded in its sentence.

Rules are small functions over a ``Doc`` (normalised text, outline, the report's own names);
each returns facts and names itself in ``Fact.rule``. Correctness first: a rule fires only on a
phrasing that says the number plainly; a number attached to another body (a department inside
a whole-government report) is that body's fact (``subject``), never the report's own; a share
is paired with a count only when the text puts them in one clause.

Measures (units): proactive_total (条), proactive_category (条), proactive_category_share (%),
electronic_rate (%), requests_received (件), review_cases (件), litigation_cases (件),
fees_collected (元). ``dimension`` says which part: a channel (政府门户网站), a category
(政策法规), or channel/category for categories of a channel's total.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ..model import Fact, Metadata
from ..read.normalise import NormText, sentence_spans
from . import identity
from .agencies import canonical_function, split_name
from .numbers import NUMBER, Number, number_from_match
from .sections import Outline, outline

_ITEM_UNIT = r"(?P<unit>条次|条|件|项)"
_CJK = r"\u4e00-\u9fff"
P_TOTAL = re.compile(rf"主动公开(?:了)?(?:各类)?(?:政府)?信息(?:共计?|累计|总计)?{NUMBER}{_ITEM_UNIT}")
P_TOTAL_ALL = re.compile(rf"(?:共(?:计)?|累计)(?:发布|公开)?(?:了)?(?:各类|政府)*信息{NUMBER}{_ITEM_UNIT}")
P_CHANNEL = re.compile(
    rf"(?:通过|在)(?P<channel>[{_CJK}]{{2,20}}?(?:网站|信息网|平台|专栏|栏目|微博|公众号))(?:中|上)?(?:共)?"
    rf"(?:发布|公开)(?:了)?(?:各类)?[{_CJK}、]{{0,14}}?{NUMBER}{_ITEM_UNIT}"
)
P_ITEM = re.compile(
    rf"(?:(?<=[,;:。\n%、])|^|(?<=其中)|(?<=其中:))(?P<name>[{_CJK}]{{2,16}}?){NUMBER}(?P<unit>条|件)"
    rf"(?:,占(?:总数|信息总量|总量|全部信息|比)?的?(?P<pct>\d+(?:\.\d+)?)%)?"
)
P_ELECTRONIC = re.compile(r"全文电子化率(?:达到|达|为)?(?P<pct>\d+(?:\.\d+)?)%")
P_REQUESTS = re.compile(
    rf"(?:申请总数为|(?:共)?(?:收到|受理|接到)(?:各类)?(?:政府)?信息公开申请(?:共计?)?"
    rf"|(?:共)?(?:收到|受理|接到)依申请公开(?:事项|申请)(?:共计?)?){NUMBER}件"
)
#: 无信息公开申请 (0 requests), but not 没有因政府信息公开申请而提起的行政复议 (that is about review).
P_NO_REQUESTS = re.compile(
    r"(?P<neg>无|没有|未)(?:接到|收到|受理)?(?:(?!因)[^。;,\n\t]){0,12}?信息公开(?:的)?申请"
    r"(?![^。;,\n\t]{0,8}?(?:复议|诉讼))"
)
#: "none" phrasings; a count right after the word (行政诉讼1件) is a count, not a none.
_NOT_A_COUNT = r"(?!(?:申请|案件)?(?:共计?|有|为)?(?:\d|[一二两三四五六七八九十]+(?:件|起)))"
P_NO_REVIEW = re.compile(rf"(?P<neg>无|没有|未)[^。;\n\t]{{0,40}}?行政复议{_NOT_A_COUNT}")
P_NO_LITIGATION = re.compile(rf"(?P<neg>无|没有|未)[^。;\n\t]{{0,40}}?行政诉讼{_NOT_A_COUNT}")
P_NO_FEES = re.compile(r"(?P<neg>无|没有|未)(?:收取)?[^。;,\n\t]{0,16}?(?:收费|处理费|费用)")
_NAME_CHAR = rf"(?:(?![和及与的在网站、])[{_CJK}])"
P_SUBJECT = re.compile(rf"(?P<subj>(?:区|市|县){_NAME_CHAR}{{1,8}}?(?:分局|局|委员会|委)|{_NAME_CHAR}{{2,4}}分局)")
_NAME_STOP = ("公开", "信息网", "共", "累计", "发布", "网站", "申请", "其中")
_NAME_HEAD = re.compile(r"^(?:其中:?|包括|含)")
_NAME_TAIL = re.compile(r"(?:栏目信息|类信息|栏目|类|信息)$")
_APPROX_AFTER_UNIT = re.compile(r"(?:条次|人次|条|件|项|次|个|名|人|起|份)(?:左右|以上)")
_OWN_WORDS = ("我局", "本局", "我区", "全区", "我市", "全市", "我单位", "本单位", "本机关", "我委", "本委")


@dataclass(frozen=True)
class Doc:
    """What every rule reads: the normalised text and where things stand in it."""

    norm: NormText
    outline: Outline
    sentences: tuple[tuple[int, int], ...]
    paragraphs: tuple[tuple[int, int], ...]
    own_names: frozenset[str]
    own_function: str | None
    #: the report's title: a body it names is the report's own even when no term list knows it
    title: str = ""
    #: the own place's leadership in short form (区管委, 区党工委): named for its instructions
    #: (根据区管委会工作部署), never as the body whose figures follow
    leaders: frozenset[str] = frozenset()
    #: first-person words that can only mean the report's own body (我局 in a bureau's report)
    self_words: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return self.norm.text

    def sentence_at(self, pos: int) -> tuple[int, int]:
        return _span_at(self.sentences, pos)

    def paragraph_at(self, pos: int) -> tuple[int, int]:
        return _span_at(self.paragraphs, pos)

    def subject_at(self, pos: int) -> str | None:
        """The other body a number at ``pos`` belongs to, if the paragraph names one before it."""
        return self._last_subject(self.paragraph_at(pos)[0], pos)

    def sentence_subject(self, pos: int) -> str | None:
        """Another body named earlier in the same sentence, never one from a sentence before."""
        return self._last_subject(self.sentence_at(pos)[0], pos)

    def _last_subject(self, start: int, pos: int) -> str | None:
        """The last body named in [start, pos), or None when that last one is the report's own.

        A name inside 《》 or “” is a title or a website (“平潭综合实验区党工委管委会”门户网站), not a
        subject; a self word after the last other body (区社会事业局办公室等部门投稿…本局共主动公开)
        gives the figure back to the report's own body."""
        subject, last_end = None, start
        for m in P_SUBJECT.finditer(self.text, start, pos):
            if identity.quoted(self.text, m.start(), start):
                continue
            name = m.group("subj")
            subject = None if self._is_own(name) else name
            last_end = m.end()
        if subject and any(self.text.find(w, last_end, pos) >= 0 for w in self.self_words):
            return None
        return subject

    def _is_own(self, name: str) -> bool:
        """我局, the report's own names, 区安监局 inside 度假区安监局, the own place's leadership
        (区管委 in a department's report), or the same function."""
        if any(w in name for w in _OWN_WORDS) or any(own.endswith(name) for own in self.own_names):
            return True
        if name in self.leaders or (self.title and name in self.title):
            return True
        parts = split_name(name)
        return bool(parts and self.own_function and canonical_function(parts[1].function) == self.own_function)

    def fact(self, measure: str, dimension: str | None, number: Number, unit: str,
             value_span: tuple[int, int], rule: str, subject: str | None = None) -> Fact:
        if not number.approx and _APPROX_AFTER_UNIT.match(self.text, value_span[1]):
            number = Number(number.value, True)  # 60件左右: the mark stands after the unit
        s_start, s_end = self.sentence_at(value_span[0])
        start, end = self.norm.orig_span(s_start, s_end)
        v_start, v_end = self.norm.orig_span(*value_span)
        return Fact(measure=measure, dimension=dimension, value=number.value, unit=unit,
                    approx=number.approx, start=start, end=end,
                    evidence=self.norm.original[start:end], rule=rule,
                    value_start=v_start, value_end=v_end, subject=subject)


def _span_at(spans: tuple[tuple[int, int], ...], pos: int) -> tuple[int, int]:
    """The last span starting at or before ``pos`` (the first span when none does)."""
    return spans[max(0, bisect.bisect_right(spans, pos, key=lambda s: s[0]) - 1)]


def make_doc(norm: NormText, meta: Metadata) -> Doc:
    """The rules' view of a report; its own names come from the report's identity."""
    a = meta.agency
    function = a.remit or a.function  # as the report names itself: 县安监局 in 平潭县安监局's report
    own = identity.own_refs(a.name, a.short_name, function, a.level, a.region, a.aliases)
    return Doc(norm=norm, outline=outline(norm.text), sentences=tuple(sentence_spans(norm.text)),
               paragraphs=tuple(_paragraphs(norm.text)), own_names=own,
               own_function=canonical_function(function) if function else None, title=meta.title or "",
               leaders=identity.leadership_refs(a.level, a.region) if a.function else frozenset(),
               self_words=identity.self_words(a.name or a.short_name, a.function, a.level, a.region))


def _paragraphs(text: str) -> Iterator[tuple[int, int]]:
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            yield pos, pos + len(line)
        pos += len(line) + 1


def _value_span(m: re.Match[str]) -> tuple[int, int]:
    """The number with its approximation marks: '1500余', '约600'."""
    start = m.start("approx_pre") if m.group("approx_pre") else m.start("num")
    end = m.end("approx_post") if m.group("approx_post") else (m.end("mult") if m.group("mult") else m.end("num"))
    return start, end


def _number(m: re.Match[str]) -> Number | None:
    try:
        return number_from_match(m)
    except ValueError:
        return None


def _pct(m: re.Match[str]) -> tuple[Number, tuple[int, int]]:
    return Number(float(m.group("pct")), False), (m.start("pct"), m.end("pct") + 1)


def _zero(m: re.Match[str]) -> tuple[Number, tuple[int, int]]:
    return Number(0.0, False), m.span("neg")


def prose_matches(doc: Doc, pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
    """Matches outside flattened tables: lines with tabs belong to ``tables``, and their labels
    (申请人逾期未按收费通知要求缴纳费用, 未经复议直接起诉) use prose words without saying anything."""
    for m in pattern.finditer(doc.text):
        line_start = doc.text.rfind("\n", 0, m.start()) + 1
        line_end = doc.text.find("\n", m.start())
        if "\t" not in doc.text[line_start : line_end if line_end >= 0 else None]:
            yield m


def proactive_totals(doc: Doc) -> list[Fact]:
    """主动公开政府信息31条; 共各类信息4991条 under a 主动公开 heading; per-channel counts."""
    facts: list[Fact] = []
    taken: list[tuple[int, int]] = []
    for m in P_TOTAL.finditer(doc.text):
        if (n := _number(m)) is not None:
            facts.append(doc.fact("proactive_total", None, n, "条", _value_span(m), "proactive_total",
                                  doc.subject_at(m.start())))
            taken.append(m.span())
    for pattern, rule in ((P_CHANNEL, "proactive_channel"), (P_TOTAL_ALL, "proactive_total_all")):
        for m in pattern.finditer(doc.text):
            if _overlaps(m.span(), taken) or not doc.outline.within(m.start(), "主动公开"):
                continue
            if (n := _number(m)) is None:
                continue
            channel = m.group("channel") if "channel" in pattern.groupindex else _channel_before(doc, m.start())
            channel = _part_of(doc, facts, m.start(), channel)
            facts.append(doc.fact("proactive_total", channel, n, "条", _value_span(m), rule,
                                  doc.subject_at(m.start())))
            taken.append(m.span())
    return facts


_PART_OF = re.compile(r"其中[:：]?$")


def _part_of(doc: Doc, found: list[Fact], pos: int, channel: str | None) -> str | None:
    """'门户网站发布9800余条，其中在公开栏目中公开1500余条': the column's count is part of the
    portal's. Recorded as a dimension path ``portal/column`` (the convention of categories within
    a channel), so the part is never read as a parallel channel."""
    if not channel or not _PART_OF.search(doc.text, max(0, pos - 3), pos):
        return channel
    sentence, here = doc.norm.orig_span(*doc.sentence_at(pos))[0], doc.norm.orig_span(pos, pos)[0]
    parents = [f for f in found if f.dimension and f.start == sentence and f.value_end <= here]
    return f"{parents[-1].dimension}/{channel}" if parents else channel


def _channel_before(doc: Doc, pos: int) -> str | None:
    """'在中国政务公开信息网共政府信息135条': the platform named just before 共."""
    start, _ = doc.sentence_at(pos)
    m = re.search(rf"在(?P<c>[{_CJK}]{{2,20}}?(?:网站|信息网|平台|专栏|栏目))$", doc.text[start:pos])
    return m.group("c") if m else None


def _overlaps(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(span[0] < e and s < span[1] for s, e in spans)


def categories(doc: Doc, totals: list[Fact]) -> list[Fact]:
    """Category counts (政策法规3条) in the paragraph of a total, with a share only where the
    text puts '占总数的10%' in the same clause as the count."""
    facts: list[Fact] = []
    by_paragraph = _totals_by_paragraph(doc, totals)
    for (p_start, p_end), para_totals in by_paragraph.items():
        taken = [_norm_span_of(doc, t) for t in para_totals]
        for m in P_ITEM.finditer(doc.text, p_start, p_end):
            name = _clean_name(m.group("name"))
            if not name or _overlaps((m.start("name"), m.end()), taken):
                continue
            total = _governing_total(doc, para_totals, m.start("num"))
            dim = f"{total.dimension}/{name}" if total.dimension else name
            if (n := _number(m)) is None:
                continue
            facts.append(doc.fact("proactive_category", dim, n, "条", _value_span(m), "proactive_category",
                                  total.subject))
            if m.group("pct"):
                pct, span = _pct(m)
                facts.append(doc.fact("proactive_category_share", dim, pct, "%", span,
                                      "proactive_category_share", total.subject))
    return facts


def _totals_by_paragraph(doc: Doc, totals: list[Fact]) -> dict[tuple[int, int], list[Fact]]:
    out: dict[tuple[int, int], list[Fact]] = {}
    for t in totals:
        out.setdefault(doc.paragraph_at(_norm_span_of(doc, t)[0]), []).append(t)
    return out


def _norm_span_of(doc: Doc, fact: Fact) -> tuple[int, int]:
    """The normalised span of a fact's number (inverse of the offset map, by search)."""
    lo = bisect.bisect_left(doc.norm.to_orig, fact.value_start)
    hi = bisect.bisect_left(doc.norm.to_orig, fact.value_end)
    return lo, hi


def _governing_total(doc: Doc, totals: list[Fact], pos: int) -> Fact:
    """The nearest total before ``pos`` in the paragraph, else the paragraph's first total."""
    before = sorted((t for t in totals if _norm_span_of(doc, t)[0] < pos), key=lambda t: t.value_start)
    return before[-1] if before else totals[0]


#: Parts of the body itself (局机关, 局属各单位): ``prose.proactive_units`` reads them, not categories.
_UNIT_NAMES = re.compile(r"局机关|委机关|机关本级|本级|局属各单位|局属单位|所属各单位|所属单位|直属单位|下属单位")


def _clean_name(name: str) -> str | None:
    name = _NAME_TAIL.sub("", _NAME_HEAD.sub("", name))
    if len(name) < 2 or any(w in name for w in _NAME_STOP) or _UNIT_NAMES.fullmatch(name):
        return None
    return name


def electronic_rate(doc: Doc) -> list[Fact]:
    facts = []
    for m in P_ELECTRONIC.finditer(doc.text):
        pct, span = _pct(m)
        facts.append(doc.fact("electronic_rate", None, pct, "%", span, "electronic_rate", doc.subject_at(m.start())))
    return facts


def requests(doc: Doc) -> list[Fact]:
    """申请总数为15件; 收到政府信息公开申请3件; 无信息公开申请 (0)."""
    facts = []
    for m in P_REQUESTS.finditer(doc.text):
        if (n := _number(m)) is not None:
            facts.append(doc.fact("requests_received", None, n, "件", _value_span(m), "requests_received",
                                  doc.subject_at(m.start())))
    for m in prose_matches(doc, P_NO_REQUESTS):
        zero, span = _zero(m)
        facts.append(doc.fact("requests_received", None, zero, "件", span, "requests_none", doc.subject_at(m.start())))
    return facts


def review_litigation(doc: Doc) -> list[Fact]:
    """无…行政复议案件 / 没有…行政诉讼 (0); the template's table is read by ``tables``."""
    facts = []
    for pattern, measure in ((P_NO_REVIEW, "review_cases"), (P_NO_LITIGATION, "litigation_cases")):
        for m in prose_matches(doc, pattern):
            zero, span = _zero(m)
            facts.append(doc.fact(measure, None, zero, "件", span, f"{measure}_none", doc.subject_at(m.start())))
    return facts


def fees(doc: Doc) -> list[Fact]:
    """无信息公开的收费及减免情况 / 未收取信息处理费 (0)."""
    facts = []
    for m in prose_matches(doc, P_NO_FEES):
        s, e = doc.sentence_at(m.start())
        if "信息" not in doc.text[s:e] and not doc.outline.within(m.start(), "收费"):
            continue
        if "收费通知" in doc.text[s:e]:  # the request table's row 申请人逾期未按收费通知… is no "none"
            continue
        zero, span = _zero(m)
        facts.append(doc.fact("fees_collected", None, zero, "元", span, "fees_none", doc.subject_at(m.start())))
    return facts


Rule = Callable[[Doc], list[Fact]]
#: Rules that need only the document; categories run after totals, which they attach to.
RULES: tuple[Rule, ...] = (electronic_rate, requests, review_litigation, fees)


def extract_facts(norm: NormText, meta: Metadata) -> list[Fact]:
    doc = make_doc(norm, meta)
    totals = proactive_totals(doc)
    facts = totals + categories(doc, totals)
    for rule in RULES:
        facts += rule(doc)
    return _dedupe(facts)


def _dedupe(facts: list[Fact]) -> list[Fact]:
    """One fact per (measure, dimension, subject, number span): two rules may read one phrase."""
    seen, out = set(), []
    for f in sorted(facts, key=lambda f: (f.value_start, f.measure)):
        key = (f.measure, f.dimension, f.subject, f.value_start, f.value_end)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out
