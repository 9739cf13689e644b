"""Every notebook runs top to bottom under papermill on the seed corpus; the explorer's controls
redraw its figures; the views and charts behind the notebooks."""

from __future__ import annotations

import re

import duckdb
import pandas as pd
import pytest
from conftest import ROOT

from gikdata.briefs import agency_view, charts, compare_view
from gikdata.briefs.explore import ExploreApp, sql
from gikdata.store import queries

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_the_notebooks_exist():
    assert [p.stem for p in NOTEBOOKS] == ["agency_brief", "compare_agencies", "corpus_overview", "explore", "keywords"]


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_committed_without_outputs(notebook):
    import nbformat

    nb = nbformat.read(notebook, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code)
    assert [c for c in code if "parameters" in c.metadata.get("tags", [])] == [code[0]]
    thin = [c.source for c in code[1:]]  # thin: calls into gikdata, no helpers, regexes or SQL
    assert not any(re.search(r"^\s*(def|class) |import re\b|lambda ", s, re.M) for s in thin)
    if notebook.stem != "explore":  # explore shows ad-hoc SQL in a cell on purpose
        assert not any(re.search(r"\bselect\b.+\bfrom\b", s, re.I) for s in thin)


@pytest.mark.e2e
@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_under_papermill(notebook, seed_db, tmp_path):
    import papermill

    nb = papermill.execute_notebook(str(notebook), str(tmp_path / notebook.name), parameters={"db_path": str(seed_db)},
                                    kernel_name="python3", progress_bar=False, cwd=str(notebook.parent))
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors, errors


def test_explore_controls_redraw_the_figures_and_table(seed_db):
    app = ExploreApp(seed_db)
    assert app.agency.value == "370303-emergency_management" and app.measure.value == "proactive_total"
    assert list(app.series_fig.data[0].y) == [31, 26]
    assert "张店区应急管理局" in app.table.value
    app.years.value = (2015, 2023)
    assert list(app.series_fig.data[0].y) == [26]
    app.years.value = (2014, 2023)
    app.measure.value = "requests_received"
    assert list(app.series_fig.data[0].y) == [0, 0]
    assert app.series_fig.layout.yaxis.title.text == charts.MEASURE_LABELS["requests_received"]
    app.region.value = "聊城市"
    assert [v for _, v in app.agency.options] == ["371500-z30e52d-emergency_management"]
    app.measure.value = "proactive_total"
    assert list(app.series_fig.data[0].y) == [47]
    assert len(app.compare_fig.data) == 1


def test_sql_in_a_notebook_is_read_only_and_charted(seed_db):
    df, fig = sql("select year, count(*) as n from reports where year = $y group by year", seed_db, params={"y": 2014})
    assert df.to_dict("records") == [{"year": 2014, "n": 2}]
    assert list(fig.data[0].y) == [2]
    with pytest.raises(duckdb.Error):
        queries.sql_df("create table x (a int)", seed_db)


def test_format_breaks_are_found_and_drawn():
    series = pd.DataFrame({"year": [2017, 2018, 2019, 2020], "format": ["freeform", "freeform", "template", "template"],
                           "proactive_total": [1.0, 2.0, 3.0, 4.0]})
    breaks = agency_view.format_breaks(series)
    assert breaks == [(2018, 2019, "freeform", "template")]
    fig = charts.series_figure(series, breaks=breaks)
    assert [s.x0 for s in fig.layout.shapes] == [2018.5]
    assert "格式变化" in fig.layout.annotations[0].text


def test_every_measure_chart_has_a_dropdown(seed_db):
    view = agency_view.load_view("370303-emergency_management", seed_db)
    fig = charts.measures_figure(view.totals(), view.reported_measures())
    assert len(fig.data) == len(view.reported_measures()) == 6
    assert len(fig.layout.updatemenus[0].buttons) == 6


def test_index_and_rank():
    long = pd.DataFrame({"agency_id": ["a", "a", "b", "b"], "year": [2014, 2015, 2014, 2015],
                         "value": [10.0, 20.0, 30.0, 15.0]})
    out = compare_view.add_index_and_rank(long, base_year=2014)
    assert list(out["index"]) == [100.0, 200.0, 100.0, 50.0]
    assert list(out["rank"]) == [2.0, 1.0, 1.0, 2.0]
    assert compare_view.add_index_and_rank(long, base_year=2015)["index"].tolist() == [50.0, 100.0, 200.0, 100.0]


def test_make_lab_opens_explore_with_the_gikdata_kernel():
    import nbformat

    make = (ROOT / "Makefile").read_text(encoding="utf-8")
    lab = make.split("\nlab:", 1)[1].split("\n\n", 1)[0]
    assert "ipykernel install --sys-prefix --name gikdata" in lab and "notebooks/explore.ipynb" in lab
    for nb in NOTEBOOKS:
        assert nbformat.read(nb, as_version=4).metadata.kernelspec.name == "gikdata"


@pytest.mark.e2e
def test_explore_widgets_in_a_kernel(seed_db):
    """The same as above, inside a real kernel: a control's new value changes the figure's data."""
    import nbformat
    from nbclient import NotebookClient

    cells = [f"from gikdata.briefs.explore import ExploreApp\napp = ExploreApp({str(seed_db)!r})\napp.widget",
             "before = list(app.series_fig.data[0].y)\napp.measure.value = 'requests_received'\n"
             "after = list(app.series_fig.data[0].y)\nassert before == [31, 26] and after == [0, 0], (before, after)\n"
             "app.region.value = '聊城市'\nassert app.agency.value == '371500-z30e52d-emergency_management'"]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    NotebookClient(nb, kernel_name="python3", timeout=120).execute()  # raises on a failed assert
    assert any("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in nb.cells[0].outputs)


@pytest.mark.e2e
def test_agency_brief_takes_a_name_under_plain_papermill(seed_db, tmp_path):
    """Without `gik brief` to resolve it first: the library resolves a name or alias itself."""
    import papermill

    notebook = ROOT / "notebooks" / "agency_brief.ipynb"
    nb = papermill.execute_notebook(str(notebook), str(tmp_path / notebook.name),
                                    parameters={"agency": "张店区人民政府", "db_path": str(seed_db)},
                                    kernel_name="python3", progress_bar=False, cwd=str(notebook.parent))
    html = "".join(o.get("data", {}).get("text/html", "") if isinstance(o.get("data", {}).get("text/html"), str)
                   else "".join(o.get("data", {}).get("text/html", [])) for c in nb.cells for o in c.get("outputs", []))
    assert "370303-government" in html and "其中政府信息公开栏目" in html
