"""The reply form of the inbox page as a multipart stream: its CSRF token, text and files, read
part by part with hard caps (`FILES_MAX_BYTES` a file, 5 files), so nothing past the limits is
ever read into memory. The app's 1 MB `client_max_size` is for other forms: it does not apply to
`request.multipart()`.

The form's parts come in page order: `csrf` first (checked before any file is read), then
`text`, then the `files` chosen in the attach control.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from aiohttp import BodyPartReader, MultipartReader

from bot.files.kinds import FileRefused, content_type_of
from bot.files.service import FileLimits

CHUNK = 64 * 1024
CSRF_BYTES = 200  # a session's CSRF token is 43 characters
MAX_PARTS = 40  # csrf, text and the files, with room for an empty file input or two
NAME_SHOWN = 80


class UploadRefused(Exception):
    """The reply cannot be sent as posted; the message tells the staff member why."""


@dataclass(slots=True)
class Upload:
    """One file from the form: the name the sender's computer gave it, and its bytes."""

    name: str
    data: bytes


@dataclass(slots=True)
class ReplyForm:
    """What the reply form carried besides the CSRF token; `refused` says why it cannot be sent
    (then `files` is empty and `text` is what was typed, to give back)."""

    text: str = ""
    files: list[Upload] = field(default_factory=list)
    refused: str = ""


async def read_csrf(reader: MultipartReader) -> str:
    """The form's first part, which must be its CSRF token; "" when it is anything else (a
    cross-site form cannot make the server read its files before the token is checked)."""
    try:
        part = await reader.next()
        if not isinstance(part, BodyPartReader) or part.name != "csrf" or part.filename is not None:
            return ""
        value = await _read_capped(part, CSRF_BYTES)
    except ValueError:  # not multipart as browsers write it
        return ""
    return value.decode("utf-8", "replace") if value is not None else ""


async def read_reply(reader: MultipartReader, limits: FileLimits, *, max_text: int) -> ReplyForm:
    """The rest of the reply form: its text and files, each file read in chunks and refused as
    soon as it passes `limits.max_bytes`, at most `limits.per_message` files, every file checked
    by its content. The first problem stops the reading and is kept in `refused`."""
    form = ReplyForm()
    try:
        await _read_parts(reader, form, limits, max_text)
    except UploadRefused as exc:
        form.refused = str(exc)
    except ValueError:  # a malformed or cut-off body
        form.refused = "The form did not arrive whole."
    if form.refused:
        form.files.clear()
    return form


async def _read_parts(reader: MultipartReader, form: ReplyForm, limits: FileLimits, max_text: int) -> None:
    parts = 0
    while (part := await reader.next()) is not None:
        parts += 1
        if parts > MAX_PARTS or not isinstance(part, BodyPartReader):
            raise UploadRefused("That form was not the inbox's reply form.")
        if part.name == "text" and part.filename is None:
            raw = await _read_capped(part, max_text * 4)  # UTF-8: at most 4 bytes a character
            if raw is None:
                raise UploadRefused(f"Your reply is longer than {max_text} characters.")
            # Browsers send a textarea's line breaks as CRLF; the reply keeps plain newlines.
            form.text = raw.decode("utf-8", "replace").replace("\r\n", "\n").strip()
            if len(form.text) > max_text:
                raise UploadRefused(f"Your reply is longer than {max_text} characters.")
        elif part.name == "files" and part.filename is not None:
            too_many = f"Attach at most {limits.per_message} files to one reply."
            if part.filename and len(form.files) >= limits.per_message:
                raise UploadRefused(too_many)  # before reading a byte of it
            upload = await _read_file(part, limits)
            if upload is None:
                continue  # the attach control with nothing chosen
            if len(form.files) >= limits.per_message:
                raise UploadRefused(too_many)
            form.files.append(upload)
        else:
            await part.release()


async def _read_file(part: BodyPartReader, limits: FileLimits) -> Upload | None:
    given = _browser_name(part.filename or "")
    name = shown_name(given)
    data = await _read_capped(part, limits.max_bytes)
    if data is None:
        raise UploadRefused(f"{name}: larger than {size_text(limits.max_bytes)}, the most one file may be.")
    if not data and not part.filename:
        return None
    try:
        content_type_of(data)
    except FileRefused as exc:
        raise UploadRefused(refusal_text(name, exc)) from None
    return Upload(given or name, data)


def _browser_name(raw: str) -> str:
    """A file name as the person chose it: browsers write `"` and line breaks in a multipart
    file name as %22, %0D and %0A."""
    return raw.replace("%22", '"').replace("%0D", "\r").replace("%0A", "\n")


def refusal_text(name: str, refused: FileRefused) -> str:
    """What staff read when `Files` refuses a file, starting with its name."""
    if refused.code == "unsupported_file":
        return f"{name}: only photos and PDFs can be sent (JPEG, PNG, GIF, WebP or PDF, judged by the file's content)."
    if refused.code == "empty_file":
        return f"{name}: the file is empty."
    return f"{name}: {refused}"


def shown_name(raw: str | None) -> str:
    """A file name as the sender gave it, fit to quote in a notice (escaped when shown)."""
    name = "".join(ch for ch in (raw or "") if ch.isprintable()).strip() or "The file"
    return name if len(name) <= NAME_SHOWN else name[: NAME_SHOWN - 1] + "…"


async def _read_capped(part: BodyPartReader, limit: int) -> bytes | None:
    """The part's bytes, or None as soon as there are more than `limit` (the rest is not read)."""
    data = bytearray()
    while chunk := await part.read_chunk(CHUNK):
        data.extend(chunk)
        if len(data) > limit:
            return None
    return bytes(data)


def size_text(size: int) -> str:
    """A file's size as people read it: 820 B, 14 KB, 2.4 MB (10 MB for a whole number)."""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{round(size / 1024)} KB"
    return f"{size / (1024 * 1024):.1f}".removesuffix(".0") + " MB"
