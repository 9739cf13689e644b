"""`gik check`: findings for files and for a database, with the check across years."""

from __future__ import annotations

from click.testing import CliRunner
from conftest import seed
from corpus_cases import A20_VALUES_2021, REVIEW_VALUES, request_matrix, template_text

from gikdata.cli import main
from gikdata.extract.checks import check_carryover


def test_check_files_groups_by_level():
    result = CliRunner().invoke(main, ["check", str(seed("004"))])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("warning (1)")
    assert "category_sum_mismatch" in result.output and "info (" in result.output


def _year_report(tmp_path, year: int, carried_in: int) -> int:
    req = request_matrix("2021", [3, 0, 0, 0, 0, 0], [carried_in, 0, 0, 0, 0, 0], 1)
    text = template_text("淄博市应急管理局", "2021", A20_VALUES_2021, req, REVIEW_VALUES).replace("2022年", f"{year}年")
    (tmp_path / f"r{year}.txt").write_text(text, encoding="utf-8")
    return req["四、结转下年度继续办理"][6]


def test_check_database_finds_carryover_across_years(tmp_path):
    out_2022 = _year_report(tmp_path, 2022, 0)
    _year_report(tmp_path, 2023, out_2022 + 2)  # says more came over than 2022 carried out
    db = tmp_path / "gik.duckdb"
    assert CliRunner().invoke(main, ["-q", "ingest", str(tmp_path), "--db", str(db)]).exit_code == 0
    result = CliRunner().invoke(main, ["check", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "carryover_mismatch" in result.output and "2022 carries 1" in result.output


def test_carryover_skips_gaps_and_unknowns():
    rows = [{"report_id": "a", "agency_id": "x", "year": 2020, "carried_in": 0, "carried_out": 2},
            {"report_id": "b", "agency_id": "x", "year": 2022, "carried_in": 5, "carried_out": None},
            {"report_id": "c", "agency_id": "x", "year": 2023, "carried_in": 1, "carried_out": 0}]
    assert check_carryover(rows) == []  # 2020 -> 2022 is not consecutive; 2022 carries out nothing known


def test_check_files_of_one_agency_across_years(tmp_path):
    out_2022 = _year_report(tmp_path, 2022, 0)
    _year_report(tmp_path, 2023, out_2022 + 2)
    result = CliRunner().invoke(main, ["check", str(tmp_path / "r2022.txt"), str(tmp_path / "r2023.txt")])
    assert result.exit_code == 0, result.output
    assert "carryover_mismatch" in result.output
