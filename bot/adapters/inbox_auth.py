"""Staff sign-in for the built-in inbox page: sessions in Redis, CSRF tokens, the staff password.

A session is a random cookie value; Redis keeps only its SHA-256 (so a leaked dump cannot be
replayed) with the staff name, the session's CSRF token and a one-shot flash message.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import unicodedata
from dataclasses import dataclass

import redis.asyncio as aioredis

from bot.contracts import InboxError

SESSION_TTL = 12 * 3600  # sliding: a working day, renewed on every request
MAX_NAME = 40


class InboxPageError(InboxError):
    """The inbox page cannot run with these settings; the message names the variable."""


class BadName(ValueError):
    """A display name staff cannot sign in with; the message says why."""


@dataclass(frozen=True, slots=True)
class InboxKeys:
    """Renders the inbox page's Redis keys under the deployment's prefix (`inbox:` namespace)."""

    prefix: str

    def session(self, session_hash: str) -> str:
        """Hash with expiry: a staff session (name, csrf, flash), keyed by the cookie's SHA-256."""
        return f"{self.prefix}inbox:session:{session_hash}"

    def login_failures(self, remote: str) -> str:
        """Counter with expiry: failed sign-ins from one address in the current minute."""
        return f"{self.prefix}inbox:login-failures:{remote}"


@dataclass(frozen=True, slots=True)
class StaffSession:
    """A signed-in staff member: their display name and the CSRF token every form must carry."""

    name: str
    csrf: str
    flash: str = ""


class StaffSessions:
    """Creates, reads, renews and ends staff sessions."""

    def __init__(self, redis: aioredis.Redis, keys: InboxKeys, ttl: int = SESSION_TTL) -> None:
        self.redis = redis
        self.keys = keys
        self.ttl = ttl

    async def create(self, name: str) -> str:
        """Start a session for `name`; returns the cookie value (never stored as such)."""
        token = secrets.token_urlsafe(32)
        key = self.keys.session(_hash(token))
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.hset(key, mapping={"name": name, "csrf": secrets.token_urlsafe(32), "flash": ""})
            pipe.expire(key, self.ttl)
            await pipe.execute()
        return token

    async def get(self, token: str | None, *, take_flash: bool = True) -> StaffSession | None:
        """The session for a cookie value (renewing its expiry and, unless told not to, taking its
        flash: a page's background refresh must leave it for the page being navigated to), or None."""
        if not token or len(token) > 100:
            return None
        key = self.keys.session(_hash(token))
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.hgetall(key)
            if take_flash:
                pipe.hset(key, "flash", "")
            pipe.expire(key, self.ttl)
            raw = (await pipe.execute())[0]
        fields = {_text(k): _text(v) for k, v in (raw or {}).items()}
        if not fields.get("name") or not fields.get("csrf"):
            await self.redis.delete(key)  # the HSET above must not leave a half session behind
            return None
        return StaffSession(fields["name"], fields["csrf"], fields.get("flash", "") if take_flash else "")

    async def flash(self, token: str, text: str) -> None:
        """Keep a message to show on the next page this session loads."""
        key = self.keys.session(_hash(token))
        if await self.redis.exists(key):
            await self.redis.hset(key, "flash", text)

    async def end(self, token: str | None) -> None:
        """Sign out: forget the session."""
        if token:
            await self.redis.delete(self.keys.session(_hash(token)))

    async def too_many_failures(self, remote: str, limit: int = 10) -> bool:
        """Count a failed sign-in from `remote`; True when it is over `limit` this minute."""
        key = self.keys.login_failures(remote)
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.incr(key)
            pipe.expire(key, 60)
            count, _ = await pipe.execute()
        return int(count) > limit


def token_matches(given: str, expected: str | None) -> bool:
    """Whether the staff password matches INBOX_TOKEN, in constant time; True when none is set."""
    if expected is None:
        return True
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def csrf_matches(given: object, expected: str) -> bool:
    """Whether a form's CSRF field is this session's token (constant time)."""
    return isinstance(given, str) and hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def clean_name(raw: object) -> str:
    """A staff display name as customers will see it; raises BadName with the reason."""
    if not isinstance(raw, str):
        raise BadName("Enter your name.")
    name = " ".join(raw.split())
    if not name:
        raise BadName("Enter your name: customers see it next to your replies.")
    if len(name) > MAX_NAME:
        raise BadName(f"Use at most {MAX_NAME} characters for your name.")
    if any(unicodedata.category(c).startswith("C") for c in name):
        raise BadName("Your name contains control characters.")
    return name


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _text(value: object) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)
