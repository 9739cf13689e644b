"""gikdata: panels from Chinese open-government-information annual reports (政府信息公开工作年度报告).

Data flows one way: raw file -> text -> normalised text -> metadata -> facts -> checks ->
DuckDB -> named queries -> CLI, notebooks and briefs. The public surface:
"""

from .errors import GikError, InputError
from .extract.report import extract_file, extract_source, summary, to_json
from .model import Agency, Fact, Flag, Metadata, Region, Report
from .store.pipeline import ingest
from .store.queries import connect, run

__all__ = ["Agency", "Fact", "Flag", "GikError", "InputError", "Metadata", "Region", "Report",
           "connect", "extract_file", "extract_source", "ingest", "run", "summary", "to_json"]
__version__ = "0.1.0"
