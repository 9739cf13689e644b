"""What a brief says about one agency: its data from named queries, and the words for it.

Notebooks call these functions and show the results; all logic and all HTML escaping live here.
Every number a brief prints links to the row of the evidence table that holds its sentence
(``#fact-<fact_id>``), so a reader can check it against the report's own words.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..config import DEFAULT_DB
from ..errors import GikError
from ..store import queries
from .html_tables import evidence_link, html_table, year_cells

MEASURE_WORDS = {"proactive_total": ("主动公开政府信息", "条"), "requests_received": ("收到政府信息公开申请", "件"),
                 "review_cases": ("政府信息公开行政复议", "件"), "litigation_cases": ("政府信息公开行政诉讼", "件"),
                 "electronic_rate": ("全文电子化率", "%"), "fees_collected": ("收取费用", "元")}
FORMAT_WORDS = {"freeform": "自由格式", "template": "标准模板"}
#: Measures by the brief section that shows them (prefixes: new measures land in the right place).
SECTIONS = {"proactive": ("proactive_total", "electronic_rate"),
            "requests": ("request", "fees"),
            "review": ("review", "litigation")}


@dataclass(frozen=True)
class AgencyView:
    agency: dict
    series: pd.DataFrame     # the panel rows, one per year
    measures: pd.DataFrame   # own figures long: year, format, measure, dimension, value, approx, fact_id
    categories: pd.DataFrame
    facts: pd.DataFrame
    flags: pd.DataFrame

    @property
    def title(self) -> str:
        return self.agency.get("name") or self.agency.get("short_name") or self.agency["agency_id"]

    @property
    def breaks(self) -> list[tuple[int, int, str, str]]:
        """Where the report format changes between consecutive years (charts draw a line there)."""
        return format_breaks(self.series)

    def totals(self) -> pd.DataFrame:
        """Own totals (no dimension) per year and measure: the series a brief draws."""
        return self.measures[self.measures["dimension"].isna()].reset_index(drop=True)

    def reported_measures(self) -> list[str]:
        """Every measure the agency states a total for, in a stable, readable order."""
        found = list(dict.fromkeys(self.totals()["measure"]))
        order = list(MEASURE_WORDS)
        return sorted(found, key=lambda m: (order.index(m) if m in order else len(order), m))


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
                          measures=queries.run(con, "agency_measures", agency_id=agency_id).df(),
                          categories=queries.run(con, "agency_categories", agency_id=agency_id).df(),
                          facts=queries.run(con, "agency_facts", agency_id=agency_id).df(),
                          flags=queries.run(con, "agency_flags", agency_id=agency_id).df())
    finally:
        con.close()


def section_measures(view: AgencyView, section: str) -> list[str]:
    """The reported measures a brief section shows (see SECTIONS)."""
    prefixes = SECTIONS[section]
    return [m for m in view.reported_measures() if m.startswith(prefixes)]


def chart_measures(view: AgencyView, section: str) -> list[str]:
    """A section's measures that share the first one's unit: one chart never mixes 件 and 元."""
    measures = section_measures(view, section)
    totals = view.totals()
    units = {m: totals.loc[totals["measure"] == m, "unit"].iloc[0] for m in measures}
    return [m for m in measures if units[m] == units[measures[0]]] if measures else []


def dimension_rows(view: AgencyView, section: str) -> pd.DataFrame:
    """Figures with a dimension (outcomes, applicant types, case results) for a section's measures."""
    m = view.measures
    keep = m["dimension"].notna() & m["measure"].str.startswith(SECTIONS[section]) & m["value"].notna()
    return m[keep].reset_index(drop=True)


def format_breaks(frame: pd.DataFrame) -> list[tuple[int, int, str, str]]:
    """(year before, year after, format before, format after) wherever the report format changes.

    A series that crosses 2019 crosses a change of definitions (free form to the template):
    charts draw a line there and the words say so.
    """
    years = frame.dropna(subset=["year"]).drop_duplicates("year").sort_values("year")
    out = []
    prev = None
    for y, f in zip(years["year"], years["format"], strict=True):
        if prev is not None and f != prev[1]:
            out.append((int(prev[0]), int(y), str(prev[1]), str(f)))
        prev = (y, f)
    return out


def _fmt(v: float, approx: bool = False) -> str:
    return f"{'约' if approx else ''}{v:g}{'余' if approx else ''}"


def _measure_points(frame: pd.DataFrame, measure: str) -> pd.DataFrame:
    """A measure's yearly values (totals only); falls back to the panel's columns."""
    if "measure" in frame:
        df = frame[(frame["measure"] == measure) & frame["dimension"].isna()].dropna(subset=["value"])
        return df[["year", "format", "value", "approx", "fact_id"]].sort_values("year")
    df = frame.dropna(subset=[measure]).sort_values("year")
    approx = df.get(f"{measure}_approx", False)
    return pd.DataFrame({"year": df["year"], "format": df["format"], "value": df[measure],
                         "approx": approx, "fact_id": None})


def describe_change(series: pd.DataFrame, measure: str = "proactive_total", links: bool = False) -> str:
    """One sentence on how a measure moved: '2014年31条，2017年26条，减少5条（-16%）。'

    ``series`` is either the panel rows or the long ``measures`` frame; with ``links`` the result is
    HTML (escaped) whose numbers link to their evidence rows.
    """
    label, unit = MEASURE_WORDS.get(measure, (measure, ""))
    df = _measure_points(series, measure)
    esc = html.escape if links else str
    if df.empty:
        return esc(f"报告中没有{label}的数字。")
    approx = df["approx"].fillna(False).astype(bool)
    points = "，".join(
        f"{int(y)}年" + (evidence_link(esc(_fmt(v, a) + unit), fid) if links else _fmt(v, a) + unit)
        for y, v, a, fid in zip(df["year"], df["value"], approx, df["fact_id"], strict=True))
    if len(df) == 1:
        return f"{esc(label)}：{points}{esc('（仅一年，无法比较）。')}"
    first, last = df.iloc[0], df.iloc[-1]
    delta = last["value"] - first["value"]
    verb = "增加" if delta > 0 else "减少" if delta < 0 else "持平"
    pct = f"（{delta / first['value']:+.0%}）" if first["value"] else ""
    change = f"，{verb}{abs(delta):g}{unit}{pct}" if delta else "，前后持平"
    caveat = "；含约数，变化为下限之差" if approx.any() else ""
    breaks = "；期间报告格式改变（自由格式/标准模板），口径不完全可比" if df["format"].nunique() > 1 else ""
    return f"{esc(label)}：{points}{esc(change + caveat + breaks + '。')}"


def describe_change_en(series: pd.DataFrame, measure: str = "proactive_total") -> str:
    """The same in English: '31 -> 26 items, -16%'."""
    df = _measure_points(series, measure)
    if len(df) < 2:
        return ""
    a, b = df.iloc[0], df.iloc[-1]
    pct = f", {(b['value'] - a['value']) / a['value']:+.0%}" if a["value"] else ""
    return f"{int(a['year'])}: {a['value']:g} -> {int(b['year'])}: {b['value']:g} items{pct}"


def summary_html(view: AgencyView) -> str:
    """The paragraph in words: what the agency reported and what changed, numbers linked to evidence."""
    totals = view.totals()
    years = sorted({int(y) for y in view.series["year"].dropna()})
    if not years:
        return "<p>该机关没有标明年份的报告。</p>"
    formats = "、".join(FORMAT_WORDS.get(f, f) for f in dict.fromkeys(view.series.sort_values("year")["format"]))
    lead = (f"{view.title}共有{len(years)}份标明年份的年报（{years[0]}–{years[-1]}年，{formats}）。"
            if len(years) > 1 else f"{view.title}只有{years[0]}年一份标明年份的年报（{formats}）。")
    parts = [html.escape(lead)]
    parts += [describe_change(totals, m, links=True) for m in view.reported_measures()]
    for before, after, f0, f1 in format_breaks(view.series):
        parts.append(html.escape(f"{before}年至{after}年间报告由{FORMAT_WORDS.get(f0, f0)}改为"
                                 f"{FORMAT_WORDS.get(f1, f1)}，图中竖线标出此处，前后数字口径不完全可比。"))
    n_warn = int((view.flags["level"].isin(["warning", "error"])).sum()) if not view.flags.empty else 0
    if n_warn:
        parts.append(html.escape(f"检查发现{n_warn}个需要注意的问题，见“检查结果”。"))
    return '<p class="gik-summary">' + "".join(parts) + "</p>"


def change_html(view: AgencyView, measure: str = "proactive_total") -> str:
    return f'<p class="gik-change">{describe_change(view.totals(), measure, links=True)}</p>'


def key_figures_html(view: AgencyView, section: str) -> str:
    """A section's figures, year by column, each linked to its evidence: the totals, then their
    parts (channels, outcomes, applicant types, case results) as 'measure · part' rows."""
    m = view.measures
    keep = m["measure"].str.startswith(SECTIONS[section]) & m["value"].notna()
    rows_df = m[keep]
    if rows_df.empty:
        return "<p>报告中没有这一部分的数字。</p>"
    order = {k: i for i, k in enumerate(MEASURE_WORDS)}
    keys = sorted({(r.measure, r.dimension if isinstance(r.dimension, str) else "") for r in rows_df.itertuples()},
                  key=lambda k: (k[1] != "", order.get(k[0], len(order)), k))
    years = sorted(int(y) for y in rows_df["year"].unique())
    head = "<th>指标</th>" + "".join(f"<th>{y}</th>" for y in years)
    body = []
    for measure, dim in keys:
        label, unit = MEASURE_WORDS.get(measure, (measure, ""))
        part = rows_df[(rows_df["measure"] == measure) & (rows_df["dimension"].fillna("") == dim)]
        cells = year_cells(part, years,
                           lambda r, unit=unit: _fmt(r["value"], bool(r["approx"])) + str(r["unit"] or unit))
        name = f"{label} · {dim}" if dim else label
        body.append(f"<tr><td>{html.escape(name)}</td>{cells}</tr>")
    return f'<table class="gik-table"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'


def facts_table(view: AgencyView) -> str:
    """Every number with its evidence sentence and file (whitespace of hard-wrapped text folded).

    Rows carry ``id="fact-<fact_id>"``: the targets of the links from the summary and tables.
    """
    df = view.facts.copy()
    if df.empty:
        return "<p>没有提取到数字。</p>"
    df["evidence"] = df["evidence"].str.replace(r"\s+", "", regex=True)
    df["value"] = [_fmt(v, a) for v, a in zip(df["value"], df["approx"], strict=True)]
    df["file"] = df["file"].map(lambda p: Path(p).name)
    out = df[["year", "measure", "dimension", "subject", "value", "unit", "evidence", "file"]]
    out = out.rename(columns={"year": "年份", "measure": "指标", "dimension": "维度", "subject": "所属单位",
                              "value": "数值", "unit": "单位", "evidence": "原文", "file": "文件"})
    ids = [f"fact-{int(i)}" for i in df["fact_id"]]
    return html_table(out, numeric=("数值",), row_ids=ids)


def flags_table(view: AgencyView) -> str:
    """The checks' findings, most serious first, each with the text it points at."""
    if view.flags.empty:
        return "<p>检查未发现问题。</p>"
    items = []
    for r in view.flags.itertuples():
        year = "" if pd.isna(r.year) else f"{int(r.year)} "
        ev = getattr(r, "evidence", None)
        quote = (f'<br><span class="gik-evidence">原文：{html.escape(" ".join(str(ev).split()))}</span>'
                 if isinstance(ev, str) and ev else "")
        items.append(f'<li class="gik-level-{html.escape(r.level)}"><b>{html.escape(r.level)}</b> '
                     f"{year}{html.escape(r.code)}: {html.escape(r.message)}{quote}</li>")
    return f"<ul>{''.join(items)}</ul>"


def header_html(view: AgencyView) -> str:
    a = view.agency
    region = " ".join(str(a[k]) for k in ("province", "city", "county", "zone") if a.get(k) and not pd.isna(a[k]))
    years = ", ".join(str(int(y)) for y in view.series["year"])
    return (f"<h1>{html.escape(view.title)}</h1>"
            f"<p>{html.escape(region or '地区不详')} · {html.escape(str(a['agency_id']))} · 报告年份：{html.escape(years)}</p>")
