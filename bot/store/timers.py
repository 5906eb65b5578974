"""Durable timers in a Redis sorted set: due times survive restarts and each fires exactly once,
even with several processes polling (the one whose ZREM removes the entry owns it)."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable

import redis.asyncio as aioredis

from bot.tasks import stop_task

log = logging.getLogger(__name__)

OnDue = Callable[[str], Awaitable[None]]
BATCH = 100


class Timers:
    """Schedules named timers at absolute times and calls `on_due(name)` once when each is due."""

    def __init__(self, redis: aioredis.Redis, key: str, on_due: OnDue, poll_seconds: float = 1.0) -> None:
        if poll_seconds <= 0:
            raise ValueError("poll_seconds must be positive")
        self.redis = redis
        self.key = key
        self.on_due = on_due
        self.poll_seconds = poll_seconds
        self._task: asyncio.Task[None] | None = None

    async def schedule(self, name: str, at: float) -> None:
        """Fire `name` at epoch time `at` (rescheduling it if it exists)."""
        await self.redis.zadd(self.key, {name: at})

    async def cancel(self, *names: str) -> None:
        """Forget timers that have not fired."""
        if names:
            await self.redis.zrem(self.key, *names)

    async def pending(self) -> dict[str, float]:
        """Timers not yet fired, with their due times."""
        rows = await self.redis.zrange(self.key, 0, -1, withscores=True)
        return {(n.decode() if isinstance(n, bytes) else n): float(s) for n, s in rows}

    async def fire_due(self) -> int:
        """Claim and run every timer due now; returns how many this process ran."""
        names = await self.redis.zrangebyscore(self.key, "-inf", time.time(), start=0, num=BATCH)
        fired = 0
        for raw in names:
            name = raw.decode() if isinstance(raw, bytes) else raw
            if not await self.redis.zrem(self.key, name):
                continue  # another process claimed it
            fired += 1
            try:
                await self.on_due(name)
            except Exception:
                log.exception("timer %s failed", name)
        return fired

    async def start(self) -> None:
        """Poll in the background until `stop`."""
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name=f"timers:{self.key}")

    async def stop(self) -> None:
        """Stop polling (timers stay in Redis for the next start)."""
        await stop_task(self._task)
        self._task = None

    async def _run(self) -> None:
        while True:
            try:
                await self.fire_due()
            except Exception:
                log.exception("timer poll failed")
            await asyncio.sleep(self.poll_seconds)
