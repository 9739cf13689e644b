"""Stage 2: messy report text to matchable text, with a map back to the original.

Every pass either maps characters one-to-one or deletes characters, so each character of the
normalised text comes from exactly one character of the original: ``to_orig[i]`` is its index.
That is what lets every fact point back into the file the user has.

Passes, in order:
1. full-width ASCII (３１, ％, （）, ，) and ideographic spaces to ASCII; CR and CRLF to LF;
2. word-processor and markdown residue deleted ([bookmark: _GoBack], ``**``, ``#`` headings,
   ``[text](url)`` links keep their text);
3. hard line wraps of PDF text rejoined (only in documents that look hard-wrapped);
4. spaces inside numbers and between Chinese characters deleted (``2014 年`` -> ``2014年``,
   ``概 述`` -> ``概述``); spaces between Latin words and between two numbers are kept.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cache
from itertools import compress

_FULLWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20  # ideographic space
_FULLWIDTH[0x00A0] = 0x20  # no-break space
_FULLWIDTH[0x2002] = 0x20
_FULLWIDTH[0x2003] = 0x20
_FULLWIDTH[0x0D] = 0x0A  # lone CR; CRLF loses its CR in the residue pass
_FULLWIDTH[0xFE52] = 0x2E  # small full stop used as decimal point

_RESIDUE = re.compile(
    r"(?m:^(?:\[bookmark:[^\]\n]*\])?[ \t]*#{1,6}[ \t]*)"  # markdown heading marks
    r"|\r(?=\n)"                                 # CR of CRLF
    r"|\[bookmark:[^\]\n]*\]"                     # Word bookmarks
    r"|\*\*"                                      # markdown bold
    r"|(?P<lb>\[)(?=[^\]\n]*\]\((?:https?|mailto):)"  # "[" of a link (text kept)
    r"|(?<=\])\((?:https?|mailto):[^)\s]*\)"     # "(url)" of a link
)
_LINK_CLOSE = re.compile(r"\](?=\((?:https?|mailto):)")
_SPACES = re.compile(r" +")
_HEADING_START = re.compile(
    r"^(?:[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)|\d+[、.]|第[一二三四五六七八九十]+[章节条]|[#*])"
)
#: A section heading ends its line even when it is as wide as the page (五、主动公开政府信息情况及…).
_SECTION_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\))[^。,;]*$")
_SENTENCE_END = "。!?"
#: a line that is one number alone: a table cell printed on its own line, never a wrapped word
_BARE_NUMBER = re.compile(r"^[-+]?\d+(?:\.\d+)?$")


@dataclass(frozen=True, slots=True)
class NormText:
    """Normalised text plus, for each of its characters, the index in ``original``."""

    text: str
    to_orig: tuple[int, ...]
    original: str

    def orig_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalised span [start, end) to the original text, end-exclusive."""
        if end <= start:
            pos = self.to_orig[start] if start < len(self.to_orig) else len(self.original)
            return pos, pos
        return self.to_orig[start], self.to_orig[end - 1] + 1


#: The last document's result: ingest normalises a report for extraction and again for
#: tokenising; the second call (same string object) returns it instead of running every pass
#: again. Short strings (names, queries) are cheap and not remembered, so they never evict it.
_last: list[NormText] = []
_REMEMBER_CHARS = 1000


def normalise(original: str) -> NormText:
    """Run every pass over ``original``; see the module docstring."""
    if _last and _last[0].original is original:
        return _last[0]
    text = original.translate(_FULLWIDTH)
    cmap = list(range(len(original)))
    text, cmap = _delete(text, cmap, _residue_ranges(text))
    text, cmap = _delete(text, cmap, _wrap_ranges(text))
    text, cmap = _delete(text, cmap, _space_ranges(text))
    result = NormText(text=text, to_orig=tuple(cmap), original=original)
    if len(original) >= _REMEMBER_CHARS:
        _last[:] = [result]
    return result


def _delete(text: str, cmap: list[int], ranges: list[tuple[int, int]]) -> tuple[str, list[int]]:
    if not ranges:
        return text, cmap
    keep = bytearray(b"\x01") * len(text)
    for start, end in ranges:
        keep[start:end] = b"\x00" * (end - start)
    return "".join(compress(text, keep)), list(compress(cmap, keep))


def _residue_ranges(text: str) -> list[tuple[int, int]]:
    ranges = [m.span() for m in _RESIDUE.finditer(text)]
    ranges += [m.span() for m in _LINK_CLOSE.finditer(text)]
    return ranges


def visual_width(line: str) -> int:
    """Columns a line takes on a page: CJK characters (East Asian Width W or F) count two.

    Counted by regex scans, not a lookup per character: this runs on every line of every report.
    """
    width = len(line) + sum(m.end() - m.start() for m in _wide_bmp().finditer(line))
    return width + sum(1 for ch in _ASTRAL.findall(line) if unicodedata.east_asian_width(ch) in "WF")


_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")


@cache
def _wide_bmp() -> re.Pattern[str]:
    """Runs of wide characters of the Basic Multilingual Plane, by this Python's Unicode data
    (built once: 65,536 lookups, about 15 ms)."""
    wide = [cp for cp in range(0x10000) if unicodedata.east_asian_width(chr(cp)) in "WF"]
    ranges, start = [], 0
    for i in range(1, len(wide) + 1):
        if i == len(wide) or wide[i] != wide[i - 1] + 1:
            ranges.append(f"{re.escape(chr(wide[start]))}-{re.escape(chr(wide[i - 1]))}")
            start = i
    return re.compile(f"[{''.join(ranges)}]+")


def _page_width(widths: list[int]) -> int | None:
    """The width most lines share, if the document looks hard-wrapped at one width.

    PDF text wraps every line of a paragraph at nearly the same width; web text does not.
    We accept a width of at most 120 columns (a page) when at least half of the substantial lines
    are within 4 columns of it.
    """
    long_lines = [w for w in widths if w >= 20]
    if len(long_lines) < 6:
        return None
    top = Counter(long_lines).most_common()
    best, best_count = None, 0
    for width, _ in top[:10]:
        near = sum(1 for w in long_lines if width - 4 <= w <= width + 4)
        if near > best_count:
            best, best_count = width, near
    if best is None or best > 120 or best_count < max(5, len(long_lines) // 2):
        return None
    return max(w for w in long_lines if best - 4 <= w <= best + 4)


def _wrap_ranges(text: str) -> list[tuple[int, int]]:
    """Line breaks (with blank lines and edge spaces) inside wrapped paragraphs, to delete."""
    lines = []  # (start, end, stripped)
    pos = 0
    for raw in text.split("\n"):
        lines.append((pos, pos + len(raw), raw.strip(" \t")))
        pos += len(raw) + 1
    # table rows (tab-separated) say nothing about the page width of the prose
    width = _page_width([visual_width(s) for _, _, s in lines if s and "\t" not in s])
    if width is None:
        return []
    ranges = []
    nonempty = [ln for ln in lines if ln[2]]
    for (s1, e1, line), (s2, _e2, nxt) in zip(nonempty, nonempty[1:], strict=False):
        if visual_width(line) < width - 10 or _HEADING_START.match(nxt) or "\t" in line or "\t" in nxt \
                or _BARE_NUMBER.match(nxt) \
                or _SECTION_HEADING.match(line):
            continue
        line_end = s1 + len(text[s1:e1].rstrip(" \t"))
        next_start = s2 + (len(text[s2:]) - len(text[s2:].lstrip(" \t")))
        ranges.append((line_end, next_start))
    return ranges


def _is_word_char(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _space_ranges(text: str) -> list[tuple[int, int]]:
    """Spaces to delete: all, except between two Latin/digit characters (words, two numbers)."""
    ranges = []
    for m in _SPACES.finditer(text):
        start, end = m.span()
        before = text[start - 1] if start > 0 else "\n"
        after = text[end] if end < len(text) else "\n"
        if _is_word_char(before) and _is_word_char(after):
            if len(m.group()) > 1:
                ranges.append((start + 1, end))
            continue
        ranges.append((start, end))
    return ranges


_SENTENCE = re.compile(r"[^。!?\n]+[。!?]?|[。!?]")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentences of normalised text: ended by 。!? or a line break; spans exclude the break."""
    return [m.span() for m in _SENTENCE.finditer(text) if m.group().strip()]
