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
from collections.abc import Iterator
from dataclasses import dataclass

from ..model import Fact, Metadata
from ..read.normalise import NormText, sentence_spans
from . import identity
from .agencies import canonical_function, split_name
from .numbers import Number, number_from_match
from .sections import Outline, outline

_ITEM_UNIT = r"(?P<unit>条次|条|件|项)"
_CJK = r"\u4e00-\u9fff"
_NAME_CHAR = rf"(?:(?![和及与的在网站、])[{_CJK}])"
P_SUBJECT = re.compile(rf"(?P<subj>(?:区|市|县){_NAME_CHAR}{{1,8}}?(?:分局|局|委员会|委)|{_NAME_CHAR}{{2,4}}分局)")
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


