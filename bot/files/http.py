"""`GET /files/{id}/{name}`: a kept file, for whoever holds an unexpired signed link to it."""

from __future__ import annotations

import logging

from aiohttp import web

from bot.files.links import PREFIX
from bot.files.service import Files

log = logging.getLogger(__name__)

FILES: web.AppKey[Files] = web.AppKey("files")


def add_file_routes(app: web.Application, files: Files) -> None:
    """Serve kept files behind their signed links."""
    app[FILES] = files
    app.router.add_get(PREFIX + "/{file_id}/{name}", _serve)


async def _serve(request: web.Request) -> web.StreamResponse:
    files = request.app[FILES]
    file_id = request.match_info["file_id"]
    if not files.links.valid(file_id, request.query.get("e", ""), request.query.get("s", "")):
        raise web.HTTPForbidden(text="This link has expired or is not valid. Open the conversation again for a new one.")
    try:
        found = await files.read(file_id)
    except OSError:  # FileStorageError: the disk or the bucket failed; the link stays good for a retry
        log.warning("file=%s could not be read from the storage", file_id, exc_info=True)
        raise web.HTTPServiceUnavailable(text="The file can't be read right now. Please try again in a minute.",
                                         headers={"Retry-After": "30"}) from None
    if found is None:
        raise web.HTTPNotFound(text="This file is no longer kept.")
    record, data = found
    disposition = "inline" if record.content_type.startswith("image/") or record.content_type == "application/pdf" else "attachment"
    return web.Response(body=data, content_type=record.content_type, headers={
        "Content-Disposition": f'{disposition}; filename="{record.name}"',
        "X-Content-Type-Options": "nosniff",
        # Nothing a file contains runs on the bot's origin (a PDF viewer's scripts, SVG tricks).
        "Content-Security-Policy": "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'",
        "Cache-Control": "private, max-age=300",
        "Referrer-Policy": "no-referrer",
    })
