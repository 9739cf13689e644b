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
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property

from ..model import Fact, Metadata
from ..read.normalise import NormText, sentence_spans
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
#: The longest evidence a fact carries (characters); real sentences are far shorter.
MAX_EVIDENCE = 1000
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
        """The last body named in [start, pos), or None when that last one is the report's own."""
        starts, found = self._subjects
        i = bisect.bisect_right(starts, pos) - 1
        while i >= 0 and found[i].end() > pos:  # matches do not overlap: at most one straddles pos
            i -= 1
        if i < 0 or found[i].start() < start:
            return None
        name = found[i].group("subj")
        return None if self._is_own(name) else name

    @cached_property
    def line_tabs(self) -> tuple[list[int], list[bool]]:
        """Where each line starts, and whether it holds a tab (a flattened table row): found once,
        since looking up each match's line again was quadratic on one long line."""
        starts, tabbed = [0], []
        for line in self.text.split("\n"):
            tabbed.append("\t" in line)
            starts.append(starts[-1] + len(line) + 1)
        return starts[:-1], tabbed

    @cached_property
    def clause_bounds(self) -> list[int]:
        """Where clauses end (, ; 。 and line breaks), in order: for bisection."""
        return [i for i, ch in enumerate(self.text) if ch in ",;。\n"]

    @cached_property
    def _subjects(self) -> tuple[list[int], list[re.Match[str]]]:
        """Every body the text names, found once: scanning the paragraph again for each number
        was quadratic on one long line (a 60 KB line took minutes)."""
        found = list(P_SUBJECT.finditer(self.text))
        return [m.start() for m in found], found

    def _is_own(self, name: str) -> bool:
        """我局, the report's own names, 区安监局 inside 度假区安监局, or the same function."""
        if any(w in name for w in _OWN_WORDS) or any(own.endswith(name) for own in self.own_names):
            return True
        if self.title and name in self.title:
            return True
        parts = split_name(name)
        return bool(parts and self.own_function and canonical_function(parts[1].function) == self.own_function)

    def evidence_span(self, value_span: tuple[int, int]) -> tuple[int, int]:
        """The sentence a number stands in; in a sentence longer than ``MAX_EVIDENCE`` (a page
        that never ends a sentence, a run-together table) its clause, cut to ``MAX_EVIDENCE``
        around the number. Every fact carries its evidence, so an unbounded sentence made the
        output grow as facts x sentence length (600 MB of JSON for one 200 KB file)."""
        s_start, s_end = self.sentence_at(value_span[0])
        if s_end - s_start <= MAX_EVIDENCE:
            return s_start, s_end
        bounds = self.clause_bounds
        i = bisect.bisect_left(bounds, value_span[0])
        j = bisect.bisect_left(bounds, value_span[1])
        start = max(s_start, bounds[i - 1] + 1 if i else 0, value_span[0] - MAX_EVIDENCE // 2)
        end = min(s_end, bounds[j] + 1 if j < len(bounds) else len(self.text), value_span[1] + MAX_EVIDENCE // 2)
        return start, max(end, value_span[1])

    def fact(self, measure: str, dimension: str | None, number: Number, unit: str,
             value_span: tuple[int, int], rule: str, subject: str | None = None) -> Fact:
        if not number.approx and _APPROX_AFTER_UNIT.match(self.text, value_span[1]):
            number = Number(number.value, True)  # 60件左右: the mark stands after the unit
        s_start, s_end = self.evidence_span(value_span)
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
    own = {n for n in (meta.agency.name, meta.agency.short_name, *meta.agency.aliases) if n}
    return Doc(norm=norm, outline=outline(norm.text), sentences=tuple(sentence_spans(norm.text)),
               paragraphs=tuple(_paragraphs(norm.text)), own_names=frozenset(own),
               own_function=meta.agency.function, title=meta.title or "")


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
    starts, tabbed = doc.line_tabs
    for m in pattern.finditer(doc.text):
        if not tabbed[bisect.bisect_right(starts, m.start()) - 1]:
            yield m


def proactive_totals(doc: Doc) -> list[Fact]:
    """主动公开政府信息31条; 共各类信息4991条 under a 主动公开 heading; per-channel counts."""
    facts: list[Fact] = []
    taken = SpanSet()
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
            facts.append(doc.fact("proactive_total", channel, n, "条", _value_span(m), rule,
                                  doc.subject_at(m.start())))
            taken.append(m.span())
    return facts


def _channel_before(doc: Doc, pos: int) -> str | None:
    """'在中国政务公开信息网共政府信息135条': the platform named just before 共."""
    start, _ = doc.sentence_at(pos)
    m = re.search(rf"在(?P<c>[{_CJK}]{{2,20}}?(?:网站|信息网|平台|专栏|栏目))$", doc.text[start:pos])
    return m.group("c") if m else None


class SpanSet:
    """Spans already read, sorted by start: an overlap check looks only at the spans that start
    within reach of it (a scan of every span for every match was quadratic on a long line)."""

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        self.spans: list[tuple[int, int]] = sorted(spans)
        self.longest = max((e - s for s, e in self.spans), default=0)

    def append(self, span: tuple[int, int]) -> None:
        bisect.insort(self.spans, span)
        self.longest = max(self.longest, span[1] - span[0])

    def overlaps(self, span: tuple[int, int]) -> bool:
        j = bisect.bisect_left(self.spans, (span[1],)) - 1
        while j >= 0 and self.spans[j][0] >= span[0] - self.longest:
            if self.spans[j][1] > span[0]:
                return True
            j -= 1
        return False


def _overlaps(span: tuple[int, int], spans: SpanSet) -> bool:
    return spans.overlaps(span)


def categories(doc: Doc, totals: list[Fact]) -> list[Fact]:
    """Category counts (政策法规3条) in the paragraph of a total, with a share only where the
    text puts '占总数的10%' in the same clause as the count."""
    facts: list[Fact] = []
    by_paragraph = _totals_by_paragraph(doc, totals)
    for (p_start, p_end), para_totals in by_paragraph.items():
        taken = SpanSet(_norm_span_of(doc, t) for t in para_totals)
        para_totals = sorted(para_totals, key=lambda t: t.value_start)
        starts = [_norm_span_of(doc, t)[0] for t in para_totals]
        for m in P_ITEM.finditer(doc.text, p_start, p_end):
            name = _clean_name(m.group("name"))
            if not name or _overlaps((m.start("name"), m.end()), taken):
                continue
            total = _governing_total(para_totals, starts, m.start("num"))
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


def _governing_total(totals: list[Fact], starts: list[int], pos: int) -> Fact:
    """The nearest total before ``pos`` in the paragraph, else the paragraph's first total.
    ``totals`` are in text order and ``starts`` are their normalised starts (a bisection, since
    a scan of every total for every category was quadratic on a long paragraph)."""
    i = bisect.bisect_left(starts, pos)
    return totals[i - 1] if i else totals[0]


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
