"""Bad files: one folder with every kind of bad input issue 11 names, mixed with the seed reports.
One ``gik ingest`` of it must load every good report, name every bad input with its reason, exit
with code 1, and stay within a modest peak memory.

Good inputs: the five seeds, one of them under a name that is not UTF-8, one saved as UTF-16
without a BOM, one line of 60 KB of digits appended to a seed, a report with 八 x 310 名专职人员,
and a GB18030 manifest.csv. Bad inputs: empty, binary, undecodable, a FIFO, a link to /dev/zero,
a folder named x.txt, a symlink loop, a broken symlink, an .xlsx, a .docx that expands to 150 MB,
a PDF whose stream expands to 150 MB, an encrypted PDF, a sparse 100 MB .txt (over the size
limit), and duplicates (a copy, a hard link, a symlink) which load once and are named (info).

Run: .venv/bin/python bench/badfiles.py
Targets: every good report loaded, every bad input named with a reason, exit code 1, peak memory
of the ingest (max RSS) printed.
"""

from __future__ import annotations

import io
import os
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
import zlib
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from builders import build_docx, build_pdf  # noqa: E402

TEXT = "一、概况\n本机关2014年主动公开政府信息31条。\n"


def _docx_bomb() -> bytes:
    buf = io.BytesIO(build_docx(TEXT))
    with zipfile.ZipFile(buf, "a", compression=zipfile.ZIP_DEFLATED) as z, \
            z.open("word/padding.xml", "w", force_zip64=True) as f:
        for _ in range(250):
            f.write(b"<w:p/>" * 100_000)
    return buf.getvalue()


def _pdf_bomb() -> bytes:
    comp = zlib.compress(b" " * 150_000_000, 9)
    return build_pdf(TEXT).replace(b"%%EOF", b"") + \
        b"99 0 obj\n<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(comp) + comp + b"\nendstream\nendobj\n%%EOF\n"


def _encrypted_pdf() -> bytes:
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, encrypt=pdfencrypt.StandardEncryption("secret", ownerPassword="owner"))
    c.drawString(100, 700, "2014")
    c.save()
    return buf.getvalue()


def build(folder: Path) -> tuple[list[str], dict[str, str]]:
    """Write the folder; returns (good file names, {bad file name: what it is})."""
    seeds = sorted((ROOT / "data" / "raw").glob("*.txt"))
    good = [s.name for s in seeds[:4]]
    for s in seeds[:4]:
        (folder / s.name).write_bytes(s.read_bytes())
    odd = os.fsencode(str(folder)) + b"/\xc4\xea\xb1\xa8_" + seeds[4].name.encode()   # GBK bytes in the name
    with open(odd, "wb") as fh:
        fh.write(seeds[4].read_bytes())
    good.append(os.fsdecode(odd).rsplit("/", 1)[1])
    text = "一、概况\n本机关2015年主动公开政府信息12条。\n"
    (folder / "utf16_no_bom.txt").write_bytes(text.encode("utf-16-le"))
    (folder / "long_digits.txt").write_text(seeds[1].read_text(encoding="utf-8") + "1" * 60_000 + "\n", encoding="utf-8")
    (folder / "eight_x310.txt").write_text("一、概况\n本机关2016年配备" + "八" * 310 + "名专职人员，主动公开政府信息9条。\n",
                                           encoding="utf-8")
    good += ["utf16_no_bom.txt", "long_digits.txt", "eight_x310.txt"]
    (folder / "manifest.csv").write_bytes(
        f"file,source,agency,province,city,county,year,note\n{seeds[0].name},,,,,,2014,核对\n".encode("gb18030"))

    bad = {
        "empty.txt": "empty", "binary.txt": "binary", "undecodable.txt": "undecodable bytes",
        "pipe.txt": "a FIFO", "zero.txt": "a link to /dev/zero", "folder.txt": "a folder named x.txt",
        "loop.txt": "a symlink loop", "broken.txt": "a broken symlink", "table.xlsx": "an unsupported file",
        "bomb.docx": "a docx expanding to 150 MB", "bomb.pdf": "a PDF expanding to 150 MB",
        "locked.pdf": "an encrypted PDF", "huge.txt": "100 MB, over the size limit",
        "copy.txt": "duplicate: the same bytes", "hard.txt": "duplicate: a hard link",
        "sym.txt": "duplicate: a symlink",
    }
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 64)
    (folder / "undecodable.txt").write_bytes("Ünïcödé lätïn".encode("latin-1") * 50)
    os.mkfifo(folder / "pipe.txt")
    (folder / "zero.txt").symlink_to("/dev/zero")
    (folder / "folder.txt").mkdir()
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    (folder / "broken.txt").symlink_to(folder / "nowhere.txt")
    (folder / "table.xlsx").write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    (folder / "bomb.docx").write_bytes(_docx_bomb())
    (folder / "bomb.pdf").write_bytes(_pdf_bomb())
    (folder / "locked.pdf").write_bytes(_encrypted_pdf())
    with open(folder / "huge.txt", "wb") as fh:
        fh.truncate(100 * 1024 * 1024)  # sparse: no disk used
    (folder / "copy.txt").write_bytes(seeds[0].read_bytes())
    os.link(folder / seeds[1].name, folder / "hard.txt")
    (folder / "sym.txt").symlink_to(folder / seeds[2].name)
    return good, bad


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "raw"
        folder.mkdir()
        good, bad = build(folder)
        db = Path(tmp) / "gik.duckdb"
        t0 = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "gikdata.cli", "-q", "ingest", "--db", str(db), str(folder)],
                              cwd=ROOT, capture_output=True, text=True, timeout=600)
        wall = time.perf_counter() - t0
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        con = duckdb.connect(str(db), read_only=True)
        loaded = {Path(f).name for (f,) in con.execute("SELECT file FROM reports").fetchall()}
        rows = {Path(f).name: (e, m, lvl) for f, e, m, lvl in
                con.execute("SELECT file, error, message, level FROM ingest_errors").fetchall()}
        con.close()
    from urllib.parse import unquote_to_bytes
    loaded_names = {os.fsdecode(unquote_to_bytes(n)) for n in loaded}
    missing_good = [g for g in good if g not in loaded_names]
    unnamed_bad = [b for b in bad if b not in rows]
    print(f"bad files: {len(good)} good and {len(bad)} bad inputs in one folder; gik ingest took {wall:.1f} s, "
          f"exit code {proc.returncode} (target 1), peak memory {peak_mb:.0f} MB")
    print(f"  good reports loaded: {len(good) - len(missing_good)}/{len(good)}"
          + (f"  MISSING: {missing_good}" if missing_good else "") + "   (target all)")
    print(f"  bad inputs named with a reason: {len(bad) - len(unnamed_bad)}/{len(bad)}"
          + (f"  UNNAMED: {unnamed_bad}" if unnamed_bad else "") + "   (target all)")
    for name, what in bad.items():
        e, m, lvl = rows.get(name, ("-", "NOT NAMED", "-"))
        reason = m.split(": ", 1)[-1]
        print(f"    {name:16} {what:30} {lvl:5} {e:24} {reason[:90]}")
    ok = not missing_good and not unnamed_bad and proc.returncode == 1 and "Traceback" not in proc.stderr
    print("targets met" if ok else "TARGETS MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
