"""The records every stage exchanges: small, immutable, serialisable.

A fact is grounded in its source the way langextract grounds an extraction: character offsets
into the *original* decoded text (end-exclusive), the evidence sentence that those offsets slice
out, and the rule that found it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

LEVELS = ("error", "warning", "info")


@dataclass(frozen=True, slots=True)
class Fact:
    """One number a report states.

    ``start``/``end`` span the evidence sentence in the original text, so that
    ``text[start:end] == evidence``; ``value_start``/``value_end`` span the number itself.
    ``subject`` is None for the report's own body, or the name of another body the report
    gives figures for (a department inside a whole-government report).
    """

    measure: str
    dimension: str | None
    value: float
    unit: str
    approx: bool
    start: int
    end: int
    evidence: str
    rule: str
    value_start: int
    value_end: int
    subject: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Field by field (``asdict`` deep-copies each value: seconds for a report of 5,000 facts)."""
        return {name: getattr(self, name) for name in self.__slots__}


@dataclass(frozen=True, slots=True)
class Flag:
    """A finding about a report: unknown metadata, a contradiction, a failed check."""

    level: str
    code: str
    message: str
    start: int | None = None
    end: int | None = None

    def __post_init__(self) -> None:
        if self.level not in LEVELS:
            raise ValueError(f"unknown level {self.level!r}")

    def to_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__slots__}


@dataclass(frozen=True, slots=True)
class Region:
    province: str | None = None
    city: str | None = None
    county: str | None = None
    zone: str | None = None
    code: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"province": self.province, "city": self.city, "county": self.county,
                "zone": self.zone, "code": self.code}


@dataclass(frozen=True, slots=True)
class Agency:
    """Who published a report, as far as the text supports it."""

    name: str | None
    short_name: str | None
    function: str | None
    level: str | None
    region: Region = field(default_factory=Region)
    aliases: tuple[str, ...] = ()
    agency_id: str | None = None
    #: how the name was decided: the rule and the claims (source, name, start, end in the original text)
    rule: str | None = None
    evidence: tuple[tuple[str, str, int, int], ...] = ()
    #: the remit the report's name states: the function after renames only (a merger changes it)
    remit: str | None = None
    #: a unit of the place with bodies of its own (海坛 of 平潭综合实验区海坛片区管理局), else ""
    unit: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "short_name": self.short_name, "function": self.function,
                "level": self.level, "region": self.region.to_dict(),
                "aliases": list(self.aliases), "agency_id": self.agency_id}


@dataclass(frozen=True, slots=True)
class Metadata:
    agency: Agency
    year: int | None
    format: str
    scope: str
    title: str | None
    overrides: tuple[str, ...] = ()
    #: where the file came from (manifest.csv's source URL): provenance, not an override
    source: str | None = None
    #: where the year was read: (title | statistics_period, start, end in the original text)
    year_evidence: tuple[str, int, int] | None = None


@dataclass(frozen=True, slots=True)
class Report:
    """Everything extracted from one raw file."""

    file: str
    report_id: str
    sha256: str
    encoding: str
    text: str
    metadata: Metadata
    facts: tuple[Fact, ...]
    flags: tuple[Flag, ...]
    #: The standard template's tables as read: {table: {row: {column: value or None}}}.
    tables: dict[str, dict[str, dict[str, float | None]]] = field(default_factory=dict)
