"""Input discovery: which files an ingest reads, and every one it does not read, with the reason.

Nothing named by the user is dropped without a word. A folder is walked without following links
to folders; a file is a candidate when it is a regular file (after its link, if any) with a suffix
we read. Everything else that is not plainly ours to ignore (``manifest.csv``, READMEs, dotfiles)
becomes a row for ``ingest_errors``: FIFOs, devices, sockets, broken or looping links, folders
named like reports (``2014.txt/``), files we have no reader for (``.xlsx``). The same file
reached twice (named twice, a hard link, a symlink) is read once; the other paths are recorded at
level info, as are files whose bytes equal another's (same report_id), found after reading
(``pipeline._one_per_content``).

File names that are not UTF-8 (archives unpacked from Windows) are stored in a safe, reversible
form: percent-encoding of the raw bytes (``urllib.parse.unquote_to_bytes`` gives them back).
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..config import MANIFEST_NAME
from ..errors import GikError
from ..model import Flag, Report
from ..read.decode import READERS, file_kind

SKIP_NAMES = {MANIFEST_NAME, "README.md", "README.txt", ".gitkeep"}
#: The level of each kind of ingest_errors row; every other kind is an error (the file was not loaded).
LEVELS = {"DuplicateFileError": "info"}

ErrorRow = tuple[str, str, str]


@dataclass
class Inputs:
    """The files to read, in a stable order, and a row for each input that will not be read."""

    files: list[Path] = field(default_factory=list)
    skipped: list[ErrorRow] = field(default_factory=list)


def level_of(kind: str) -> str:
    return LEVELS.get(kind, "error")


def discover(paths: Iterable[str | Path]) -> Inputs:
    """Walk ``paths`` (files or folders): the files to read, and every skipped input with why."""
    out = Inputs()
    seen: dict[tuple[int, int], Path] = {}
    for p in map(Path, paths):
        if not os.path.lexists(p):
            raise GikError(f"{safe_name(str(p))[0]}: no such file or folder")
        if _is_dir(p):
            for f, why in _walk(p):
                if why:
                    out.skipped.append(_row(f, *why))
                else:
                    _take(f, out, seen)
        else:
            _take(p, out, seen)
    return out


def _is_dir(p: Path) -> bool:
    try:
        return p.is_dir()
    except OSError:  # a symlink loop: not a folder; _take reports it
        return False


def _walk(folder: Path) -> Iterable[tuple[Path, tuple[str, str] | None]]:
    """Every file under ``folder`` in name order: (path, None) for a candidate, else
    (path, (kind, reason)). Folders named like reports are reported and still walked."""
    unreadable: list[OSError] = []
    yield from _walk_files(folder, unreadable)
    for exc in unreadable:  # a folder that cannot be listed (permissions): say so
        yield Path(exc.filename or folder), ("UnreadableFileError", f"a folder that cannot be read: {exc.strerror}")


def _walk_files(folder: Path, unreadable: list[OSError]) -> Iterable[tuple[Path, tuple[str, str] | None]]:
    for root, dirs, files in os.walk(folder, onerror=unreadable.append):
        dirs.sort()
        here = Path(root)
        for d in dirs:
            if (here / d).suffix.lower() in READERS and (here / d).suffix and not d.startswith("."):
                yield here / d, ("NotRegularFileError", "a folder named like a report file: skipped (its files are read)")
        links = [d for d in dirs if (here / d).is_symlink()]
        for d in links:  # os.walk does not follow links to folders: say so
            yield here / d, ("NotRegularFileError", "a symbolic link to a folder: not followed")
        dirs[:] = [d for d in dirs if d not in links and not d.startswith(".")]
        for name in sorted(files):
            f = here / name
            if name in SKIP_NAMES or name.startswith("."):
                continue
            if f.suffix.lower() not in READERS:
                yield f, ("UnsupportedFormatError", f"no reader for {f.suffix!r} files: skipped "
                                                    f"(reads {', '.join(sorted(s for s in READERS if s))})")
                continue
            yield f, None


def _take(p: Path, out: Inputs, seen: dict[tuple[int, int], Path]) -> None:
    """Add ``p`` unless it is not a regular file or the same file as one already taken."""
    try:
        st = os.stat(p)
    except OSError as exc:
        why = "a symbolic link that loops" if exc.errno == errno.ELOOP else \
            "a symbolic link to nothing" if os.path.islink(p) else f"cannot be read: {exc.strerror}"
        out.skipped.append(_row(p, "NotRegularFileError", f"{why}: skipped"))
        return
    if not stat.S_ISREG(st.st_mode):
        out.skipped.append(_row(p, "NotRegularFileError", f"not a regular file ({file_kind(st.st_mode)}): "
                                                          "skipped, never read"))
        return
    key = (st.st_dev, st.st_ino)
    if key in seen:
        how = "named twice" if seen[key].absolute() == p.absolute() else \
            "a symbolic link to it" if p.is_symlink() or seen[key].is_symlink() else "a hard link to it"
        out.skipped.append(_row(p, "DuplicateFileError", f"the same file as {safe_name(str(seen[key]))[0]} "
                                                         f"({how}): read once"))
        return
    seen[key] = p
    out.files.append(p)


def _row(p: Path, kind: str, reason: str) -> ErrorRow:
    name = safe_name(str(p))[0]
    return (name, kind, f"{name}: {reason}")


# ---------------------------------------------------------------------------------------------
# File names that are not UTF-8

def safe_name(name: str) -> tuple[str, bool]:
    """(a form of ``name`` that is valid UTF-8, whether it had to change).

    Python keeps undecodable bytes of a file name as lone surrogates, which DuckDB, JSON and a
    terminal all refuse. Such a name is percent-encoded: ``%`` becomes ``%25`` and each raw byte
    ``%XX``; ``urllib.parse.unquote_to_bytes`` returns the original bytes exactly."""
    try:
        name.encode("utf-8")
        return name, False
    except UnicodeEncodeError:
        pass
    raw = name.encode("utf-8", "surrogateescape")
    out = []
    for ch in raw.decode("utf-8", "surrogateescape"):
        if "\udc80" <= ch <= "\udcff":
            out.append(f"%{ord(ch) - 0xDC00:02X}")
        else:
            out.append("%25" if ch == "%" else ch)
    return "".join(out), True


def safe_text(text: str) -> str:
    """A message that may quote a non-UTF-8 file name, made printable and storable."""
    return safe_name(text)[0]


def flag_renamed(report: Report, original: str) -> Report:
    """Flag a report whose stored file name is the percent-encoded form of a non-UTF-8 name."""
    if not safe_name(original)[1]:
        return report
    flag = Flag("warning", "file_name_not_utf8",
                f"the file name is not UTF-8; stored percent-encoded as {report.file} "
                "(urllib.parse.unquote_to_bytes gives the original bytes)")
    return replace(report, flags=(*report.flags, flag))
