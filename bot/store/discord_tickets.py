"""Discord support tickets: which member a support thread belongs to, and each member's open one.

A thread opened from a customer's message can name its customer by the message it was opened
from; a thread the bot opens itself (`/support`, a private ticket) has no such message, so the
Discord adapter records both directions here when it opens any support thread. `/close` forgets
the member's open ticket (the thread's customer is kept: staff may still close it).
"""

from __future__ import annotations

import redis.asyncio as aioredis

from bot.store.keys import Keys

LANGUAGE_KEPT = 30 * 86_400  # only a ticket's first message needs it; a ticket unused a month has none


class DiscordTickets:
    """Thread id -> its customer's user id; user id -> their latest open support thread."""

    def __init__(self, redis: aioredis.Redis, keys: Keys) -> None:
        self._redis = redis
        self._keys = keys

    async def opened(self, thread_id: int, user_id: int, language: str | None = None) -> None:
        """Record that `thread_id` is `user_id`'s support thread, and now their open one; with
        `language`, the language their Discord app is in (their first words in it take it)."""
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.set(self._keys.discord_ticket(thread_id), str(user_id))
            pipe.set(self._keys.discord_open_ticket(user_id), str(thread_id))
            if language:
                pipe.set(self._keys.discord_ticket_language(thread_id), language, ex=LANGUAGE_KEPT)
            await pipe.execute()

    async def language(self, thread_id: int) -> str | None:
        """The language of the member's Discord app when the thread was opened for them (None: not
        known, or a thread not opened with `/support`)."""
        value = await self._redis.get(self._keys.discord_ticket_language(thread_id))
        return value.decode() if isinstance(value, bytes) else value

    async def customer(self, thread_id: int) -> int | None:
        """The member a support thread was opened for (None: not recorded)."""
        return _int(await self._redis.get(self._keys.discord_ticket(thread_id)))

    async def open_ticket(self, user_id: int) -> int | None:
        """The member's latest support thread not closed with `/close` (None: none recorded)."""
        return _int(await self._redis.get(self._keys.discord_open_ticket(user_id)))

    async def closed(self, thread_id: int, user_id: int) -> None:
        """The ticket was closed (or is gone): it is no longer the member's open one."""
        key = self._keys.discord_open_ticket(user_id)
        # Only if it is still this thread: a newer ticket of theirs stays their open one.
        if _int(await self._redis.get(key)) == thread_id:
            await self._redis.delete(key)


def _int(value: bytes | str | None) -> int | None:
    if value is None:
        return None
    text = value.decode() if isinstance(value, bytes) else value
    return int(text) if text.isdigit() else None
