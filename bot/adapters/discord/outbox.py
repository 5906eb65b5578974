"""Ordered, retried, durable delivery of messages to Discord: one queue per conversation in
Redis, nothing dropped, even when the Discord process dies.

Rate limits (429) are handled inside discord.py; this adds retries for transient failures it gives
up on (5xx, timeouts, resets) and a nonce per part, which Discord enforces, so a retry after a
lost response (or after a restart) never posts the same part twice.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

import aiohttp
import discord

from bot.adapters.discord.config import RetryPolicy
from bot.store import Store
from bot.store.outbox import Job

log = logging.getLogger(__name__)

T = TypeVar("T")

# Failures worth another try; everything else (403, 404, 400) would fail the same way again.
TRANSIENT: tuple[type[BaseException], ...] = (
    discord.DiscordServerError,
    discord.RateLimited,
    aiohttp.ClientError,
    OSError,  # includes timeouts and connection resets
)


async def retrying(policy: RetryPolicy, what: str, action: Callable[[], Awaitable[T]]) -> T:
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


Resolver = Callable[[str], Awaitable[int]]
OnFailure = Callable[[str, BaseException], Awaitable[None]]


class Outbox:
    """Posts messages conversation by conversation, in the order given, each part exactly once.

    Messages are written to Redis before they are posted (`bot.store.outbox`) and removed after:
    a Discord process that dies mid-send leaves its queue to the next one, which posts the
    rest; a part that had reached Discord is not doubled, because Discord drops a repeated
    nonce. Transient failures are retried (`retrying`), then the message waits first in line
    for another try; a message Discord refuses for good is given up (`on_failure`).
    """

    def __init__(
        self, client: discord.Client, policy: RetryPolicy, store: Store,
        resolve_channel: Resolver, on_failure: OnFailure,
    ) -> None:
        self.client = client
        self.policy = policy
        self.resolve_channel = resolve_channel
        self.on_failure = on_failure
        self.queues = store.outbox(
            "discord", self._run, is_transient=lambda exc: isinstance(exc, TRANSIENT),
            on_give_up=self._gave_up, attempts=1, scan_seconds=2.0,
        )

    async def start(self) -> None:
        """Start posting, including what a stopped Discord process left queued."""
        await self.queues.start()

    async def put(self, key: str, external_ref: str, outgoing: Outgoing) -> None:
        """Queue a message for the conversation `key`, posted where `external_ref` points."""
        await self.queues.put(key, {
            "op": "send", "ref": external_ref, "parts": outgoing.parts, "seed": outgoing.seed,
            "embed": outgoing.embed.to_dict() if outgoing.embed else None, "mention": outgoing.mention,
        })

    async def stop(self, timeout: float) -> None:
        """Post what is queued for up to `timeout` seconds; the rest stays for the next process."""
        await self.queues.stop(timeout)

    async def _run(self, job: Job, resumed: bool) -> None:
        # A resumed job posts its parts again: Discord answers a known nonce with the message
        # it already has instead of posting a second one.
        channel_id = await retrying(self.policy, "channel lookup", lambda: self.resolve_channel(job["ref"]))
        embed = discord.Embed.from_dict(job["embed"]) if job.get("embed") else None
        await self._post(channel_id, Outgoing(list(job["parts"]), job["seed"], embed, job.get("mention")))

    async def _gave_up(self, key: str, job: Job, error: BaseException) -> None:
        log.error("discord delivery failed for good conversation=%s: %s", key, _describe(error))
        await self.on_failure(key, error)

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


def _describe(exc: BaseException) -> str:
    if isinstance(exc, discord.HTTPException):
        return f"HTTP {exc.status} {exc.text[:200]}"
    return f"{exc.__class__.__name__}: {exc}"[:300]
