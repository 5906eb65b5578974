"""Liveness and readiness endpoints."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from aiohttp import web

from bot.store import Store


def add_health_routes(app: web.Application, store: Store, brain_ready: Callable[[], bool],
                      files_ready: Callable[[], Awaitable[bool]]) -> None:
    """`GET /healthz` (the process answers) and `GET /readyz` (Redis reachable, index loaded,
    file storage writable)."""

    async def healthz(request: web.Request) -> web.Response:
        return web.json_response({"ok": True})

    async def readyz(request: web.Request) -> web.Response:
        redis, files = await asyncio.gather(store.ping(), files_ready())
        checks = {"redis": redis, "index": brain_ready(), "files": files}
        status = 200 if all(checks.values()) else 503
        return web.json_response({"ready": status == 200, **checks}, status=status)

    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
