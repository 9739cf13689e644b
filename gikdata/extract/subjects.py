"""Whose number: the report's own body, or another body the text names before it.

The text that decides is the sentence of the number; in a real paragraph (a line of a laid-out
report) also the sentences before it in the paragraph, since a report names a department once
and then gives its figures (区卫生局在卫生局网站公开… 在区政府网站…主动公开信息77条). A crawler's
page body is one line holding the whole report: that line is no paragraph, so there only the
sentence counts. A body named as a place or an organiser (区管委会门户网站, 区管委会办公室组织的,
根据区管委部署) is a channel or a context, not whose figure it is. Whether a name is the report's
own is ``Doc._is_own``'s decision (the identity stage).
"""

from __future__ import annotations

import bisect
import re

from .facts import Doc

#: A paragraph longer than this is a flattened page, not a paragraph.
PARAGRAPH_MAX = 800
#: Words of the text's own voice: the last mention being one of them makes the number own.
OWN_VOICE = re.compile(r"我局|本局|我委|本委|我办|本办|我单位|本单位|本机关|我机关|我中心|本中心|我署")
#: After a body's name, words that make the name a channel or an organiser, not the subject.
_NOT_SUBJECT_AFTER = re.compile(
    r"[^,;:。\d在通过向对于从把将已共]{0,12}?(?:门户网站|门户网|政府网站|网站|官网|网|平台|公众号|微博"
    r"|办公室|领导小组|要求|部署|决策|统一|文件|通知|印发|组织|关于|的要求|党委|党组)"
)


def whose(doc: Doc, pos: int, paragraph: bool = True) -> str | None:
    """The other body a number at ``pos`` is about, or None when it is the report's own.
    ``paragraph=False`` reads the sentence only (a breakdown of requests by body names bodies
    that are not the subject of the sentences after it)."""
    start = doc.sentence_at(pos)[0]
    p_start, p_end = doc.paragraph_at(pos)
    mention = _last_mention(doc, start, pos)
    if mention is None and paragraph and p_end - p_start <= PARAGRAPH_MAX and p_start < start:
        mention = _last_mention(doc, p_start, start)
    if mention is None or OWN_VOICE.fullmatch(mention) or doc._is_own(mention):
        return None
    return mention


def _last_mention(doc: Doc, start: int, pos: int) -> str | None:
    """The last body named in [start, pos), or the own voice (我局) when no body is named."""
    subj_starts, subjects, own_starts, own = _mentions(doc)
    m = _last_in(subj_starts, subjects, start, pos)
    if m is None:  # 本局 after 区发改局 in one sentence is 区发改局 speaking of itself
        m = _last_in(own_starts, own, start, pos)
    return m.group(0) if m is not None and m.re is OWN_VOICE else m.group("subj") if m is not None else None


Mentions = tuple[list[int], list[re.Match[str]], list[int], list[re.Match[str]]]


def _mentions(doc: Doc) -> Mentions:
    """Every body the text names as a subject (not as a channel or organiser) and every own-voice
    word, found once per document: scanning the sentence again for each number was quadratic on
    a page that never ends a sentence (a crawler's one-line table of 20,000 clauses)."""
    cached = vars(doc).get("_whose_mentions")
    if cached is None:
        text = doc.text
        subjects = [m for m in doc.named_bodies[1] if not _NOT_SUBJECT_AFTER.match(text, m.end())]
        own = list(OWN_VOICE.finditer(text))
        cached = ([m.start() for m in subjects], subjects, [m.start() for m in own], own)
        vars(doc)["_whose_mentions"] = cached  # a frozen dataclass's __dict__, as cached_property does
    return cached


def _last_in(starts: list[int], matches: list[re.Match[str]], start: int, pos: int) -> re.Match[str] | None:
    """The last match lying wholly in [start, pos) (matches do not overlap: one may straddle pos)."""
    i = bisect.bisect_left(starts, pos) - 1
    while i >= 0 and matches[i].end() > pos:
        i -= 1
    return matches[i] if i >= 0 and matches[i].start() >= start else None
