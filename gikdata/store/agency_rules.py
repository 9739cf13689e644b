"""A user's decisions about agency identity (``data/agencies.csv``), applied on every ingest.

The extractor's identity rule (region code + canonical function) is right most of the time;
where it is not, the researcher says so once in a CSV file, and every rebuild honours it:

- ``merge``: reports of ``agency_id`` belong to ``target`` (two ids that are one body);
- ``split``: the report ``report`` (id, id prefix or file name) of ``agency_id`` belongs to ``target``;
- ``rename``: ``agency_id`` is called ``name`` (kept as an alias of form ``user``).

Each rule is recorded in the database with the number of reports it changed; one that changes
nothing (its agency is gone) is reported. Columns: action, agency_id, target, report, name, note, who.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import GikError
from ..model import Agency, Flag, Report

COLUMNS = ("action", "agency_id", "target", "report", "name", "note", "who")
ACTIONS = {"merge": ("target",), "split": ("target", "report"), "rename": ("name",)}


class AgencyRulesError(GikError):
    """data/agencies.csv is malformed."""


@dataclass(frozen=True, slots=True)
class AgencyRule:
    line: int
    action: str
    agency_id: str
    target: str | None = None
    report: str | None = None
    name: str | None = None
    note: str = ""
    who: str = ""


@dataclass(frozen=True, slots=True)
class AppliedRule:
    rule: AgencyRule
    n_reports: int
    status: str  # applied | target_missing


def read_agency_rules(path: Path | None) -> list[AgencyRule]:
    """The rules in ``path`` in file order; none when the file does not exist."""
    if path is None or not path.exists():
        return []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        unknown = set(reader.fieldnames or ()) - set(COLUMNS)
        if {"action", "agency_id"} - set(reader.fieldnames or ()) or unknown:
            raise AgencyRulesError(f"{path}: columns must be {', '.join(COLUMNS)} (unknown: {sorted(unknown)})")
        return [_parse(path, n, row) for n, row in enumerate(reader, start=2)]


def _parse(path: Path, line: int, row: dict[str, str]) -> AgencyRule:
    cell = {k: (v or "").strip() or None for k, v in row.items()}
    action = (cell.get("action") or "").lower()
    if action not in ACTIONS:
        raise AgencyRulesError(f"{path}:{line}: action {action!r} is not one of {', '.join(ACTIONS)}")
    needed = [k for k in ("agency_id", *ACTIONS[action]) if not cell.get(k)]
    if needed:
        raise AgencyRulesError(f"{path}:{line}: a {action} needs {', '.join(needed)}")
    return AgencyRule(line, action, cell["agency_id"], cell.get("target"), cell.get("report"),
                      cell.get("name"), cell.get("note") or "", cell.get("who") or "")


def _matches_report(r: Report, key: str | None) -> bool:
    return bool(key) and (key == r.report_id or (len(key) >= 8 and r.report_id.startswith(key))
                          or Path(r.file).name == key)


def _apply_one(r: Report, rule: AgencyRule, into: Agency | None) -> Report | None:
    """The report after ``rule``, or None when the rule does not concern it.

    A merged report takes the region, function and level of the agency it joins (``into``, when
    that agency has reports), so that the agency is described by its own reports; the merged
    report's names stay as aliases.
    """
    agency = r.metadata.agency
    if agency.agency_id != rule.agency_id:
        return None
    who = f" by {rule.who}" if rule.who else ""
    if rule.action == "merge" or (rule.action == "split" and _matches_report(r, rule.report)):
        new = replace(agency, agency_id=rule.target)
        if into is not None and rule.action == "merge":
            new = replace(new, region=into.region, function=into.function, level=into.level)
        flag = Flag("info", f"agency_{rule.action}d" if rule.action == "merge" else "agency_split",
                    f"agency {rule.agency_id} -> {rule.target}{who} (agencies.csv line {rule.line}) {rule.note}".strip())
    elif rule.action == "rename":
        new = replace(agency, name=rule.name, aliases=tuple(dict.fromkeys((*agency.aliases, rule.name))))
        flag = Flag("info", "agency_renamed",
                    f"agency {rule.agency_id} is called {rule.name}{who} (agencies.csv line {rule.line}) {rule.note}".strip())
    else:
        return None
    return replace(r, metadata=replace(r.metadata, agency=new), flags=(*r.flags, flag))


def apply_agency_rules(reports: Sequence[Report], rules: Sequence[AgencyRule]
                       ) -> tuple[list[Report], list[AppliedRule]]:
    """Apply the rules in file order (a later rule sees the earlier ones' result)."""
    out = list(reports)
    applied = []
    for rule in rules:
        n = 0
        into = next((r.metadata.agency for r in out if r.metadata.agency.agency_id == rule.target), None)
        for i, r in enumerate(out):
            if (changed := _apply_one(r, rule, into)) is not None:
                out[i], n = changed, n + 1
        applied.append(AppliedRule(rule, n, "applied" if n else "target_missing"))
    return out, applied


def flag_duplicates(reports: Sequence[Report]) -> list[Report]:
    """Flag every report that shares its agency and year with another: the panel keeps one."""
    key = Counter((r.metadata.agency.agency_id, r.metadata.year) for r in reports if r.metadata.year)
    out = []
    for r in reports:
        k = (r.metadata.agency.agency_id, r.metadata.year)
        if r.metadata.year and key[k] > 1:
            r = replace(r, flags=(*r.flags, Flag(
                "warning", "duplicate_agency_year",
                f"{key[k]} reports for {k[0]} in {k[1]}: the panel keeps the first by file name, never their sum")))
        out.append(r)
    return out
