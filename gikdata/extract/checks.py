"""Stage 6: check a report's facts against each other; findings, never silent fixes.

A report's own numbers are data: when categories do not add up to the total, or a share does
not match its count, both numbers stay and a finding says so, with its level and the span of
the evidence.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from ..model import Fact, Flag
from .numbers import share_tolerance

SUM_MEASURES = {"proactive_category": "proactive_total"}


def value_text(f: Fact) -> str:
    """The number as the report printed it (e.g. '10％')."""
    return f.evidence[f.value_start - f.start : f.value_end - f.start]


def check_facts(facts: list[Fact]) -> list[Flag]:
    return [*_conflicts(facts), *_category_sums(facts), *_shares(facts), *check_template(facts),
            *check_parts(facts)]


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


# ---------------------------------------------------------------------------------------------
# The standard template's tables state their own arithmetic; each failure is a finding.

TEMPLATE_REQUESTS = "template_requests"
TEMPLATE_REVIEW = "template_review_litigation"


def _cells(facts: list[Fact], measure: str) -> dict[str, dict[str, Fact]]:
    """{row: {column: fact}} for one template table."""
    out: dict[str, dict[str, Fact]] = defaultdict(dict)
    for f in facts:
        if f.measure == measure and f.dimension and "|" in f.dimension:
            row, col = f.dimension.split("|", 1)
            out[row][col] = f
    return out


def _span(fs: list[Fact]) -> tuple[int, int]:
    return min(f.start for f in fs), max(f.end for f in fs)


def _row(table: dict[str, dict[str, Fact]], prefix: str) -> dict[str, Fact] | None:
    return next((cells for row, cells in table.items() if row.startswith(prefix)), None)


def check_template(facts: list[Fact]) -> list[Flag]:
    """Applicant columns sum to 总计; outcome rows sum to (七)总计; per column
    一 + 二 = (七)总计 + 四; in section 四 each group's four outcomes sum to its 总计."""
    req = _cells(facts, TEMPLATE_REQUESTS)
    return [*_applicant_sums(req), *_outcome_sums(req), *_identity(req), *_review_sums(facts)]


def _applicant_sums(req: dict[str, dict[str, Fact]]) -> list[Flag]:
    """Each request row: the applicant columns add up to 总计 (checked once at least 6 are read)."""
    return _parts_against_total(
        req, lambda n: n >= 6, "template_applicant_sum",
        lambda row, s, t: f"requests row {row}: applicant columns sum to {s:g}, 总计 says {t:g}")


def _parts_against_total(groups: dict[str, dict[str, Fact]], enough: Callable[[int], bool], code: str,
                         message: Callable[[str, float, float], str]) -> list[Flag]:
    """A warning for each group whose non-总计 cells do not add up to its 总计 cell."""
    flags = []
    for group, cells in groups.items():
        total = cells.get("总计")
        parts = [f for col, f in cells.items() if col != "总计"]
        if total is None or not enough(len(parts)):
            continue
        s = sum(f.value for f in parts)
        if s != total.value:
            flags.append(Flag("warning", code, message(group, s, total.value), *_span([total, *parts])))
    return flags


def _outcome_rows(req: dict[str, dict[str, Fact]]) -> list[str]:
    """The leaf rows of 三、本年度办理结果: (一), (二), every numbered sub-row, and a group
    without sub-rows (2019's (六)其他处理)."""
    groups = [r for r in req if r.startswith("(") and "/" not in r and not r.startswith("(七)")]
    leaves = [r for r in req if r.startswith("(") and "/" in r]
    return leaves + [g for g in groups if not any(leaf.startswith(g + "/") for leaf in leaves)]


def _outcome_sums(req: dict[str, dict[str, Fact]]) -> list[Flag]:
    total_row = _row(req, "(七)")
    rows = _outcome_rows(req)
    if total_row is None or not rows:
        return []
    flags = []
    for col, total in total_row.items():
        parts = [req[r][col] for r in rows if col in req[r]]
        if len(parts) != len(rows):
            continue
        s = sum(f.value for f in parts)
        if s != total.value:
            flags.append(Flag("warning", "template_outcome_sum",
                              f"requests column {col}: the {len(rows)} outcome rows sum to {s:g}, "
                              f"(七)总计 says {total.value:g}", *_span([total, *parts])))
    return flags


def _identity(req: dict[str, dict[str, Fact]]) -> list[Flag]:
    new, carried, total, carry_out = (_row(req, p) for p in ("一、", "二、", "(七)", "四、"))
    if not (new and carried and total and carry_out):
        return []
    flags = []
    for col in new:
        fs = [r.get(col) for r in (new, carried, total, carry_out)]
        if any(f is None for f in fs):
            continue
        a, b, c, d = (f.value for f in fs)  # type: ignore[union-attr]
        if a + b != c + d:
            flags.append(Flag("warning", "template_identity",
                              f"requests column {col}: 一 {a:g} + 二 {b:g} = {a + b:g}, but (七)总计 {c:g} + "
                              f"四 {d:g} = {c + d:g}", *_span(fs)))  # type: ignore[arg-type]
    return flags


def _review_sums(facts: list[Fact]) -> list[Flag]:
    """Review and each litigation group: 维持 + 纠正 + 其他 + 尚未审结 = 总计."""
    return _parts_against_total(
        _cells(facts, TEMPLATE_REVIEW), lambda n: n == 4, "template_review_sum",
        lambda group, s, t: f"{group}: 维持, 纠正, 其他, 尚未审结 sum to {s:g}, 总计 says {t:g}")


# ---------------------------------------------------------------------------------------------
# Across years for one agency: 结转下年度 in year t is 上年结转 in year t+1.

def check_carryover(rows: list[dict]) -> list[tuple[str, Flag]]:
    """``rows``: one per report with agency_id, year, report_id, carried_in (上年结转 总计) and
    carried_out (结转下年度 总计), either None. Returns (report_id, finding) for the later
    report of each consecutive pair that disagrees."""
    by_agency: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        if r.get("agency_id") and r.get("year") is not None:
            by_agency[r["agency_id"]].append(r)
    out = []
    for agency, rs in by_agency.items():
        rs.sort(key=lambda r: r["year"])
        for prev, cur in zip(rs, rs[1:], strict=False):
            if cur["year"] != prev["year"] + 1 or prev.get("carried_out") is None or cur.get("carried_in") is None:
                continue
            if prev["carried_out"] != cur["carried_in"]:
                out.append((cur["report_id"], Flag(
                    "warning", "carryover_mismatch",
                    f"{agency}: {prev['year']} carries {prev['carried_out']:g} requests to the next year "
                    f"(结转下年度), {cur['year']} says {cur['carried_in']:g} came over (上年结转)")))
    return out


# ---------------------------------------------------------------------------------------------
# Prose parts against their whole: channels and bodies should add up to the requests received,
# units (局机关 + 局属各单位) to the proactive total.

PART_WHOLE = (("requests_by_channel", "requests_received"), ("requests_by_body", "requests_received"),
              ("proactive_by_unit", "proactive_total"))


def check_parts(facts: list[Fact]) -> list[Flag]:
    """A breakdown stated in full (two or more parts) that does not add up to its whole."""
    flags = []
    for part, whole in PART_WHOLE:
        groups: dict[str | None, list[Fact]] = defaultdict(list)
        for f in facts:
            if f.measure == part:
                groups[f.subject].append(f)
        for subject, parts in groups.items():
            totals = [f for f in facts if f.measure == whole and f.subject == subject and f.dimension is None]
            if len(parts) < 2 or len(totals) != 1 or any(f.approx for f in [*parts, *totals]):
                continue
            s = sum(f.value for f in parts)
            if s != totals[0].value:
                names = " + ".join(f"{f.dimension} {f.value:g}" for f in parts)
                flags.append(Flag("warning", "parts_sum_mismatch",
                                  f"{_who(subject)}{part}: {names} = {s:g}, but {whole} is {totals[0].value:g}",
                                  *_span([*parts, *totals])))
    return flags
