"""What the database holds: reports per year and format, the agency x year coverage matrix,
and the data-quality findings by kind, for ``corpus_overview.ipynb``."""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..config import DEFAULT_DB
from ..store import queries
from .html_tables import html_table


@dataclass(frozen=True)
class OverviewView:
    totals: dict
    reports: pd.DataFrame   # year, format, n_reports
    coverage: pd.DataFrame  # agency_id, name, year, n_reports, n_facts
    flags: pd.DataFrame     # level, code, n_findings, n_reports, example
    measures: pd.DataFrame  # measure, n_agencies, n_reports


def load_overview(db_path: str | Path | None = None) -> OverviewView:
    con = queries.connect(db_path or DEFAULT_DB)
    try:
        return OverviewView(totals=queries.run(con, "corpus_totals").df().iloc[0].to_dict(),
                            reports=queries.run(con, "overview_reports").df(),
                            coverage=queries.run(con, "overview_coverage").df(),
                            flags=queries.run(con, "overview_flags").df(),
                            measures=queries.run(con, "measures_available").df())
    finally:
        con.close()


def summary_html(ov: OverviewView) -> str:
    """The database in one paragraph of words."""
    t = {k: int(v) for k, v in ov.totals.items()}
    dated = ov.reports.dropna(subset=["year"])
    span = f"{int(dated['year'].min())}–{int(dated['year'].max())}年" if not dated.empty else "无标明年份的报告"
    by_format = ov.reports.groupby("format")["n_reports"].sum()
    formats = "，".join(f"{ {'freeform': '自由格式', 'template': '标准模板'}.get(k, k)}{int(v)}份" for k, v in by_format.items())
    text = (f"数据库有{t['n_reports']}份报告（{formats}），覆盖{span}，来自{t['n_agencies']}个机关；"
            f"提取数字{t['n_facts']}个，检查结果{t['n_flags']}条。")
    if t["n_undated"]:
        text += f"{t['n_undated']}份报告没有标明年份，不进入面板，可在 data/raw/manifest.csv 中补充。"
    if t["n_ingest_errors"]:
        text += f"{t['n_ingest_errors']}个文件无法读取。"
    return f'<p class="gik-summary">{html.escape(text)}</p>'


def flags_table(ov: OverviewView) -> str:
    if ov.flags.empty:
        return "<p>检查未发现问题。</p>"
    return html_table(ov.flags.rename(columns={"level": "级别", "code": "类别", "n_findings": "条数",
                                               "n_reports": "报告数", "example": "示例"}), numeric=("条数", "报告数"))


def measures_table(ov: OverviewView) -> str:
    return ", ".join(f"{html.escape(str(r.measure))} ({int(r.n_agencies)})" for r in ov.measures.itertuples())
