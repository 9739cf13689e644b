"""The JupyterLab explorer: ipywidgets controls (region, agency, measure, years) that redraw
linked plotly charts and a table. ``explore.ipynb`` shows ``ExploreApp(...).widget``.

Tests drive the controls in-process (``app.measure.value = ...``) and read the figures' data:
the same code path JupyterLab runs when a user changes a control.
"""

from __future__ import annotations

from pathlib import Path

import ipywidgets as widgets
import pandas as pd
import plotly.graph_objects as go

from ..config import DEFAULT_DB
from ..store import queries
from . import charts
from .html_tables import html_table

ALL = "（全部）"


class ExploreApp:
    """Controls and linked views over the whole panel, loaded once (the panel is small)."""

    def __init__(self, db_path: str | Path | None = None) -> None:
        self.db_path = db_path or DEFAULT_DB
        con = queries.connect(self.db_path)
        try:
            self.agencies = queries.run(con, "compare_candidates", region=None, function=None).df()
            ids = list(self.agencies["agency_id"])
            order = list(charts.MEASURE_LABELS)
            measures = sorted(queries.run(con, "measures_available").df()["measure"],
                              key=lambda m: (order.index(m) if m in order else len(order), m))
            self.data = pd.concat([queries.run(con, "compare_series", agency_ids=ids, measure=m).df().assign(measure=m)
                                   for m in measures], ignore_index=True)
        finally:
            con.close()
        years = sorted(int(y) for y in self.data["year"].unique()) or [2008, 2030]
        self.region = widgets.Dropdown(options=[ALL, *self._regions()], value=ALL, description="地区")
        self.agency = widgets.Dropdown(options=self._agency_options(ALL), description="机关")
        self.measure = widgets.Dropdown(options=[(charts.MEASURE_LABELS.get(m, m), m) for m in measures],
                                        description="指标")
        self.years = widgets.IntRangeSlider(value=(years[0], years[-1]), min=years[0], max=max(years[-1], years[0] + 1),
                                            description="年份", continuous_update=False)
        self.series_fig = go.FigureWidget(charts.series_figure(pd.DataFrame({"year": [], "v": []}), "v"))
        self.compare_fig = go.FigureWidget(charts.quick_figure(pd.DataFrame(), title=""))
        self.table = widgets.HTML()
        self.region.observe(self._on_region, names="value")
        for w in (self.agency, self.measure, self.years):
            w.observe(lambda _change: self.redraw(), names="value")
        self.redraw()

    def _regions(self) -> list[str]:
        cols = ["province", "city", "county", "zone"]
        return sorted({str(v) for c in cols for v in self.agencies[c].dropna() if str(v)})

    def _agency_options(self, region: str) -> list[tuple[str, str]]:
        a = self.agencies
        if region != ALL:
            a = a[a[["province", "city", "county", "zone"]].eq(region).any(axis=1)]
        return [(str(n if isinstance(n, str) else i), str(i)) for i, n in zip(a["agency_id"], a["name"], strict=True)]

    def _on_region(self, change: dict) -> None:
        self.agency.options = self._agency_options(change["new"])
        self.redraw()

    def selection(self) -> pd.DataFrame:
        """The rows the controls select: the measure, the region's agencies, the year range."""
        lo, hi = self.years.value
        ids = [v for _, v in self._agency_options(self.region.value)]
        d = self.data
        return d[(d["measure"] == self.measure.value) & d["agency_id"].isin(ids) & d["year"].between(lo, hi)]

    def redraw(self) -> None:
        """Redraw both figures and the table from the controls' values (one batch update each)."""
        sel = self.selection()
        mine = sel[sel["agency_id"] == self.agency.value].sort_values("year")
        label = charts.MEASURE_LABELS.get(self.measure.value, self.measure.value)
        with self.series_fig.batch_update():
            bar = self.series_fig.data[0]
            bar.x, bar.y = list(mine["year"]), list(mine["value"])
            bar.text = [f"{'≥' if a else ''}{v:g}" for v, a in zip(mine["value"], mine["approx"], strict=True)]
            self.series_fig.layout.title.text = f"{self.agency.label or ''} · {label}"
            self.series_fig.layout.yaxis.title.text = label
        self._redraw_compare(sel, label)
        shown = sel[["name", "year", "format", "value", "approx"]].sort_values(["name", "year"])
        self.table.value = html_table(shown.rename(columns={"name": "机关", "year": "年份", "format": "格式",
                                                            "value": "数值", "approx": "约数"}), numeric=("数值",))

    def _redraw_compare(self, sel: pd.DataFrame, label: str) -> None:
        """All agencies of the region on one chart; the selected agency drawn thick (linked view)."""
        with self.compare_fig.batch_update():
            self.compare_fig.data = []
            for aid, part in sel.sort_values("year").groupby("agency_id", sort=False):
                chosen = aid == self.agency.value
                self.compare_fig.add_scatter(x=list(part["year"]), y=list(part["value"]), mode="lines+markers",
                                             name=str(part["name"].iloc[0]),
                                             line={"width": 4 if chosen else 1.5}, opacity=1 if chosen else 0.5)
            self.compare_fig.layout.title.text = f"{self.region.value} · {label}"
            self.compare_fig.layout.xaxis.type = "linear"
            self.compare_fig.layout.xaxis.tickformat = "d"

    @property
    def widget(self) -> widgets.Widget:
        controls = widgets.HBox([widgets.VBox([self.region, self.agency]), widgets.VBox([self.measure, self.years])])
        return widgets.VBox([controls, widgets.HBox([self.series_fig, self.compare_fig]), self.table])


def explore(db_path: str | Path | None = None) -> widgets.Widget:
    """The explorer's widget, ready to display in a JupyterLab cell."""
    return ExploreApp(db_path).widget


def sql(query: str, db_path: str | Path | None = None, params: dict | None = None, x: str | None = None,
        y: str | list[str] | None = None) -> tuple[pd.DataFrame, go.Figure]:
    """Ad-hoc read-only SQL in a notebook cell: the DataFrame and a quick chart of it
    (x: the first column unless given; y: the numeric columns unless given)."""
    df = queries.sql_df(query, db_path, params)
    return df, charts.quick_figure(df, x=x, y=y, title=query if len(query) < 80 else "")
