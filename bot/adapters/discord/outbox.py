"""Ordered, retried, durable delivery of messages to Discord: one queue per conversation in
Redis, nothing dropped, even when the Discord process dies.

discord.py waits out a few rate limits (429) itself and then gives up; this adds retries for
everything it gives up on (429s, waited out for Discord's `retry_after`, and the global limit
for every conversation; 5xx, timeouts, resets), bounded in time per part
(`RetryPolicy.part_seconds`), and a nonce per part, which Discord enforces, so a retry after a
lost response never posts the same part twice. Discord remembers a nonce only for minutes, so
each part confirmed posted is also recorded in Redis for days (`Store.sent_parts`): a job
resumed later (after a crash, a long outage, a restart) skips the parts already in the channel.
"""

from __future__ import annotations

import asyncio
import hashlib
import io
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import aiohttp
import discord

from bot.adapters.discord.buttons import person_button_view
from bot.adapters.discord.config import RetryPolicy
from bot.adapters.discord.ratings import rating_view
from bot.adapters.discord.uploads import as_uploads, attach_field, attach_of, copies
from bot.files import Files
from bot.models import Attachment
from bot.store import Store
from bot.store.outbox import Job

log = logging.getLogger(__name__)

T = TypeVar("T")

# Failures worth another try; everything else (403, 404, 400) would fail the same way again.
# A 429 discord.py gave up on (`HTTPException` with status 429) is transient too: `is_transient`.
TRANSIENT: tuple[type[BaseException], ...] = (
    discord.DiscordServerError,
    discord.RateLimited,
    aiohttp.ClientError,
    OSError,  # includes timeouts (and `PartTimeout`) and connection resets
)
# Any Discord call that did not go through, transient or not: the step that needed it is skipped.
FAILED_CALL: tuple[type[BaseException], ...] = (discord.HTTPException, *TRANSIENT)


class PartTimeout(TimeoutError):
    """One part (or thread creation) kept failing for `RetryPolicy.part_seconds`; worth a later round."""


def is_transient(exc: BaseException) -> bool:
    """Whether a failure is worth another try: rate limits are never final, nor are 5xx or network errors."""
    if isinstance(exc, discord.HTTPException) and exc.status == 429:
        return True
    return isinstance(exc, TRANSIENT)


def retry_after(exc: BaseException) -> float | None:
    """How long Discord asked us to wait before the next request (a 429), in seconds; None otherwise."""
    if isinstance(exc, discord.RateLimited):
        return exc.retry_after
    if not (isinstance(exc, discord.HTTPException) and exc.status == 429):
        return None
    headers = getattr(exc.response, "headers", None) or {}
    for name in ("Retry-After", "X-RateLimit-Reset-After"):
        try:
            return max(0.0, float(headers[name]))
        except (KeyError, TypeError, ValueError):
            continue
    return 1.0  # a 429 without a time (e.g. from Cloudflare): wait a little before trying again


def is_global(exc: BaseException) -> bool:
    """Whether a 429 is Discord's global limit (every request of the bot waits), not one route's."""
    if not (isinstance(exc, discord.HTTPException) and exc.status == 429):
        return False
    headers = getattr(exc.response, "headers", None) or {}
    return (str(headers.get("X-RateLimit-Global", "")).lower() == "true"
            or str(headers.get("X-RateLimit-Scope", "")).lower() == "global")


class RateGate:
    """When Discord lets us send again: after the global limit, and per channel after its 429s.

    Shared by every request the Discord channel retries, so a conversation retried in a later
    round (or another conversation, for the global limit) does not knock before its time.
    """

    def __init__(self) -> None:
        self._global_until = 0.0
        self._until: dict[object, float] = {}

    def hold(self, exc: BaseException, key: object) -> float:
        """Note a 429 for `key` (a channel id); returns how long to wait (0 for other failures)."""
        wait = retry_after(exc)
        if wait is None:
            return 0.0
        until = asyncio.get_running_loop().time() + wait
        if is_global(exc):
            self._global_until = max(self._global_until, until)
        else:
            self._until[key] = max(self._until.get(key, 0.0), until)
        return wait

    async def wait(self, key: object) -> None:
        """Sleep until neither the global limit nor `key`'s own holds us back."""
        loop = asyncio.get_running_loop()
        while True:
            until = max(self._global_until, self._until.get(key, 0.0))
            if until <= loop.time():
                self._until.pop(key, None)
                return
            await asyncio.sleep(until - loop.time())


async def retrying(
    policy: RetryPolicy, what: str, action: Callable[[], Awaitable[T]],
    gate: RateGate | None = None, key: object = None,
) -> T:
    """Run `action`, retrying transient failures with exponential backoff (a 429: at least its
    `retry_after`) for at most `policy.part_seconds` in all; the last failure is raised
    (`PartTimeout` when time ran out)."""
    gate = gate or RateGate()
    delay = policy.first_delay
    try:
        async with asyncio.timeout(policy.part_seconds):
            for attempt in range(1, policy.attempts + 1):
                await gate.wait(key)
                try:
                    return await action()
                except Exception as exc:
                    if not is_transient(exc):
                        raise
                    limited = gate.hold(exc, key)
                    if attempt == policy.attempts:
                        raise
                    log.warning("discord %s failed (attempt %d of %d): %s; retrying in %.1fs",
                                what, attempt, policy.attempts, _describe(exc), max(delay, limited))
                    await asyncio.sleep(delay)  # and the gate holds it until `retry_after`
                    delay = min(delay * 2, policy.max_delay)
    except TimeoutError as exc:
        if isinstance(exc, PartTimeout):
            raise
        raise PartTimeout(f"discord {what} still failing after {policy.part_seconds:g}s") from exc
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
    reply_to: tuple[int, int] | None = None  # (channel, message): a thread that could not be opened
    file: tuple[str, str] | None = None  # (filename, text) attached to the last part (a transcript)
    button: str | None = None  # the label of a "talk to a person" button under the last part (a bot answer)
    rating: str | None = None  # the ask for a rating: the score buttons and this comment button's label
    # The files each part carries, aligned with `parts` (uploads.plan): uploaded from Baton's copy.
    attach: list[list[Attachment]] | None = None


@dataclass(frozen=True, slots=True)
class Target:
    """Where a conversation's messages go: a channel, and a message to reply to in it (or None)."""

    channel_id: int
    reply_to: int | None = None


Resolver = Callable[[str], Awaitable[Target]]
OnFailure = Callable[[str, BaseException], Awaitable[None]]


class Outbox:
    """Posts messages conversation by conversation, in the order given, each part exactly once.

    Messages are written to Redis before they are posted (`bot.store.outbox`) and removed after:
    a Discord process that dies mid-send leaves its queue to the next one, which posts the
    rest; a part confirmed posted is skipped (the sent-parts record), and one whose response
    was lost is not doubled, because Discord drops a repeated nonce. Transient failures are retried (`retrying`), then the message waits first in line
    for another try; a message Discord refuses for good is given up (`on_failure`).
    """

    def __init__(
        self, client: discord.Client, policy: RetryPolicy, store: Store,
        resolve_channel: Resolver, on_failure: OnFailure, files: Files | None = None,
    ) -> None:
        self.client = client
        self.files = files  # where the files of staff replies are read from for the upload
        self.policy = policy
        self.resolve_channel = resolve_channel
        self.on_failure = on_failure
        self.gate = RateGate()
        self.sent = store.sent_parts("discord")
        self.queues = store.outbox(
            "discord", self._run, is_transient=is_transient,
            on_give_up=self._gave_up, attempts=1, scan_seconds=2.0,
        )

    async def start(self) -> None:
        """Start posting, including what a stopped Discord process left queued."""
        await self.queues.start()

    async def put(self, key: str, external_ref: str, outgoing: Outgoing, *, channel_id: int | None = None) -> None:
        """Queue a message for the conversation `key`, posted where `external_ref` points (or in
        the channel `channel_id`, e.g. the transcript channel)."""
        await self.queues.put(key, {
            "op": "send", "ref": external_ref, "parts": outgoing.parts, "seed": outgoing.seed,
            "embed": outgoing.embed.to_dict() if outgoing.embed else None, "mention": outgoing.mention,
            "reply_to": list(outgoing.reply_to) if outgoing.reply_to else None,
            "file": list(outgoing.file) if outgoing.file else None, "channel": channel_id,
            "button": outgoing.button, "rating": outgoing.rating,
            "attach": attach_field(outgoing.attach) if outgoing.attach else None,
        })

    async def put_close_thread(self, key: str, thread_id: int) -> None:
        """Queue archiving and locking a closed conversation's thread, after what is queued before it."""
        await self.queues.put(key, {"op": "close_thread", "thread": thread_id})

    async def stop(self, timeout: float) -> None:
        """Post what is queued for up to `timeout` seconds; the rest stays for the next process."""
        await self.queues.stop(timeout)

    async def _run(self, job: Job, resumed: bool) -> None:
        if job.get("op") == "close_thread":
            thread_id = int(job["thread"])
            await retrying(self.policy, "thread close", lambda: self.client.http.edit_channel(
                thread_id, archived=True, locked=True, reason="conversation closed"), self.gate, thread_id)
            return
        # A resumed job skips the parts recorded as posted; one posted but not yet recorded (the
        # process died in between) is sent again with its nonce, and Discord answers a nonce it
        # still knows with the message it already has instead of posting a second one.
        if job.get("reply_to"):  # the thread could not be opened: answered in the customer's channel
            channel_id, message_id = job["reply_to"]
            target = Target(int(channel_id), int(message_id))
        elif job.get("channel"):
            target = Target(int(job["channel"]))
        else:
            target = await retrying(self.policy, "channel lookup", lambda: self.resolve_channel(job["ref"]),
                                    self.gate)
        embed = discord.Embed.from_dict(job["embed"]) if job.get("embed") else None
        file = (str(job["file"][0]), str(job["file"][1])) if job.get("file") else None
        parts = list(job["parts"])
        attach = [attach_of(job.get("attach"), index) for index in range(len(parts))] if job.get("attach") else None
        await self._post(target, Outgoing(parts, job["seed"], embed, job.get("mention"), file=file,
                                          button=job.get("button"), rating=job.get("rating"), attach=attach))

    async def _gave_up(self, key: str, job: Job, error: BaseException) -> None:
        log.error("discord delivery failed for good conversation=%s: %s", key, _describe(error))
        await self.on_failure(key, error)

    async def _post(self, target: Target, outgoing: Outgoing) -> None:
        channel = self.client.get_partial_messageable(target.channel_id)
        mentions = (
            discord.AllowedMentions(everyone=False, roles=False, users=[discord.Object(outgoing.mention)])
            if outgoing.mention else discord.AllowedMentions.none()
        )
        reference = None
        if target.reply_to is not None:  # a reply to the customer's question notifies them
            reference = discord.MessageReference(message_id=target.reply_to, channel_id=target.channel_id,
                                                 fail_if_not_exists=False)
            mentions = discord.AllowedMentions(everyone=False, roles=False, users=False, replied_user=True)
        last = len(outgoing.parts) - 1
        posted = await self.sent.confirmed(outgoing.seed)
        for index, part in enumerate(outgoing.parts):
            if index in posted:
                continue
            embed = outgoing.embed if index == last else None
            part_nonce = nonce(outgoing.seed, index)
            part_reference = reference if index == 0 else None

            file = outgoing.file if index == last else None
            attached = outgoing.attach[index] if outgoing.attach and index < len(outgoing.attach) else []
            read = await copies(self.files, attached)  # once per part; each try uploads them anew
            if not part and not read and not (embed or file):
                continue  # a post of files that are no longer kept: nothing left to post
            # Not under a reply in the channel (no thread could be opened): a press there could
            # not tell which conversation it is for.
            button = outgoing.button if index == last and target.reply_to is None else None
            rating = outgoing.rating if index == last and target.reply_to is None else None

            async def post(part: str = part, embed: discord.Embed | None = embed, part_nonce: str = part_nonce,
                           part_reference: discord.MessageReference | None = part_reference,
                           file: tuple[str, str] | None = file, button: str | None = button,
                           rating: str | None = rating,
                           read: list[tuple[str, bytes]] = read) -> discord.Message:
                extra: dict[str, Any] = {}
                if button is not None:
                    extra["view"] = person_button_view(button)
                elif rating is not None:
                    extra["view"] = rating_view(rating)
                if part_reference is not None:
                    extra["reference"] = part_reference
                uploads = as_uploads(read)  # new Files each try: a sent one is used up
                if file is not None:
                    uploads.append(discord.File(io.BytesIO(file[1].encode("utf-8")), filename=file[0]))
                if uploads:
                    extra["files"] = uploads
                if embed is not None:
                    extra["embed"] = embed
                return await channel.send(part or None, nonce=part_nonce, allowed_mentions=mentions, **extra)

            message = await retrying(self.policy, "send", post, self.gate, target.channel_id)
            await self.sent.confirm(outgoing.seed, index, str(message.id))


def _describe(exc: BaseException) -> str:
    if isinstance(exc, discord.HTTPException):
        return f"HTTP {exc.status} {exc.text[:200]}"
    return f"{exc.__class__.__name__}: {exc}"[:300]
