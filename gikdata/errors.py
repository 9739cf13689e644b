"""One exception hierarchy (papermill's habit): the CLI turns these into clean messages."""

from __future__ import annotations


class GikError(Exception):
    """Base of every error gikdata raises on purpose."""


class InputError(GikError):
    """A raw file cannot be turned into text. The message always names the file."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class EmptyFileError(InputError):
    """The file has no bytes, or only white space."""


class BinaryFileError(InputError):
    """The file holds binary data, not text of a format we read."""


class EncodingError(InputError):
    """The bytes are not UTF-8, UTF-16 or GB18030 text."""


class TooLargeError(InputError):
    """The file is larger than any yearly report could be."""


class UnsupportedFormatError(InputError):
    """A file type gikdata has no reader for."""


class EncryptedFileError(InputError):
    """A password-protected file: its text cannot be read without the password."""


class NotRegularFileError(InputError):
    """A FIFO, device, socket, folder or broken/looping link: never opened, so never hangs."""


class UnreadableFileError(InputError):
    """The operating system refused to open the file (permissions, a symlink loop, ...)."""


class DuplicateFileError(InputError):
    """The same file (path, link or identical bytes) as another input: loaded once; recorded at level info."""


class ManifestError(GikError):
    """data/raw/manifest.csv is malformed."""


class QueryError(GikError):
    """A named query does not exist or its parameters do not fit."""


class AgencyNotFound(GikError):
    """No agency matches what the user typed; the message lists close matches."""


class BriefError(GikError):
    """A notebook failed while rendering a brief."""
