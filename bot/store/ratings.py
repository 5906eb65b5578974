"""Customer ratings after a person closed a conversation (bot/ratings.py): one per close.

A close by a person opens a rating request on the conversation's hash (`rating_request`, the
request's id, and `rating_context`: who handled it, the tags); the rating is kept in the same hash
(`rating`, JSON) and recorded as an event (`rated`, later `rating_comment`) on the conversation's
and the global event streams. Storing it is one compare-and-set: a rating for a request that is
not the conversation's open one, or a second one, is refused and nothing is written.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any

import redis.asyncio as aioredis

from bot.models import Rating
from bot.store.keys import Keys

EVENTS_MAXLEN = 200_000  # as the store's own events (bot/store/redis_store.py)

# Stores a rating once: refused unless ARGV[1] is the conversation's open request and, for a new
# rating (ARGV[10] == ''), none is stored yet; for a comment added later, the stored rating must
# still be ARGV[10] (compare-and-set on the exact JSON read before). Records the event.
# KEYS: conversation hash, conversation events, global events.
# ARGV: request, rating json, ts, actor, event data json, tags json, conversation id, events
#       maxlen, event kind, the rating json expected ('' for a new rating).
_RATE = """
local current = redis.call('HGET', KEYS[1], 'rating_request')
if not current or current ~= ARGV[1] then return 'not_asked' end
local stored = redis.call('HGET', KEYS[1], 'rating')
if ARGV[10] == '' then
  if stored then return 'already_rated' end
else
  if not stored then return 'not_rated' end
  if stored ~= ARGV[10] then return 'already_rated' end
end
redis.call('HSET', KEYS[1], 'rating', ARGV[2])
redis.call('XADD', KEYS[2], '*', 'kind', ARGV[9], 'ts', ARGV[3], 'actor', ARGV[4], 'actor_id', '',
  'data', ARGV[5], 'tags', ARGV[6])
redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[8], '*', 'kind', ARGV[9], 'conversation', ARGV[7],
  'ts', ARGV[3], 'tags', ARGV[6], 'actor', ARGV[4], 'actor_id', '', 'data', ARGV[5])
return 'ok'
"""


class RatingNotStored(Exception):
    """The store refused a rating: `code` is `not_asked`, `already_rated` or `not_rated`."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True, slots=True)
class RatingContext:
    """What a rating counts for, fixed when it is asked: who handled the conversation, who closed
    it, and its tags then."""

    staff: str
    staff_id: str
    closed_by: str
    tags: tuple[str, ...]

    def to_json(self) -> str:
        """For the conversation's hash."""
        return json.dumps({"staff": self.staff, "staff_id": self.staff_id, "closed_by": self.closed_by,
                           "tags": list(self.tags)})

    @classmethod
    def from_json(cls, raw: object) -> RatingContext:
        """From the hash (an unreadable one counts for nobody)."""
        try:
            data = json.loads(raw) if isinstance(raw, str) else {}
        except ValueError:
            data = {}
        data = data if isinstance(data, dict) else {}
        return cls(str(data.get("staff") or ""), str(data.get("staff_id") or ""), str(data.get("closed_by") or ""),
                   tuple(str(t) for t in data.get("tags") or []))


class RatingRecords:
    """The rating requests and ratings of conversations, in Redis."""

    def __init__(self, redis: aioredis.Redis, keys: Keys) -> None:
        self._redis = redis
        self._keys = keys
        self._rate = redis.register_script(_RATE)

    async def ask(self, conversation_id: str, request: str, context: RatingContext) -> None:
        """Open a rating request (the latest close's); the previous close's rating is no longer shown
        (its event stays)."""
        key = self._keys.conversation(conversation_id)
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.hset(key, mapping={"rating_request": request, "rating_context": context.to_json()})
            pipe.hdel(key, "rating")
            await pipe.execute()

    async def context(self, conversation_id: str) -> tuple[str | None, RatingContext, Rating | None]:
        """The open request's id (None: none), what it counts for, and its rating once given."""
        request, context, stored = await self._redis.hmget(
            self._keys.conversation(conversation_id), ["rating_request", "rating_context", "rating"])
        return (_text(request) if request else None), RatingContext.from_json(_text(context) if context else None), \
            rating_of(stored)

    async def rate(self, conversation_id: str, rating: Rating, context: RatingContext) -> None:
        """Store the rating of the open request `rating.request`, once (RatingNotStored otherwise)."""
        await self._store(conversation_id, rating, context, "rated", expected="")

    async def add_comment(self, conversation_id: str, before: Rating, after: Rating, context: RatingContext) -> None:
        """Add a comment to a stored rating that has none (RatingNotStored when it changed meanwhile)."""
        await self._store(conversation_id, after, context, "rating_comment", expected=_json(before))

    async def _store(self, conversation_id: str, rating: Rating, context: RatingContext, kind: str, *,
                     expected: str) -> None:
        data: dict[str, Any] = rating.to_dict()
        outcome = _text(await self._rate(
            keys=[self._keys.conversation(conversation_id), self._keys.conversation_events(conversation_id),
                  self._keys.events()],
            args=[rating.request, _json(rating), repr(time.time()), "customer", json.dumps(data),
                  json.dumps(list(context.tags)), conversation_id, EVENTS_MAXLEN, kind, expected],
        ))
        if outcome != "ok":
            raise RatingNotStored(outcome)


def rating_of(raw: object) -> Rating | None:
    """A rating as the conversation's hash keeps it (None: none, or unreadable)."""
    if not raw:
        return None
    try:
        return Rating.from_dict(json.loads(_text(raw)))
    except ValueError:
        return None


def _json(rating: Rating) -> str:
    return json.dumps(rating.to_dict(), sort_keys=True)


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)
