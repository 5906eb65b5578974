"""The delivery streams: what the core sends customers, on its way to the processes that deliver it.

One Redis stream per channel (`{prefix}outbox:{channel}`). Fan-out channels read every entry
(each process delivers to the sockets it holds); queue channels share one consumer group, so
each entry is delivered once and acknowledged after it was sent (bot/delivery.py).
"""

from __future__ import annotations

from typing import Any

import redis.asyncio as aioredis
from redis.exceptions import ResponseError

from bot.store.keys import Keys

GROUP = "deliver"
STREAM_MAXLEN = 100_000

Entries = list[tuple[str, dict[str, str]]]


class DeliveryStreams:
    """Reads and writes the per-channel delivery streams."""

    def __init__(self, redis: aioredis.Redis, keys: Keys) -> None:
        self._redis = redis
        self._keys = keys

    def stream(self, channel: str) -> str:
        """The stream's key (for `Announcement`s written together with a stored message)."""
        return self._keys.delivery_stream(channel)

    async def publish(self, channel: str, fields: dict[str, str]) -> None:
        """Append one entry (trimmed to about STREAM_MAXLEN entries)."""
        await self._redis.xadd(self.stream(channel), fields, maxlen=STREAM_MAXLEN, approximate=True)

    async def read(self, channel: str, after: str, *, count: int, block_ms: int) -> tuple[str, Entries]:
        """Entries after `after` ("$": only new ones), waiting up to `block_ms`; and the last id read."""
        batches = await self._redis.xread({self.stream(channel): after}, count=count, block=block_ms) or []
        entries = _entries(batches)
        return (entries[-1][0] if entries else after), entries

    async def ensure_group(self, channel: str) -> None:
        """Create the channel's consumer group (and stream) unless it exists."""
        try:
            await self._redis.xgroup_create(self.stream(channel), GROUP, id="0", mkstream=True)
        except ResponseError as exc:
            if "BUSYGROUP" not in str(exc):
                raise

    async def read_group(self, channel: str, consumer: str, *, count: int, block_ms: int) -> Entries:
        """New entries for this consumer of the group, waiting up to `block_ms`."""
        batches = await self._redis.xreadgroup(
            GROUP, consumer, {self.stream(channel): ">"}, count=count, block=block_ms) or []
        return _entries(batches)

    async def claim_abandoned(self, channel: str, consumer: str, *, min_idle_ms: int, count: int) -> Entries:
        """Entries another consumer read but never acknowledged for `min_idle_ms` (it stopped)."""
        result = await self._redis.xautoclaim(
            self.stream(channel), GROUP, consumer, min_idle_time=min_idle_ms, start_id="0-0", count=count)
        return [(_text(i), f) for i, f in result[1] if f]

    async def ack(self, channel: str, entry_id: str) -> None:
        """The entry was delivered."""
        await self._redis.xack(self.stream(channel), GROUP, entry_id)

    async def depth(self, channel: str) -> int:
        """Entries of a queue channel's stream not yet delivered (read or not) by any process."""
        try:
            groups = await self._redis.xinfo_groups(self.stream(channel))
        except ResponseError:
            return 0  # no stream yet
        total = 0
        for group in groups:
            if _text(group.get("name")) == GROUP:
                total += int(group.get("pending") or 0) + int(group.get("lag") or 0)
        return total


def _entries(batches: Any) -> Entries:
    return [(_text(entry_id), fields) for _, entries in batches for entry_id, fields in entries]


def _text(value: object) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)
