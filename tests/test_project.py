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
