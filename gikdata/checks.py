"""Stage 6: check a report's facts against each other; findings, never silent fixes.

A report's own numbers are data: when categories do not add up to the total, or a share does
not match its count, both numbers stay and a finding says so, with its level and the span of
the evidence.
"""

from __future__ import annotations

from collections import defaultdict

from .model import Fact, Flag
from .numbers import share_tolerance

SUM_MEASURES = {"proactive_category": "proactive_total"}


def value_text(f: Fact) -> str:
    """The number as the report printed it (e.g. '10％')."""
    return f.evidence[f.value_start - f.start : f.value_end - f.start]


def check_facts(facts: list[Fact]) -> list[Flag]:
    return [*_conflicts(facts), *_category_sums(facts), *_shares(facts)]


def _who(subject: str | None) -> str:
    return f"{subject}: " if subject else ""


def _conflicts(facts: list[Fact]) -> list[Flag]:
    """One measure stated twice with different values (prose against table, two sentences)."""
    by_key: dict[tuple, list[Fact]] = defaultdict(list)
    for f in facts:
        by_key[(f.measure, f.dimension, f.subject)].append(f)
    flags = []
    for (measure, dim, subject), fs in by_key.items():
        values = sorted({f.value for f in fs})
        if len(values) > 1:
            where = f" [{dim}]" if dim else ""
            flags.append(Flag("warning", "conflicting_values",
                              f"{_who(subject)}{measure}{where} is stated as {' and '.join(f'{v:g}' for v in values)}",
                              fs[0].start, fs[-1].end))
    return flags


def _group_of(cat: Fact) -> str | None:
    return cat.dimension.rsplit("/", 1)[0] if cat.dimension and "/" in cat.dimension else None


def _totals(facts: list[Fact]) -> dict[tuple, Fact]:
    return {(f.subject, f.dimension): f for f in facts if f.measure == "proactive_total"}


def _category_sums(facts: list[Fact]) -> list[Flag]:
    totals = _totals(facts)
    groups: dict[tuple, list[Fact]] = defaultdict(list)
    for f in facts:
        if f.measure == "proactive_category":
            groups[(f.subject, _group_of(f))].append(f)
    flags = []
    for key, cats in groups.items():
        total = totals.get(key)
        if total is None or len(cats) < 2:
            continue
        s = sum(c.value for c in cats)
        if s != total.value and not (total.approx or any(c.approx for c in cats)):
            names = " + ".join(f"{c.dimension.rsplit('/', 1)[-1]} {c.value:g}" for c in cats)
            flags.append(Flag("warning", "category_sum_mismatch",
                              f"{_who(key[0])}categories sum to {s:g} ({names}) but the total is {total.value:g}",
                              min(total.start, *(c.start for c in cats)), max(total.end, *(c.end for c in cats))))
    return flags


def _shares(facts: list[Fact]) -> list[Flag]:
    totals = _totals(facts)
    counts = {(f.subject, f.dimension): f for f in facts if f.measure == "proactive_category"}
    flags = []
    for share in (f for f in facts if f.measure == "proactive_category_share"):
        count = counts.get((share.subject, share.dimension))
        total = totals.get((share.subject, _group_of(share)))
        if not count or not total or not total.value:
            continue
        computed = 100 * count.value / total.value
        tol = share_tolerance(value_text(share).rstrip("%％"))
        diff = computed - share.value
        if abs(diff) <= tol + 1e-9:
            continue
        label = share.dimension.rsplit("/", 1)[-1]
        msg = (f"{_who(share.subject)}{label}: {count.value:g} of {total.value:g} is {computed:.2f}%, "
               f"the report says {value_text(share)}")
        if 0 < diff < 2 * tol + 1e-9:
            flags.append(Flag("info", "share_truncated", msg + " (truncated, not rounded)", share.start, share.end))
        else:
            flags.append(Flag("warning", "share_mismatch", msg, share.start, share.end))
    return flags
