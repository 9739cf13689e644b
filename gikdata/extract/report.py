"""One raw file to one ``Report``: read -> normalise -> metadata -> facts -> checks.

Also the public JSON shape of ``gik extract --json`` (a contract: keys are added, never changed).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..model import Fact, Flag, Report
from ..read.decode import SourceText, read_source
from ..read.normalise import normalise
from .checks import check_facts
from .facts import make_doc
from .metadata import apply_overrides, extract_metadata
from .proactive import proactive_facts
from .prose import prose_facts
from .sanity import finite_facts, finite_tables, negative_cells
from .stat_table import stat_table_facts
from .tables import TABLE_NAMES, parse_tables, template_version

SUMMARY_MEASURES = {"requests_received": int, "review_cases": int, "litigation_cases": int,
                    "fees_collected": float}


def extract_source(src: SourceText, overrides: dict[str, str] | None = None) -> Report:
    norm = normalise(src.text)
    meta, flags = extract_metadata(norm, src.report_id)
    if overrides:
        meta, more = apply_overrides(meta, overrides, src.report_id)
        flags += more
    tables = parse_tables(norm)
    doc = make_doc(norm, meta)
    prose = _dedupe(proactive_facts(doc, meta) + prose_facts(doc))
    stats, stat_flags = stat_table_facts(doc, prose)
    found, bad = finite_facts(prose + stats + tables.facts)
    facts = sorted(found, key=lambda f: (f.value_start, f.measure))  # stable: table order kept
    table_values, bad_cells = finite_tables(tables.as_dict())
    flags += tables.flags + stat_flags + bad + bad_cells + negative_cells(facts)
    flags += check_facts(facts)
    flags += _total_flags(facts)
    return Report(file=src.path, report_id=src.report_id, sha256=src.sha256, encoding=src.encoding,
                  text=src.text, metadata=meta, facts=tuple(facts), flags=tuple(flags),
                  tables=table_values)


def extract_file(path: str | Path, overrides: dict[str, str] | None = None) -> Report:
    return extract_source(read_source(path), overrides)


def _total_flags(facts: list[Fact]) -> list[Flag]:
    """Say so when a report counts proactive items only per channel, without a total."""
    own = [f for f in facts if f.measure == "proactive_total" and f.subject is None]
    if own and not any(f.dimension is None for f in own):
        parts = ", ".join(f"{f.dimension} {'≈' if f.approx else ''}{f.value:g}" for f in own)
        return [Flag("info", "proactive_total_by_channel",
                     f"proactive items are given per channel ({parts}); the report does not say which is its total",
                     own[0].start, own[-1].end)]
    return []


def _dedupe(facts: list[Fact]) -> list[Fact]:
    """One fact per (measure, dimension, subject, number span): two rules may read one phrase."""
    seen, out = set(), []
    for f in sorted(facts, key=lambda f: (f.value_start, f.measure)):
        key = (f.measure, f.dimension, f.subject, f.value_start, f.value_end)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


#: Rules that read a table the report prints: where prose and table disagree, the table is the
#: figure the summary gives (both stay as facts, and checks flag the disagreement).
TABLE_RULES = ("template_", "stat_table")


def own_value(facts: tuple[Fact, ...], measure: str, dimension: str | None = None) -> Fact | None:
    """The report's own statement of a measure: its one value, or the one value its table gives
    when prose and table disagree; None when the report states it several ways."""
    found = [f for f in facts if f.measure == measure and f.dimension == dimension and f.subject is None]
    for group in ([f for f in found if f.rule.startswith(TABLE_RULES)], found):
        if group and len({f.value for f in group}) == 1:
            return group[0]
    return None


def own_total(facts: tuple[Fact, ...]) -> Fact | None:
    """The proactive total; failing one, the count of the only channel the report names
    (门户网站公开政府信息159条 is a department's total when it names no other)."""
    total = own_value(facts, "proactive_total")
    if total is not None:
        return total
    stated = [f for f in facts if f.measure == "proactive_total" and f.dimension is None and f.subject is None]
    if stated:  # stated several ways: the one its own breakdown adds up to, if exactly one does
        parts = sum(f.value for f in facts if f.measure == "proactive_category" and f.subject is None
                    and f.dimension and "/" not in f.dimension)
        summed = {f.value for f in stated if parts and f.value == parts}
        return next(f for f in stated if f.value in summed) if len(summed) == 1 else None
    channels = {f.dimension for f in facts if f.measure == "proactive_total" and f.subject is None}
    return own_value(facts, "proactive_total", channels.pop()) if len(channels) == 1 else None


def summary(report: Report) -> dict[str, Any]:
    facts = report.facts
    total = own_total(facts)
    out: dict[str, Any] = {
        "proactive_total": int(total.value) if total else None,
        "proactive_total_approx": total.approx if total else None,
        "categories": _categories(facts, total.dimension if total else None),
    }
    kinds = {"proactive_total": value_kind(total, None)}
    for measure, cast in SUMMARY_MEASURES.items():
        f = headline_value(facts, measure)
        out[measure] = cast(f.value) if f else None
        kinds[measure] = value_kind(f, _table_state(facts, report.tables, measure))
    fees = own_value(facts, "fees_collected")
    out["fees_collected_unit"] = fees.unit if fees else None
    out["template_tables"] = {name: report.tables.get(name, {}) for name in TABLE_NAMES}
    out["template_version"] = template_version(
        [c for cols in report.tables.get("article20", {}).values() for c in cols])
    out["kinds"] = kinds
    return out


#: Where a summary measure stands in the template's tables: (table, rows, column).
TABLE_CELLS = {"requests_received": ("requests", ("一、本年新收政府信息公开申请数量",), "总计"),
               "review_cases": ("review_litigation", ("行政复议",), "总计"),
               "litigation_cases": ("review_litigation", ("行政诉讼/未经复议直接起诉", "行政诉讼/复议后起诉"), "总计")}


def value_kind(f: Fact | None, table_state: str | None) -> str:
    """What a summary value is: ``number``; ``none`` (a stated 0: 无…, or 0 in a table);
    ``lower_bound`` (余/多/近/约); or, when there is no value, ``unreadable`` (the table prints
    the cell but no reading of it is proved), ``contradicted`` (the table's total disagrees with
    its own row and the prose is silent), or ``not_stated``."""
    if f is not None:
        return "lower_bound" if f.approx else "none" if f.value == 0 else "number"
    return table_state or "not_stated"


def _table_state(facts: tuple[Fact, ...], tables: dict, measure: str) -> str | None:
    where = TABLE_CELLS.get(measure)
    if where is None:
        return None
    table, rows, col = where
    cells = [tables.get(table, {}).get(row) for row in rows]
    if all(c is None for c in cells):
        return None
    if any(c is None or c.get(col) is None for c in cells):
        return "unreadable"
    unbalanced = any(f.measure == measure and f.rule.endswith("_unbalanced") for f in facts)
    return "contradicted" if unbalanced else None


def headline_value(facts: tuple[Fact, ...], measure: str) -> Fact | None:
    """The report's figure for a summary measure. A template table's total is the defined
    figure when its row adds up, whatever the prose says (the conflict is a finding). A total
    its own row contradicts is no figure: the prose's statement is used if it states one
    value, else None (the cells stay in ``template_tables``, the checks say what fails).
    Without a table, the prose's value (conflicts give None)."""
    own = [f for f in facts if f.measure == measure and f.dimension is None and f.subject is None]
    table = [f for f in own if f.rule.startswith("template_")]
    prose = tuple(f for f in own if not f.rule.startswith("template_"))
    if table and not table[0].rule.endswith("_unbalanced"):
        return table[0]
    return own_value(prose, measure)


def _categories(facts: tuple[Fact, ...], channel: str | None = None) -> list[dict[str, Any]]:
    """The breakdown of the summary's total: undimensioned categories, or, when the total is a
    channel's count, that channel's categories (dimension ``channel/name``)."""
    prefix = f"{channel}/" if channel else ""

    def name_of(f: Fact) -> str | None:
        dim = f.dimension or ""
        if prefix:
            return dim[len(prefix):] if dim.startswith(prefix) else None
        return dim if "/" not in dim else None

    shares = {name_of(f): f.value for f in facts
              if f.measure == "proactive_category_share" and f.subject is None and name_of(f)}
    return [{"name": name_of(f), "count": int(f.value), "share": shares.get(name_of(f))}
            for f in facts if f.measure == "proactive_category" and f.subject is None and name_of(f)]


def to_json(report: Report) -> dict[str, Any]:
    meta = report.metadata
    agency = meta.agency
    return {
        "file": report.file,
        "report_id": report.report_id,
        "agency": {"name": agency.name, "short_name": agency.short_name,
                   # the place parts only; its division code is region_code (a code is no place name)
                   "region": {k: v for k, v in agency.region.to_dict().items() if k != "code"},
                   "region_code": agency.region.code,
                   "agency_id": agency.agency_id, "function": agency.function,
                   "level": agency.level, "aliases": list(agency.aliases),
                   "rule": agency.rule,
                   "evidence": [{"source": src, "name": name, "start": start, "end": end}
                                for src, name, start, end in agency.evidence]},
        "year": meta.year,
        "year_evidence": ({"rule": meta.year_evidence[0], "start": meta.year_evidence[1], "end": meta.year_evidence[2]}
                          if meta.year_evidence else None),
        "format": meta.format,
        "scope": meta.scope,
        "title": meta.title,
        "overrides": list(meta.overrides),
        "summary": summary(report),
        "facts": [f.to_dict() for f in report.facts],
        "flags": [f.to_dict() for f in report.flags],
    }
