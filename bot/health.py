"""Liveness and readiness endpoints."""

from __future__ import annotations

from collections.abc import Callable

from aiohttp import web

from bot.store import Store


def add_health_routes(app: web.Application, store: Store, brain_ready: Callable[[], bool]) -> None:
    """`GET /healthz` (the process answers) and `GET /readyz` (Redis reachable, index loaded)."""

    async def healthz(request: web.Request) -> web.Response:
        return web.json_response({"ok": True})

    async def readyz(request: web.Request) -> web.Response:
        checks = {"redis": await store.ping(), "index": brain_ready()}
        status = 200 if all(checks.values()) else 503
        return web.json_response({"ready": status == 200, **checks}, status=status)

    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
