"""Cue words of the measures, declared as data (gikdata/data/measure_cues.csv), and the clause
they are read in.

A measure is read at clause level: the words between the last clause boundary (, ; : 。 ! ?)
and a number say what the number counts. The csv lists, per measure, the verbs that make a
count (主动公开), the words that make it something else (制作、获取, 依申请, 历年累计, 信访 …: a
distractor), the parts of a body (局机关) and the scopes wider than the body (全区). Keeping them
as data lets a reader of another region's reports add a phrasing without touching the rules.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from functools import cache

from ..config import PACKAGE_DATA_DIR
from .numbers import NUMBER_START

CUES_FILE = PACKAGE_DATA_DIR / "measure_cues.csv"
#: Clause boundaries of normalised text (full-width punctuation is ASCII there).
CLAUSE_END = ",;:。!?\n，；：！？"
#: Before a ``NUMBER``: never inside a run of digits or of Chinese numerals. Keeps number patterns
#: linear on the 5,000-digit runs of flattened tables (no retry at every digit of the run); the
#: look-ahead first (``NUMBER_START``) skips every position where no number can begin.
_CN = "零〇一二两三四五六七八九十百千"
NOT_IN_RUN = rf"{NUMBER_START}(?<![\d.,])(?:(?<![{_CN}])|(?![{_CN}]))"
_YEAR = re.compile(r"(?<!\d)(19|20)\d\d(?=年)")


@cache
def cue_words() -> dict[tuple[str, str], tuple[str, ...]]:
    """(measure, role) -> words, longest first (so 主动公开 is tried before 公开)."""
    out: dict[tuple[str, str], list[str]] = defaultdict(list)
    with CUES_FILE.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            out[(row["measure"], row["role"])].append(row["word"])
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in out.items()}


def words(measure: str, role: str) -> tuple[str, ...]:
    return cue_words().get((measure, role), ())


def alternation(measure: str, role: str) -> str:
    """The words of one role as a regex alternation (escaped, longest first)."""
    return "|".join(re.escape(w) for w in words(measure, role))


def has(text: str, measure: str, role: str) -> str | None:
    """The first word of the role that occurs in ``text``, if any."""
    return next((w for w in words(measure, role) if w in text), None)


def clause_start(text: str, pos: int, floor: int = 0) -> int:
    """Where the clause holding ``pos`` begins (after the last boundary, not before ``floor``)."""
    return max(floor, max(text.rfind(c, floor, pos) for c in CLAUSE_END) + 1)


_TITLED = re.compile(r"《[^《》]{0,80}》")


def other_year(text: str, year: int | None) -> bool:
    """Whether ``text`` names a year other than the report's (2024年 in a 2025 report); a year
    inside a document's title (《2014年政府信息公开工作要点》) says nothing about the count."""
    if year is None:
        return False
    return any(int(m.group(0)) != year for m in _YEAR.finditer(_TITLED.sub("", text)))
