"""Which library reads each container best: a measured comparison on files built by the tests.

Every corpus report (tests/corpus_cases.py) is written as .html (with page chrome), .docx and
.pdf by tests/builders.py; each candidate reader turns the file back into text; the text goes
through extraction and is scored by the share of the report's expected facts recovered (exact
measure, dimension, subject, value), the chrome lines that leak into the text (HTML), and the
time per file. Run: .venv/bin/python bench/readers.py
"""

from __future__ import annotations

import io
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from builders import CHROME_LINES, build_docx, build_html, build_pdf  # noqa: E402
from corpus_cases import CASES  # noqa: E402

from gikdata.extract.report import extract_source  # noqa: E402
from gikdata.read.containers import docx_to_text, html_to_text, pdf_to_text  # noqa: E402
from gikdata.read.decode import SourceText  # noqa: E402

_CHROME_CLASS = re.compile(r"nav|menu|breadcrumb|footer|header", re.I)


# --- HTML candidates ------------------------------------------------------------------------

def html_stdlib(data: bytes) -> str:
    return html_to_text(data.decode("utf-8"))


def html_bs4(data: bytes) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(data, "html.parser")
    for el in soup(["script", "style", "nav", "header", "footer", "head"]):
        el.decompose()
    for el in soup.find_all(class_=_CHROME_CLASS):
        el.decompose()
    for td in soup.find_all(["td", "th"]):
        td.append("\t")
    for tr in soup.find_all(["tr", "p", "div"]):
        tr.append("\n")
    return soup.get_text()


def html_lxml(data: bytes) -> str:
    import lxml.html

    root = lxml.html.fromstring(data)
    for el in root.xpath("//script|//style|//nav|//header|//footer|//head"):
        el.drop_tree()
    for el in root.xpath("//*[@class]"):
        if _CHROME_CLASS.search(el.get("class", "")):
            el.drop_tree()
    for el in root.iter("td", "th"):
        el.tail = "\t" + (el.tail or "")
    for el in root.iter("tr", "p", "div"):
        el.tail = "\n" + (el.tail or "")
    return root.text_content()


def html_selectolax(data: bytes) -> str:
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(data)
    for sel in ("script", "style", "nav", "header", "footer", "head", ".nav", ".breadcrumb", ".footer", ".header"):
        for node in tree.css(sel):
            node.decompose()
    body = tree.body
    return body.text(separator="\n") if body else ""


# --- DOCX candidates ------------------------------------------------------------------------

def docx_python_docx(data: bytes) -> str:
    return docx_to_text(data)


def docx_docx2txt(data: bytes) -> str:
    import docx2txt

    return docx2txt.process(io.BytesIO(data))


def docx_mammoth(data: bytes) -> str:
    import mammoth

    return html_to_text(mammoth.convert_to_html(io.BytesIO(data)).value)


# --- PDF candidates -------------------------------------------------------------------------

def pdf_ours(data: bytes) -> str:
    return pdf_to_text(data)


def pdf_pypdf(data: bytes) -> str:
    import pypdf

    return "\n".join(p.extract_text() or "" for p in pypdf.PdfReader(io.BytesIO(data)).pages)


def pdf_pdfminer(data: bytes) -> str:
    from pdfminer.high_level import extract_text

    return extract_text(io.BytesIO(data))


def pdf_pdfplumber(data: bytes) -> str:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "\n".join(p.extract_text() or "" for p in pdf.pages)


CANDIDATES: dict[str, tuple[Callable[[str], bytes], dict[str, Callable[[bytes], str]]]] = {
    "html": (build_html, {"stdlib html.parser": html_stdlib, "beautifulsoup4": html_bs4, "lxml": html_lxml,
                          "selectolax": html_selectolax}),
    "docx": (build_docx, {"python-docx": docx_python_docx, "docx2txt": docx_docx2txt, "mammoth": docx_mammoth}),
    "pdf": (build_pdf, {"pdfplumber+layout": pdf_ours, "pypdf": pdf_pypdf, "pdfminer.six": pdf_pdfminer, "pdfplumber": pdf_pdfplumber}),
}


def _installed(read: Callable[[bytes], str], sample: bytes) -> bool:
    """Whether the candidate's library is importable (the bench extra may be missing)."""
    try:
        read(sample)
    except ImportError:
        return False
    except Exception:  # noqa: BLE001 - a reader that fails on a file is scored, not skipped
        return True
    return True


def facts_of(text: str) -> set[tuple]:
    src = SourceText(path="x", text=text, encoding="utf-8", sha256="0" * 64, size=len(text))
    return {(f.measure, f.dimension, f.subject, float(f.value)) for f in extract_source(src).facts}


def main() -> None:
    print(f"{len(CASES)} corpus reports per format; recall = expected facts recovered after reading")
    print(f"{'format':6} {'reader':20} {'prose recall':>12} {'table recall':>12} {'chrome leaks':>12} {'ms/file':>8}")
    built = {fmt: [(case, build(case.text)) for case in CASES] for fmt, (build, _) in CANDIDATES.items()}
    for fmt, (_, readers) in CANDIDATES.items():
        for name, read in readers.items():
            if not _installed(read, built[fmt][0][1]):
                print(f"{fmt:6} {name:20} not installed: pip install -e '.[bench]'")
                continue
            hit = {"prose": 0, "table": 0}
            total = {"prose": 0, "table": 0}
            leaks, elapsed = 0, 0.0
            for case, data in built[fmt]:
                t0 = time.perf_counter()
                try:
                    text = read(data)
                except Exception:  # a reader that fails scores nothing for this file
                    text = ""
                elapsed += time.perf_counter() - t0
                got = facts_of(text) if text.strip() else set()
                for m, d, s, v, _a in case.expected:
                    kind = "table" if m.startswith("template_") else "prose"
                    total[kind] += 1
                    hit[kind] += (m, d, s, float(v)) in got
                leaks += sum(1 for line in text.split("\n") if line.strip() in CHROME_LINES)
            pr = hit["prose"] / total["prose"] if total["prose"] else float("nan")
            tr = hit["table"] / total["table"] if total["table"] else float("nan")
            print(f"{fmt:6} {name:20} {pr:>12.3f} {tr:>12.3f} {leaks:>12} {1000 * elapsed / len(CASES):>8.1f}")


if __name__ == "__main__":
    main()
