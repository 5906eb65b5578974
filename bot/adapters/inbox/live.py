"""Live updates for inbox pages: one Redis pub/sub subscription fanned out to Server-Sent Events.

The StoreInbox publishes a wake-up (`{"kind", "conversation"}`) whenever something changes; open
pages get it as an SSE `data:` line and re-fetch what they show. Wake-ups carry no content, so a
lost one only delays a refresh; after a reconnect the page refreshes anyway.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from typing import Any

from aiohttp import web

from bot.store.wakeups import Subscription, Wakeups

log = logging.getLogger(__name__)

QUEUE_SIZE = 64
PING_SECONDS = 15.0
RETRY_MS = 2000


class LiveHub:
    """Subscribes to the wake-up channel while at least one page listens; hands each wake-up to all."""

    def __init__(self, wakeups: Wakeups) -> None:
        self.wakeups = wakeups
        self._queues: set[asyncio.Queue[dict[str, Any] | None]] = set()
        self._task: asyncio.Task[None] | None = None
        self._ready = asyncio.Event()
        self._closed = False

    async def stream(self, request: web.Request) -> web.StreamResponse:
        """Serve one page's event stream until it disconnects or the server shuts down."""
        if self._closed:
            raise web.HTTPServiceUnavailable(text="shutting down")
        response = web.StreamResponse(headers={
            "Content-Type": "text/event-stream",
            "Cache-Control": "no-store",
            "X-Accel-Buffering": "no",  # nginx must not buffer the stream
        })
        queue: asyncio.Queue[dict[str, Any] | None] = asyncio.Queue(QUEUE_SIZE)
        self._queues.add(queue)
        try:
            self._ensure_listening()
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._ready.wait(), 5)
            await response.prepare(request)
            await response.write(f"retry: {RETRY_MS}\nevent: ready\ndata: {{}}\n\n".encode())
            while True:
                try:
                    event = await asyncio.wait_for(queue.get(), PING_SECONDS)
                except TimeoutError:
                    await response.write(b": ping\n\n")  # finds dead connections, keeps proxies open
                    continue
                if event is None:
                    break
                await response.write(f"data: {json.dumps(event)}\n\n".encode())
        except ConnectionResetError:
            pass  # the page went away
        finally:
            self._queues.discard(queue)
        return response

    async def close(self) -> None:
        """End every open stream (so shutdown does not wait for them) and unsubscribe."""
        self._closed = True
        for queue in list(self._queues):
            self._offer(queue, None, force=True)
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    def _ensure_listening(self) -> None:
        if self._task is None or self._task.done():
            self._ready.clear()
            self._task = asyncio.create_task(self._listen(), name="inbox-live")

    async def _listen(self) -> None:
        while self._queues and not self._closed:
            subscription: Subscription | None = None
            try:
                subscription = await self.wakeups.subscribe()
                if self._ready.is_set():
                    self._broadcast({"kind": "resync", "conversation": ""})  # we may have missed some
                self._ready.set()
                while self._queues:
                    event = await subscription.next(timeout=1.0)
                    if event is not None:
                        self._broadcast(event)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - Redis hiccups: resubscribe shortly
                log.warning("inbox live updates: %s; resubscribing", exc)
                await asyncio.sleep(1.0)
            finally:
                if subscription is not None:
                    with contextlib.suppress(Exception):
                        await subscription.close()

    def _broadcast(self, event: dict[str, Any]) -> None:
        for queue in list(self._queues):
            self._offer(queue, event)

    @staticmethod
    def _offer(queue: asyncio.Queue[dict[str, Any] | None], event: dict[str, Any] | None,
               force: bool = False) -> None:
        if queue.full():
            if not force and event is not None:
                return  # a page that far behind refreshes everything on the next wake-up anyway
            with contextlib.suppress(asyncio.QueueEmpty):
                queue.get_nowait()
        queue.put_nowait(event)
