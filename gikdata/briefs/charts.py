"""Plotly figures for notebooks and briefs: the library draws, notebooks only show.

Figures use a CJK-capable font stack so Chinese labels render wherever a CJK font exists. Years
are a numeric axis (gaps between reports stay visible), and a change of report format (free form
to the 2019 template) is drawn as a dashed vertical line: the series crosses a change of
definitions there. Controls that a static HTML brief needs are plotly's own (``updatemenus``).
"""

from __future__ import annotations

import re

import pandas as pd
import plotly.graph_objects as go

FONT = "Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif"
MEASURE_LABELS = {
    "proactive_total": "主动公开信息（条）",
    "requests_received": "收到申请（件）",
    "review_cases": "行政复议（件）",
    "litigation_cases": "行政诉讼（件）",
    "fees_collected": "收费（元）",
    "electronic_rate": "全文电子化率（%）",
}
FORMAT_LABELS = {"freeform": "自由格式", "template": "标准模板"}
Break = tuple[int, int, str, str]


def init_notebook() -> None:
    """Render figures so they survive nbconvert and work offline.

    plotly 7's default renderer emits only a JSON output that nbconvert drops; "notebook"
    embeds plotly.js once in the page (no CDN, unlike notebook_connected) and "plotly_mimetype"
    keeps figures interactive in JupyterLab.
    """
    import plotly.io as pio

    if OFFLINE_RENDERER not in pio.renderers:
        pio.renderers[OFFLINE_RENDERER] = _offline_notebook_renderer()
    pio.renderers.default = f"plotly_mimetype+{OFFLINE_RENDERER}"


OFFLINE_RENDERER = "gik_notebook"
_REMOTE_SCRIPT = re.compile(r'<script[^>]*\ssrc="https?://[^"]*"[^>]*>\s*</script>')


def _offline_notebook_renderer():
    """plotly's "notebook" renderer, minus the MathJax <script> it loads from a CDN per figure."""
    from plotly.io._base_renderers import NotebookRenderer

    class OfflineNotebookRenderer(NotebookRenderer):
        def to_mimebundle(self, fig_dict):
            bundle = super().to_mimebundle(fig_dict)
            bundle["text/html"] = _REMOTE_SCRIPT.sub("", bundle["text/html"])
            return bundle

    return OfflineNotebookRenderer()


def _layout(fig: go.Figure, title: str, height: int = 380) -> go.Figure:
    fig.update_layout(title=title, font={"family": FONT}, template="plotly_white",
                      margin={"l": 50, "r": 20, "t": 60, "b": 40}, height=height)
    return fig


def _year_axis(fig: go.Figure) -> None:
    """Years as numbers, one tick a year; bars a year wide at most, however far apart reports are."""
    fig.update_xaxes(title="年份", tickformat="d", dtick=1)
    bars = [t for t in fig.data if t.type == "bar"]
    grouped = fig.layout.barmode == "group" and len(bars) > 1
    fig.update_traces(width=0.8 / len(bars) if grouped else 0.7, selector={"type": "bar"})


def add_breaks(fig: go.Figure, breaks: list[Break]) -> go.Figure:
    """A dashed line between two years whose reports differ in format, labelled with the change."""
    for before, after, f0, f1 in breaks:
        fig.add_vline(x=(before + after) / 2, line_dash="dash", line_color="#b00020",
                      annotation_text=f"格式变化：{FORMAT_LABELS.get(f0, f0)}→{FORMAT_LABELS.get(f1, f1)}",
                      annotation_position="top", annotation_font_color="#b00020")
    return fig


def _labels(values: pd.Series, approx: pd.Series) -> list[str]:
    return [f"{'≥' if bool(a) else ''}{v:g}" for v, a in zip(values, approx, strict=True)]


def series_figure(series: pd.DataFrame, measure: str = "proactive_total", title: str | None = None,
                  breaks: list[Break] = ()) -> go.Figure:
    """A measure over years from the panel rows, one bar per report; approximate values marked ≥."""
    df = series.dropna(subset=[measure])
    approx = df[f"{measure}_approx"].fillna(False) if f"{measure}_approx" in df else pd.Series(False, index=df.index)
    fig = go.Figure(go.Bar(x=df["year"], y=df[measure], text=_labels(df[measure], approx), textposition="outside",
                           marker_color="#2b6cb0", name=MEASURE_LABELS.get(measure, measure),
                           hovertemplate="%{x}年: %{text}<extra></extra>"))
    _year_axis(fig)
    fig.update_yaxes(title=MEASURE_LABELS.get(measure, measure), rangemode="tozero")
    return add_breaks(_layout(fig, title or MEASURE_LABELS.get(measure, measure)), list(breaks))


def measures_figure(totals: pd.DataFrame, measures: list[str], title: str = "各项指标 · every measure",
                    breaks: list[Break] = ()) -> go.Figure:
    """Every measure the agency reports, one at a time, chosen with an in-figure dropdown.

    Measures have different units, so they are never stacked on one axis; the dropdown replaces
    ipywidgets, which do not work in a static HTML brief.
    """
    fig = go.Figure()
    for i, m in enumerate(measures):
        df = totals[totals["measure"] == m].dropna(subset=["value"]).sort_values("year")
        fig.add_trace(go.Scatter(x=df["year"], y=df["value"], mode="lines+markers+text", visible=i == 0,
                                 text=_labels(df["value"], df["approx"].fillna(False)), textposition="top center",
                                 name=MEASURE_LABELS.get(m, m), hovertemplate="%{x}年: %{text}<extra></extra>"))
    buttons = [{"label": MEASURE_LABELS.get(m, m), "method": "update",
                "args": [{"visible": [j == i for j in range(len(measures))]},
                         {"yaxis.title.text": MEASURE_LABELS.get(m, m)}]} for i, m in enumerate(measures)]
    fig.update_layout(updatemenus=[{"buttons": buttons, "direction": "down", "x": 0, "xanchor": "left",
                                    "y": 1.18, "yanchor": "top", "showactive": True}])
    _year_axis(fig)
    fig.update_yaxes(title=MEASURE_LABELS.get(measures[0], measures[0]) if measures else "", rangemode="tozero")
    fig = _layout(fig, title, height=420)
    fig.update_layout(margin={"t": 100})
    return add_breaks(fig, list(breaks))


def category_mix_figure(categories: pd.DataFrame, title: str = "主动公开信息分类构成",
                        breaks: list[Break] = ()) -> go.Figure:
    """Stacked bars of category counts per year (hover shows the stated share)."""
    fig = go.Figure()
    for name, part in categories.groupby("category", sort=False):
        shares = part["share"].map(lambda s: "—" if pd.isna(s) else f"{s:g}%")
        fig.add_trace(go.Bar(x=part["year"], y=part["count"], name=str(name),
                             customdata=shares, hovertemplate="%{x}年 " + str(name) +
                             ": %{y}条（报告所述占比 %{customdata}）<extra></extra>"))
    fig.update_layout(barmode="stack")
    _year_axis(fig)
    fig.update_yaxes(title="条")
    return add_breaks(_layout(fig, title), list(breaks))


def totals_figure(totals: pd.DataFrame, measures: list[str], title: str, breaks: list[Break] = ()) -> go.Figure:
    """Grouped bars of a few measures sharing a unit (requests; review and litigation cases)."""
    fig = go.Figure()
    for m in measures:
        df = totals[totals["measure"] == m].dropna(subset=["value"]).sort_values("year")
        fig.add_trace(go.Bar(x=df["year"], y=df["value"], name=MEASURE_LABELS.get(m, m),
                             text=_labels(df["value"], df["approx"].fillna(False)), textposition="outside",
                             hovertemplate="%{x}年: %{text}<extra>" + MEASURE_LABELS.get(m, m) + "</extra>"))
    fig.update_layout(barmode="group")
    _year_axis(fig)
    fig.update_yaxes(rangemode="tozero")
    return add_breaks(_layout(fig, title), list(breaks))


def dimension_figure(rows: pd.DataFrame, title: str, breaks: list[Break] = (), barmode: str = "stack") -> go.Figure:
    """Bars of a measure's parts per year: stacked for parts of a whole (outcomes, applicant types),
    grouped for channels, which overlap (a portal's items include its disclosure column's)."""
    fig = go.Figure()
    for (measure, dim), part in rows.groupby(["measure", "dimension"], sort=False):
        fig.add_trace(go.Bar(x=part["year"], y=part["value"], name=f"{dim}",
                             text=_labels(part["value"], part["approx"].fillna(False)), textposition="auto",
                             hovertemplate="%{x}年 " + f"{MEASURE_LABELS.get(measure, measure)} {dim}"
                             + ": %{text}<extra></extra>"))
    fig.update_layout(barmode=barmode)
    _year_axis(fig)
    return add_breaks(_layout(fig, title), list(breaks))


VIEWS = {"value": "数值 value", "index": "指数 index (基年=100)", "rank": "排名 rank"}


def compare_figure(long: pd.DataFrame, title: str, measure: str = "proactive_total") -> go.Figure:
    """Agencies side by side over years; a dropdown switches value, index to the base year, rank.

    ``long`` has one row per agency and year with columns name, year, value, index, rank, format.
    Hollow markers are template-format reports, filled ones free-form: the series break is visible
    on every line.
    """
    fig = go.Figure()
    names = list(dict.fromkeys(long["name"]))
    for view_i, col in enumerate(VIEWS):
        for name in names:
            df = long[long["name"] == name].sort_values("year")
            symbols = ["circle-open" if f == "template" else "circle" for f in df["format"]]
            fig.add_trace(go.Scatter(x=df["year"], y=df[col], name=str(name), mode="lines+markers",
                                     marker={"symbol": symbols, "size": 10}, legendgroup=str(name),
                                     showlegend=view_i == 0, visible=view_i == 0,
                                     customdata=df["format"].map(FORMAT_LABELS).fillna(""),
                                     hovertemplate=f"{name} " + "%{x}年: %{y:g}（%{customdata}）<extra></extra>"))
    n = len(names)
    buttons = []
    for view_i, (col, label) in enumerate(VIEWS.items()):
        axis = {"yaxis.title.text": label, "yaxis.autorange": "reversed" if col == "rank" else True}
        buttons.append({"label": label, "method": "update",
                        "args": [{"visible": [k // max(n, 1) == view_i for k in range(n * len(VIEWS))]}, axis]})
    fig.update_layout(updatemenus=[{"buttons": buttons, "direction": "down", "x": 0, "xanchor": "left",
                                    "y": 1.18, "yanchor": "top"}])
    _year_axis(fig)
    fig.update_yaxes(title=f"{VIEWS['value']} · {MEASURE_LABELS.get(measure, measure)}")
    fig = _layout(fig, title, height=440)
    fig.update_layout(margin={"t": 100})
    return fig


def reports_figure(counts: pd.DataFrame, title: str = "每年报告数（按格式）· reports per year") -> go.Figure:
    """Reports per year, stacked by format; undated reports in their own bar."""
    df = counts.copy()
    df["year_label"] = df["year"].map(lambda y: "未标明" if pd.isna(y) else str(int(y)))
    fig = go.Figure()
    for fmt, part in df.groupby("format", sort=False):
        fig.add_trace(go.Bar(x=part["year_label"], y=part["n_reports"], name=FORMAT_LABELS.get(fmt, fmt)))
    order = sorted(df["year_label"].unique(), key=lambda s: (s == "未标明", s))
    fig.update_layout(barmode="stack")
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=order, title="年份")
    fig.update_yaxes(title="报告数", dtick=1)
    return _layout(fig, title)


def coverage_heatmap(coverage: pd.DataFrame, title: str = "覆盖矩阵 · coverage (agency × year)") -> go.Figure:
    """Agency x year heatmap of the numbers each report gave (blank: no report that year).

    A dropdown switches between the count of facts and the count of reports.
    """
    years = list(range(int(coverage["year"].min()), int(coverage["year"].max()) + 1)) if len(coverage) else []
    names = list(dict.fromkeys(coverage["name"]))
    fig = go.Figure()
    for i, (col, label) in enumerate((("n_facts", "数字个数 facts"), ("n_reports", "报告数 reports"))):
        grid = coverage.pivot_table(index="name", columns="year", values=col, aggfunc="sum").reindex(
            index=names, columns=years)
        fig.add_trace(go.Heatmap(z=grid.values.tolist(), x=years, y=names, colorscale="Blues", zmin=0, visible=i == 0,
                                 hoverongaps=False, name=label, colorbar={"title": label},
                                 hovertemplate="%{y} %{x}年: %{z}<extra></extra>"))
    fig.update_layout(updatemenus=[{"buttons": [
        {"label": "数字个数 facts", "method": "update", "args": [{"visible": [True, False]}]},
        {"label": "报告数 reports", "method": "update", "args": [{"visible": [False, True]}]}],
        "direction": "down", "x": 0, "xanchor": "left", "y": 1.2, "yanchor": "top"}])
    _year_axis(fig)
    fig = _layout(fig, title, height=max(300, 120 + 40 * len(names)))
    fig.update_layout(margin={"l": 260, "t": 100})
    return fig


def flags_figure(flags: pd.DataFrame, title: str = "检查结果（按类别）· findings by kind") -> go.Figure:
    """Horizontal bars: findings per code, coloured by level."""
    colors = {"error": "#b00020", "warning": "#dd8a00", "info": "#7a869a"}
    fig = go.Figure()
    for level, part in flags.groupby("level", sort=False):
        fig.add_trace(go.Bar(y=part["code"], x=part["n_findings"], orientation="h", name=str(level),
                             marker_color=colors.get(str(level), "#555"), customdata=part["example"],
                             hovertemplate="%{y}: %{x}<br>%{customdata}<extra></extra>"))
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(title="条数", dtick=1)
    return _layout(fig, title, height=max(300, 100 + 30 * len(flags)))


def quick_figure(df: pd.DataFrame, x: str | None = None, y: str | list[str] | None = None,
                 kind: str = "bar", title: str = "") -> go.Figure:
    """A chart of an ad-hoc query result: x defaults to the first column, y to the numeric others."""
    if df.empty:
        return _layout(go.Figure(), title or "（无结果）")
    x = x or df.columns[0]
    ys = [y] if isinstance(y, str) else (y or [c for c in df.columns if c != x and pd.api.types.is_numeric_dtype(df[c])])
    fig = go.Figure()
    for col in ys:
        trace = go.Bar if kind == "bar" else go.Scatter
        fig.add_trace(trace(x=df[x].astype(str), y=df[col], name=str(col)))
    fig.update_xaxes(title=str(x), type="category")
    return _layout(fig, title)
