"""Durable timers in a Redis sorted set: due times survive restarts and each fires exactly once,
even with several processes polling (the one whose ZREM removes the entry owns it).

With a lease (`lease_seconds`, the auto-close timers) a due timer is not removed but pushed back
by the lease, atomically, by the process that takes it; it is removed once its work is done. A
process that dies or is stopped in the middle leaves it to fire again after the lease, so the
work must be safe to repeat (the auto-close's is)."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

import redis.asyncio as aioredis

from bot.tasks import stop_task

log = logging.getLogger(__name__)

OnDue = Callable[[str], Awaitable[None]]
BATCH = 100

# Take a due timer for a lease: push it back to ARGV[3] if it is still due at ARGV[2].
_TAKE = """
local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
if score and tonumber(score) <= tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1])
  return 1
end
return 0
"""
# Remove a leased timer once its work is done, unless it was rescheduled meanwhile.
_DONE = """
local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
if score and tonumber(score) == tonumber(ARGV[2]) then
  return redis.call('ZREM', KEYS[1], ARGV[1])
end
return 0
"""


class Timers:
    """Schedules named timers at absolute times and calls `on_due(name)` once when each is due."""

    def __init__(self, redis: aioredis.Redis, key: str, on_due: OnDue, poll_seconds: float = 1.0, *,
                 lease_seconds: float | None = None) -> None:
        if poll_seconds <= 0:
            raise ValueError("poll_seconds must be positive")
        if lease_seconds is not None and lease_seconds <= 0:
            raise ValueError("lease_seconds must be positive")
        self.redis = redis
        self.key = key
        self.on_due = on_due
        self.poll_seconds = poll_seconds
        self.lease_seconds = lease_seconds
        self._take = redis.register_script(_TAKE)
        self._done = redis.register_script(_DONE)
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
        now = time.time()
        names = await self.redis.zrangebyscore(self.key, "-inf", now, start=0, num=BATCH)
        fired = 0
        for raw in names:
            name = raw.decode() if isinstance(raw, bytes) else raw
            if self.lease_seconds is None:
                if not await self.redis.zrem(self.key, name):
                    continue  # another process claimed it
                lease = None
            else:
                lease = repr(time.time() + self.lease_seconds)
                if not await self._take(keys=[self.key], args=[name, repr(now), lease]):
                    continue  # another process took it
            fired += 1
            try:
                await self.on_due(name)
            except Exception:
                log.exception("timer %s failed%s", name, "; it fires again after its lease" if lease else "")
                continue
            if lease is not None:
                await self._done(keys=[self.key], args=[name, lease])
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


def auto_close_timers(store: Any, channel: str, on_due: OnDue, poll_seconds: float,
                      lease_seconds: float) -> Timers:
    """The auto-close timers of one channel's conversations (`auto-close:{channel}`, fired only
    by processes that serve that channel: bot/auto_close.py)."""
    return Timers(store.redis, store.keys.auto_close(channel), on_due, poll_seconds, lease_seconds=lease_seconds)
