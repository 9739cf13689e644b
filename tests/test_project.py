"""The project itself: one list of dependencies, layering, lint, docs of every command."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

from conftest import ROOT

from gikdata.cli import main

BIN = Path(sys.executable).parent


def test_environment_yml_installs_the_project_through_pip():
    env = (ROOT / "environment.yml").read_text(encoding="utf-8")
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    extras = set(project["project"]["optional-dependencies"])
    assert "- -e .[notebook,test]" in env
    assert {"notebook", "test"} <= extras
    # no package pinned in environment.yml besides python and pip: the list lives in pyproject.toml
    section = env.split("dependencies:", 1)[1]
    deps = [ln.strip()[2:] for ln in section.splitlines() if ln.strip().startswith("- ") and "pip:" not in ln]
    assert {d.split(">")[0].split("=")[0] for d in deps if not d.startswith("-e")} <= {"python", "pip"}


def test_import_layers():
    r = subprocess.run([str(BIN / "lint-imports")], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


def test_ruff_clean():
    r = subprocess.run([str(BIN / "ruff"), "check", "gikdata", "tests", "scripts"], cwd=ROOT,
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stdout


def test_readme_documents_every_command_and_make_target():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in main.commands:
        assert f"gik {name}" in readme, name
    assert "make demo" in readme and "make test" in readme
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in ci


def test_every_package_folder_ships_in_the_wheel():
    """pyproject.toml lists the packages (so that notebooks/ can ship as gikdata/notebooks):
    a folder of gikdata/ left off the list would be missing from the wheel."""
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    folders = {".".join(p.relative_to(ROOT).parts) for p in (ROOT / "gikdata").rglob("*")
               if p.is_dir() and p.name != "__pycache__" and not p.name.startswith(".")}
    listed = set(setuptools["packages"])
    assert folders | {"gikdata", "gikdata.notebooks"} == listed, f"add to [tool.setuptools] packages: {folders - listed}"
    assert setuptools["package-dir"] == {"gikdata.notebooks": "notebooks"}


def test_licence_is_an_spdx_expression():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["license"] == "MIT"
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")


def test_readme_lists_every_notebook():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for nb in (ROOT / "notebooks").glob("*.ipynb"):
        assert f"`{nb.name}`" in readme, nb.name


def _make(target: str, folder: Path, *args: str) -> str:
    r = subprocess.run(["make", "-C", str(folder), *args, target], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    return r.stdout


def test_make_clean_removes_what_was_generated_and_keeps_raw(tmp_path):
    for rel in ("data/derived/briefs", "data/derived/export", "data/derived/review", ".cache/tokens",
                "gikdata/__pycache__", "build", "data/raw", ".venv/lib/__pycache__"):
        (tmp_path / rel).mkdir(parents=True)
    for rel in ("data/derived/README.md", "data/derived/gik.duckdb", "data/raw/a.txt", "data/raw/manifest.csv"):
        (tmp_path / rel).write_text("x", encoding="utf-8")
    (tmp_path / "Makefile").write_bytes((ROOT / "Makefile").read_bytes())
    _make("clean", tmp_path)
    assert sorted(p.name for p in (tmp_path / "data" / "derived").iterdir()) == ["README.md"]
    assert sorted(p.name for p in (tmp_path / "data" / "raw").iterdir()) == ["a.txt", "manifest.csv"]
    for gone in (".cache", "build", "gikdata/__pycache__"):
        assert not (tmp_path / gone).exists(), gone
    assert (tmp_path / ".venv" / "lib" / "__pycache__").exists()


def test_make_lab_allows_root_only_as_root(tmp_path):
    for name in ("Makefile", "pyproject.toml"):
        (tmp_path / name).write_bytes((ROOT / name).read_bytes())
    lab = [ln for ln in _make("lab", tmp_path, "-n", "USER_ID=0").splitlines() if "jupyter lab" in ln]
    assert lab and "--allow-root" in lab[0]
    lab = [ln for ln in _make("lab", tmp_path, "-n", "USER_ID=1000").splitlines() if "jupyter lab" in ln]
    assert lab and "--allow-root" not in lab[0]
