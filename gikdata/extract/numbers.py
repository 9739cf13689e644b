"""How reports write numbers: Arabic and Chinese numerals, 万/亿, approximations, percentages.

An approximate number (``1500余``, ``约600``) is a lower bound: we keep the stated figure and
mark it ``approx``; we never round it up or guess what lies beyond it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
           "六": 6, "七": 7, "八": 8, "九": 9}
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
CN_NUMERAL_CHARS = "零〇一二两三四五六七八九十百千"

#: Words before a number that make it approximate (约600, 近千, 超过15万).
APPROX_WORDS = ("约", "近", "将近", "超过", "逾", "大约")
APPROX_PREFIX = f"(?:{'|'.join(APPROX_WORDS)})"
#: Words after a number that make it approximate (1500余, 70多, 600左右).
APPROX_SUFFIX = r"(?:余|多|左右|以上)"

#: One number as reports write it, after normalisation (ASCII digits, no inner spaces).
#: A number starts where its run of digits (or numerals) starts: the look-behinds keep a search
#: from retrying inside a long run, which made every rule quadratic on a line of 60 KB of digits
#: (a match starting inside a run would always have a longer one at the run's start anyway).
NUMBER = (
    rf"(?P<approx_pre>{APPROX_PREFIX})?"
    r"(?P<num>(?<![\d,.])\d+(?:,\d{3})*(?:\.\d+)?|(?<![" + CN_NUMERAL_CHARS + r"])[" + CN_NUMERAL_CHARS + r"]+)"
    r"(?P<mult>万|亿)?"
    rf"(?P<approx_post>{APPROX_SUFFIX})?"
)
NUMBER_RE = re.compile(NUMBER)
#: Zero-width: a ``NUMBER`` can begin at this character (a digit, a numeral, the first character
#: of an approximation word). Put first in a pattern that starts with a number, it rejects most
#: positions of a text at once, where the look-behinds and alternatives of ``NUMBER`` would each
#: be tried: 3-4 times faster scans, the same matches.
NUMBER_START = r"(?=[\d" + CN_NUMERAL_CHARS + "".join(sorted({w[0] for w in APPROX_WORDS})) + "])"
#: No figure of a yearly report has more digits than this (money in 元 included).
MAX_DIGITS = 15
PERCENT = r"(?P<pct>\d+(?:\.\d+)?)%"


@dataclass(frozen=True, slots=True)
class Number:
    value: float
    approx: bool


def chinese_to_int(s: str) -> int:
    """Parse a Chinese numeral (三十一, 一千五百, 十二, 二〇一四) into an int.

    Raises ValueError on anything that is not a well-formed numeral: the caller decides
    whether that means "no number here".
    """
    if not s:
        raise ValueError("empty numeral")
    if all(ch in _DIGITS for ch in s):  # digit-by-digit form: 二〇一四
        if len(s) == 1:
            return _DIGITS[s]
        return int("".join(str(_DIGITS[ch]) for ch in s))
    total, section, digit, last_unit = 0, 0, None, 10_000
    for ch in s:
        if ch in "零〇":  # a placeholder between units: 一百零五
            continue
        if ch in _DIGITS:
            if digit is not None:
                raise ValueError(f"two digits in a row in {s!r}")
            digit = _DIGITS[ch]
        elif ch in _SMALL_UNITS:
            if _SMALL_UNITS[ch] >= last_unit:  # 十十, 百千: units only fall within a section
                raise ValueError(f"units out of order in {s!r}")
            section += (1 if digit is None else digit) * _SMALL_UNITS[ch]
            digit, last_unit = None, _SMALL_UNITS[ch]
        elif ch in _BIG_UNITS:
            section += digit or 0
            total += section * _BIG_UNITS[ch]
            section, digit, last_unit = 0, None, 10_000
        else:
            raise ValueError(f"not a numeral: {s!r}")
    return total + section + (digit or 0)


def parse_number(text: str) -> Number:
    """Parse one number token matched by ``NUMBER`` (with 万/亿 and approximation marks)."""
    m = NUMBER_RE.fullmatch(text)
    if not m:
        raise ValueError(f"not a number: {text!r}")
    return number_from_match(m)


#: Larger than any count or amount a report can state (10^15 元 is a thousand times China's GDP):
#: a longer run of digits is noise (a table row run together, a corrupted file), not a figure.
MAX_VALUE = 1e15


def number_from_match(m: re.Match[str]) -> Number:
    """The value of a ``NUMBER`` match. Raises ValueError when it is not a finite figure a report
    could state (310 digits overflow a float to inf; 八 x 310 overflows ``float()`` itself)."""
    raw = m.group("num")
    if len(raw) > MAX_DIGITS:
        raise ValueError(f"{len(raw)} digits: a run of a flattened table, not a number")
    value = finite(raw.replace(",", "")) if raw[0].isdigit() else finite(chinese_to_int(raw))
    mult = m.group("mult")
    if mult:
        value = finite(value * _BIG_UNITS[mult])
    approx = bool(m.group("approx_pre") or m.group("approx_post"))
    return Number(value=value, approx=approx)


def finite(raw: str | int | float) -> float:
    """``float(raw)`` when it is a finite figure no larger than ``MAX_VALUE``, else ValueError.

    Every number the extractor emits goes through here, so inf, nan and absurd magnitudes
    never reach the database or JSON (where ``Infinity`` is not valid)."""
    try:
        value = float(raw)
    except OverflowError:
        raise ValueError(f"number too large: {str(raw)[:20]}…") from None
    if not math.isfinite(value) or abs(value) > MAX_VALUE:
        raise ValueError(f"not a finite figure: {str(raw)[:20]}")
    return value


def share_tolerance(share_text: str) -> float:
    """Half a unit of the last stated digit: 23 -> 0.5, 33.3 -> 0.05."""
    decimals = len(share_text.split(".")[1]) if "." in share_text else 0
    return 0.5 * 10 ** (-decimals)
