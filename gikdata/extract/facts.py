"""Stage 5: facts, each a number the text states, grounded in its sentence.

Rules are small functions over a ``Doc`` (normalised text, outline, the report's own names);
each returns facts and names itself in ``Fact.rule``. Correctness first: a rule fires only on a
phrasing that says the number plainly; a number attached to another body (a department inside
a whole-government report) is that body's fact (``subject``), never the report's own; a share
is paired with a count only when the text puts them in one clause.

This module holds what every rule shares (``Doc``, number spans, the table-line filter); the
rules live in one module per job: ``proactive`` (totals, breakdowns), ``stat_table`` (the
statistics table of free-form reports), ``prose`` (requests, review, litigation, fees and the
rest), with ``subjects`` deciding whose a number is and ``cues`` holding the cue words.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property

from ..model import Fact, Metadata
from ..read.normalise import NormText, sentence_spans
from . import identity
from .agencies import canonical_function, split_name
from .numbers import Number, number_from_match
from .sections import Outline, outline

_CJK = r"\u4e00-\u9fff"
_NAME_CHAR = rf"(?:(?![和及与的在网站、])[{_CJK}])"
P_SUBJECT = re.compile(rf"(?P<subj>(?:区|市|县){_NAME_CHAR}{{1,8}}?(?:分局|局|委员会|委)|{_NAME_CHAR}{{2,4}}分局)")
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
        gives the figure back to the report's own body. Bodies and self words are found once per
        document and looked up by bisection: scanning the paragraph again for each number was
        quadratic on one long line (a 60 KB line took minutes)."""
        starts, found = self.named_bodies
        i = bisect.bisect_right(starts, pos) - 1
        while i >= 0 and (found[i].end() > pos or identity.quoted(self.text, found[i].start(), start)):
            if found[i].start() < start:
                break
            i -= 1
        if i < 0 or found[i].start() < start:
            return None
        m = found[i]
        name = m.group("subj")
        if self._is_own(name) or self._self_word_between(m.end(), pos):
            return None
        return name

    def _self_word_between(self, lo: int, hi: int) -> bool:
        """Whether a self word (我局 …) stands wholly inside [lo, hi)."""
        starts, ends = self._self_word_spans
        i = bisect.bisect_left(starts, hi) - 1
        while i >= 0 and starts[i] >= lo:
            if ends[i] <= hi:
                return True
            i -= 1
        return False

    @cached_property
    def _self_word_spans(self) -> tuple[list[int], list[int]]:
        spans = sorted({(m.start(), m.end()) for w in self.self_words for m in re.finditer(re.escape(w), self.text)})
        return [s for s, _ in spans], [e for _, e in spans]

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
    def named_bodies(self) -> tuple[list[int], list[re.Match[str]]]:
        """Every body the text names, found once: scanning the paragraph again for each number
        was quadratic on one long line (a 60 KB line took minutes)."""
        found = list(P_SUBJECT.finditer(self.text))
        return [m.start() for m in found], found

    def _is_own(self, name: str) -> bool:
        """我局, the report's own names, 区安监局 inside 度假区安监局, the own place's leadership
        (区管委 in a department's report), or the same function."""
        if any(w in name for w in _OWN_WORDS) or any(own.endswith(name) for own in self.own_names):
            return True
        if name in self.leaders or (self.title and name in self.title):
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
    starts, tabbed = doc.line_tabs
    for m in pattern.finditer(doc.text):
        if not tabbed[bisect.bisect_right(starts, m.start()) - 1]:
            yield m


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
