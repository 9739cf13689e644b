"""The CLI through click's CliRunner: commands, the JSON contract, exit codes."""

from __future__ import annotations

import json

from click.testing import CliRunner
from conftest import SEEDS, seed

from gikdata.cli import main

CONTRACT = {"file", "agency", "year", "format", "summary", "facts", "flags"}
FACT_KEYS = {"measure", "dimension", "value", "unit", "approx", "start", "end", "evidence", "rule"}
SUMMARY_KEYS = {"proactive_total", "categories", "requests_received", "review_cases",
                "litigation_cases", "fees_collected"}


def test_extract_json_contract():
    result = CliRunner().invoke(main, ["extract", "--json", *map(str, SEEDS)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert len(lines) == len(SEEDS)
    for d in lines:
        assert d.keys() >= CONTRACT
        assert {"name", "short_name", "region"} <= d["agency"].keys()
        assert {"province", "city", "county"} <= d["agency"]["region"].keys()
        assert d["summary"].keys() >= SUMMARY_KEYS
        assert d["format"] in ("freeform", "template")
        for f in d["facts"]:
            assert f.keys() >= FACT_KEYS
        for c in d["summary"]["categories"]:
            assert c.keys() == {"name", "count", "share"}


def test_ingest_then_sql(tmp_path):
    db = str(tmp_path / "g.duckdb")
    runner = CliRunner()
    r = runner.invoke(main, ["-q", "ingest", "--db", db, str(seed("000")), str(seed("001"))])
    assert r.exit_code == 0, r.output
    r = runner.invoke(main, ["sql", "--db", db, "--csv", "select year, proactive_total from panel order by year"])
    assert r.output.splitlines() == ["year,proactive_total", "2014,31.0", "2017,26.0"]
    r = runner.invoke(main, ["sql", "--db", db, "--json", "select year from panel order by year"])
    assert [json.loads(x) for x in r.output.splitlines()] == [{"year": 2014}, {"year": 2017}]


def test_failure_exits_non_zero_and_names_the_file(tmp_path):
    bad = tmp_path / "broken.txt"
    bad.write_bytes(b"\x00" * 50)
    r = CliRunner().invoke(main, ["ingest", "--db", str(tmp_path / "g.duckdb"), str(bad), str(seed("001"))])
    assert r.exit_code == 1
    assert "broken.txt" in r.output
    r = CliRunner().invoke(main, ["sql", "--db", str(tmp_path / "missing.duckdb"), "select 1"])
    assert r.exit_code == 1 and "missing.duckdb" in r.output


def test_sql_errors_are_clean(tmp_path, seed_db):
    r = CliRunner().invoke(main, ["sql", "--db", str(seed_db), "select nope from panel"])
    assert r.exit_code == 1 and "nope" in r.output and "Traceback" not in r.output


def test_every_command_has_help():
    for name in main.commands:
        r = CliRunner().invoke(main, [name, "--help"])
        assert r.exit_code == 0 and "--db" in r.output or name in ("extract", "review", "init")  # commands without a database
