"""Photos and PDFs customers and staff attach on Discord, copied into Baton's own storage.

Discord's attachment links are signed and expire after about a day, so Baton never keeps or shows
them: each file is downloaded once (`discord.Attachment.read`), checked like a file from any other
channel (a photo or a PDF by its content, at most `FILES_MAX_BYTES`, at most `per_message` per
message; the declared size is checked before a byte is downloaded), and kept with
`bot.files.Files` for its conversation. What Baton shows or sends later comes from that copy
(`uploads.py`). A refused file is named with why; the rest of the message still goes through.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

import discord

from bot.adapters.discord.config import RetryPolicy
from bot.adapters.discord.outbox import FAILED_CALL, RateGate, retrying
from bot.adapters.discord.uploads import size_text
from bot.brand import Brand
from bot.files import FileRefused, Files
from bot.files.kinds import content_type_of
from bot.models import Attachment

log = logging.getLogger(__name__)

TOO_MANY = "too_many_files"
TOO_LARGE = "file_too_large"


@dataclass(frozen=True, slots=True)
class Refusal:
    """A file that was not kept: its name as sent, the refusal code and why (the core's words)."""

    name: str
    code: str  # unsupported_file, empty_file, file_too_large, too_many_files
    reason: str


@dataclass(frozen=True, slots=True)
class Received:
    """A message's files, downloaded and checked but not kept yet, and the ones refused."""

    files: tuple[tuple[str, bytes], ...] = ()  # (name as sent, bytes)
    refused: tuple[Refusal, ...] = ()


NOTHING = Received()


class DownloadFailed(Exception):
    """Discord's CDN kept failing, or no longer has the file: the message is not taken, and its
    sender is asked to send it again."""


class DiscordFiles:
    """Downloads and checks a Discord message's attachments, and keeps them for a conversation."""

    def __init__(self, files: Files, policy: RetryPolicy, gate: RateGate) -> None:
        self.files = files
        self.policy = policy
        self.gate = gate

    async def receive(self, attachments: Sequence[discord.Attachment]) -> Received:
        """Download the files worth downloading and check each; DownloadFailed when one that
        should be kept cannot be fetched (nothing is kept then)."""
        limits = self.files.limits
        taken: list[tuple[str, bytes]] = []
        refused: list[Refusal] = []
        for index, attachment in enumerate(attachments):
            name = attachment.filename
            if index >= limits.per_message:
                refused.append(Refusal(name, TOO_MANY, f"At most {limits.per_message} files can come with one message."))
                continue
            if attachment.size > limits.max_bytes:  # said before a byte of it is downloaded
                refused.append(Refusal(name, TOO_LARGE, f"The file is larger than {size_text(limits.max_bytes)}."))
                continue
            data = await self._download(attachment)
            try:
                if len(data) > limits.max_bytes:  # larger than Discord said it was
                    raise FileRefused(TOO_LARGE, f"The file is larger than {size_text(limits.max_bytes)}.")
                content_type_of(data)  # a photo or a PDF by its bytes, whatever its name says
            except FileRefused as exc:
                refused.append(Refusal(name, exc.code, str(exc)))
                continue
            taken.append((name, data))
        if refused:
            log.info("discord: files refused: %s", ", ".join(f"{r.code}" for r in refused))
        return Received(tuple(taken), tuple(refused))

    async def keep(self, received: Received, *, conversation_id: str, sent_by: str) -> tuple[Attachment, ...]:
        """Keep the received files for the conversation (`sent_by`: "customer" or a staff id)."""
        kept = []
        for name, data in received.files:
            attachment = await self.files.keep(data, name, conversation_id=conversation_id, sent_by=sent_by)
            log.info("discord: file kept conversation=%s file=%s type=%s size=%d by=%s", conversation_id,
                     attachment.id, attachment.content_type, attachment.size, sent_by)
            kept.append(attachment)
        return tuple(kept)

    async def _download(self, attachment: discord.Attachment) -> bytes:
        async def fetch() -> bytes:
            try:
                return await attachment.read()
            except discord.HTTPException as exc:
                if exc.status >= 500:  # the CDN failing is worth another try, as the API failing is
                    raise discord.DiscordServerError(exc.response, "the CDN failed") from exc
                raise

        try:
            return await retrying(self.policy, "attachment download", fetch, self.gate)
        except FAILED_CALL as exc:
            log.warning("discord: could not download attachment=%s: %s", attachment.id, exc)
            raise DownloadFailed(f"could not download {attachment.filename}") from exc


def customer_refusal(brand: Brand, refused: Sequence[Refusal], max_bytes: int, per_message: int) -> str:
    """What the customer reads about files that were not kept, in the brand's words, one line each
    (the files over the per-message limit together)."""
    lines: list[str] = []
    left_out: list[str] = []
    for refusal in refused:
        name = shown(refusal.name)
        if refusal.code == TOO_MANY:
            left_out.append(name)
        elif refusal.code == TOO_LARGE:
            lines.append(brand.file_too_large_message.format(name=name, size=size_text(max_bytes)))
        else:
            lines.append(brand.file_refused_message.format(name=name))
    if left_out:
        lines.append(brand.file_too_many_message.format(count=per_message, names=", ".join(left_out)))
    return "\n".join(lines)


def staff_refusal(refused: Sequence[Refusal]) -> str:
    """What a staff member reads about their files that were not sent, one line each."""
    return "\n".join(f"Not sent to the customer: {shown(r.name)}: {r.reason}" for r in refused)


def shown(name: str) -> str:
    """A file name as Discord should show it: no Markdown, no mentions."""
    return discord.utils.escape_mentions(discord.utils.escape_markdown(name))
