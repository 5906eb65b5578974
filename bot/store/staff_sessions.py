"""Staff sessions of the built-in inbox page in Redis: only the cookie's SHA-256 is stored (so a
leaked dump cannot be replayed), with the staff member's id and name, the session's CSRF token and
a flash message (with the text of a reply that was not sent, to put back in its box)."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

import redis.asyncio as aioredis

from bot.models import StaffMember
from bot.store.keys import Keys

SESSION_TTL = 12 * 3600  # sliding: a working day, renewed on every request


@dataclass(frozen=True, slots=True)
class StaffSession:
    """A signed-in staff member (id and display name) and the CSRF token every form must carry."""

    staff: StaffMember
    csrf: str
    flash: str = ""
    draft_for: str = ""  # the conversation whose reply box gets `draft` back (a reply not sent)
    draft: str = ""

    @property
    def name(self) -> str:
        """The display name."""
        return self.staff.name


class StaffSessions:
    """Creates, reads, renews and ends staff sessions."""

    def __init__(self, redis: aioredis.Redis, keys: Keys, ttl: int = SESSION_TTL) -> None:
        self.redis = redis
        self.keys = keys
        self.ttl = ttl

    async def create(self, staff: StaffMember) -> str:
        """Start a session for `staff`; returns the cookie value (never stored as such)."""
        token = secrets.token_urlsafe(32)
        key = self.keys.inbox_session(_hash(token))
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.hset(key, mapping={"staff_id": staff.id, "name": staff.name,
                                    "csrf": secrets.token_urlsafe(32), "flash": ""})
            pipe.expire(key, self.ttl)
            await pipe.execute()
        return token

    async def get(self, token: str | None, *, take_flash: bool = True) -> StaffSession | None:
        """The session for a cookie value (renewing its expiry and, unless told not to, taking its
        flash: a page's background refresh must leave it for the page being navigated to), or None."""
        if not token or len(token) > 100:
            return None
        key = self.keys.inbox_session(_hash(token))
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.hgetall(key)
            if take_flash:
                pipe.hset(key, mapping={"flash": "", "draft_for": "", "draft": ""})
            pipe.expire(key, self.ttl)
            raw = (await pipe.execute())[0]
        fields = {_text(k): _text(v) for k, v in (raw or {}).items()}
        if not fields.get("staff_id") or not fields.get("name") or not fields.get("csrf"):
            await self.redis.delete(key)  # the HSET above must not leave a half session behind
            return None
        staff = StaffMember(fields["staff_id"], fields["name"])
        if not take_flash:
            return StaffSession(staff, fields["csrf"])
        return StaffSession(staff, fields["csrf"], fields.get("flash", ""), fields.get("draft_for", ""),
                            fields.get("draft", ""))

    async def flash(self, token: str, text: str, *, draft_for: str = "", draft: str = "") -> None:
        """Keep a message to show on the next page this session loads, and with it the text of a
        reply that was not sent (`draft`, for conversation `draft_for`), taken with the message."""
        key = self.keys.inbox_session(_hash(token))
        if await self.redis.exists(key):
            await self.redis.hset(key, mapping={"flash": text, "draft_for": draft_for, "draft": draft})

    async def end(self, token: str | None) -> None:
        """Sign out: forget the session."""
        if token:
            await self.redis.delete(self.keys.inbox_session(_hash(token)))

    async def locked_out(self, remote: str, limit: int) -> bool:
        """Whether `remote` has used up its wrong sign-ins (checked before the token is)."""
        count = await self.redis.get(self.keys.inbox_login_failures(remote))
        return int(count or 0) >= limit

    async def count_failure(self, remote: str, lockout_seconds: int) -> int:
        """Count a wrong sign-in from `remote`; the count lasts `lockout_seconds` after the latest
        one, so a client that keeps guessing stays locked out. Returns the count."""
        key = self.keys.inbox_login_failures(remote)
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.incr(key)
            pipe.expire(key, lockout_seconds)
            count, _ = await pipe.execute()
        return int(count)


def _text(value: object) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
