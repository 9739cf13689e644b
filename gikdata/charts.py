"""Plotly figures for notebooks and briefs: the library draws, notebooks only show.

Figures use a CJK-capable font stack so Chinese labels render wherever a CJK font exists.
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


def _layout(fig: go.Figure, title: str) -> go.Figure:
    fig.update_layout(title=title, font={"family": FONT}, template="plotly_white",
                      margin={"l": 50, "r": 20, "t": 60, "b": 40}, height=380)
    return fig


def series_figure(series: pd.DataFrame, measure: str = "proactive_total", title: str | None = None) -> go.Figure:
    """A measure over years, one bar per report; approximate values are marked with ≥."""
    df = series.dropna(subset=[measure])
    approx_col = f"{measure}_approx"
    labels = [f"{'≥' if approx_col in df and bool(a) else ''}{v:g}"
              for v, a in zip(df[measure], df[approx_col] if approx_col in df else [False] * len(df), strict=True)]
    fig = go.Figure(go.Bar(x=df["year"].astype(str), y=df[measure], text=labels, textposition="outside",
                           marker_color="#2b6cb0", name=MEASURE_LABELS.get(measure, measure),
                           hovertemplate="%{x}年: %{text}<extra></extra>"))
    fig.update_xaxes(type="category", title="年份")
    fig.update_yaxes(title=MEASURE_LABELS.get(measure, measure), rangemode="tozero")
    return _layout(fig, title or MEASURE_LABELS.get(measure, measure))


def category_mix_figure(categories: pd.DataFrame, title: str = "主动公开信息分类构成") -> go.Figure:
    """Stacked bars of category counts per year (hover shows the stated share)."""
    fig = go.Figure()
    for name, part in categories.groupby("category", sort=False):
        shares = part["share"].map(lambda s: "—" if pd.isna(s) else f"{s:g}%")
        fig.add_trace(go.Bar(x=part["year"].astype(str), y=part["count"], name=str(name),
                             customdata=shares, hovertemplate="%{x}年 " + str(name) +
                             ": %{y}条（报告所述占比 %{customdata}）<extra></extra>"))
    fig.update_layout(barmode="stack")
    fig.update_xaxes(type="category", title="年份")
    fig.update_yaxes(title="条")
    return _layout(fig, title)
