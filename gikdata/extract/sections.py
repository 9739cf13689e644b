"""Stage 3: normalised text to an outline of headings, and each position's heading path.

Both eras number their top-level sections 一、二、…; sub-sections are （一）, then 1、 or 1.
A heading is a short line that starts with such a marker. Facts use the path to know where
they stand (a count under 主动公开 is a proactive count; under 依申请公开 it is a request count).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

_LEVEL_PATTERNS = (
    (1, re.compile(r"^(?:[一二三四五六七八九十]+)、")),
    (2, re.compile(r"^\((?:[一二三四五六七八九十]+)\)")),
    (3, re.compile(r"^\d{1,2}(?:、|\.(?!\d))")),
)
#: Headings are short; a numbered paragraph of prose is not a heading.
MAX_HEADING_CHARS = 40


@dataclass(frozen=True, slots=True)
class Heading:
    level: int
    title: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Outline:
    headings: tuple[Heading, ...]

    def path_at(self, pos: int) -> tuple[Heading, ...]:
        """The headings that govern position ``pos`` (outermost first)."""
        idx = bisect.bisect_right(self.headings, pos, key=lambda h: h.start) - 1
        path: list[Heading] = []
        while idx >= 0:
            h = self.headings[idx]
            if not path or h.level < path[0].level:
                path.insert(0, h)
                if h.level == 1:
                    break
            idx -= 1
        return tuple(path)

    def within(self, pos: int, *keywords: str) -> bool:
        """Whether a heading over ``pos`` mentions any of ``keywords``."""
        return any(k in h.title for h in self.path_at(pos) for k in keywords)


def outline(text: str) -> Outline:
    """Find the headings of normalised text."""
    headings = []
    pos = 0
    for line in text.split("\n"):
        stripped = line.strip()
        offset = pos + (len(line) - len(line.lstrip()))
        pos += len(line) + 1
        if not stripped or "\t" in stripped:  # a flattened table row (一、本年新收…\t0) is no heading
            continue
        for level, pattern in _LEVEL_PATTERNS:
            if pattern.match(stripped):
                title_len = _first_sentence_len(stripped)
                if title_len <= MAX_HEADING_CHARS:
                    headings.append(Heading(level, stripped[:title_len], offset, offset + title_len))
                break
    return Outline(tuple(headings))


def _first_sentence_len(line: str) -> int:
    """A heading may run into its first sentence on one line: '（一）主动公开情况。2023年…'."""
    m = re.search(r"[。]", line)
    return m.start() if m else len(line)
