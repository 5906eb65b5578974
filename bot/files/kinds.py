"""Which files Baton takes, judged by their bytes (a renamed .exe is not a photo), and safe names."""

from __future__ import annotations

import re
import unicodedata

import filetype

# Content type -> the file-name extension it is given when the sender's name lacks it.
ALLOWED_TYPES: dict[str, str] = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/gif": "gif",
    "image/webp": "webp",
    "application/pdf": "pdf",
}
NAME_LIMIT = 100
_UNSAFE = re.compile(r"[^\w.\- ()]+")


class FileRefused(ValueError):
    """A file that is not kept; `code` is the wire error code, the message says why to a person."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def content_type_of(data: bytes) -> str:
    """The file's type read from its first bytes; FileRefused unless it is a photo or a PDF."""
    if not data:
        raise FileRefused("empty_file", "The file is empty.")
    kind = filetype.guess(data[:8192])
    if kind is None or kind.mime not in ALLOWED_TYPES:
        raise FileRefused("unsupported_file",
                          "Only photos (JPEG, PNG, GIF, WebP) and PDF files can be sent.")
    return kind.mime


def safe_name(name: str | None, content_type: str) -> str:
    """A file name fit to show and to put in a link: no folders, no control or odd characters,
    at most 100 characters, ending in the extension its content has."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = unicodedata.normalize("NFKC", base)
    base = _UNSAFE.sub("_", "".join(ch for ch in base if ch.isprintable())).strip(" ._") or "file"
    extension = ALLOWED_TYPES[content_type]
    stem, dot, given = base.rpartition(".")
    if not dot or given.lower() not in _extensions(content_type):
        stem = base
    stem = stem[: NAME_LIMIT - len(extension) - 1].rstrip(" ._") or "file"
    return f"{stem}.{extension}"


def _extensions(content_type: str) -> set[str]:
    return {"image/jpeg": {"jpg", "jpeg"}}.get(content_type, {ALLOWED_TYPES[content_type]})
