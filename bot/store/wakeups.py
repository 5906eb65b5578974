"""Wake-ups for live staff pages over Redis pub/sub: every process's pages hear every change.

Pub/sub loses what nobody listens to, so a wake-up only says "look again"; what changed is
always read from the store.
"""

from __future__ import annotations

import json
from typing import Any

import redis.asyncio as aioredis


class Wakeups:
    """Publishes and subscribes to one wake-up channel (`{prefix}inbox:updates`)."""

    def __init__(self, redis: aioredis.Redis, channel: str) -> None:
        self._redis = redis
        self.channel = channel

    async def publish(self, kind: str, conversation_id: str) -> None:
        """Tell every listening page that `conversation_id` changed (`kind`: message, note, ...)."""
        await self._redis.publish(self.channel, json.dumps({"kind": kind, "conversation": conversation_id}))

    async def subscribe(self) -> Subscription:
        """A new subscription to the channel (close it when done)."""
        pubsub = self._redis.pubsub(ignore_subscribe_messages=True)
        await pubsub.subscribe(self.channel)
        return Subscription(pubsub)


class Subscription:
    """One listener's subscription: wake-ups as `{"kind", "conversation"}` dicts."""

    def __init__(self, pubsub: Any) -> None:
        self._pubsub = pubsub

    async def next(self, timeout: float) -> dict[str, str] | None:
        """The next wake-up within `timeout` seconds, or None."""
        message = await self._pubsub.get_message(timeout=timeout)
        if not message or message.get("type") != "message":
            return None
        return _decode(message.get("data"))

    async def close(self) -> None:
        """Unsubscribe and release the connection."""
        await self._pubsub.aclose()


def _decode(data: Any) -> dict[str, str]:
    try:
        event = json.loads(data.decode() if isinstance(data, bytes) else str(data))
    except (ValueError, AttributeError):
        return {"kind": "resync", "conversation": ""}
    if not isinstance(event, dict):
        return {"kind": "resync", "conversation": ""}
    return {"kind": str(event.get("kind", "")), "conversation": str(event.get("conversation", ""))}
