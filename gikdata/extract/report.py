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
from .sanity import finite_facts, finite_tables, negative_cells
from .tables import TABLE_NAMES, parse_tables

SUMMARY_MEASURES = {"requests_received": int, "review_cases": int, "litigation_cases": int,
                    "fees_collected": float}


def extract_source(src: SourceText, overrides: dict[str, str] | None = None) -> Report:
    norm = normalise(src.text)
    meta, flags = extract_metadata(norm, src.report_id)
    if overrides:
        meta, more = apply_overrides(meta, overrides, src.report_id)
        flags += more
    tables = parse_tables(norm)
    found, bad = finite_facts(extract_facts(norm, meta) + prose_facts(norm, meta) + tables.facts)
    facts = sorted(found, key=lambda f: (f.value_start, f.measure))  # stable: table order kept
    table_values, bad_cells = finite_tables(tables.as_dict())
    flags += tables.flags + bad + bad_cells + negative_cells(facts)
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
    for measure, cast in SUMMARY_MEASURES.items():
        f = own_value(facts, measure)
        out[measure] = cast(f.value) if f else None
    fees = own_value(facts, "fees_collected")
    out["fees_collected_unit"] = fees.unit if fees else None
    out["template_tables"] = {name: report.tables.get(name, {}) for name in TABLE_NAMES}
    return out


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
                   "region": {k: v for k, v in agency.region.to_dict().items()},
                   "agency_id": agency.agency_id, "function": agency.function,
                   "level": agency.level, "aliases": list(agency.aliases)},
        "year": meta.year,
        "format": meta.format,
        "scope": meta.scope,
        "title": meta.title,
        "overrides": list(meta.overrides),
        "summary": summary(report),
        "facts": [f.to_dict() for f in report.facts],
        "flags": [f.to_dict() for f in report.flags],
    }
