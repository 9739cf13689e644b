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
from .facts import extract_facts
from .metadata import apply_overrides, extract_metadata
from .prose import prose_facts
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
    found = extract_facts(norm, meta) + prose_facts(norm, meta) + tables.facts
    facts = sorted(found, key=lambda f: (f.value_start, f.measure))  # stable: table order kept
    flags += tables.flags
    flags += check_facts(facts)
    flags += _total_flags(facts)
    return Report(file=src.path, report_id=src.report_id, sha256=src.sha256, encoding=src.encoding,
                  text=src.text, metadata=meta, facts=tuple(facts), flags=tuple(flags),
                  tables=tables.as_dict())


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


def own_value(facts: tuple[Fact, ...], measure: str, dimension: str | None = None) -> Fact | None:
    """The report's own statement of a measure, if it states one value (conflicts give None)."""
    found = [f for f in facts if f.measure == measure and f.dimension == dimension and f.subject is None]
    if not found or len({f.value for f in found}) > 1:
        return None
    return found[0]


def summary(report: Report) -> dict[str, Any]:
    facts = report.facts
    total = own_value(facts, "proactive_total")
    out: dict[str, Any] = {
        "proactive_total": int(total.value) if total else None,
        "proactive_total_approx": total.approx if total else None,
        "categories": _categories(facts),
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


def _categories(facts: tuple[Fact, ...]) -> list[dict[str, Any]]:
    shares = {f.dimension: f.value for f in facts
              if f.measure == "proactive_category_share" and f.subject is None}
    return [{"name": f.dimension, "count": int(f.value), "share": shares.get(f.dimension)}
            for f in facts if f.measure == "proactive_category" and f.subject is None
            and "/" not in (f.dimension or "")]


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
