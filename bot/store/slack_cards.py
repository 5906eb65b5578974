"""Where the Slack inbox keeps its own state in Redis: each conversation's current card, the
thread → conversation index, seen event ids, cached staff names and the Slack file ids of uploads
under way.

Keys live under the store's prefix, in a `slack:` namespace of their own (bot/store/keys.py).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

import redis.asyncio as aioredis

from bot.store.keys import Keys

THREAD_TTL = 90 * 24 * 3600
SEEN_TTL = 3600  # Slack retries an event 3 times within about 5 minutes
ACTION_TTL = 3600  # a signed click can be replayed for 5 minutes (Slack's timestamp window)
UPLOAD_TTL = 7 * 24 * 3600  # as long as an outbox job's attempt mark: no job is resumed later than that


@dataclass(slots=True)
class Card:
    """A handoff card as posted: where it is, what it was opened for, and its SLA."""

    conversation_id: str
    channel: str
    ts: str
    route: str
    generation: int = 1
    reasons: list[str] = field(default_factory=list)
    mention: str | None = None
    acknowledge_within: float | None = None  # minutes
    opened_at: float = 0.0
    due_at: float | None = None
    breaches: int = 0
    passed: str | None = None
    false_positive_by: str | None = None
    superseded_at: float | None = None  # passed on: the next card is queued
    summary: list[str] = field(default_factory=list)  # [what the customer wants, what the bot told them]

    @property
    def ref(self) -> str:
        """The inbox ref the router stores: `channel:thread_ts`."""
        return f"{self.channel}:{self.ts}"


class CardStore:
    """Reads and writes cards and the thread index."""

    def __init__(self, redis: aioredis.Redis, keys: Keys) -> None:
        self.redis = redis
        self.keys = keys

    async def get(self, conversation_id: str) -> Card | None:
        """The conversation's current card, or None when it never reached Slack."""
        raw = await self.redis.get(self.keys.slack_card(conversation_id))
        return Card(**json.loads(raw)) if raw else None

    async def save(self, card: Card) -> None:
        """Store the card and index its thread."""
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.set(self.keys.slack_card(card.conversation_id), json.dumps(asdict(card)))
            pipe.set(self.keys.slack_thread(card.channel, card.ts), card.conversation_id, ex=THREAD_TTL)
            await pipe.execute()

    async def change(self, conversation_id: str, **fields: Any) -> Card | None:
        """Update some fields of the current card; returns it (None if there is no card)."""
        card = await self.get(conversation_id)
        if card is None:
            return None
        for name, value in fields.items():
            setattr(card, name, value)
        await self.redis.set(self.keys.slack_card(conversation_id), json.dumps(asdict(card)))
        return card

    async def conversation_for(self, channel: str, thread_ts: str) -> str | None:
        """The conversation whose card started this thread, or None."""
        value = await self.redis.get(self.keys.slack_thread(channel, thread_ts))
        if value is None:
            return None
        return value.decode() if isinstance(value, bytes) else str(value)

    async def was_handled(self, event_id: str) -> bool:
        """Whether an Events API delivery with this id was already handled (this is a retry)."""
        return bool(await self.redis.exists(self.keys.slack_seen(event_id)))

    async def mark_handled(self, event_id: str) -> None:
        """Record that this event was handled, so Slack's retries of it are skipped."""
        await self.redis.set(self.keys.slack_seen(event_id), "1", ex=SEEN_TTL)

    async def first_action(self, click_id: str) -> bool:
        """Record a button click by its id; False when it was recorded before (a replay)."""
        return bool(await self.redis.set(self.keys.slack_action(click_id), "1", nx=True, ex=ACTION_TTL))

    async def staff_name(self, user_id: str) -> str | None:
        """A Slack user's cached display name, or None."""
        value = await self.redis.get(self.keys.slack_user(user_id))
        return (value.decode() if isinstance(value, bytes) else str(value)) if value else None

    async def remember_staff_name(self, user_id: str, name: str, ttl: int) -> None:
        """Cache a Slack user's display name for `ttl` seconds."""
        await self.redis.set(self.keys.slack_user(user_id), name, ex=ttl)

    async def remember_upload(self, job_id: str, file_id: str) -> None:
        """Record the Slack file id issued for an upload job, before the upload is completed."""
        await self.redis.set(self.keys.slack_upload(job_id), file_id, ex=UPLOAD_TTL)

    async def upload_of(self, job_id: str) -> str | None:
        """The Slack file id last issued for an upload job, or None."""
        value = await self.redis.get(self.keys.slack_upload(job_id))
        return (value.decode() if isinstance(value, bytes) else str(value)) if value else None
