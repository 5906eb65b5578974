"""`POST /chat/upload`: a web-chat customer's photo or PDF, kept before the message that carries it.

The widget uploads one file (multipart/form-data: the `session` its `welcome` gave, the identity
`token` when it has one, then `file`) and gets the file's id back; its next `message` frame names
that id in `attachments` (docs/webchat-protocol.md#files). The same origins as the socket may
upload, the body is read as it streams and refused past the size limit (the web app's own body
limit is far smaller), and the file is judged by its content (bot/files/).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from aiohttp import BodyPartReader, web
from redis.exceptions import RedisError

from bot.files import FileRefused, Files
from bot.files.service import size_text
from bot.models import Conversation
from bot.store import Store

log = logging.getLogger(__name__)

UPLOAD_PATH = "/chat/upload"
CHUNK = 64 * 1024
FIELD_LIMIT = 4096  # bytes of the `session` or `token` field
FORM_OVERHEAD = 16 * 1024  # boundaries, part headers and the small fields, above the file's own limit
UPLOADS_PER_MINUTE = 10  # per conversation (two full messages' worth of files), kept or refused
PREFLIGHT_MAX_AGE = 600
STATUS_OF = {"file_too_large": 413, "unsupported_file": 415, "empty_file": 400}


class UploadRefused(Exception):
    """An upload we do not keep: answered with `status` and `{"error": code, "message": ...}`."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


@dataclass(frozen=True, slots=True)
class UploadGate:
    """What an upload borrows from the web-chat channel, so that it admits exactly whom the socket
    does: the origin check, the client its budgets count for, and the conversation a session (with
    the identity token, if any) may resume, or UploadRefused."""

    origin_allowed: Callable[[web.Request], bool]
    client_of: Callable[[web.Request], str]
    conversation_of: Callable[[str, object], Awaitable[Conversation]]


@dataclass(slots=True)
class _Form:
    session: str = ""
    token: str | None = None


class Uploads:
    """The upload endpoint and its CORS preflight."""

    def __init__(self, files: Files, store: Store, gate: UploadGate, client_rate: int) -> None:
        self.files = files
        self.store = store
        self.gate = gate
        self.client_rate = client_rate  # uploads per minute per client (WEBCHAT_CLIENT_RATE_PER_MINUTE)

    def add_routes(self, app: web.Application) -> None:
        """Mount `POST /chat/upload` and its `OPTIONS` preflight."""
        app.router.add_post(UPLOAD_PATH, self.upload)
        app.router.add_route("OPTIONS", UPLOAD_PATH, self.preflight)

    async def preflight(self, request: web.Request) -> web.Response:
        """A browser asking whether a page on another origin may upload (an upload with progress
        events is not a "simple" request): yes for the socket's origins only."""
        if not self.gate.origin_allowed(request):
            return web.Response(status=403, text="origin not allowed", headers={"Vary": "Origin"})
        return web.Response(status=204, headers={
            **self._cors(request),
            "Access-Control-Allow-Methods": "POST",
            "Access-Control-Allow-Headers": "Content-Type",
            "Access-Control-Max-Age": str(PREFLIGHT_MAX_AGE),
        })

    async def upload(self, request: web.Request) -> web.Response:
        """Keep one file for the session's conversation: `{id, name, type, size, url}`, or
        `{error, message}` with 400/403/413/415/429/503 (nothing kept)."""
        if not self.gate.origin_allowed(request):
            log.warning("web-chat upload origin refused: %s", request.headers.get("Origin"))
            return _answer({}, 403, {"error": "origin_refused", "message": "origin not allowed"})
        cors = self._cors(request)
        try:
            body = await self._keep(request)
        except UploadRefused as exc:
            headers = {**cors, "Retry-After": str(60 - int(time.time()) % 60)} if exc.status == 429 else cors
            return _answer(headers, exc.status, {"error": exc.code, "message": exc.message})
        except RedisError as exc:
            log.warning("web-chat upload not kept, the store is unreachable: %s", exc)
            return _answer(cors, 503, {
                "error": "unavailable", "message": "we could not keep your file just now; try again in a moment"})
        return _answer(cors, 200, body)

    async def _keep(self, request: web.Request) -> dict[str, object]:
        limit = self.files.limits.max_bytes
        if request.content_length is not None and request.content_length > limit + FORM_OVERHEAD:
            raise _too_large(limit)  # said before a byte of it is read
        address = self.gate.client_of(request)
        if await self.store.hit_rate_limit(f"webchat-upload-client:{address}", self.client_rate):
            raise UploadRefused(429, "too_many_uploads", "too many files from your network; wait a minute")
        try:
            reader = await request.multipart()
        except (AssertionError, KeyError, ValueError):
            raise UploadRefused(400, "bad_upload", "send multipart/form-data with session and file") from None
        form = _Form()
        try:
            async for part in reader:
                if not isinstance(part, BodyPartReader):
                    raise UploadRefused(400, "bad_upload", "nested multipart bodies are not taken")
                if part.name in ("session", "token"):
                    value = await _field(part)
                    if part.name == "session":
                        form.session = value
                    else:
                        form.token = value
                elif part.name == "file":
                    return await self._file(part, form, limit)
                else:
                    raise UploadRefused(400, "bad_upload", "only the fields session, token and file are taken")
        except ValueError:  # a malformed body
            raise UploadRefused(400, "bad_upload", "the form could not be read") from None
        raise UploadRefused(400, "bad_upload", "no file was sent (the field is called file)")

    async def _file(self, part: BodyPartReader, form: _Form, limit: int) -> dict[str, object]:
        """The file part: the session is checked before its bytes are read, which stop at the limit."""
        if not form.session:
            raise UploadRefused(400, "bad_upload", "send the session field before the file")
        conversation = await self.gate.conversation_of(form.session, form.token)
        if await self.store.hit_rate_limit(f"webchat-upload:{conversation.id}", UPLOADS_PER_MINUTE):
            raise UploadRefused(429, "too_many_uploads", "too many files in a minute; wait a moment")
        data = bytearray()
        while chunk := await part.read_chunk(CHUNK):
            data.extend(chunk)
            if len(data) > limit:
                raise _too_large(limit)
        try:
            attachment = await self.files.keep(bytes(data), _browser_name(part.filename),
                                               conversation_id=conversation.id, sent_by="customer")
        except FileRefused as exc:
            raise UploadRefused(STATUS_OF.get(exc.code, 400), exc.code, str(exc)) from None
        log.info("web-chat file kept conversation=%s file=%s type=%s size=%d", conversation.id, attachment.id,
                 attachment.content_type, attachment.size)
        return {**attachment.to_dict(), "url": self.files.link(attachment)}

    def _cors(self, request: web.Request) -> dict[str, str]:
        """CORS headers for an allowed page on another origin (the caller checked the origin)."""
        origin = request.headers.get("Origin")
        headers = {"Vary": "Origin"}
        if origin is not None:
            headers["Access-Control-Allow-Origin"] = origin
        return headers


async def _field(part: BodyPartReader) -> str:
    """A small text field, refused past FIELD_LIMIT bytes."""
    data = bytearray()
    while chunk := await part.read_chunk(1024):
        data.extend(chunk)
        if len(data) > FIELD_LIMIT:
            raise UploadRefused(400, "bad_upload", f"the {part.name} field is too long")
    return data.decode("utf-8", errors="replace").strip()


def _browser_name(filename: str | None) -> str | None:
    """The file's name as the customer's browser knew it: browsers write `"`, CR and LF in a
    multipart file name as %22, %0D and %0A (HTML's form encoding) and nothing else encoded."""
    if filename is None:
        return None
    return filename.replace("%22", '"').replace("%0D", "\r").replace("%0A", "\n")


def _too_large(limit: int) -> UploadRefused:
    return UploadRefused(413, "file_too_large", f"The file is larger than {size_text(limit)}.")


def _answer(headers: dict[str, str], status: int, body: dict[str, object]) -> web.Response:
    """A JSON answer no cache keeps (it names a file of someone's conversation)."""
    return web.json_response(body, status=status, headers={**headers, "Cache-Control": "no-store"})
