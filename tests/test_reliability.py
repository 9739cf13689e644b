"""Issue 11: bad input, faults and concurrent use never cost a user their data.

Each test reproduces one accident a new user had on main (duplicates, odd file names, manifests,
bombs, FIFOs, numbers that overflow, a replaced database, an open SQL prompt) and checks the
fix: the good reports load, the bad input is named with its reason, the old database survives.
"""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import urllib.parse
import zipfile
import zlib
from pathlib import Path

import duckdb
import pytest
from builders import build_docx, build_pdf
from click.testing import CliRunner
from conftest import ROOT, SEEDS, seed
from corpus_cases import CASES

from gikdata.cli import main
from gikdata.errors import (
    BinaryFileError,
    EncryptedFileError,
    ManifestError,
    NotRegularFileError,
    TooLargeError,
)
from gikdata.extract.numbers import parse_number
from gikdata.extract.report import extract_source, to_json
from gikdata.read.decode import SourceText, decode_bytes, read_docx, read_pdf, read_source
from gikdata.store.guard import DatabaseError, DatabaseLock, temp_paths
from gikdata.store.pipeline import ingest

GIK = [sys.executable, "-m", "gikdata.cli"]
TEXT = "一、概况\n本机关2014年主动公开政府信息31条。\n"


def _source(text: str, name: str = "x.txt") -> SourceText:
    return SourceText(path=name, text=text, encoding="utf-8", sha256="0" * 64, size=len(text))


def _rows(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def _good_db(tmp_path: Path) -> Path:
    db = tmp_path / "db" / "gik.duckdb"
    ingest([seed("000"), seed("001")], db)
    return db


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    f = tmp_path / "raw"
    f.mkdir()
    for s in SEEDS[:3]:
        (f / s.name).write_bytes(s.read_bytes())
    return f


# ---------------------------------------------------------------------------------------------
# Whole runs lost to one file

def test_duplicates_load_once_and_are_named(folder: Path, tmp_path: Path):
    first, second = sorted(folder.iterdir())[:2]
    (folder / "saved_twice.txt").write_bytes(first.read_bytes())     # the same bytes
    os.link(second, folder / "hard_link.txt")                         # a hard link
    (folder / "sym_link.txt").symlink_to(first)                       # a symbolic link
    db = tmp_path / "gik.duckdb"
    res = CliRunner().invoke(main, ["ingest", "--db", str(db), str(folder), str(first)])  # and named twice
    assert res.exit_code == 0, res.output
    assert _rows(db, "select count(*) from reports") == [(3,)]
    dups = _rows(db, "select file, level from ingest_errors where error = 'DuplicateFileError' order by file")
    assert {Path(f).name for f, _ in dups} == {"saved_twice.txt", "hard_link.txt", "sym_link.txt", first.name}
    assert {lvl for _, lvl in dups} == {"info"}
    assert "4 duplicates loaded once" in res.output
    for name in ("saved_twice.txt", "hard_link.txt", "sym_link.txt"):
        assert name in res.output


def test_file_name_not_utf8_is_stored_reversibly_and_flagged(tmp_path: Path):
    raw = os.fsencode(str(tmp_path)) + b"/\xc4\xea\xb1\xa8%20\xff.txt"   # GBK 年报, a %, a stray byte
    with open(raw, "wb") as fh:
        fh.write(seed("000").read_bytes())
    db = tmp_path / "gik.duckdb"
    result = ingest([tmp_path], db)
    assert not result.errors
    (stored,) = _rows(db, "select file from reports")[0:1]
    assert urllib.parse.unquote_to_bytes(stored[0]) == raw
    codes = [c for (c,) in _rows(db, "select code from flags")]
    assert "file_name_not_utf8" in codes


def test_gb18030_manifest_is_read_like_a_report(folder: Path, tmp_path: Path):
    name = sorted(folder.iterdir())[0].name
    (folder / "manifest.csv").write_bytes(
        f"file,source,agency,province,city,county,year,note\n{name},,,,,,2015,手工核对\n".encode("gb18030"))
    result = ingest([folder], tmp_path / "gik.duckdb")
    assert not result.errors, result.errors
    con = duckdb.connect(str(tmp_path / "gik.duckdb"), read_only=True)
    years = {y for (y,) in con.execute("SELECT year FROM reports WHERE file LIKE '%' || ?", [name]).fetchall()}
    con.close()
    assert years == {2015}


def test_bad_manifest_is_one_error_naming_it_and_keeps_the_database(folder: Path, tmp_path: Path):
    db = _good_db(tmp_path)
    before = db.read_bytes()
    (folder / "manifest.csv").write_bytes(bytes(range(256)) * 4)
    with pytest.raises(ManifestError, match="manifest.csv"):
        ingest([folder], db)
    assert db.read_bytes() == before
    res = CliRunner().invoke(main, ["ingest", "--db", str(db), str(folder)])
    assert res.exit_code == 1
    assert res.output.count("manifest.csv") == 1 and "internal error" not in res.output


# ---------------------------------------------------------------------------------------------
# Inputs that hang or exhaust the machine

def _docx_bomb(expanded: int) -> bytes:
    buf = io.BytesIO(build_docx(TEXT))
    with zipfile.ZipFile(buf, "a", compression=zipfile.ZIP_DEFLATED) as z, \
            z.open("word/padding.xml", "w", force_zip64=True) as f:
        chunk = b"<w:p/>" * 100_000
        for _ in range(expanded // len(chunk)):
            f.write(chunk)
    return buf.getvalue()


def test_docx_that_expands_past_the_limit_is_refused_unread():
    data = _docx_bomb(150_000_000)
    assert len(data) < 1_000_000
    with pytest.raises(TooLargeError, match="expands to more than"):
        read_docx(data, "bomb.docx")
    assert "31条" in read_docx(build_docx(TEXT), "ok.docx")[0]


def test_pdf_whose_streams_expand_past_the_limit_is_refused():
    good = build_pdf(TEXT)
    comp = zlib.compress(b" " * 150_000_000, 9)
    bomb = good.replace(b"%%EOF", b"") + b"99 0 obj\n<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(comp) \
        + comp + b"\nendstream\nendobj\n%%EOF\n"
    with pytest.raises(TooLargeError, match="expands to more than"):
        read_pdf(bomb, "bomb.pdf")
    assert "31" in read_pdf(good, "ok.pdf")[0]


def _within(seconds: int, fn, *args):  # noqa: ANN001, ANN202
    """Run ``fn`` with an alarm: a quadratic rule took minutes on these inputs (161 s for 60 KB)."""
    def boom(*_):  # noqa: ANN002
        raise TimeoutError(f"over {seconds} s: not linear")
    old = signal.signal(signal.SIGALRM, boom)
    signal.alarm(seconds)
    try:
        return fn(*args)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


@pytest.mark.parametrize("line", [
    "1" * 60_000,                                   # prose.py staff rule, facts' NUMBER
    "配备" + "1" * 60_000 + "x",
    "行政处罚" + "1" * 60_000 + "x\t1",            # tables.py _split_label_numbers
    "区卫生局主动公开信息3条，" * 5_000,             # facts.py _last_subject on one long line
    "政务公开电话共接听3次，" * 20_000,             # prose clause and overlap look-ups
    "主动公开政府信息10条，其中政策法规5条，其他5条。" * 4_000,  # proactive breakdowns: totals x items
], ids=["digits", "staff", "table_cell", "subjects", "clauses", "breakdowns"])
def test_rules_are_linear_on_one_long_line(line: str):
    text = "一、概况\n" + line + "\n"
    report = _within(20, extract_source, _source(text))
    assert all(text[f.start:f.end] == f.evidence for f in report.facts)


def test_fifo_device_folder_and_symlink_loop_are_reported_not_read(folder: Path, tmp_path: Path):
    os.mkfifo(folder / "pipe.txt")
    (folder / "folder.txt").mkdir()
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    (folder / "table.xlsx").write_bytes(b"PK\x03\x04")
    res = CliRunner().invoke(main, ["ingest", "--db", str(tmp_path / "gik.duckdb"), str(folder)])
    assert res.exit_code == 1
    assert "3 reports" in res.output
    for name, why in (("pipe.txt", "FIFO"), ("folder.txt", "folder"), ("loop.txt", "loops"),
                      ("table.xlsx", "no reader")):
        assert any(name in line and why in line for line in res.output.splitlines()), (name, res.output)
    for path in (folder / "pipe.txt", "/dev/zero"):  # named on the command line: refused, never opened
        with pytest.raises(NotRegularFileError):
            read_source(path)


def test_fifo_on_the_command_line_does_not_hang(tmp_path: Path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    proc = subprocess.run([*GIK, "ingest", "--db", str(tmp_path / "gik.duckdb"), str(fifo), str(seed("000"))],
                          capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert proc.returncode == 1
    assert "FIFO" in proc.stderr and "1 reports" in proc.stdout


def test_utf16_without_bom_is_text():
    for enc in ("utf-16-le", "utf-16-be"):
        assert decode_bytes(TEXT.encode(enc), "x.txt") == (TEXT, enc)
    with pytest.raises(BinaryFileError):
        decode_bytes(bytes(range(256)) * 8, "x.bin")


def test_encrypted_pdf_says_it_is_encrypted():
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, encrypt=pdfencrypt.StandardEncryption("secret", ownerPassword="owner"))
    c.drawString(100, 700, "2014")
    c.save()
    with pytest.raises(EncryptedFileError, match="encrypted"):
        read_pdf(buf.getvalue(), "locked.pdf")


# ---------------------------------------------------------------------------------------------
# Numbers that are not numbers

def test_numbers_that_overflow_are_not_figures():
    with pytest.raises(ValueError):
        parse_number("八" * 310)
    with pytest.raises(ValueError):
        parse_number("3" * 310)
    for line in ("配备" + "八" * 310 + "名专职人员。", "政务公开电话共接听" + "3" * 310 + "次。",
                 "主动公开政府信息" + "9" * 400 + "条，其中政策法规3条，占" + "1" * 400 + "%。"):
        report = extract_source(_source("一、概况\n" + line + "\n"))
        json.dumps(to_json(report), allow_nan=False)  # raises on inf / nan
        assert all(abs(f.value) < 1e300 for f in report.facts)


def test_extract_json_is_always_valid(tmp_path: Path):
    f = tmp_path / "big.txt"
    f.write_text("一、概况\n本机关政务公开电话共接听" + "3" * 310 + "次，主动公开政府信息31条。\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["extract", "--json", str(f)])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output, parse_constant=lambda c: pytest.fail(f"{c} in JSON"))
    assert {fa["value"] for fa in data["facts"]} == {31}


def test_negative_template_cell_is_flagged():
    case = next(c for c in CASES if c.name == "tpl01_2021_tabs")
    text = case.text.replace("行政许可\t57", "行政许可\t-57")
    codes = [f.code for f in extract_source(_source(text)).flags]
    assert "template_negative_cell" in codes
    assert "template_negative_cell" not in [f.code for f in extract_source(_source(case.text)).flags]


# ---------------------------------------------------------------------------------------------
# The database

def test_empty_or_bad_inputs_do_not_replace_a_good_database(tmp_path: Path):
    db = _good_db(tmp_path)
    before = db.read_bytes()
    empty, bad = tmp_path / "empty", tmp_path / "bad"
    empty.mkdir()
    bad.mkdir()
    (bad / "a.txt").write_bytes(b"\x00\x01" * 100 + b"\xff")
    for folder in (empty, bad):
        res = CliRunner().invoke(main, ["ingest", "--db", str(db), str(folder)])
        assert res.exit_code == 1 and "--allow-empty" in res.output and "kept" in res.output
        assert db.read_bytes() == before
    res = CliRunner().invoke(main, ["ingest", "--db", str(db), "--allow-empty", str(empty)])
    assert res.exit_code == 0, res.output
    assert _rows(db, "select count(*) from reports") == [(0,)]


def test_db_option_never_overwrites_a_file_gikdata_did_not_make(tmp_path: Path):
    victim = tmp_path / "000_report.txt"
    victim.write_bytes(seed("000").read_bytes())
    other = tmp_path / "other.duckdb"
    duckdb.connect(str(other)).execute("create table mine(x int)").close()
    for target in (victim, other):
        before = target.read_bytes()
        res = CliRunner().invoke(main, ["ingest", "--db", str(target), str(seed("001"))])
        assert res.exit_code == 1 and "refusing to overwrite" in res.output
        assert target.read_bytes() == before


def test_a_second_ingest_into_the_same_database_fails_with_a_message(tmp_path: Path):
    db = _good_db(tmp_path)
    with DatabaseLock(db):  # an ingest in progress
        with pytest.raises(DatabaseError, match="another gik ingest"):
            ingest([seed("002")], db)
        proc = subprocess.run([*GIK, "ingest", "--db", str(db), str(seed("002"))], capture_output=True,
                              text=True, timeout=120, cwd=ROOT)
        assert proc.returncode == 1 and "another gik ingest" in proc.stderr
    assert _rows(db, "select count(*) from reports") == [(2,)]
    ingest([seed("002")], db)  # once the first is done, the next goes ahead
    assert _rows(db, "select count(*) from reports") == [(1,)]


def test_stale_temp_files_of_a_killed_ingest_are_removed(tmp_path: Path):
    db = _good_db(tmp_path)
    stale = [db.with_name(f".{db.name}.tmp-999999"), db.with_name(f".{db.name}.tmp-999999.wal")]
    for s in stale:
        s.write_bytes(b"x" * 1000)
    ingest([seed("000")], db)
    assert temp_paths(db) == []


_FULL_DISK = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (200_000, 200_000))
from gikdata.cli import main
sys.argv = ["gik", "ingest", "--db", sys.argv[1], *sys.argv[2:]]
main()
"""


def test_disk_full_gives_a_message_and_keeps_the_old_database(tmp_path: Path):
    db = _good_db(tmp_path)
    before = db.read_bytes()
    proc = subprocess.run([sys.executable, "-c", _FULL_DISK, str(db), *map(str, SEEDS)], capture_output=True,
                          text=True, timeout=300, cwd=ROOT)
    assert proc.returncode == 1, proc.stderr
    assert "could not be written" in proc.stderr and "Traceback" not in proc.stderr
    assert db.read_bytes() == before
    assert temp_paths(db) == []


def test_a_file_that_is_not_a_database_gives_a_clear_error(tmp_path: Path):
    res = CliRunner().invoke(main, ["sql", "--db", str(seed("000")), "select 1"])
    assert res.exit_code == 1 and "not a DuckDB database" in res.output
    assert res.exception is None or isinstance(res.exception, SystemExit)


# ---------------------------------------------------------------------------------------------
# gik sql is read-only in fact

@pytest.mark.parametrize("statement", [
    "COPY reports TO '{out}/x.csv'",
    "EXPORT DATABASE '{out}/export'",
    "SELECT * FROM read_text('/etc/passwd')",
    "SELECT * FROM glob('/root/*')",
    "INSTALL httpfs",
    "LOAD httpfs",
    "SET enable_external_access = true",
    "SET threads = 1",
    "ATTACH '{out}/other.duckdb'",
])
def test_sql_cannot_reach_files_extensions_or_settings(seed_db: Path, tmp_path: Path, statement: str):
    proc = subprocess.run([*GIK, "sql", "--db", str(seed_db), statement.format(out=tmp_path)],
                          capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert proc.returncode == 1
    assert "disabled" in proc.stderr or "locked" in proc.stderr or "Permission" in proc.stderr, proc.stderr
    assert list(tmp_path.iterdir()) == []


def test_piped_sql_that_fails_exits_non_zero_and_every_result_prints(seed_db: Path):
    ok = subprocess.run([*GIK, "sql", "--db", str(seed_db)], input="select 1 as a;\nselect 2 as b; select 3 as c;\n",
                        capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert ok.returncode == 0 and ok.stdout.split() == ["a", "1", "b", "2", "c", "3"]
    bad = subprocess.run([*GIK, "sql", "--db", str(seed_db)], input="select 1;\nselect nope;\nselect 2;\n",
                         capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert bad.returncode == 1 and "nope" in bad.stderr
    one = subprocess.run([*GIK, "sql", "--db", str(seed_db), "select 1 as a; select 2 as b"],
                         capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert one.returncode == 0 and one.stdout.split() == ["a", "1", "b", "2"]


def test_sql_json_is_valid_json_even_for_nan_and_infinity(seed_db: Path):
    res = CliRunner().invoke(main, ["sql", "--db", str(seed_db), "--json",
                                    "select 'nan'::double as n, 'inf'::double as i, 1.5::double as x"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.output, parse_constant=lambda c: pytest.fail(c)) == {"n": None, "i": None, "x": 1.5}


def test_sql_prompt_has_history_and_ctrl_c_cancels_the_statement(seed_db: Path, tmp_path: Path):
    import pty
    import select
    import time

    history = tmp_path / "history"
    pid, fd = pty.fork()
    if pid == 0:  # the child: gik sql on a terminal
        os.environ["GIK_SQL_HISTORY"] = str(history)
        os.execv(sys.executable, [*GIK, "sql", "--db", str(seed_db)])
    out = b""

    def read_until(token: bytes, seconds: float = 60) -> None:
        nonlocal out
        end = time.time() + seconds
        while token not in out and time.time() < end:
            if select.select([fd], [], [], 0.2)[0]:
                try:
                    out += os.read(fd, 4096)
                except OSError:
                    break
        assert token in out, out.decode(errors="replace")

    read_until(b"gik> ")
    os.write(fd, b"select 'half\r")
    read_until(b"...> ")
    time.sleep(1)                        # let readline take the terminal before the key arrives
    os.write(fd, b"\x03")               # Ctrl-C: the statement being typed is dropped
    read_until(b"^C")
    os.write(fd, b"select count(*) from range(1000000000000) a;\r")  # runs for many minutes
    time.sleep(3)
    os.write(fd, b"\x03")               # Ctrl-C: the running statement is cancelled, not the session
    read_until(b"cancelled")
    os.write(fd, b"select 40 + 2 as answer;\r")
    read_until(b"42")
    os.write(fd, b".quit\r")
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    assert os.waitstatus_to_exitcode(status) == 0
    assert "select 40 + 2 as answer;" in history.read_text()
