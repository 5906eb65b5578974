"""Where the Discord staff inbox keeps its own state in Redis: each conversation's current card in
the staff channel, and which conversation each card's thread belongs to.

A card is a message in the staff channel with a thread started from it, so the thread's id is the
card message's id. Keys live under the store's prefix (bot/store/keys.py, docs/architecture.md#keyspace).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

import redis.asyncio as aioredis

from bot.store.keys import Keys

THREAD_TTL = 90 * 24 * 3600  # a card's thread keeps taking replies this long after it was opened


@dataclass(slots=True)
class StaffCard:
    """A handoff card as posted in the staff channel: where it is, why it was opened, its SLA, and
    what the card shows beyond the conversation's own state."""

    conversation_id: str
    channel_id: int
    message_id: int  # the card message, and the id of the thread started from it
    route: str
    generation: int = 1  # 2, 3…: a later handoff of the same conversation got a new card
    reasons: list[str] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)  # [what the customer wants, what the bot told them]
    mention: str | None = None
    opened_at: float = 0.0
    due_at: float | None = None
    breaches: int = 0
    passed: str | None = None  # "from inbox by Dana: note", after a pass
    false_positive_by: str | None = None
    closed_by: str | None = None

    @property
    def ref(self) -> str:
        """The inbox ref the router stores: `staff channel:thread`."""
        return f"{self.channel_id}:{self.message_id}"


class StaffCards:
    """Reads and writes the Discord staff inbox's cards and its thread index."""

    def __init__(self, redis: aioredis.Redis, keys: Keys) -> None:
        self.redis = redis
        self.keys = keys

    async def get(self, conversation_id: str) -> StaffCard | None:
        """The conversation's current card, or None when none was posted yet."""
        raw = await self.redis.get(self.keys.discord_staff_card(conversation_id))
        return StaffCard(**json.loads(raw)) if raw else None

    async def save(self, card: StaffCard) -> None:
        """Store the card as the conversation's current one and index its thread."""
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.set(self.keys.discord_staff_card(card.conversation_id), json.dumps(asdict(card)))
            pipe.set(self.keys.discord_staff_thread(card.message_id), card.conversation_id, ex=THREAD_TTL)
            await pipe.execute()

    async def change(self, conversation_id: str, **fields: Any) -> StaffCard | None:
        """Update some fields of the current card; returns it (None if there is no card yet)."""
        card = await self.get(conversation_id)
        if card is None:
            return None
        for name, value in fields.items():
            setattr(card, name, value)
        await self.redis.set(self.keys.discord_staff_card(conversation_id), json.dumps(asdict(card)))
        return card

    async def conversation_for(self, thread_id: int) -> str | None:
        """The conversation whose card started this thread (or is this message), or None."""
        value = await self.redis.get(self.keys.discord_staff_thread(thread_id))
        if value is None:
            return None
        return value.decode() if isinstance(value, bytes) else str(value)
