"""Which parts of an outgoing message a service confirmed posting, kept for days.

Discord drops a repeated nonce only for a few minutes; this record lets a job resumed later
(after a crash, a long outage or a restart) skip the parts that are already in the channel.
"""

from __future__ import annotations

import redis.asyncio as aioredis

from bot.store.keys import Keys

SENT_TTL = 7 * 24 * 3600  # as long as an outbox job's attempt mark: no job is resumed later than that


class SentParts:
    """Per message (the outbox job's seed): part index -> the service's id of the posted part."""

    def __init__(self, redis: aioredis.Redis, keys: Keys, service: str, ttl: int = SENT_TTL) -> None:
        self._redis = redis
        self._keys = keys
        self.service = service
        self.ttl = ttl

    async def confirmed(self, message: str) -> dict[int, str]:
        """The parts of `message` posted already, with the id the service gave each."""
        raw = await self._redis.hgetall(self._keys.sent_parts(self.service, message))
        return {int(_text(part)): _text(posted) for part, posted in raw.items()}

    async def confirm(self, message: str, part: int, posted_id: str) -> None:
        """Record that part `part` of `message` is posted (as `posted_id`)."""
        key = self._keys.sent_parts(self.service, message)
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.hset(key, str(part), posted_id)
            pipe.expire(key, self.ttl)
            await pipe.execute()


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value
