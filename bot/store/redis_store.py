"""Conversation state and transcripts in Redis: idempotent appends, atomic state transitions."""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import re
import secrets
import time
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import redis.asyncio as aioredis
from redis import exceptions as redis_errors
from redis.asyncio.retry import Retry
from redis.backoff import ExponentialWithJitterBackoff

from bot.models import (
    STATES,
    Attachment,
    Author,
    Conversation,
    Message,
    Participant,
    Source,
    StaffMember,
    State,
)
from bot.store.discord_staff_cards import StaffCards
from bot.store.discord_tickets import DiscordTickets
from bot.store.keys import Keys
from bot.store.outbox import DurableOutbox, IsTransient, Runner
from bot.store.ratings import RatingRecords, rating_of
from bot.store.sent_parts import SentParts
from bot.store.slack_cards import CardStore
from bot.store.staff_sessions import StaffSessions
from bot.store.streams import DeliveryStreams
from bot.store.timers import OnDue, Timers
from bot.store.wakeups import Wakeups

log = logging.getLogger(__name__)

REDIS_CONNECTIONS = 256  # per process; more concurrent commands wait for a free one
REDIS_POOL_WAIT = 20.0  # seconds a command waits for a connection before failing
# A readiness probe must answer quickly; while Redis is down the client's own retries (on the
# command and again on each connect) would hold a ping for many seconds.
PING_TIMEOUT = 1.5
STREAM_ID = re.compile(r"^\d{1,20}-\d{1,20}$")
EVENTS_MAXLEN = 200_000

# Appends a message unless its inbound id was seen: returns {id, 1 if new else 0}.
# A customer message is also added to the unanswered set (KEYS[4]) in the same step, so a
# message stored (and acknowledged) is never without its promise of an answer; and a new message
# can be announced on a delivery stream (KEYS[8]) in the same step, so it is never stored without
# being on its way to the processes that deliver it.
# Rate limits (a counter per window each, the last m KEYS) refuse a new message over any of them:
# {'', -i} for the i-th; a refused message counts against none of them.
# A conversation that no longer exists (one nobody wrote in, expired) gets {'', 'missing'}.
# The first message stored in a conversation created to expire unless written in (a web chat
# nobody has typed in yet, `find_or_create(unused_ttl=...)`) keeps it: its hash and events lose
# their expiry and it joins its state's index (KEYS[7], `state:bot`), in this same step; the reply
# then carries its channel and reference, whose key the caller keeps too: {id, 1, channel, ref}.
# KEYS: transcript, inbound ids, conversation hash, unanswered, the conversation's unanswered,
#       conversation events, state:bot, [announcement stream], [rate counters...].
# ARGV: inbound id or '', now, conversation id if it awaits an answer or '', announcement maxlen
#       or '', rate limits (space-separated) or '', their counters' expiries (likewise),
#       n = number of announcement field args, conversation id, those n args, then the fields.
_APPEND = """
if ARGV[1] ~= '' then
  local known = redis.call('HGET', KEYS[2], ARGV[1])
  if known then return {known, 0} end
end
if redis.call('EXISTS', KEYS[3]) == 0 then return {'', 'missing'} end
if ARGV[5] ~= '' then
  local limits, expiries = {}, {}
  for v in string.gmatch(ARGV[5], '%d+') do table.insert(limits, tonumber(v)) end
  for v in string.gmatch(ARGV[6], '%d+') do table.insert(expiries, v) end
  local first = #KEYS - #limits
  for i = 1, #limits do
    if tonumber(redis.call('GET', KEYS[first + i]) or '0') >= limits[i] then return {'', -i} end
  end
  for i = 1, #limits do
    if redis.call('INCR', KEYS[first + i]) == 1 then redis.call('EXPIRE', KEYS[first + i], expiries[i]) end
  end
end
local n = tonumber(ARGV[7])
local id = redis.call('XADD', KEYS[1], '*', unpack(ARGV, 9 + n))
if ARGV[1] ~= '' then redis.call('HSET', KEYS[2], ARGV[1], id) end
redis.call('HSET', KEYS[3], 'updated_at', ARGV[2])
if ARGV[3] ~= '' then
  redis.call('ZADD', KEYS[4], ARGV[2], ARGV[3] .. '|' .. id)
  redis.call('ZADD', KEYS[5], ARGV[2], id)
end
if ARGV[4] ~= '' then
  local fields = {'message', id}
  for i = 9, 8 + n do table.insert(fields, ARGV[i]) end
  redis.call('XADD', KEYS[8], 'MAXLEN', '~', ARGV[4], '*', unpack(fields))
end
if redis.call('PTTL', KEYS[3]) >= 0 then
  redis.call('PERSIST', KEYS[3])
  redis.call('PERSIST', KEYS[6])
  local f = redis.call('HMGET', KEYS[3], 'state', 'state_since', 'channel', 'external_ref')
  if f[1] == 'bot' then redis.call('ZADD', KEYS[7], f[2] or ARGV[2], ARGV[8]) end
  return {id, 1, f[3] or '', f[4] or ''}
end
return {id, 1}
"""

# Takes over unanswered messages waiting since before ARGV[1]: their score becomes ARGV[2] (so
# one process takes each per round). Returns members and how often taking each over failed.
_CLAIM_UNANSWERED = """
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[3]))
local out = {}
for _, member in ipairs(due) do
  redis.call('ZADD', KEYS[1], ARGV[2], member)
  table.insert(out, member)
  table.insert(out, redis.call('HGET', KEYS[2], member) or '0')
end
return out
"""

# Creates a conversation unless its channel reference already has one: returns the id that won.
# (A reference already bound to this very id whose conversation is gone is created again: an
# expired conversation nobody wrote in, brought back for its first message.)
# With an expiry, nothing is written in it yet: the reference, hash and events expire unless a
# first message keeps them (_APPEND), and no state index lists it meanwhile.
# KEYS: reference, conversation hash, by-state zset, conversation events, global events.
# ARGV: new id, now, events maxlen, created event's data json, expiry in seconds or '', then the
#       hash's field/value pairs.
_CREATE = """
local existing = redis.call('GET', KEYS[1])
if existing and (existing ~= ARGV[1] or redis.call('EXISTS', KEYS[2]) == 1) then return existing end
redis.call('SET', KEYS[1], ARGV[1])
redis.call('HSET', KEYS[2], unpack(ARGV, 6))
redis.call('XADD', KEYS[4], '*', 'kind', 'created', 'ts', ARGV[2], 'actor', '', 'data', ARGV[4], 'tags', '[]')
redis.call('XADD', KEYS[5], 'MAXLEN', '~', ARGV[3], '*', 'kind', 'created', 'conversation', ARGV[1],
  'ts', ARGV[2], 'tags', '[]', 'actor', '', 'data', ARGV[4])
if ARGV[5] ~= '' then
  redis.call('EXPIRE', KEYS[1], ARGV[5])
  redis.call('EXPIRE', KEYS[2], ARGV[5])
  redis.call('EXPIRE', KEYS[4], ARGV[5])
else
  redis.call('ZADD', KEYS[3], ARGV[2], ARGV[1])
end
return ARGV[1]
"""

# Gives a conversation nobody has written in yet (its hash still expires) `ARGV[1]` more seconds,
# with its events, reference and web-chat session; 0 (nothing touched) once it has a message.
# KEYS: conversation hash, conversation events, reference, session.
_EXTEND_UNUSED = """
if redis.call('PTTL', KEYS[1]) < 0 then return 0 end
for i = 1, #KEYS do redis.call('EXPIRE', KEYS[i], ARGV[1]) end
return 1
"""

# Compare-and-set of a conversation's state; records the event on success.
# KEYS: conv hash, conv events, global events, then one by-state zset per state (STATES order).
# ARGV: allowed from-states ",a,b,", new state, new assignee's name, ts, kind, actor, data json,
#       tags json or '', route or '\0keep', conversation id, state names ",bot,waiting,human,",
#       events maxlen, new assignee's id, actor's id
_TRANSITION = """
local cur = redis.call('HGET', KEYS[1], 'state')
if not cur then return {0, '', '', '0', ''} end
local assignee = redis.call('HGET', KEYS[1], 'assignee') or ''
local assignee_id = redis.call('HGET', KEYS[1], 'assignee_id') or assignee
local since = redis.call('HGET', KEYS[1], 'state_since') or '0'
if not string.find(ARGV[1], ',' .. cur .. ',', 1, true) then return {0, cur, assignee, since, assignee_id} end
redis.call('HSET', KEYS[1], 'state', ARGV[2], 'assignee', ARGV[3], 'assignee_id', ARGV[13],
  'updated_at', ARGV[4], 'state_since', ARGV[4])
if ARGV[8] ~= '' then redis.call('HSET', KEYS[1], 'tags', ARGV[8]) end
if ARGV[5] == 'handoff' then redis.call('HDEL', KEYS[1], 'inbox_ref') end
if ARGV[9] ~= '\\0keep' then redis.call('HSET', KEYS[1], 'route', ARGV[9]) end
local tags = redis.call('HGET', KEYS[1], 'tags') or '[]'
local i = 0
for state in string.gmatch(ARGV[11], '[^,]+') do
  redis.call('ZREM', KEYS[4 + i], ARGV[10])
  if state == ARGV[2] then redis.call('ZADD', KEYS[4 + i], ARGV[4], ARGV[10]) end
  i = i + 1
end
redis.call('XADD', KEYS[2], '*', 'kind', ARGV[5], 'ts', ARGV[4], 'actor', ARGV[6],
  'actor_id', ARGV[14], 'data', ARGV[7], 'from', cur, 'to', ARGV[2], 'tags', tags)
redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[12], '*', 'kind', ARGV[5], 'conversation',
  ARGV[10], 'ts', ARGV[4], 'tags', tags, 'actor', ARGV[6], 'actor_id', ARGV[14], 'data', ARGV[7])
return {1, cur, assignee, since, assignee_id}
"""

# A conversation lock is released or extended only by the holder of its token.
_UNLOCK = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""
_EXTEND_LOCK = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
"""

_KEEP = "\0keep"


@dataclass(frozen=True, slots=True)
class Appended:
    """The outcome of storing a message: the stored message and whether it was new."""

    message: Message
    is_new: bool


@dataclass(frozen=True, slots=True)
class Announcement:
    """A stream entry to add when a message is stored (its id goes in the `message` field)."""

    stream: str
    fields: dict[str, str]
    maxlen: int


@dataclass(frozen=True, slots=True)
class RateLimit:
    """At most `limit` messages per `window_seconds` for one bucket (e.g. one conversation), and
    within the limits `also` given (e.g. the sender's own, across its conversations)."""

    bucket: str
    limit: int
    window_seconds: int = 60
    also: tuple[RateLimit, ...] = ()

    def all(self) -> list[RateLimit]:
        """This limit, then the others it comes with."""
        return [self, *(limit for other in self.also for limit in other.all())]


class RateLimited(Exception):
    """A message was refused: its bucket is over its rate limit."""

    @property
    def bucket(self) -> str:
        """The bucket whose limit refused it."""
        return str(self.args[0]) if self.args else ""


@dataclass(frozen=True, slots=True)
class Transition:
    """The outcome of a compare-and-set: whether it happened, and the state/assignee before it."""

    ok: bool
    previous_state: str
    previous_assignee: str  # the display name
    previous_assignee_id: str = ""
    previous_since: float = 0.0  # when the conversation entered its previous state
    at: float = 0.0  # when this transition happened (its event's `ts`)


@dataclass(frozen=True, slots=True)
class Snapshot:
    """What answering a message needs, read at once: the conversation, recent history, and the
    ids of its customer messages not yet dealt with (oldest first)."""

    conversation: Conversation
    history: list[Message]
    unanswered: list[str]


class ConversationNotFound(LookupError):
    """No conversation has this id."""


class Store:
    """All shared state of conversations, on one Redis connection pool."""

    def __init__(self, redis: aioredis.Redis, prefix: str = "baton:") -> None:
        self.redis = redis
        self.keys = Keys(prefix)
        self._append = redis.register_script(_APPEND)
        self._create = redis.register_script(_CREATE)
        self._extend_unused = redis.register_script(_EXTEND_UNUSED)
        self._unlock = redis.register_script(_UNLOCK)
        self._extend_lock = redis.register_script(_EXTEND_LOCK)
        self._transition = redis.register_script(_TRANSITION)
        self._claim_unanswered = redis.register_script(_CLAIM_UNANSWERED)

    # -- conversations -------------------------------------------------------------------

    async def find_or_create(
        self, channel: str, external_ref: str, participant: Participant, *, known_new: bool = False,
        unused_ttl: int | None = None,
    ) -> tuple[Conversation, bool]:
        """The conversation for a channel's reference, created (state `bot`) on first contact.

        `known_new` skips the look-up for a reference just made up (a new web-chat session).
        `unused_ttl`: a new conversation expires after that many seconds unless a message is
        stored in it first (which keeps it, atomically: `append`); until then no state index
        lists it. For a web chat opened by anyone, who may never type.
        """
        ref_key = self.keys.external_ref(channel, external_ref)
        if not known_new:
            existing = await self.redis.get(ref_key)
            if existing:
                return await self.get(_text(existing)), False
        now = time.time()
        conversation = Conversation(
            id=uuid.uuid4().hex,
            channel=channel,
            external_ref=external_ref,
            participant=participant,
            created_at=now,
            updated_at=now,
        )
        winner = await self._create_conversation(conversation, unused_ttl)
        if winner != conversation.id:
            return await self.get(winner), False
        return conversation, True

    async def _create_conversation(self, conversation: Conversation, unused_ttl: int | None) -> str:
        fields = [item for pair in _conversation_fields(conversation).items() for item in pair]
        # One step, so two first messages racing on one reference end up in one conversation.
        return _text(await self._create(
            keys=[self.keys.external_ref(conversation.channel, conversation.external_ref),
                  self.keys.conversation(conversation.id), self.keys.by_state("bot"),
                  self.keys.conversation_events(conversation.id), self.keys.events()],
            args=[conversation.id, repr(conversation.created_at), EVENTS_MAXLEN,
                  json.dumps({"channel": conversation.channel}), unused_ttl or "", *fields],
        ))

    async def restore_unused(self, conversation: Conversation, session: str, unused_ttl: int) -> None:
        """Store again, as it was, a conversation nobody wrote in that expired while its customer
        kept the chat open (it and its web-chat `session` expire again unless written in)."""
        if await self._create_conversation(conversation, unused_ttl) != conversation.id:
            raise ConversationNotFound(conversation.id)  # its reference is another's: cannot be
        await self.redis.set(self.keys.webchat_session(_hash(session)), conversation.id, ex=unused_ttl)

    async def extend_unused(self, conversation: Conversation, session: str, unused_ttl: int) -> bool:
        """If nobody has written in the conversation yet, give it (and its `session`) `unused_ttl`
        seconds more and return True; a conversation with a message is kept and left alone."""
        return bool(await self._extend_unused(
            keys=[self.keys.conversation(conversation.id), self.keys.conversation_events(conversation.id),
                  self.keys.external_ref(conversation.channel, conversation.external_ref),
                  self.keys.webchat_session(_hash(session))],
            args=[unused_ttl],
        ))

    async def conversation_for(self, channel: str, external_ref: str) -> Conversation | None:
        """The conversation of a channel's reference, if there is one (nothing is created)."""
        existing = await self.redis.get(self.keys.external_ref(channel, external_ref))
        return await self.get(_text(existing)) if existing else None

    async def get(self, conversation_id: str) -> Conversation:
        """The conversation's current fields; raises ConversationNotFound."""
        return _conversation(conversation_id, await self.redis.hgetall(self.keys.conversation(conversation_id)))

    async def snapshot(self, conversation_id: str, *, last: int) -> Snapshot:
        """The conversation, its last `last` messages and its unanswered messages, in one round trip."""
        async with self.redis.pipeline(transaction=False) as pipe:
            _read_snapshot(pipe, self.keys, conversation_id, last)
            raw, rows, unanswered = await pipe.execute()
        return _snapshot(conversation_id, raw, rows, unanswered)

    # -- the conversation lock (one answer at a time per conversation, across processes) ----

    async def lock(self, conversation_id: str, token: str, ttl_ms: int, *, last: int) -> Snapshot | None:
        """Take the conversation's lock for `token` unless someone holds it; when taken, the
        snapshot (as `snapshot`) read right after it in the same round trip, else None."""
        async with self.redis.pipeline(transaction=False) as pipe:
            pipe.set(self.keys.conversation_lock(conversation_id), token, nx=True, px=ttl_ms)
            _read_snapshot(pipe, self.keys, conversation_id, last)
            taken, raw, rows, unanswered = await pipe.execute()
        if taken and not raw:  # no such conversation: don't keep it locked for nothing
            await self.unlock(conversation_id, token)
        return _snapshot(conversation_id, raw, rows, unanswered) if taken else None

    async def extend_lock(self, conversation_id: str, token: str, ttl_ms: int) -> bool:
        """Give a held lock `ttl_ms` more; False when it is no longer ours (it lapsed)."""
        return bool(await self._extend_lock(keys=[self.keys.conversation_lock(conversation_id)], args=[token, ttl_ms]))

    async def unlock(self, conversation_id: str, token: str, *, answered: Sequence[str] = ()) -> None:
        """Release our lock, marking `answered` customer messages done in the same round trip."""
        async with self.redis.pipeline(transaction=True) as pipe:
            for message_id in answered:
                self._mark_answered(pipe, conversation_id, message_id)
            await self._unlock(keys=[self.keys.conversation_lock(conversation_id)], args=[token], client=pipe)
            await pipe.execute()

    async def set_inbox_ref(self, conversation_id: str, inbox_ref: str, *, only_if_unset: bool = False) -> None:
        """Remember the inbox's handle for the conversation (each handoff clears it).

        `only_if_unset` keeps a handle the inbox already stored (e.g. a posted Slack card's).
        """
        key = self.keys.conversation(conversation_id)
        if only_if_unset:
            await self.redis.hsetnx(key, "inbox_ref", inbox_ref)
        else:
            await self.redis.hset(key, "inbox_ref", inbox_ref)

    async def set_language(self, conversation_id: str, language: str) -> None:
        """Record the language the customer last wrote in (the notices they read follow it)."""
        await self.redis.hset(self.keys.conversation(conversation_id), "language", language)

    async def offer_language(self, conversation_id: str, language: str) -> bool:
        """Record `language` (the customer's app's) unless one is known already; True if it was."""
        return bool(await self.redis.hsetnx(self.keys.conversation(conversation_id), "language", language))

    async def set_participant(self, conversation_id: str, participant: Participant) -> None:
        """Record who the customer turned out to be (an anonymous chat whose customer signed in)."""
        await self.redis.hset(self.keys.conversation(conversation_id), "participant",
                              json.dumps(participant.to_dict()))

    async def add_tags(self, conversation_id: str, tags: Iterable[str]) -> list[str]:
        """Merge tags into the conversation (order kept, no repeats); returns the full list."""
        conversation = await self.get(conversation_id)
        merged = list(dict.fromkeys([*conversation.tags, *tags]))
        if merged != conversation.tags:
            await self.redis.hset(self.keys.conversation(conversation_id), "tags", json.dumps(merged))
        return merged

    async def list_by_state(self, state: State, limit: int = 200) -> list[str]:
        """Conversation ids in one state, oldest first."""
        ids = await self.redis.zrange(self.keys.by_state(state), 0, limit - 1)
        return [_text(i) for i in ids]

    # -- transcript ----------------------------------------------------------------------

    async def append(
        self,
        conversation_id: str,
        author: Author,
        text: str,
        *,
        name: str | None = None,
        sources: Sequence[Source] = (),
        inbound_id: str | None = None,
        extra: dict[str, str] | None = None,
        awaits_answer: bool = False,
        announce: Announcement | None = None,
        rate: RateLimit | None = None,
    ) -> Appended:
        """Append to the transcript; a repeated `inbound_id` returns the stored message instead.

        `awaits_answer` also records the new message as unanswered until `answered` is called,
        in the same atomic step, so that another process can answer it if this one dies;
        `announce` adds a new message's entry to a delivery stream in that step too. A new
        message over its `rate` limit (or one of those it comes with) raises RateLimited, naming
        that limit's bucket, and is not stored (a resent one, already stored, is not counted
        again). A conversation that does not exist (one nobody wrote in, expired) raises
        ConversationNotFound. The first message of a conversation created with `unused_ttl` keeps
        the conversation (see `find_or_create`).
        """
        now = time.time()
        fields: dict[str, str] = {
            "author": author,
            "text": text,
            "ts": repr(now),
            "name": name or "",
            "sources": json.dumps([s.to_dict() for s in sources]) if sources else "",
            **(extra or {}),
        }
        announced = [item for pair in announce.fields.items() for item in pair] if announce else []
        limits = rate.all() if rate else []
        args: list[str | int] = [
            inbound_id or "", repr(now), conversation_id if awaits_answer else "",
            announce.maxlen if announce else "",
            " ".join(str(r.limit) for r in limits), " ".join(str(r.window_seconds * 2) for r in limits),
            len(announced), conversation_id, *announced,
        ]
        for key, value in fields.items():
            args.extend((key, value))
        keys = [
            self.keys.transcript(conversation_id),
            self.keys.inbound_ids(conversation_id),
            self.keys.conversation(conversation_id),
            self.keys.unanswered(),
            self.keys.conversation_unanswered(conversation_id),
            self.keys.conversation_events(conversation_id),
            self.keys.by_state("bot"),
        ]
        if announce:
            keys.append(announce.stream)
        keys.extend(self.keys.rate(r.bucket, int(now // r.window_seconds)) for r in limits)
        message_id, is_new, *kept = await self._append(keys=keys, args=args)
        if _text(is_new) == "missing":
            raise ConversationNotFound(conversation_id)
        if int(is_new) < 0:
            raise RateLimited(limits[-int(is_new) - 1].bucket)
        if kept:  # its first message: the conversation's reference is kept too (no longer expires)
            await self.redis.persist(self.keys.external_ref(_text(kept[0]), _text(kept[1])))
        message_id = _text(message_id)
        if not int(is_new):
            stored = await self.message(conversation_id, message_id)
            if stored is None:  # the transcript was trimmed; the id is still the answer
                stored = _message(conversation_id, message_id, fields)
            return Appended(stored, False)
        return Appended(_message(conversation_id, message_id, fields), True)

    # -- unanswered customer messages ---------------------------------------------------

    async def seen_inbound(self, conversation_id: str, inbound_id: str) -> bool:
        """Whether a message with this inbound id (a platform's or client's id) is stored."""
        return bool(await self.redis.hexists(self.keys.inbound_ids(conversation_id), inbound_id))

    async def is_unanswered(self, conversation_id: str, message_id: str) -> bool:
        """Whether this customer message still waits for the router to finish with it."""
        score = await self.redis.zscore(self.keys.unanswered(), f"{conversation_id}|{message_id}")
        return score is not None

    async def answered(self, conversation_id: str, message_id: str) -> None:
        """The router is done with this customer message (answered, handed off or given up)."""
        async with self.redis.pipeline(transaction=True) as pipe:
            self._mark_answered(pipe, conversation_id, message_id)
            await pipe.execute()

    def _mark_answered(self, pipe: Any, conversation_id: str, message_id: str) -> None:
        member = f"{conversation_id}|{message_id}"
        pipe.zrem(self.keys.unanswered(), member)
        pipe.zrem(self.keys.conversation_unanswered(conversation_id), message_id)
        pipe.hdel(self.keys.unanswered_claims(), member)

    async def revisit_unanswered(
        self, conversation_id: str, message_ids: Sequence[str], *, due_in: float, older_than: float
    ) -> None:
        """Make claimed messages due for takeover again in `due_in` seconds."""
        score = time.time() - older_than + due_in
        await self.redis.zadd(
            self.keys.unanswered(), {f"{conversation_id}|{m}": score for m in message_ids}, xx=True)

    async def takeover_failed(self, conversation_id: str, message_id: str) -> None:
        """Count a failed attempt to answer a taken-over message (it is given up after a few)."""
        await self.redis.hincrby(self.keys.unanswered_claims(), f"{conversation_id}|{message_id}", 1)

    async def claim_unanswered(self, older_than: float, limit: int = 50) -> list[tuple[str, str, int]]:
        """Take over messages unanswered for `older_than` seconds: (conversation, message, failures)."""
        now = time.time()
        raw = await self._claim_unanswered(
            keys=[self.keys.unanswered(), self.keys.unanswered_claims()],
            args=[repr(now - older_than), repr(now), limit],
        )
        claimed: list[tuple[str, str, int]] = []
        for member, failures in zip(raw[::2], raw[1::2], strict=True):
            conversation_id, _, message_id = _text(member).partition("|")
            claimed.append((conversation_id, message_id, int(failures)))
        return claimed

    async def unanswered_count(self) -> int:
        """How many customer messages wait for an answer right now (for /metrics)."""
        return int(await self.redis.zcard(self.keys.unanswered()))

    async def message(self, conversation_id: str, message_id: str) -> Message | None:
        """One stored message by id, or None."""
        rows = await self.redis.xrange(self.keys.transcript(conversation_id), message_id, message_id)
        return _message(conversation_id, *_row(rows[0])) if rows else None

    async def message_extra(self, conversation_id: str, message_id: str, field: str) -> str:
        """A stored field of a message that is not part of `Message` (e.g. sensitive kinds)."""
        rows = await self.redis.xrange(self.keys.transcript(conversation_id), message_id, message_id)
        if not rows:
            return ""
        return _row(rows[0])[1].get(field, "")

    async def transcript(
        self, conversation_id: str, *, after: str | None = None, last: int | None = None
    ) -> list[Message]:
        """Messages in order: all, those after message id `after` (exclusive), or the last N."""
        key = self.keys.transcript(conversation_id)
        if last is not None:
            rows = list(reversed(await self.redis.xrevrange(key, "+", "-", count=last)))
        else:
            start = f"({after}" if after else "-"
            rows = await self.redis.xrange(key, start, "+")
        return [_message(conversation_id, *_row(row)) for row in rows]

    # -- state ---------------------------------------------------------------------------

    async def transition(
        self,
        conversation_id: str,
        *,
        from_states: Iterable[State],
        to: State,
        kind: str,
        assignee: StaffMember | None = None,
        actor: StaffMember | str = "",
        data: dict[str, Any] | None = None,
        tags: Sequence[str] | None = None,
        route: str | None = None,
        keep_route: bool = True,
    ) -> Transition:
        """Atomically move the conversation to `to` if it is in one of `from_states`. `actor` is a
        staff member, or the name of a non-person actor (the rules, the SLA clock)."""
        actor_name, actor_id = _actor(actor)
        allowed = "," + ",".join(from_states) + ","
        now = time.time()
        ok, previous_state, previous_assignee, previous_since, previous_assignee_id = await self._transition(
            keys=[
                self.keys.conversation(conversation_id),
                self.keys.conversation_events(conversation_id),
                self.keys.events(),
                *self.keys.state_indexes(),
            ],
            args=[
                allowed,
                to,
                assignee.name if assignee else "",
                repr(now),
                kind,
                actor_name,
                json.dumps(data or {}),
                json.dumps(list(tags)) if tags is not None else "",
                route if (route is not None or not keep_route) else _KEEP,
                conversation_id,
                "," + ",".join(STATES) + ",",
                EVENTS_MAXLEN,
                assignee.id if assignee else "",
                actor_id,
            ],
        )
        return Transition(
            bool(int(ok)), _text(previous_state), _text(previous_assignee), _text(previous_assignee_id),
            float(_text(previous_since)), now,
        )

    async def record_event(
        self,
        conversation_id: str,
        kind: str,
        *,
        actor: StaffMember | str = "",
        data: dict[str, Any] | None = None,
        tags: Sequence[str] | None = None,
    ) -> None:
        """Record a lifecycle event that changes no state (tagged, note, false positive...)."""
        actor_name, actor_id = _actor(actor)
        now = repr(time.time())
        payload = json.dumps(data or {})
        tag_list = json.dumps(list(tags) if tags is not None else [])
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.xadd(
                self.keys.conversation_events(conversation_id),
                {"kind": kind, "ts": now, "actor": actor_name, "actor_id": actor_id, "data": payload,
                 "tags": tag_list},
            )
            pipe.xadd(
                self.keys.events(),
                {"kind": kind, "conversation": conversation_id, "ts": now, "tags": tag_list,
                 "actor": actor_name, "actor_id": actor_id, "data": payload},
                maxlen=EVENTS_MAXLEN,
                approximate=True,
            )
            await pipe.execute()

    async def is_locked(self, conversation_id: str) -> bool:
        """Whether some process holds the conversation's answering lock now."""
        return bool(await self.redis.exists(self.keys.conversation_lock(conversation_id)))

    async def events_since(self, start: float, page: int = 1000) -> list[dict[str, Any]]:
        """Every conversation's lifecycle events from `start` (epoch seconds) on, oldest first,
        decoded: id, kind, conversation, ts, tags, actor, data (for reports)."""
        out: list[dict[str, Any]] = []
        cursor = f"{int(start * 1000)}-0"
        while True:
            batch = await self.redis.xrange(self.keys.events(), min=cursor, max="+", count=page)
            for entry_id, raw in batch:
                fields = {_text(k): v for k, v in raw.items()}
                out.append({
                    "id": _text(entry_id),
                    "kind": _text(fields.get("kind", "")),
                    "conversation": _text(fields.get("conversation", "")),
                    "ts": float(_text(fields.get("ts", "0")) or 0),
                    "tags": [str(t) for t in _loads(fields.get("tags"), [])],
                    "actor": _text(fields.get("actor", "")),
                    "data": _loads(fields.get("data"), {}),
                })
            if len(batch) < page:
                return out
            cursor = "(" + _text(batch[-1][0])

    async def recently_entered(self, state: State, limit: int) -> list[str]:
        """Conversation ids in `state`, the latest to enter it first."""
        return [_text(i) for i in await self.redis.zrevrange(self.keys.by_state(state), 0, limit - 1)]

    # -- staff alerts ------------------------------------------------------------------------

    async def push_alert(self, text: str, keep: int = 100) -> None:
        """Keep an operational alert for staff (newest first, the last `keep`)."""
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.lpush(self.keys.alerts(), text)
            pipe.ltrim(self.keys.alerts(), 0, keep - 1)
            await pipe.execute()

    async def clear_alerts(self, about: str) -> int:
        """Forget the alerts that begin with `about`; how many there were."""
        found = [a for a in await self.redis.lrange(self.keys.alerts(), 0, -1) if _text(a).startswith(about)]
        for alert in set(found):
            await self.redis.lrem(self.keys.alerts(), 0, alert)
        return len(found)

    async def alerts(self, count: int) -> list[str]:
        """The newest `count` alerts."""
        return [_text(a) for a in await self.redis.lrange(self.keys.alerts(), 0, count - 1)]

    # -- the records other parts keep, in this store (nothing outside bot/store touches Redis) --

    def delivery_streams(self) -> DeliveryStreams:
        """The per-channel streams of what customers are sent (bot/delivery.py)."""
        return DeliveryStreams(self.redis, self.keys)

    def outbox(self, service: str, run: Runner, *, is_transient: IsTransient, **options: Any) -> DurableOutbox:
        """A durable, ordered outbox of calls to an outside service (`slack`, `discord`)."""
        return DurableOutbox(self.redis, self.keys.outbox(service), run, is_transient=is_transient, **options)

    def sent_parts(self, service: str) -> SentParts:
        """Which parts of each outgoing message a service (`discord`) confirmed posting."""
        return SentParts(self.redis, self.keys, service)

    def discord_tickets(self) -> DiscordTickets:
        """Which member each Discord support thread belongs to, and each member's open one."""
        return DiscordTickets(self.redis, self.keys)

    def sla_timers(self, on_due: OnDue, poll_seconds: float = 1.0) -> Timers:
        """The SLA reminder timers, each fired once across processes."""
        return Timers(self.redis, self.keys.sla(), on_due, poll_seconds)

    def discord_staff_cards(self) -> StaffCards:
        """The Discord staff inbox's cards and its thread index."""
        return StaffCards(self.redis, self.keys)

    def ratings(self) -> RatingRecords:
        """Customers' ratings after a person closed their conversation (bot/ratings.py)."""
        return RatingRecords(self.redis, self.keys)

    def slack_cards(self) -> CardStore:
        """The Slack inbox's cards, thread index, seen events and cached names."""
        return CardStore(self.redis, self.keys)

    def staff_sessions(self) -> StaffSessions:
        """The built-in inbox page's staff sessions and sign-in failure counters."""
        return StaffSessions(self.redis, self.keys)

    def wakeups(self) -> Wakeups:
        """Wake-ups for live inbox pages (pub/sub)."""
        return Wakeups(self.redis, self.keys.inbox_updates())

    async def close(self) -> None:
        """Close the connection pool."""
        await self.redis.aclose()

    async def events(self, conversation_id: str) -> list[dict[str, Any]]:
        """The conversation's lifecycle events, oldest first, with `data` decoded."""
        rows = await self.redis.xrange(self.keys.conversation_events(conversation_id), "-", "+")
        events = []
        for row in rows:
            event_id, fields = _row(row)
            events.append({**fields, "id": event_id, "data": json.loads(fields.get("data") or "{}")})
        return events

    # -- web-chat sessions and limits ------------------------------------------------------

    async def create_session(self, conversation_id: str, ttl_seconds: int) -> str:
        """A new unguessable session token bound to the conversation (stored only hashed)."""
        token = secrets.token_urlsafe(32)
        await self.redis.set(self.keys.webchat_session(_hash(token)), conversation_id, ex=ttl_seconds)
        return token

    async def session_conversation(self, token: str, ttl_seconds: int) -> str | None:
        """The conversation a session token is bound to (refreshing its expiry), or None."""
        key = self.keys.webchat_session(_hash(token))
        value = await self.redis.getex(key, ex=ttl_seconds)
        return _text(value) if value else None

    async def forget_session(self, token: str) -> None:
        """Drop a session token (its conversation is gone)."""
        await self.redis.delete(self.keys.webchat_session(_hash(token)))

    async def hit_rate_limit(self, bucket: str, limit: int, window_seconds: int = 60) -> bool:
        """Count one message for `bucket`; True when it is over `limit` in the current window."""
        window = int(time.time() // window_seconds)
        key = self.keys.rate(bucket, window)
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.incr(key)
            pipe.expire(key, window_seconds * 2)
            count, _ = await pipe.execute()
        return int(count) > limit

    async def ping(self) -> bool:
        """Whether Redis answers within `PING_TIMEOUT` seconds."""
        try:
            async with asyncio.timeout(PING_TIMEOUT):
                return bool(await self.redis.ping())
        except Exception:  # noqa: BLE001 - readiness reports any failure as not ready
            return False


def stream_order(message_id: str) -> tuple[int, int]:
    """A transcript id (`ms-seq`) as something that sorts in transcript order."""
    ms, _, seq = message_id.partition("-")
    return int(ms or 0), int(seq or 0)


def is_message_id(value: object) -> bool:
    """Whether `value` has the shape of a transcript message id."""
    return isinstance(value, str) and bool(STREAM_ID.match(value))


def connect_redis(url: str | None) -> aioredis.Redis:
    """A Redis client for `url`, or an in-process fakeredis server when it is None."""
    if url is None:
        import fakeredis

        log.warning("REDIS_URL is not set: using an in-process store; nothing is persisted")
        return fakeredis.FakeAsyncRedis(server=fakeredis.FakeServer(), decode_responses=True)
    # A restarted or failed-over Redis is ridden out: each command is retried on a fresh
    # connection for a few seconds before the error reaches the caller. Under a burst, commands
    # wait for a free connection (a blocking pool) instead of failing with "too many connections".
    pool = aioredis.BlockingConnectionPool.from_url(
        url, decode_responses=True, health_check_interval=30, socket_connect_timeout=2, socket_timeout=10,
        retry=Retry(ExponentialWithJitterBackoff(base=0.05, cap=1.0), retries=6),
        retry_on_error=[redis_errors.ConnectionError, redis_errors.TimeoutError, redis_errors.BusyLoadingError],
        max_connections=REDIS_CONNECTIONS, timeout=REDIS_POOL_WAIT,
    )
    return aioredis.Redis.from_pool(pool)  # closing the client closes the pool


def _actor(actor: StaffMember | str) -> tuple[str, str]:
    """An event's actor as (name, id); a non-person actor (a rule, the SLA clock) has no id."""
    return (actor.name, actor.id) if isinstance(actor, StaffMember) else (actor, "")


def _conversation_fields(conversation: Conversation) -> dict[str, str]:
    return {
        "channel": conversation.channel,
        "external_ref": conversation.external_ref,
        "participant": json.dumps(conversation.participant.to_dict()),
        "state": conversation.state,
        "tags": json.dumps(conversation.tags),
        "assignee": conversation.assignee or "",
        "assignee_id": conversation.assignee_id or "",
        "route": conversation.route or "",
        "created_at": repr(conversation.created_at),
        "updated_at": repr(conversation.updated_at),
        "state_since": repr(conversation.created_at),
        "inbox_ref": conversation.inbox_ref or "",
    }


def _read_snapshot(pipe: Any, keys: Keys, conversation_id: str, last: int) -> None:
    pipe.hgetall(keys.conversation(conversation_id))
    pipe.xrevrange(keys.transcript(conversation_id), "+", "-", count=last)
    pipe.zrange(keys.conversation_unanswered(conversation_id), 0, -1)


def _snapshot(conversation_id: str, raw: dict[Any, Any], rows: list[Any], unanswered: list[Any]) -> Snapshot:
    return Snapshot(
        conversation=_conversation(conversation_id, raw),
        history=[_message(conversation_id, *_row(row)) for row in reversed(rows)],
        unanswered=sorted((_text(i) for i in unanswered), key=stream_order),
    )


def _conversation(conversation_id: str, raw: dict[Any, Any]) -> Conversation:
    """A conversation from its hash; raises ConversationNotFound for an empty one."""
    if not raw:
        raise ConversationNotFound(conversation_id)
    fields = {_text(k): _text(v) for k, v in raw.items()}
    return Conversation(
        id=conversation_id,
        channel=fields["channel"],
        external_ref=fields["external_ref"],
        participant=Participant.from_dict(json.loads(fields["participant"])),
        state=fields.get("state", "bot"),  # type: ignore[arg-type]
        tags=json.loads(fields.get("tags") or "[]"),
        assignee=fields.get("assignee") or None,
        # Stored before staff had ids: the name was the identity.
        assignee_id=fields.get("assignee_id") or fields.get("assignee") or None,
        route=fields.get("route") or None,
        created_at=float(fields.get("created_at", 0)),
        updated_at=float(fields.get("updated_at", 0)),
        inbox_ref=fields.get("inbox_ref") or None,
        rating_request=fields.get("rating_request") or None,
        rating=rating_of(fields.get("rating")),
        language=fields.get("language") or None,
    )


def _message(conversation_id: str, message_id: str, fields: dict[str, str]) -> Message:
    sources = json.loads(fields["sources"]) if fields.get("sources") else []
    return Message(
        id=message_id,
        conversation_id=conversation_id,
        author=fields["author"],  # type: ignore[arg-type]
        text=fields["text"],
        ts=float(fields["ts"]),
        name=fields.get("name") or None,
        sources=[Source(s["title"], s["url"]) for s in sources],
        offers_person=fields.get("offer") == "1",
        rating_request=fields.get("rating") or None,
        attachments=[Attachment.from_dict(a) for a in json.loads(fields["files"])] if fields.get("files") else [],
    )


def _row(row: Any) -> tuple[str, dict[str, str]]:
    message_id, fields = row
    return _text(message_id), {_text(k): _text(v) for k, v in fields.items()}


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _loads(value: Any, default: Any) -> Any:
    try:
        return json.loads(_text(value)) if value not in (None, b"", "") else default
    except ValueError:
        return default
