"""Stage 1: raw bytes to text. Detects UTF-8 (with or without BOM), UTF-16 (with a BOM, or without
one when the text is Chinese) and GB18030; refuses empty, binary, oversized, undecodable and
non-regular files (FIFOs, devices, folders) with an error that names the file and says why.

Readers for other containers (.html, .docx, .pdf; ``containers``) register in ``READERS`` by
file suffix; their text is the original every span points into.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..config import MAX_INPUT_BYTES
from ..errors import (
    BinaryFileError,
    EmptyFileError,
    EncodingError,
    EncryptedFileError,
    NotRegularFileError,
    TooLargeError,
    UnreadableFileError,
    UnsupportedFormatError,
)
from .containers import (
    check_expanded_size,
    docx_to_text,
    html_to_text,
    pdf_is_encrypted,
    pdf_to_text,
)


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
        if (utf16 := _utf16_without_bom(data)) is not None:
            return _checked(utf16[0], path), utf16[1]
        raise BinaryFileError(path, "binary data (NUL bytes), not text")
    try:
        return _checked(data.decode("utf-8"), path), "utf-8"
    except UnicodeDecodeError:
        pass
    if (utf16 := _utf16_without_bom(data)) is not None:  # Chinese-only UTF-16 has no NUL bytes
        return _checked(utf16[0], path), utf16[1]
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise EncodingError(path, "neither UTF-8, UTF-16 nor GB18030 text") from None
    if not _looks_like_chinese(text):
        raise EncodingError(path, "not UTF-8, and as GB18030 it is not Chinese text (wrong encoding or binary)")
    return _checked(text, path), "gb18030"


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 text saved without a byte-order mark (some Windows tools do): the byte order whose
    decoding is mostly Chinese and free of control characters, else None.

    The test is strict because any even-length byte string decodes as UTF-16 to *something*:
    UTF-8 and GB18030 Chinese land in Hangul, surrogate and private-use code points, not in the
    CJK block, so they do not pass it."""
    if len(data) % 2:
        return None
    for enc in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
        controls = _controls(text)
        if cjk >= 0.3 * len(text) and _looks_like_chinese(text) and controls <= len(text) // 200:
            return text, enc
    return None


def _looks_like_chinese(text: str) -> bool:
    """GB18030 maps almost any byte string to *something*: accept it only if the non-ASCII
    characters are mostly CJK ideographs and punctuation."""
    non_ascii = [ch for ch in text if ord(ch) > 127]
    if not non_ascii:
        return True
    cjk = sum(1 for ch in non_ascii if "\u4e00" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f"
              or "\uff00" <= ch <= "\uffef")
    return cjk / len(non_ascii) >= 0.9


#: Control characters (Unicode category Cc: U+0000-001F and U+007F-009F) other than the white
#: space of text files (\\t \\n \\v \\f \\r): in a text file they mean binary data.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def _controls(text: str) -> int:
    """Control characters of ``text`` (one regex scan, not a category lookup per character)."""
    return len(_CONTROL.findall(text))


def _checked(text: str, path: str) -> str:
    controls = _controls(text)
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


#: An OLE compound file: a password-protected Word file, or an old binary .doc renamed .docx.
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def read_docx(data: bytes, path: str) -> tuple[str, str]:
    if data.startswith(_OLE_MAGIC):
        raise UnsupportedFormatError(path, "not a .docx (zip) file but an OLE compound file: a password-"
                                           "protected Word file, or an old .doc; save it as .docx without a password")
    check_expanded_size(data, path)
    try:
        text = docx_to_text(data)
    except Exception as exc:  # python-docx raises several kinds on a broken container
        raise UnsupportedFormatError(path, f"not a readable .docx file: {exc}") from None
    if not text.strip():
        raise EmptyFileError(path, "the .docx file holds no text")
    return text, "docx"


def read_pdf(data: bytes, path: str) -> tuple[str, str]:
    check_expanded_size(data, path)
    try:
        text = pdf_to_text(data)
    except Exception as exc:  # pdfminer raises several kinds on a broken file
        if pdf_is_encrypted(data, exc):
            raise EncryptedFileError(path, "the PDF is encrypted (password-protected): "
                                           "save an unprotected copy to read it") from None
        raise UnsupportedFormatError(path, f"not a readable .pdf file: {exc!r}") from None
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
    data = read_regular(p, name)
    size = len(data)
    text, encoding = reader(data, name)
    return SourceText(path=name, text=text, encoding=encoding,
                      sha256=hashlib.sha256(data).hexdigest(), size=size)


def read_regular(p: Path, name: str) -> bytes:
    """The bytes of a regular file, at most ``MAX_INPUT_BYTES``.

    Anything else is refused before it is opened: a FIFO would block for ever, ``/dev/zero``
    reads until memory runs out, a folder named ``x.txt`` has no bytes. The file is opened
    without following a FIFO's writer (O_NONBLOCK) and read with a cap, so a file that grows
    while it is read cannot exhaust memory either."""
    try:
        st = os.stat(p)
    except OSError as exc:
        raise UnreadableFileError(name, f"cannot be read: {exc.strerror or exc}") from None
    if not stat.S_ISREG(st.st_mode):
        raise NotRegularFileError(name, f"not a regular file ({file_kind(st.st_mode)}): skipped, never read")
    if st.st_size > MAX_INPUT_BYTES:
        raise TooLargeError(name, f"{st.st_size:,} bytes is larger than the {MAX_INPUT_BYTES:,}-byte limit for one report")
    try:
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise UnreadableFileError(name, f"cannot be read: {exc.strerror or exc}") from None
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):  # replaced between stat and open
            raise NotRegularFileError(name, "not a regular file: skipped, never read")
        data = fh.read(MAX_INPUT_BYTES + 1)
    if len(data) > MAX_INPUT_BYTES:
        raise TooLargeError(name, f"more than the {MAX_INPUT_BYTES:,}-byte limit for one report")
    return data


def file_kind(mode: int) -> str:
    """What a non-regular file is, in words."""
    for test, word in ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISSOCK, "a socket"), (stat.S_ISLNK, "a symbolic link")):
        if test(mode):
            return word
    return "not a regular file"
