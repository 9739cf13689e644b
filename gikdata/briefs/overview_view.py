"""What the database holds: reports per year and format, the agency x year coverage matrix,
and the data-quality findings by kind, for ``corpus_overview.ipynb``."""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..config import DEFAULT_DB
from ..store import queries
from . import charts, labels
from .html_tables import html_table


@dataclass(frozen=True)
class OverviewView:
    totals: dict
    reports: pd.DataFrame   # year, format, n_reports
    coverage: pd.DataFrame  # agency_id, name, year, n_reports, n_facts, n_measures
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


def _shade(n: int, top: int) -> str:
    """A blue from pale (1 measure) to deep (the most any report gives): text stays readable."""
    t = n / top if top else 0
    r, g, b = (int(235 - t * (235 - c)) for c in (43, 108, 176))
    return f"background:rgb({r},{g},{b});color:{'white' if t > 0.6 else '#222'}"


def coverage_html(ov: OverviewView) -> str:
    """Agency x year as a table: every year from the first to the last (a missing year is a
    column of blanks), each cell the number of measures that year's report gives, shaded by it.

    Measures, not facts: a template report's 200 table cells would wash out every other year.
    A table rather than a heatmap keeps the numbers readable, printable and searchable.
    """
    cov = ov.coverage
    if cov.empty:
        return "<p>没有标明年份的报告。</p>"
    years = list(range(int(cov["year"].min()), int(cov["year"].max()) + 1))
    top = int(cov["n_measures"].max())
    head = "<th>机关</th>" + "".join(f"<th>{y}</th>" for y in years)
    body = []
    for _, part in cov.groupby("agency_id", sort=False):
        by_year = {int(r.year): r for r in part.itertuples()}
        cells = []
        for y in years:
            r = by_year.get(y)
            if r is None:
                cells.append('<td class="num"></td>')
                continue
            extra = f"（{int(r.n_reports)}份报告）" if r.n_reports > 1 else ""
            title = html.escape(f"{r.name} {y}年：{int(r.n_measures)}项指标，{int(r.n_facts)}个数字{extra}", quote=True)
            cells.append(f'<td class="num" style="{_shade(int(r.n_measures), top)}" title="{title}">'
                         f"{int(r.n_measures)}</td>")
        body.append(f"<tr><td>{html.escape(str(part['name'].iloc[0]))}</td>{''.join(cells)}</tr>")
    return (f'<table class="gik-table gik-coverage"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody>'
            "</table>")


def flags_figure(ov: OverviewView):
    """Findings by kind, or None when the checks found nothing (the table says so)."""
    return charts.flags_figure(ov.flags) if not ov.flags.empty else None


def flags_table(ov: OverviewView) -> str:
    if ov.flags.empty:
        return "<p>检查未发现问题。</p>"
    flags = ov.flags.assign(level=ov.flags["level"].map(lambda v: charts.LEVEL_LABELS.get(v, v)))
    return html_table(flags.rename(columns={"level": "级别", "code": "类别", "n_findings": "条数",
                                               "n_reports": "报告数", "example": "示例"}), numeric=("条数", "报告数"))


def measures_table(ov: OverviewView) -> str:
    """Measures by how many agencies report them, with their Chinese labels and units."""
    return "，".join(f"{html.escape(labels.label(str(r.measure)))}（{int(r.n_agencies)}个机关）"
                    for r in ov.measures.itertuples())
