"""Where the Slack inbox keeps its own state in Redis: each conversation's current card, the
thread → conversation index, seen event ids and cached staff names.

Keys live under the store's prefix, in a `slack:` namespace of their own (docs/slack.md).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

import redis.asyncio as aioredis

THREAD_TTL = 90 * 24 * 3600
SEEN_TTL = 3600  # Slack retries an event 3 times within about 5 minutes


@dataclass(frozen=True, slots=True)
class SlackKeys:
    """Renders the Slack inbox's Redis keys under the deployment's prefix."""

    prefix: str

    def card(self, conversation_id: str) -> str:
        """String (JSON): the conversation's current handoff card."""
        return f"{self.prefix}slack:card:{conversation_id}"

    def thread(self, channel: str, ts: str) -> str:
        """String: the conversation a card's thread belongs to."""
        return f"{self.prefix}slack:thread:{channel}:{ts}"

    def seen(self, event_id: str) -> str:
        """String with expiry: an Events API delivery already handled (Slack retries reuse the id)."""
        return f"{self.prefix}slack:seen:{event_id}"

    def user(self, user_id: str) -> str:
        """String with expiry: a staff member's display name."""
        return f"{self.prefix}slack:user:{user_id}"

    def sla(self) -> str:
        """Sorted set: SLA timers `conversation|generation|stage`, scored by due time."""
        return f"{self.prefix}slack:sla"


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

    @property
    def ref(self) -> str:
        """The inbox ref the router stores: `channel:thread_ts`."""
        return f"{self.channel}:{self.ts}"


class CardStore:
    """Reads and writes cards and the thread index."""

    def __init__(self, redis: aioredis.Redis, keys: SlackKeys) -> None:
        self.redis = redis
        self.keys = keys

    async def get(self, conversation_id: str) -> Card | None:
        """The conversation's current card, or None when it never reached Slack."""
        raw = await self.redis.get(self.keys.card(conversation_id))
        return Card(**json.loads(raw)) if raw else None

    async def save(self, card: Card) -> None:
        """Store the card and index its thread."""
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.set(self.keys.card(card.conversation_id), json.dumps(asdict(card)))
            pipe.set(self.keys.thread(card.channel, card.ts), card.conversation_id, ex=THREAD_TTL)
            await pipe.execute()

    async def change(self, conversation_id: str, **fields: Any) -> Card | None:
        """Update some fields of the current card; returns it (None if there is no card)."""
        card = await self.get(conversation_id)
        if card is None:
            return None
        for name, value in fields.items():
            setattr(card, name, value)
        await self.redis.set(self.keys.card(conversation_id), json.dumps(asdict(card)))
        return card

    async def conversation_for(self, channel: str, thread_ts: str) -> str | None:
        """The conversation whose card started this thread, or None."""
        value = await self.redis.get(self.keys.thread(channel, thread_ts))
        if value is None:
            return None
        return value.decode() if isinstance(value, bytes) else str(value)

    async def was_handled(self, event_id: str) -> bool:
        """Whether an Events API delivery with this id was already handled (this is a retry)."""
        return bool(await self.redis.exists(self.keys.seen(event_id)))

    async def mark_handled(self, event_id: str) -> None:
        """Record that this event was handled, so Slack's retries of it are skipped."""
        await self.redis.set(self.keys.seen(event_id), "1", ex=SEEN_TTL)
