"""Stage 1: raw bytes to text. Detects UTF-8 (with or without BOM), UTF-16 with BOM and GB18030;
refuses empty, binary, oversized and undecodable files with an error that names the file.

Readers for other containers (.html, .docx, .pdf; ``containers``) register in ``READERS`` by
file suffix; their text is the original every span points into.
"""

from __future__ import annotations

import codecs
import hashlib
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..config import MAX_INPUT_BYTES
from ..errors import (
    BinaryFileError,
    EmptyFileError,
    EncodingError,
    TooLargeError,
    UnsupportedFormatError,
)
from .containers import docx_to_text, html_to_text, pdf_to_text


@dataclass(frozen=True, slots=True)
class SourceText:
    """A raw file's text: the original every span points into."""

    path: str
    text: str
    encoding: str
    sha256: str
    size: int

    @property
    def report_id(self) -> str:
        """Stable across renames and machines: the file's content decides it."""
        return self.sha256[:16]


def decode_bytes(data: bytes, path: str) -> tuple[str, str]:
    """Return (text, encoding name). The BOM, if any, is not part of the text."""
    if not data.strip():
        raise EmptyFileError(path, "the file is empty")
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return _checked(data.decode(enc), path), enc
            except UnicodeDecodeError as exc:
                raise EncodingError(path, f"starts with a {enc} byte-order mark but is not {enc}: {exc}") from None
    if b"\x00" in data:
        raise BinaryFileError(path, "binary data (NUL bytes), not text")
    try:
        return _checked(data.decode("utf-8"), path), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise EncodingError(path, "neither UTF-8, UTF-16 nor GB18030 text") from None
    if not _looks_like_chinese(text):
        raise EncodingError(path, "not UTF-8, and as GB18030 it is not Chinese text (wrong encoding or binary)")
    return _checked(text, path), "gb18030"


def _looks_like_chinese(text: str) -> bool:
    """GB18030 maps almost any byte string to *something*: accept it only if the non-ASCII
    characters are mostly CJK ideographs and punctuation."""
    non_ascii = [ch for ch in text if ord(ch) > 127]
    if not non_ascii:
        return True
    cjk = sum(1 for ch in non_ascii if "\u4e00" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f"
              or "\uff00" <= ch <= "\uffef")
    return cjk / len(non_ascii) >= 0.9


def _checked(text: str, path: str) -> str:
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f\v")
    if controls > max(8, len(text) // 200):
        raise BinaryFileError(path, f"{controls} control characters: binary data, not text")
    if not text.strip():
        raise EmptyFileError(path, "the file holds only white space")
    return text


def read_plain(data: bytes, path: str) -> tuple[str, str]:
    return decode_bytes(data, path)


def read_html(data: bytes, path: str) -> tuple[str, str]:
    """An HTML page: decoded like text (a <meta charset> is not trusted over the bytes), then
    the article text without menus, breadcrumbs and footers."""
    text, encoding = decode_bytes(data, path)
    out = html_to_text(text)
    if not out.strip():
        raise EmptyFileError(path, "the HTML page holds no text outside its page chrome")
    return out, f"html/{encoding}"


def read_docx(data: bytes, path: str) -> tuple[str, str]:
    try:
        text = docx_to_text(data)
    except Exception as exc:  # python-docx raises several kinds on a broken container
        raise UnsupportedFormatError(path, f"not a readable .docx file: {exc}") from None
    if not text.strip():
        raise EmptyFileError(path, "the .docx file holds no text")
    return text, "docx"


def read_pdf(data: bytes, path: str) -> tuple[str, str]:
    try:
        text = pdf_to_text(data)
    except Exception as exc:  # pdfminer raises several kinds on a broken file
        raise UnsupportedFormatError(path, f"not a readable .pdf file: {exc}") from None
    if not text.strip():
        raise EmptyFileError(path, "the PDF has no text layer (a scan? OCR it first)")
    return text, "pdf"


#: Readers by suffix: each turns a file's bytes into (text, encoding or container name).
READERS: dict[str, Callable[[bytes, str], tuple[str, str]]] = {
    ".txt": read_plain,
    ".md": read_plain,
    "": read_plain,
    ".html": read_html,
    ".htm": read_html,
    ".shtml": read_html,
    ".docx": read_docx,
    ".pdf": read_pdf,
}


def read_source(path: str | Path) -> SourceText:
    """Read one raw report. Raises an ``InputError`` subclass naming the file on bad input."""
    p = Path(path)
    name = str(p)
    reader = READERS.get(p.suffix.lower())
    if reader is None:
        raise UnsupportedFormatError(name, f"no reader for {p.suffix!r} files (known: {', '.join(sorted(s or '(none)' for s in READERS))})")
    size = p.stat().st_size
    if size > MAX_INPUT_BYTES:
        raise TooLargeError(name, f"{size:,} bytes is larger than the {MAX_INPUT_BYTES:,}-byte limit for one report")
    data = p.read_bytes()
    text, encoding = reader(data, name)
    return SourceText(path=name, text=text, encoding=encoding,
                      sha256=hashlib.sha256(data).hexdigest(), size=size)
