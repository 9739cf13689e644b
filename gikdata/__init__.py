"""gikdata: panels from Chinese open-government-information annual reports (政府信息公开工作年度报告).

Data flows one way: raw file -> text -> normalised text -> metadata -> facts -> checks ->
DuckDB -> named queries -> CLI, notebooks and briefs. The public surface:
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from .errors import GikError, InputError
from .model import Agency, Fact, Flag, Metadata, Region, Report

if TYPE_CHECKING:
    from .extract.report import extract_file, extract_source, summary, to_json
    from .store.pipeline import ingest
    from .store.queries import connect, run

#: Imported on first use, so that `gik --help` does not load DuckDB, pandas and the extractor.
_LAZY = {"extract_file": ".extract.report", "extract_source": ".extract.report", "summary": ".extract.report",
         "to_json": ".extract.report", "ingest": ".store.pipeline", "connect": ".store.queries",
         "run": ".store.queries"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["Agency", "Fact", "Flag", "GikError", "InputError", "Metadata", "Region", "Report",
           "connect", "extract_file", "extract_source", "ingest", "run", "summary", "to_json"]
__version__ = "0.1.0"
