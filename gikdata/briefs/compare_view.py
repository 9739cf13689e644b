"""Comparisons researchers publish: several agencies' series for one measure, side by side,
their ranks per year, and each series as an index to a base year.

The group is a list of agencies, or every agency in a region (a province, city, county, zone
or region-code prefix) with a function. Notebooks call these; the HTML is escaped here.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..config import DEFAULT_DB
from ..errors import GikError
from ..store import queries
from . import charts, labels
from .html_tables import review_link, year_cells


@dataclass(frozen=True)
class CompareView:
    agencies: pd.DataFrame  # agency_id, name, ... of the group
    long: pd.DataFrame      # agency_id, name, year, format, value, approx, fact_id, index, rank
    measure: str
    base_year: int | None

    @property
    def label(self) -> str:
        return labels.label(self.measure)


def select_agencies(con, agencies: list[str] | None = None, region: str | None = None,
                    function: str | None = None) -> pd.DataFrame:
    """The group: the listed agencies (ids, names or aliases), else region + function."""
    if agencies:
        ids = []
        for text in agencies:
            found = queries.find_agencies(con, text)
            if not found:
                raise GikError(f"no agency matches {text!r}")
            ids.append(found[0][0])
        cands = queries.run(con, "compare_candidates", region=None, function=None).df()
        return cands[cands["agency_id"].isin(ids)].reset_index(drop=True)
    return queries.run(con, "compare_candidates", region=region or None, function=function or None).df()


def add_index_and_rank(long: pd.DataFrame, base_year: int | None) -> pd.DataFrame:
    """Index each agency's series to its value in ``base_year`` (None: its first year) = 100,
    and rank agencies within each year (1 = highest; ties share the best rank)."""
    out = long.sort_values(["agency_id", "year"]).copy()

    def base(part: pd.DataFrame) -> float:
        hit = part[part["year"] == base_year]["value"] if base_year is not None else part["value"].head(1)
        v = hit.iloc[0] if len(hit) else float("nan")
        return v if v else float("nan")  # a base of 0 has no index

    bases = out.groupby("agency_id")[["year", "value"]].apply(base)
    out["index"] = 100 * out["value"] / out["agency_id"].map(bases)
    out["rank"] = out.groupby("year")["value"].rank(ascending=False, method="min")
    return out.reset_index(drop=True)


def load_compare(agencies: list[str] | None = None, region: str | None = None, function: str | None = None,
                 measure: str = "proactive_total", base_year: int | None = None,
                 db_path: str | Path | None = None) -> CompareView:
    """Everything a comparison shows (``db_path`` None: the project database)."""
    con = queries.connect(db_path or DEFAULT_DB)
    try:
        group = select_agencies(con, agencies, region, function)
        if group.empty:
            raise GikError(f"no agencies with dated reports for agencies={agencies!r}, region={region!r}, "
                           f"function={function!r}")
        long = queries.run(con, "compare_series", agency_ids=list(group["agency_id"]), measure=measure).df()
    finally:
        con.close()
    return CompareView(agencies=group, long=add_index_and_rank(long, base_year), measure=measure,
                       base_year=base_year)


def _num(v: object, digits: int = 0) -> str:
    return "—" if v is None or pd.isna(v) else f"{v:.{digits}f}" if digits else f"{v:g}"


def wide_table(cv: CompareView, column: str = "value") -> str:
    """Agencies as rows, years as columns; values link to their evidence rows."""
    if cv.long.empty:
        return "<p>所选机关都没有报告这一指标。</p>"
    years = sorted(int(y) for y in cv.long["year"].unique())
    head = "<th>机关</th>" + "".join(f"<th>{y}</th>" for y in years)
    rows = []
    for _aid, part in cv.long.groupby("agency_id", sort=False):
        cells = year_cells(part, years, lambda r: ("≥" if r["approx"] and column == "value" else "")
                           + _num(r[column], 1 if column == "index" else 0))
        rows.append(f"<tr><td>{html.escape(str(part['name'].iloc[0]))}</td>{cells}</tr>")
    return f'<table class="gik-table"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def evidence_table(cv: CompareView, db_path: str | Path | None = None) -> str:
    """Every compared number with its evidence sentence; rows carry ``id="fact-<id>"``."""
    if cv.long.empty:
        return "<p>没有数字。</p>"
    ids = [int(i) for i in cv.long["fact_id"]]
    con = queries.connect(db_path or DEFAULT_DB)
    try:
        ev = queries.run(con, "facts_by_id", fact_ids=ids).df()
    finally:
        con.close()
    rows = "".join(
        f'<tr id="fact-{int(r.fact_id)}"><td>{html.escape(str(r.name))}</td><td>{int(r.year)}</td>'
        f'<td class="num">{html.escape(_num(r.value))}</td>'
        f'<td>{html.escape(" ".join(str(r.evidence).split()))}</td>'
        f"<td>{review_link(Path(str(r.file)).name, r.report_id, r.value_start)}</td></tr>"
        for r in ev.itertuples())
    return ('<table class="gik-table"><thead><tr><th>机关</th><th>年份</th><th>数值</th><th>原文</th><th>文件（审阅页）</th>'
            f"</tr></thead><tbody>{rows}</tbody></table>")


def figure(cv: CompareView):
    """The side-by-side chart, or None when there is nothing to draw (no values, or all 0: the
    words say so instead of an empty chart on a 0-1 axis)."""
    if cv.long.empty or charts.all_zero(cv.long["value"]):
        return None
    return charts.compare_figure(cv.long, cv.label, cv.measure)


def describe(cv: CompareView) -> str:
    """Words: who is compared, who ranks first in the latest year, the widest change since the base."""
    if cv.long.empty:
        return html.escape(f"所选{len(cv.agencies)}个机关都没有报告{cv.label}。")
    n = cv.long["agency_id"].nunique()
    if charts.all_zero(cv.long["value"]):
        return html.escape(f"比较{n}个机关的{cv.label}：各机关各年均为0，不作图。")
    last_year = int(cv.long["year"].max())
    latest = cv.long[cv.long["year"] == last_year].sort_values("rank")
    top = latest.iloc[0]
    text = (f"比较{n}个机关的{cv.label}，{int(cv.long['year'].min())}–{last_year}年。"
            f"{last_year}年最高的是{top['name']}（{_num(top['value'])}）。")
    idx = cv.long.dropna(subset=["index"])
    last = idx.sort_values("year").groupby("agency_id").tail(1)
    last = last[last["year"] != (cv.base_year or -1)]
    moved = last[last["index"] != 100]
    if not moved.empty:
        r = moved.loc[(moved["index"] - 100).abs().idxmax()]
        text += f"相对基年变化最大的是{r['name']}（{int(r['year'])}年指数{r['index']:.0f}）。"
    if cv.long.groupby("agency_id")["format"].nunique().gt(1).any():
        text += "部分序列跨越报告格式变化（空心点为标准模板），口径不完全可比。"
    return html.escape(text)
