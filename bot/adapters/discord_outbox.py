"""Ordered, retried delivery of messages to Discord: one queue per conversation, nothing dropped.

Rate limits (429) are handled inside discord.py; this adds retries for transient failures it gives
up on (5xx, timeouts, resets) and a nonce per part, which Discord enforces, so a retry after a
lost response never posts the same part twice.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TypeVar

import aiohttp
import discord

from bot.adapters.discord_config import Delivery

log = logging.getLogger(__name__)

T = TypeVar("T")

# Failures worth another try; everything else (403, 404, 400) would fail the same way again.
TRANSIENT: tuple[type[BaseException], ...] = (
    discord.DiscordServerError,
    discord.RateLimited,
    aiohttp.ClientError,
    OSError,  # includes timeouts and connection resets
)


async def retrying(policy: Delivery, what: str, action: Callable[[], Awaitable[T]]) -> T:
    """Run `action`, retrying transient failures with exponential backoff; the last failure is raised."""
    delay = policy.first_delay
    for attempt in range(1, policy.attempts + 1):
        try:
            return await action()
        except TRANSIENT as exc:
            if attempt == policy.attempts:
                raise
            log.warning("discord %s failed (attempt %d of %d): %s; retrying in %.1fs",
                        what, attempt, policy.attempts, _describe(exc), delay)
            await asyncio.sleep(delay)
            delay = min(delay * 2, policy.max_delay)
    raise AssertionError("unreachable")


def nonce(seed: str, part: int) -> str:
    """A stable 25-character nonce for one part of one message (Discord's maximum length)."""
    return hashlib.sha256(f"{seed}#{part}".encode()).hexdigest()[:25]


@dataclass(slots=True)
class Outgoing:
    """One message to post: its parts in order, sources on the last part, who to mention."""

    parts: list[str]
    seed: str  # identifies the message across retries (conversation and transcript ids)
    embed: discord.Embed | None = None
    mention: int | None = None  # a user id allowed to be pinged (the customer in a new thread)


@dataclass(slots=True)
class _Queue:
    items: deque[Outgoing] = field(default_factory=deque)
    worker: asyncio.Task[None] | None = None


Resolver = Callable[[], Awaitable[int]]
OnFailure = Callable[[str, Outgoing, BaseException], Awaitable[None]]


class Outbox:
    """Posts messages conversation by conversation, in the order given, each part exactly once."""

    def __init__(self, client: discord.Client, policy: Delivery, on_failure: OnFailure) -> None:
        self.client = client
        self.policy = policy
        self.on_failure = on_failure
        self._queues: dict[str, _Queue] = {}

    def put(self, key: str, resolve_channel: Resolver, outgoing: Outgoing) -> None:
        """Queue a message for the conversation `key`; `resolve_channel` gives the channel id to post in."""
        queue = self._queues.setdefault(key, _Queue())
        queue.items.append(outgoing)
        if queue.worker is None or queue.worker.done():
            queue.worker = asyncio.create_task(self._drain(key, queue, resolve_channel))

    async def _drain(self, key: str, queue: _Queue, resolve_channel: Resolver) -> None:
        while queue.items:
            outgoing = queue.items.popleft()
            try:
                channel_id = await retrying(self.policy, "channel lookup", resolve_channel)
                await self._post(channel_id, outgoing)
            except Exception as exc:  # noqa: BLE001 - a failed message must not stop the ones after it
                log.error("discord delivery failed for good conversation=%s: %s", key, _describe(exc))
                await self.on_failure(key, outgoing, exc)
        if self._queues.get(key) is queue and not queue.items:
            del self._queues[key]

    async def _post(self, channel_id: int, outgoing: Outgoing) -> None:
        target = self.client.get_partial_messageable(channel_id)
        mentions = (
            discord.AllowedMentions(everyone=False, roles=False, users=[discord.Object(outgoing.mention)])
            if outgoing.mention else discord.AllowedMentions.none()
        )
        last = len(outgoing.parts) - 1
        for index, part in enumerate(outgoing.parts):
            embed = outgoing.embed if index == last else None
            part_nonce = nonce(outgoing.seed, index)

            async def post(part: str = part, embed: discord.Embed | None = embed, part_nonce: str = part_nonce) -> None:
                await target.send(part, embed=embed, nonce=part_nonce, allowed_mentions=mentions)

            await retrying(self.policy, "send", post)

    async def drain(self, timeout: float) -> None:
        """Wait (up to `timeout` seconds) for everything queued to be posted."""
        workers = [q.worker for q in self._queues.values() if q.worker is not None and not q.worker.done()]
        if workers:
            await asyncio.wait(workers, timeout=timeout)


def _describe(exc: BaseException) -> str:
    if isinstance(exc, discord.HTTPException):
        return f"HTTP {exc.status} {exc.text[:200]}"
    return f"{exc.__class__.__name__}: {exc}"[:300]
