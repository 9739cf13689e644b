"""What a brief says about one agency: its data from named queries, and the words for it.

Notebooks call these functions and show the results; all logic and all HTML escaping live here.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import queries
from .config import DEFAULT_DB
from .errors import GikError

MEASURE_WORDS = {"proactive_total": ("主动公开政府信息", "条"), "requests_received": ("收到政府信息公开申请", "件"),
                 "review_cases": ("政府信息公开行政复议", "件"), "litigation_cases": ("政府信息公开行政诉讼", "件")}


@dataclass(frozen=True)
class AgencyView:
    agency: dict
    series: pd.DataFrame
    categories: pd.DataFrame
    facts: pd.DataFrame
    flags: pd.DataFrame

    @property
    def title(self) -> str:
        return self.agency.get("name") or self.agency.get("short_name") or self.agency["agency_id"]


def load_view(agency_id: str, db_path: str | Path | None = None) -> AgencyView:
    """Everything a brief shows about ``agency_id`` (``db_path`` None: the project database)."""
    db_path = db_path or DEFAULT_DB
    con = queries.connect(db_path)
    try:
        agency = queries.run(con, "agency", agency_id=agency_id).df()
        if agency.empty:
            raise GikError(f"no agency {agency_id!r} in {db_path}")
        return AgencyView(agency=agency.iloc[0].to_dict(),
                          series=queries.run(con, "agency_series", agency_id=agency_id).df(),
                          categories=queries.run(con, "agency_categories", agency_id=agency_id).df(),
                          facts=queries.run(con, "agency_facts", agency_id=agency_id).df(),
                          flags=queries.run(con, "agency_flags", agency_id=agency_id).df())
    finally:
        con.close()


def _fmt(v: float, approx: bool = False) -> str:
    return f"{'约' if approx else ''}{v:g}{'余' if approx else ''}"


def describe_change(series: pd.DataFrame, measure: str = "proactive_total") -> str:
    """One sentence on how a measure moved: '2014年31条，2017年26条，减少5条（-16%）。'"""
    label, unit = MEASURE_WORDS.get(measure, (measure, ""))
    df = series.dropna(subset=[measure]).sort_values("year")
    if df.empty:
        return f"报告中没有{label}的数字。"
    approx = df.get(f"{measure}_approx", pd.Series([False] * len(df), index=df.index)).fillna(False)
    points = "，".join(f"{int(y)}年{_fmt(v, bool(a))}{unit}" for y, v, a in zip(df["year"], df[measure], approx, strict=True))
    if len(df) == 1:
        return f"{label}：{points}（仅一年，无法比较）。"
    first, last = df.iloc[0], df.iloc[-1]
    delta = last[measure] - first[measure]
    verb = "增加" if delta > 0 else "减少" if delta < 0 else "持平"
    pct = f"（{delta / first[measure]:+.0%}）" if first[measure] else ""
    change = f"，{verb}{abs(delta):g}{unit}{pct}" if delta else "，前后持平"
    caveat = "；含约数，变化为下限之差" if approx.any() else ""
    breaks = "；期间报告格式改变（自由格式/标准模板），口径不完全可比" if df["format"].nunique() > 1 else ""
    return f"{label}：{points}{change}{caveat}{breaks}。"


def describe_change_en(series: pd.DataFrame, measure: str = "proactive_total") -> str:
    """The same in English: '31 -> 26 items, -16%'."""
    df = series.dropna(subset=[measure]).sort_values("year")
    if len(df) < 2:
        return ""
    a, b = df.iloc[0], df.iloc[-1]
    pct = f", {(b[measure] - a[measure]) / a[measure]:+.0%}" if a[measure] else ""
    return f"{int(a['year'])}: {a[measure]:g} -> {int(b['year'])}: {b[measure]:g} items{pct}"


def html_table(df: pd.DataFrame, numeric: tuple[str, ...] = ()) -> str:
    """An escaped HTML table: report text is data, never markup."""
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in df.columns)
    rows = []
    for _, row in df.iterrows():
        cells = []
        for c in df.columns:
            v = row[c]
            text = "" if v is None or (isinstance(v, float) and pd.isna(v)) else (f"{v:g}" if isinstance(v, float) else str(v))
            cls = ' class="num"' if c in numeric else ""
            cells.append(f"<td{cls}>{html.escape(text)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f'<table class="gik-table"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def facts_table(view: AgencyView) -> str:
    """Every number with its evidence sentence and file (whitespace of hard-wrapped text folded)."""
    df = view.facts.copy()
    if df.empty:
        return "<p>没有提取到数字。</p>"
    df["evidence"] = df["evidence"].str.replace(r"\s+", "", regex=True)
    df["value"] = [_fmt(v, a) for v, a in zip(df["value"], df["approx"], strict=True)]
    df["file"] = df["file"].map(lambda p: Path(p).name)
    out = df[["year", "measure", "dimension", "subject", "value", "unit", "evidence", "file"]]
    out = out.rename(columns={"year": "年份", "measure": "指标", "dimension": "维度", "subject": "所属单位",
                              "value": "数值", "unit": "单位", "evidence": "原文", "file": "文件"})
    return html_table(out, numeric=("数值",))


def flags_table(view: AgencyView) -> str:
    if view.flags.empty:
        return "<p>检查未发现问题。</p>"
    rows = "".join(f'<li class="gik-level-{html.escape(r.level)}"><b>{html.escape(r.level)}</b> '
                   f'{"" if pd.isna(r.year) else int(r.year)} {html.escape(r.code)}: {html.escape(r.message)}</li>'
                   for r in view.flags.itertuples())
    return f"<ul>{rows}</ul>"


def change_html(view: AgencyView, measure: str = "proactive_total") -> str:
    return f'<p class="gik-change">{html.escape(describe_change(view.series, measure))}</p>'


def header_html(view: AgencyView) -> str:
    a = view.agency
    region = " ".join(str(a[k]) for k in ("province", "city", "county", "zone") if a.get(k) and not pd.isna(a[k]))
    years = ", ".join(str(int(y)) for y in view.series["year"])
    return (f"<h1>{html.escape(view.title)}</h1>"
            f"<p>{html.escape(region or '地区不详')} · {html.escape(str(a['agency_id']))} · 报告年份：{html.escape(years)}</p>")
