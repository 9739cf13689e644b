"""The statistics table appended to free-form reports (2008-2018): ``统计表 指标名称 计量单位
2012年度 历年累计 主动公开信息数 条 19 33 …``.

Row labels are data (gikdata/data/measure_cues.csv, ``stat_row``). The header says how many
value columns there are (this year, and often 历年累计); the first is the year's. A crawler runs
the cells together (``主动公开文件数条152219``) and sticks the next row's number on
(``…1522192、政府公报公开数``): a run is split only where one split is possible (no leading zeros:
``00`` is 0 | 0) or where exactly one possible split agrees with a figure the prose states (the
cumulative column is not always the larger: ``10774`` is 107 | 74 in a real report); otherwise
the row gives nothing and a flag names it. The fee row
(收费减免金额, fees and waivers together) is read only when it is 0.

Also the one-row fee table of the newest template (通知收取件数 | 通知收取金额 | 实际收取金额):
实际收取金额 is kept only where every reading of the digits gives the same cell.
"""

from __future__ import annotations

import re

from ..model import Fact, Flag
from .cues import alternation, words
from .facts import Doc
from .numbers import Number

MEASURES = ("proactive_total", "requests_received", "review_cases", "litigation_cases", "fees_collected")
_UNITS = {"proactive_total": "条", "requests_received": "件", "review_cases": "件", "litigation_cases": "件",
          "fees_collected": "元"}
P_HEADER = re.compile(r"指标(?:名称)?\s*(?:计量)?单位\s*(?P<cols>(?:(?:\d{4}年度?|历年累计|累计|年末统计|本年度?|上年度?|数量)\s*){1,3})")
_VALUES = r"(?P<values>\d+(?: \d+)*)"
#: The longest digit run read as cells (two or three counts of a yearly report).
MAX_RUN = 12


#: The fee table of the newest template: 通知收取件数 | 通知收取金额（元） | 实际收取金额（元）, one row.
P_FEE_TABLE = re.compile(r"通知收取件数\s*通知收取金额\(元\)\s*实际收取金额\(元\)\s*信息处理费收取情况\s*(?P<values>\d+(?: \d+)*)")


def fee_table_facts(doc: Doc) -> list[Fact]:
    """实际收取金额 (the fee actually collected) from the fee table, where every reading of its
    digits gives the same third cell (``000`` -> 0; ``18000`` is 1 | 800 | 0 or 180 | 0 | 0 -> 0)."""
    facts = []
    for m in P_FEE_TABLE.finditer(doc.text):
        tokens = m.group("values").split(" ")
        if any(len(t) > MAX_RUN for t in tokens):
            continue
        last = {tokens[2]} if len(tokens) == 3 else {c for _, _, c in _splits3("".join(tokens))}
        if len(last) != 1:
            continue
        value = last.pop()
        end = m.end("values")
        facts.append(doc.fact("fees_collected", None, Number(float(value), False), "元",
                              (end - len(value), end), "stat_table_fees"))
    return facts


def _splits3(run: str) -> list[tuple[str, str, str]]:
    """Three-cell readings of a digit run, without leading zeros (runs of at most 12 digits)."""
    if len(run) > MAX_RUN:
        return []
    cells = ((run[:i], run[i:j], run[j:]) for i in range(1, len(run) - 1) for j in range(i + 1, len(run)))
    return [c for c in cells if all(x == "0" or x[0] != "0" for x in c)]


def _row_pattern(measure: str) -> re.Pattern[str]:
    return re.compile(rf"(?:{alternation('stat_row', measure)})\s*(?:条|件|元|项|个)\s*{_VALUES}")


def stat_table_facts(doc: Doc, prose: list[Fact]) -> tuple[list[Fact], list[Flag]]:
    """Facts of each labelled row; ``prose`` facts may settle a run of digits."""
    header = P_HEADER.search(doc.text)
    if header is None:
        return fee_table_facts(doc), []
    cols = re.findall(r"\d{4}年度?|历年累计|累计|年末统计|本年度?|上年度?|数量", header.group("cols"))
    facts: list[Fact] = []
    flags: list[Flag] = []
    for measure in MEASURES:
        if not words("stat_row", measure):
            continue
        for m in _row_pattern(measure).finditer(doc.text, header.end()):
            stated = {f.value for f in prose if f.measure == measure and f.subject is None}
            value, span = _first_value(doc.text, m, len(cols), stated)
            if value is None:
                flags.append(Flag("info", "stat_table_ambiguous",
                                  f"statistics row {m.group(0)!r}: the digits allow more than one split",
                                  *doc.norm.orig_span(*m.span())))
                continue
            if measure == "fees_collected" and value != 0:
                continue
            facts.append(doc.fact(measure, None, Number(float(value), False), _UNITS[measure], span, "stat_table"))
            break  # the first row of a measure is its total (其中 rows follow)
    return facts + fee_table_facts(doc), flags


def _first_value(text: str, m: re.Match[str], n_cols: int,
                 stated: set[float]) -> tuple[int | None, tuple[int, int]]:
    """The year's value of a row and its span; None when the digits allow several readings."""
    values, start = m.group("values"), m.start("values")
    if text[m.end():m.end() + 1] in ("、", ".", "．"):  # the next row's number stuck on: 1522192、
        values = values[:-1].rstrip()
        if not values:
            return None, (start, start)
    tokens = values.split(" ")
    if any(len(t) > MAX_RUN for t in tokens):
        return None, (start, start)  # no count of a yearly report runs to this many digits
    if len(tokens) >= n_cols or n_cols == 1:
        return int(tokens[0]), (start, start + len(tokens[0]))
    run = tokens[0]
    if float(int(run)) in stated:  # the row prints only the year's cell: 主动公开文件数条148
        return int(run), (start, start + len(run))
    splits = _splits(run)
    if len(splits) > 1:  # the prose restates one reading (10774 = 107 | 74 when the prose says 107)
        splits = [s for s in splits if float(int(s[0])) in stated]
    if len(splits) != 1:
        return None, (start, start)
    return int(splits[0][0]), (start, start + len(splits[0][0]))


def _splits(run: str) -> list[tuple[str, str]]:
    """Two-cell readings of a digit run, without leading zeros."""
    out = []
    for i in range(1, len(run)):
        a, b = run[:i], run[i:]
        if (a == "0" or a[0] != "0") and (b == "0" or b[0] != "0"):
            out.append((a, b))
    return out
