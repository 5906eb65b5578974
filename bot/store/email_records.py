"""What the e-mail follow-ups keep in Redis (bot/mail/followups.py; docs/architecture.md#keyspace).

Keys (under `BOT_REDIS_PREFIX`), rendered by `EmailKeys`, the one place they are built:

- `email:due`: the durable timers (`bot.store.timers.Timers`), `reply|{conversation}` and
  `transcript|{conversation}|{closed at}`, scored by when they are due;
- `email:to:{conversation}`: the address a signed identity token gave, 90 days from the latest hello;
- `email:reached:{conversation}`: staff reply id → how many of the customer's open chat sockets it
  was written to (7 days), so a reply the customer's widget got is never e-mailed;
- `email:done:{conversation}`: the id of the latest staff reply dealt with (e-mailed or reached), 90 days;
- `email:tries`: timer name → failed sends so far (cleared when it is sent or given up).
"""

from __future__ import annotations

from dataclasses import dataclass

import redis.asyncio as aioredis

from bot.store.timers import OnDue, Timers

ADDRESS_TTL = 90 * 24 * 3600
REACHED_TTL = 7 * 24 * 3600
DONE_TTL = 90 * 24 * 3600

# Moves `email:done:{conversation}` (KEYS[1]) forward to message id ARGV[1], never back (a
# transcript e-mail and a reply e-mail may finish in either order); ARGV[2]: its expiry.
_ADVANCE = """
local current = redis.call('GET', KEYS[1])
if current then
  local cm, cs = string.match(current, '^(%d+)-(%d+)$')
  local nm, ns = string.match(ARGV[1], '^(%d+)-(%d+)$')
  if cm and nm and (tonumber(cm) > tonumber(nm) or (tonumber(cm) == tonumber(nm) and tonumber(cs) >= tonumber(ns))) then
    return 0
  end
end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
return 1
"""


@dataclass(frozen=True, slots=True)
class EmailKeys:
    """Renders the e-mail follow-ups' keys under one prefix."""

    prefix: str = "baton:"

    def due(self) -> str:
        """Sorted set: e-mail timers (`reply|{conversation}`, `transcript|{conversation}|{ts}`) → due time."""
        return f"{self.prefix}email:due"

    def address(self, conversation_id: str) -> str:
        """String: where the conversation's signed-in customer gets e-mail."""
        return f"{self.prefix}email:to:{conversation_id}"

    def reached(self, conversation_id: str) -> str:
        """Hash: staff reply id → open chat sockets it was written to."""
        return f"{self.prefix}email:reached:{conversation_id}"

    def done(self, conversation_id: str) -> str:
        """String: the latest staff reply of the conversation already e-mailed or seen."""
        return f"{self.prefix}email:done:{conversation_id}"

    def tries(self) -> str:
        """Hash: timer name → failed sends so far."""
        return f"{self.prefix}email:tries"


class EmailRecords:
    """The e-mail follow-ups' records: addresses, delivery receipts, progress, timers and tries."""

    def __init__(self, redis: aioredis.Redis, prefix: str) -> None:
        self.redis = redis
        self.keys = EmailKeys(prefix)
        self._advance = redis.register_script(_ADVANCE)

    def timers(self, on_due: OnDue, poll_seconds: float = 1.0) -> Timers:
        """The durable timers of pending e-mails (each fires once across processes)."""
        return Timers(self.redis, self.keys.due(), on_due, poll_seconds)

    async def schedule_once(self, name: str, at: float) -> None:
        """Set a timer unless it is already pending (a batch being gathered keeps its due time)."""
        await self.redis.zadd(self.keys.due(), {name: at}, nx=True)

    async def schedule(self, name: str, at: float) -> None:
        """Set a timer, moving it if it is pending."""
        await self.redis.zadd(self.keys.due(), {name: at})

    async def set_address(self, conversation_id: str, address: str) -> None:
        """Remember the signed-in customer's address for the conversation."""
        await self.redis.set(self.keys.address(conversation_id), address, ex=ADDRESS_TTL)

    async def address(self, conversation_id: str) -> str | None:
        """The conversation's customer's address, if a signed token gave one."""
        value = await self.redis.get(self.keys.address(conversation_id))
        return _text(value) if value else None

    async def reached(self, conversation_id: str, message_id: str, change: int) -> None:
        """Count a socket the reply was written to (+1), or one that may not have shown it (-1)."""
        key = self.keys.reached(conversation_id)
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.hincrby(key, message_id, change)
            pipe.expire(key, REACHED_TTL)
            await pipe.execute()

    async def reached_ids(self, conversation_id: str, message_ids: list[str]) -> set[str]:
        """Those of `message_ids` that reached at least one open socket."""
        if not message_ids:
            return set()
        counts = await self.redis.hmget(self.keys.reached(conversation_id), message_ids)
        return {m for m, c in zip(message_ids, counts, strict=True) if c is not None and int(c) > 0}

    async def start_after(self, conversation_id: str, message_id: str) -> None:
        """Staff replies after `message_id` are the ones to look at, unless progress is recorded."""
        await self.redis.set(self.keys.done(conversation_id), message_id, nx=True, ex=DONE_TTL)

    async def done(self, conversation_id: str) -> str | None:
        """The latest staff reply already dealt with."""
        value = await self.redis.get(self.keys.done(conversation_id))
        return _text(value) if value else None

    async def finish(self, name: str, conversation_id: str, done_upto: str | None) -> None:
        """In one step: the replies up to `done_upto` are dealt with, and the timer is gone."""
        async with self.redis.pipeline(transaction=True) as pipe:
            if done_upto:
                await self._advance(keys=[self.keys.done(conversation_id)], args=[done_upto, DONE_TTL], client=pipe)
            pipe.zrem(self.keys.due(), name)
            pipe.hdel(self.keys.tries(), name)
            await pipe.execute()

    async def failed(self, name: str) -> int:
        """Count a failed send of the timer's e-mail; returns the failures so far."""
        return int(await self.redis.hincrby(self.keys.tries(), name, 1))


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value
