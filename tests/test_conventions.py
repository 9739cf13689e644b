"""What a researcher expects of the command line: a project found from the current folder or
GIK_HOME, `gik init`, named queries (`gik query`), `gik check` exit codes and JSON, and -q/-v
after the subcommand."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, SEEDS

from gikdata import config
from gikdata.cli import main


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """An empty folder made a project by `gik init`, with two seed reports, as the current folder."""
    for name in config.HOME_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    root = tmp_path / "my reports"
    root.mkdir()
    monkeypatch.chdir(root)
    r = CliRunner().invoke(main, ["init"])
    assert r.exit_code == 0, r.output
    for seed in SEEDS[:2]:
        shutil.copy2(seed, root / "data" / "raw" / seed.name)
    return root


def test_project_from_the_current_folder_its_parents_or_gik_home(tmp_path, monkeypatch):
    for name in config.HOME_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    (tmp_path / "p" / "data" / "raw").mkdir(parents=True)
    (tmp_path / "p" / "notebooks").mkdir()
    monkeypatch.chdir(tmp_path / "p" / "notebooks")
    assert config.project().root == tmp_path / "p"
    legacy = config.DEFAULT_DB  # the old constant, resolved when read
    assert legacy == tmp_path / "p" / "data" / "derived" / "gik.duckdb"
    monkeypatch.chdir(tmp_path)
    assert config.project_dir() == tmp_path  # no project above: the current folder
    monkeypatch.setenv("GIK_HOME", str(tmp_path / "elsewhere"))
    assert config.project().agencies == tmp_path / "elsewhere" / "data" / "agencies.csv"
    # the checkout itself, run from its root, is a project, and the notebooks ship beside the package
    monkeypatch.delenv("GIK_HOME")
    assert config.project_dir(ROOT) == ROOT
    assert (config.NOTEBOOKS_DIR / "agency_brief.ipynb").exists()


def test_init_lays_out_a_project_and_keeps_what_exists(project):
    assert (project / "data" / "raw" / "manifest.csv").read_text(encoding="utf-8") == \
        "file,source,agency,province,city,county,year,note\n"
    assert (project / "data" / "agencies.csv").read_text(encoding="utf-8").startswith("action,agency_id,")
    assert (project / "data" / "derived").is_dir() and (project / "queries").is_dir()
    (project / "README.md").write_text("mine", encoding="utf-8")
    r = CliRunner().invoke(main, ["init", str(project)])
    assert r.exit_code == 0 and "kept" in r.output and "created" not in r.output
    assert (project / "README.md").read_text(encoding="utf-8") == "mine"


def test_ingest_in_a_project_writes_its_database(project):
    r = CliRunner().invoke(main, ["ingest", "-q"])
    assert r.exit_code == 0, r.output
    assert r.output == ""  # -q after the subcommand
    assert (project / "data" / "derived" / "gik.duckdb").exists()
    r = CliRunner().invoke(main, ["sql", "--csv", "select file from reports order by file"])
    assert r.output.splitlines()[1].startswith("data/raw/")  # stored relative to the project


def test_ingest_without_a_project_says_how_to_make_one(tmp_path, monkeypatch):
    for name in config.HOME_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(main, ["ingest"])
    assert r.exit_code == 1 and "gik init" in r.output


def test_verbose_after_the_subcommand(project):
    r = CliRunner().invoke(main, ["ingest", "-v"])
    assert r.exit_code == 0 and SEEDS[0].name in r.output
    r = CliRunner().invoke(main, ["ingest", "--help"])
    assert "--quiet" in r.output and "--verbose" in r.output


def test_query_list_and_run_with_parameters(project):
    CliRunner().invoke(main, ["ingest", "-q"])
    r = CliRunner().invoke(main, ["query", "--list"])
    assert r.exit_code == 0
    lines = r.output.splitlines()
    assert any(ln.startswith("agency_index(agency_id, measure, base_year):") for ln in lines)
    assert any(ln.startswith("reports_by_year(since)  [queries/]") for ln in lines)
    assert "    terms: a list of terms segmented like the reports" in r.output  # a parameter's own help
    r = CliRunner().invoke(main, ["query", "agency_series", "-p", "agency_id", "370303-emergency_management", "--csv"])
    assert r.exit_code == 0, r.output
    rows = r.output.splitlines()
    assert rows[0].startswith("agency_id,agency_name,year") and len(rows) == 3
    r = CliRunner().invoke(main, ["query", "reports_by_year", "-p", "since", "2017", "--json"])
    assert [json.loads(x) for x in r.output.splitlines()] == [{"year": 2017, "format": "freeform", "reports": 1}]


def test_query_a_users_file_without_a_params_line(project):
    CliRunner().invoke(main, ["ingest", "-q"])
    (project / "queries" / "facts_of.sql").write_text(
        "-- Facts of one measure\nSELECT count(*) AS n FROM facts WHERE measure = $measure -- not $this\n",
        encoding="utf-8")
    r = CliRunner().invoke(main, ["query", "--list"])
    assert "facts_of(measure)  [queries/]: Facts of one measure" in r.output
    r = CliRunner().invoke(main, ["query", "facts_of", "-p", "measure", "proactive_total"])
    assert r.exit_code == 0 and r.output.splitlines()[0] == "n" and int(r.output.splitlines()[1]) > 0


def test_query_errors(project):
    CliRunner().invoke(main, ["ingest", "-q"])
    r = CliRunner().invoke(main, ["query", "agency_series"])
    assert r.exit_code == 1 and "missing ['agency_id']" in r.output
    r = CliRunner().invoke(main, ["query", "nope"])
    assert r.exit_code == 1 and "no query named 'nope'" in r.output
    (project / "queries" / "broken.sql").write_text("SELECT nope FROM panel", encoding="utf-8")
    r = CliRunner().invoke(main, ["query", "broken"])
    assert r.exit_code == 1 and "nope" in r.output and "Traceback" not in r.output
    r = CliRunner().invoke(main, ["query"])
    assert r.exit_code == 2


def test_a_user_query_never_shadows_gikdata_s_own(project):
    CliRunner().invoke(main, ["ingest", "-q"])
    (project / "queries" / "agency.sql").write_text("SELECT 'mine' AS x", encoding="utf-8")
    r = CliRunner().invoke(main, ["query", "agency", "-p", "agency_id", "370303-emergency_management", "--csv"])
    assert r.exit_code == 0 and "mine" not in r.output and "agency_id" in r.output.splitlines()[0]


def test_check_exit_code_and_json(project):
    r = CliRunner().invoke(main, ["check", str(SEEDS[0])])
    assert r.exit_code == 0, r.output  # info only
    r = CliRunner().invoke(main, ["check", "--json", str(SEEDS[0])])
    found = [json.loads(x) for x in r.output.splitlines()]
    assert found and {"source", "level", "code", "message", "start", "end"} == set(found[0])
    assert {f["level"] for f in found} <= {"info", "warning"}
    # warnings fail only when asked to
    warned = next(p for p in SEEDS if "warning" in CliRunner().invoke(main, ["check", str(p)]).output)
    assert CliRunner().invoke(main, ["check", "--fail-on", "warning", str(warned)]).exit_code == 1
    # a file that cannot be read is an error: exit code 1, and the other file is still checked
    bad = project / "data" / "raw" / "broken.txt"
    bad.write_bytes(b"\x00\x01" * 40)
    r = CliRunner().invoke(main, ["check", "--json", str(bad), str(SEEDS[0])])
    assert r.exit_code == 1
    found = [json.loads(x) for x in r.output.splitlines()]
    assert found[0]["level"] == "error" and found[0]["code"] == "file_unreadable" and "broken.txt" in found[0]["source"]
    assert any(str(SEEDS[0]) in f["source"] for f in found[1:])
    # the same file in the database: ingest stores it in ingest_errors, check --db reports it
    CliRunner().invoke(main, ["ingest", "-q"])
    r = CliRunner().invoke(main, ["check"])
    assert r.exit_code == 1 and "error (1)" in r.output and "broken.txt" in r.output
