"""The package outside the checkout: build the wheel, install it into a fresh virtual environment
in a temporary folder, and use it from an empty folder as a new user would (`gik init`,
`gik ingest`, a brief, an export).

Offline and quick: the wheel is built without build isolation (setuptools of the running
environment), installed with --no-deps --no-index, and the new environment reaches the
third-party packages through a .pth line naming this environment's site-packages (and their
data files, such as nbconvert's templates, through JUPYTER_PATH). That line adds a folder to
sys.path without running that folder's own .pth files, so the editable install of the checkout
is not seen there: the test asserts gikdata comes from the new environment.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, SEEDS

pytestmark = pytest.mark.e2e
SOURCES = ("pyproject.toml", "README.md", "LICENSE", "gikdata", "notebooks")


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    r = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, f"{args}\n{r.stdout}\n{r.stderr}"
    return r


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The wheel built from a copy of the sources (so the checkout gets no build/ folder), and
    the build's output."""
    tmp = tmp_path_factory.mktemp("wheel")
    src = tmp / "src"
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, src / name, ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints"))
        else:
            (src / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, src / name)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    r = _run([sys.executable, "-m", "pip", "wheel", "--no-build-isolation", "--no-deps", "--no-index",
              "-w", str(tmp / "dist"), str(src)], tmp, env)
    return next((tmp / "dist").glob("gikdata-*.whl")), r.stdout + r.stderr


def test_wheel_builds_without_warnings_and_ships_the_data(wheel):
    path, output = wheel
    assert "deprecat" not in output.lower() and "BuildBackendWarning" not in output, output
    names = set(zipfile.ZipFile(path).namelist())
    for nb in (ROOT / "notebooks").glob("*.ipynb"):
        assert f"gikdata/notebooks/{nb.name}" in names
    for f in ("gikdata/sql/agency_series.sql", "gikdata/schema.sql", "gikdata/templates/brief/index.html.j2",
              "gikdata/data/divisions.csv", "gikdata/data/columns.csv", "gikdata/templates/project/README.md"):
        assert f in names, f
    meta = zipfile.ZipFile(path).read(next(n for n in names if n.endswith("METADATA"))).decode()
    assert "License-Expression: MIT" in meta


def test_installed_wheel_works_in_an_empty_folder(wheel, tmp_path):
    venv, work = tmp_path / "venv", tmp_path / "empty folder"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], tmp_path, dict(os.environ))
    py = venv / "bin" / "python"
    site = Path(_run([str(py), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], tmp_path,
                     dict(os.environ)).stdout.strip())
    (site / "shared_deps.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "GIK_HOME", "GIK_PROJECT_DIR",
                                                              "GIK_CACHE_DIR", "VIRTUAL_ENV")}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    # the data files those packages install beside site-packages (nbconvert's base templates)
    env["JUPYTER_PATH"] = str(Path(sys.prefix) / "share" / "jupyter")
    r = _run([sys.executable, "-m", "pip", "--python", str(py), "install", "--no-deps", "--no-index", str(wheel[0])],
             tmp_path, env)
    assert "deprecat" not in (r.stdout + r.stderr).lower(), r.stdout + r.stderr
    work.mkdir()
    where = _run([str(py), "-c", "import gikdata; print(gikdata.__file__)"], work, env).stdout.strip()
    assert Path(where).is_relative_to(site), where

    # the kernel that runs the briefs is the new environment's Python (jupyter_client puts
    # sys.executable for the kernelspec's "python"), so it imports this gikdata too
    kernel = _run([str(py), "-c", "from jupyter_client.manager import KernelManager; "
                   "print(KernelManager(kernel_name='python3').format_kernel_cmd()[0])"], work, env).stdout.strip()
    assert Path(kernel).parent == venv / "bin", kernel

    gik = str(venv / "bin" / "gik")
    _run([gik, "init"], work, env)
    assert (work / "data" / "raw" / "manifest.csv").read_text(encoding="utf-8").startswith("file,source,agency")
    for seed in SEEDS[:2]:
        shutil.copy2(seed, work / "data" / "raw" / seed.name)
    r = _run([gik, "ingest"], work, env)
    assert "2 reports" in r.stdout
    assert (work / "data" / "derived" / "gik.duckdb").exists()
    r = _run([gik, "sql", "--csv", "select year, proactive_total from panel order by year"], work, env)
    assert r.stdout.splitlines() == ["year,proactive_total", "2014,31.0", "2017,26.0"]
    r = _run([gik, "brief", "张店区应急管理局"], work, env)
    brief = work / "data" / "derived" / "briefs" / "370303-emergency_management.html"
    assert brief.exists() and "张店区" in brief.read_text(encoding="utf-8")
    _run([gik, "export", "panel", "--format", "xlsx"], work, env)
    assert (work / "data" / "derived" / "export" / "panel.xlsx").exists()
    # from a folder below the project, the same project is found; nothing was written to site-packages
    r = _run([gik, "query", "reports_by_year", "-p", "since", "2014", "--csv"], work / "data", env)
    assert r.stdout.splitlines()[0] == "year,format,reports"
    assert not (site / "data").exists() and not (site / "gikdata" / "notebooks" / "data").exists()
