"""notebooks/keywords.ipynb runs under papermill on the seed corpus, and is committed clean."""

from __future__ import annotations

import json

import pytest
from conftest import ROOT

NOTEBOOK = ROOT / "notebooks" / "keywords.ipynb"


def test_notebook_is_committed_without_outputs():
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in code)
    tagged = [c for c in code if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1
    assert all(f"{p} =" in "".join(tagged[0]["source"]) for p in ("terms", "agencies", "db_path"))


@pytest.mark.e2e
def test_notebook_runs_under_papermill(seed_db, tmp_path):
    papermill = pytest.importorskip("papermill")
    out = tmp_path / "keywords.ipynb"
    papermill.execute_notebook(str(NOTEBOOK), str(out), kernel_name="python3", cwd=str(NOTEBOOK.parent),
                               parameters={"db_path": str(seed_db), "terms": ["粉尘", "危化品"],
                                           "agencies": ["370303-emergency_management"]},
                               progress_bar=False)
    nb = json.loads(out.read_text(encoding="utf-8"))
    outputs = [o for c in nb["cells"] for o in c.get("outputs", [])]
    assert not [o for o in outputs if o["output_type"] == "error"]
    charts = [o for o in outputs if "application/vnd.plotly.v1+json" in o.get("data", {})]
    assert len(charts) == 3
