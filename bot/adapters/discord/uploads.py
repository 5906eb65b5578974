"""Files Baton sends on Discord, uploaded from its own copy (never a link to Discord's CDN).

A message with files is planned once, when it is queued: its text parts, the first group of files
on the last of them, then one more post per further group. Discord takes at most 10 files per
message and refuses an upload over the server's limit (10 MiB without boosts), so a group holds at
most 10 files that together stay within that limit, and a file over it is not uploaded at all: the
caller names it in the text instead. The plan is stored with the outbox job (`attach`, aligned with
`parts`), so a job resumed after a restart posts exactly the same parts and files, in order.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Sequence
from typing import Any

import discord

from bot.files import Files
from bot.models import Attachment

log = logging.getLogger(__name__)

FILES_PER_POST = 10  # Discord's limit of attachments on one message


def upload_limit(guild: discord.Guild | None) -> int:
    """The largest upload the bot may make there: the server's limit (boosts raise it) when
    discord.py knows the server, else Discord's default for a server without boosts or a DM."""
    default = discord.utils.DEFAULT_FILE_SIZE_LIMIT_BYTES
    return max(default, guild.filesize_limit) if guild is not None else default


def too_large(attachments: Sequence[Attachment], limit: int) -> list[Attachment]:
    """The files Discord would refuse to carry (over `limit` bytes): named, never uploaded."""
    return [a for a in attachments if a.size > limit]


def plan(parts: Sequence[str], attachments: Sequence[Attachment], limit: int) -> tuple[list[str], list[list[Attachment]]]:
    """The posts of a message with files, in order: its text parts, with the first group of files on
    the last one, then a post (no text) per further group; and the files of each post. A group has
    at most 10 files whose sizes add up to at most `limit`. Files over `limit` are left out."""
    posts = list(parts)
    groups: list[list[Attachment]] = []
    total = 0
    for attachment in attachments:
        if attachment.size > limit:
            continue
        if not groups or len(groups[-1]) >= FILES_PER_POST or total + attachment.size > limit:
            groups.append([])
            total = 0
        groups[-1].append(attachment)
        total += attachment.size
    if not groups:
        return posts, [[] for _ in posts]
    if not posts:
        posts = [""]
    attach: list[list[Attachment]] = [[] for _ in posts]
    attach[-1] = groups[0]
    for group in groups[1:]:
        posts.append("")
        attach.append(group)
    return posts, attach


def attach_field(attach: Sequence[Sequence[Attachment]]) -> list[list[dict[str, Any]]] | None:
    """The plan's files as an outbox job keeps them (JSON), or None when there are none."""
    if not any(attach):
        return None
    return [[a.to_dict() for a in group] for group in attach]


def attach_of(field: Any, part: int) -> list[Attachment]:
    """The files of post `part` in a job's `attach` field (nothing for jobs without files)."""
    if not isinstance(field, list) or part >= len(field) or not isinstance(field[part], list):
        return []
    return [Attachment.from_dict(a) for a in field[part]]


async def copies(files: Files | None, attachments: Sequence[Attachment]) -> list[tuple[str, bytes]]:
    """The bytes of each file, read from Baton's storage: (name, bytes). A file no longer kept is
    left out (logged); the rest still go."""
    found: list[tuple[str, bytes]] = []
    for attachment in attachments:
        read = await files.read(attachment.id) if files is not None else None
        if read is None:
            log.warning("discord: file=%s (%s) is not kept any more; posted without it", attachment.id,
                        attachment.name)
            continue
        record, data = read
        found.append((record.name, data))
    return found


def as_uploads(read: Sequence[tuple[str, bytes]]) -> list[discord.File]:
    """discord.py's uploads for one try of a post (a File is used up once sent, so new each try)."""
    return [discord.File(io.BytesIO(data), filename=name) for name, data in read]


def size_text(size: int) -> str:
    """A size as people read it: `10 MB`, `2.5 MB`, `300 KB`."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.3g} MB"
    return f"{max(1, round(size / 1024))} KB"
