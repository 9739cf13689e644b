"""Plotly figures for notebooks and briefs: the library draws, notebooks only show.

Figures use a CJK-capable font stack so Chinese labels render wherever a CJK font exists. Years
are a numeric axis (gaps between reports stay visible), and a change of report format (free form
to the 2019 template) is drawn as a dashed vertical line: the series crosses a change of
definitions there. Controls that a static HTML brief needs are plotly's own (``updatemenus``).
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ..config import TEMPLATES_DIR
from . import labels

FONT = "Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif"
#: Every measure's Chinese label with its unit, from data/measures.csv (one table for every brief).
MEASURE_LABELS = {m: labels.label(m) for m in labels.measure_table()}
FORMAT_LABELS = {"freeform": "自由格式", "template": "标准模板"}
Break = tuple[int, int, str, str]
#: The partial plotly.js bundle briefs embed (bar, scatter, pie: the trace types they use), with
#: its licence beside it: npm plotly.js-basic-dist-min, the version plotly.py was built against.
PLOTLY_JS = TEMPLATES_DIR / "plotly" / "plotly-basic.min.js"
#: A small layout template instead of plotly_white's (about 7 KB of JSON in every figure).
_TEMPLATE = {"layout": {"paper_bgcolor": "white", "plot_bgcolor": "white",
                        "xaxis": {"gridcolor": "#eee", "linecolor": "#999", "zeroline": False},
                        "yaxis": {"gridcolor": "#eee", "linecolor": "#999", "zerolinecolor": "#999"},
                        "colorway": ["#2b6cb0", "#dd6b20", "#2f855a", "#b83280", "#6b46c1", "#c53030",
                                     "#319795", "#975a16", "#4a5568", "#d69e2e"]}}


def init_notebook() -> None:
    """Render figures so they survive nbconvert and work offline.

    plotly's default renderer emits only a JSON output that nbconvert drops; ours embeds the
    partial plotly.js bundle once in the page (no CDN, ever) and writes each figure as a div and a
    ``Plotly.newPlot`` call; "plotly_mimetype" keeps figures interactive in JupyterLab.
    """
    import plotly.io as pio

    if OFFLINE_RENDERER not in pio.renderers:
        pio.renderers[OFFLINE_RENDERER] = _offline_renderer()
    pio.renderers.default = f"plotly_mimetype+{OFFLINE_RENDERER}"


OFFLINE_RENDERER = "gik_notebook"


def _offline_renderer():
    """A renderer that embeds :data:`PLOTLY_JS` when activated and then only the figures."""
    from IPython.display import display_html
    from plotly.io import to_html
    from plotly.io._base_renderers import MimetypeRenderer

    class OfflineRenderer(MimetypeRenderer):
        def activate(self):
            display_html(f"<script>{PLOTLY_JS.read_text(encoding='utf-8')}</script>", raw=True)

        def to_mimebundle(self, fig_dict):
            return {"text/html": to_html(fig_dict, include_plotlyjs=False, include_mathjax=False, full_html=False,
                                         default_width="100%", default_height=420, validate=False,
                                         config={"displaylogo": False, "responsive": True})}

    return OfflineRenderer()


def _layout(fig: go.Figure, title: str, height: int = 380) -> go.Figure:
    fig.update_layout(title={"text": title, "x": 0, "xanchor": "left"}, font={"family": FONT}, template=_TEMPLATE,
                      margin={"l": 60, "r": 20, "t": 60, "b": 40}, height=height)
    return fig


def _year_axis(fig: go.Figure, years: list[int] | None = None) -> None:
    """Years as numbers, one tick a year, every year between the first and last shown (a missing
    year is a visible gap); bars a year wide at most, however far apart reports are."""
    fig.update_xaxes(title="年份", tickformat="d", dtick=1)
    if years:
        pad = 0.6 if max(years) - min(years) >= 3 else 1.5  # one or two years: narrow bars, not a wall
        fig.update_xaxes(range=[min(years) - pad, max(years) + pad])
    bars = [t for t in fig.data if t.type == "bar"]
    grouped = fig.layout.barmode == "group" and len(bars) > 1
    fig.update_traces(width=0.8 / len(bars) if grouped else 0.7, selector={"type": "bar"})


def _menu(buttons: list[dict]) -> list[dict]:
    """A dropdown above the plot's top-right corner, clear of the left-aligned title."""
    return [{"buttons": buttons, "direction": "down", "x": 1, "xanchor": "right", "y": 1.02, "yanchor": "bottom",
             "showactive": True, "bgcolor": "white"}]


def with_gaps(years: pd.Series, values: pd.Series) -> tuple[list[int], list[float | None]]:
    """A line's points with None in every missing year between, so the line breaks there
    (plotly does not join across None): gaps are gaps."""
    got = {int(y): v for y, v in zip(years, values, strict=True)}
    if not got:
        return [], []
    xs = list(range(min(got), max(got) + 1))
    return xs, [got.get(y) for y in xs]


def all_zero(values: pd.Series) -> bool:
    """Nothing to draw: every value is 0 (a sentence says so instead of an empty chart)."""
    v = pd.to_numeric(values, errors="coerce").dropna()
    return v.empty or bool((v == 0).all())


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
    name = MEASURE_LABELS.get(measure, labels.label(measure))
    fig = go.Figure(go.Bar(x=df["year"], y=df[measure], text=_labels(df[measure], approx), textposition="outside",
                           marker_color="#2b6cb0", name=name, cliponaxis=False,
                           hovertemplate="%{x}年: %{text}<extra></extra>"))
    _year_axis(fig, [int(y) for y in df["year"]])
    fig.update_yaxes(title=name, rangemode="tozero")
    return add_breaks(_layout(fig, title or name), list(breaks))


def measures_figure(totals: pd.DataFrame, measures: list[str], title: str | None = None,
                    breaks: list[Break] = ()) -> go.Figure:
    """Every measure the agency reports, one at a time, chosen with an in-figure dropdown.

    Measures have different units, so they are never stacked or drawn on one axis; bars, so no
    line joins two years across a gap; the dropdown replaces ipywidgets, which do not work in a
    static HTML brief. Each measure's y axis is titled with its label and unit.
    """
    fig = go.Figure()
    years: list[int] = []
    for i, m in enumerate(measures):
        df = totals[totals["measure"] == m].dropna(subset=["value"]).sort_values("year")
        years += [int(y) for y in df["year"]]
        fig.add_trace(go.Bar(x=df["year"], y=df["value"], visible=i == 0, cliponaxis=False,
                             text=_labels(df["value"], df["approx"].fillna(False)), textposition="outside",
                             name=labels.label(m), hovertemplate="%{x}年: %{text}<extra></extra>"))
    buttons = [{"label": labels.label(m), "method": "update",
                "args": [{"visible": [j == i for j in range(len(measures))]},
                         {"yaxis.title.text": labels.label(m)}]} for i, m in enumerate(measures)]
    fig.update_layout(updatemenus=_menu(buttons) if len(measures) > 1 else [])
    _year_axis(fig, years)
    fig.update_yaxes(title=labels.label(measures[0]) if measures else "", rangemode="tozero")
    if title is None:
        title = f"各项指标（共{len(measures)}项，右上角菜单选择）" if len(measures) > 1 else labels.label(measures[0])
    fig = _layout(fig, title, height=420)
    fig.update_layout(margin={"t": 90})
    return add_breaks(fig, list(breaks))


def category_mix_figure(categories: pd.DataFrame, title: str = "主动公开信息分类构成（条）",
                        breaks: list[Break] = ()) -> go.Figure:
    """Stacked bars of category counts per year (hover shows the stated share): the parts of one
    total, in one unit, so stacking adds up to something the report states."""
    fig = go.Figure()
    for name, part in categories.groupby("category", sort=False):
        shares = part["share"].map(lambda s: "—" if pd.isna(s) else f"{s:g}%")
        fig.add_trace(go.Bar(x=part["year"], y=part["count"], name=str(name),
                             customdata=shares, hovertemplate="%{x}年 " + str(name) +
                             ": %{y}条（报告所述占比 %{customdata}）<extra></extra>"))
    fig.update_layout(barmode="stack")
    _year_axis(fig, [int(y) for y in categories["year"]])
    fig.update_yaxes(title="条")
    return add_breaks(_layout(fig, title), list(breaks))


def totals_figure(totals: pd.DataFrame, measures: list[str], title: str, breaks: list[Break] = ()) -> go.Figure:
    """Grouped (never stacked) bars of a few measures sharing a unit (review and litigation cases)."""
    fig = go.Figure()
    years: list[int] = []
    for m in measures:
        df = totals[totals["measure"] == m].dropna(subset=["value"]).sort_values("year")
        years += [int(y) for y in df["year"]]
        fig.add_trace(go.Bar(x=df["year"], y=df["value"], name=labels.label(m), cliponaxis=False,
                             text=_labels(df["value"], df["approx"].fillna(False)), textposition="outside",
                             hovertemplate="%{x}年: %{text}<extra>" + labels.label(m) + "</extra>"))
    fig.update_layout(barmode="group")
    _year_axis(fig, years)
    units = {labels.info(m).unit for m in measures}
    fig.update_yaxes(rangemode="tozero", title=units.pop() if len(units) == 1 else "")
    return add_breaks(_layout(fig, title), list(breaks))


def breakdown_figure(rows: pd.DataFrame, measure: str, title: str | None = None,
                     breaks: list[Break] = ()) -> go.Figure:
    """One breakdown of one total (requests by channel; cases by result): its parts per year.

    Exactly one measure, in one unit: the parts of one whole stack up to it. Two breakdowns of
    the same total (by body and by channel) are two figures, and a share (%) is never a part.
    """
    part_rows = rows[rows["measure"] == measure]
    if not labels.is_additive(measure):
        raise ValueError(f"{measure} is a {labels.info(measure).kind}: its values are not parts of a total")
    fig = go.Figure()
    for dim, part in part_rows.groupby("dimension", sort=False):
        fig.add_trace(go.Bar(x=part["year"], y=part["value"], name=str(dim),
                             text=_labels(part["value"], part["approx"].fillna(False)), textposition="inside",
                             hovertemplate="%{x}年 " + str(dim) + ": %{text}<extra></extra>"))
    fig.update_layout(barmode="stack")
    _year_axis(fig, [int(y) for y in part_rows["year"]])
    fig.update_yaxes(title=labels.label(measure), rangemode="tozero")
    return add_breaks(_layout(fig, title or labels.label(measure), height=340), list(breaks))


VIEWS = {"value": "数值", "index": "指数（基年=100）", "rank": "排名（1=最高）"}


def compare_figure(long: pd.DataFrame, title: str, measure: str = "proactive_total") -> go.Figure:
    """Agencies side by side over years; a dropdown switches value, index to the base year, rank.

    ``long`` has one row per agency and year with columns name, year, value, index, rank, format.
    Hollow markers are template-format reports, filled ones free-form: the series break is visible
    on every line. A line never joins two years across a missing one.
    """
    fig = go.Figure()
    names = list(dict.fromkeys(long["name"]))
    for view_i, col in enumerate(VIEWS):
        for name in names:
            df = long[long["name"] == name].sort_values("year")
            xs, ys = with_gaps(df["year"], df[col])
            fmt = dict(zip(df["year"].astype(int), df["format"], strict=True))
            symbols = ["circle-open" if fmt.get(x) == "template" else "circle" for x in xs]
            fig.add_trace(go.Scatter(x=xs, y=ys, name=str(name), mode="lines+markers", connectgaps=False,
                                     marker={"symbol": symbols, "size": 10}, legendgroup=str(name),
                                     showlegend=view_i == 0, visible=view_i == 0,
                                     customdata=[FORMAT_LABELS.get(fmt.get(x), "") for x in xs],
                                     hovertemplate=f"{name} " + "%{x}年: %{y:g}（%{customdata}）<extra></extra>"))
    n = len(names)
    unit = labels.label(measure)
    buttons = []
    for view_i, (col, label) in enumerate(VIEWS.items()):
        axis = {"yaxis.title.text": f"{label} · {unit}" if col == "value" else label,
                "yaxis.autorange": "reversed" if col == "rank" else True}
        buttons.append({"label": label, "method": "update",
                        "args": [{"visible": [k // max(n, 1) == view_i for k in range(n * len(VIEWS))]}, axis]})
    fig.update_layout(updatemenus=_menu(buttons))
    _year_axis(fig, [int(y) for y in long["year"]])
    fig.update_yaxes(title=f"{VIEWS['value']} · {unit}")
    fig = _layout(fig, title, height=460)
    fig.update_layout(margin={"t": 90}, legend={"orientation": "h", "x": 0, "y": -0.2, "yanchor": "top"})
    return fig


def reports_figure(counts: pd.DataFrame, title: str = "每年报告数（按格式）") -> go.Figure:
    """Reports per year, stacked by format, on a numeric year axis (a year without reports is a
    visible gap); undated reports cannot stand on it and are counted in the title."""
    dated = counts.dropna(subset=["year"])
    undated = int(counts.loc[counts["year"].isna(), "n_reports"].sum())
    fig = go.Figure()
    for fmt, part in dated.groupby("format", sort=False):
        fig.add_trace(go.Bar(x=part["year"], y=part["n_reports"], name=FORMAT_LABELS.get(fmt, fmt),
                             hovertemplate="%{x}年: %{y}份<extra>" + FORMAT_LABELS.get(fmt, fmt) + "</extra>"))
    fig.update_layout(barmode="stack")
    _year_axis(fig, [int(y) for y in dated["year"]])
    fig.update_yaxes(title="报告数（份）", dtick=1, rangemode="tozero")
    return _layout(fig, title + (f"；另有{undated}份未标明年份" if undated else ""))


LEVEL_LABELS = {"error": "错误", "warning": "警告", "info": "提示"}


def flags_figure(flags: pd.DataFrame, title: str = "检查结果（按类别）") -> go.Figure:
    """Horizontal bars: findings per code, coloured by level."""
    colors = {"error": "#b00020", "warning": "#dd8a00", "info": "#7a869a"}
    fig = go.Figure()
    for level, part in flags.groupby("level", sort=False):
        fig.add_trace(go.Bar(y=part["code"], x=part["n_findings"], orientation="h",
                             name=LEVEL_LABELS.get(str(level), str(level)),
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
