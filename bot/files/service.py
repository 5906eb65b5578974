"""The file service the adapters use: keep a file for a conversation, read it, link to it."""

from __future__ import annotations

import asyncio
import hashlib
import logging
import secrets
import time
from dataclasses import dataclass

from redis.exceptions import RedisError

from bot.files.kinds import FileRefused, content_type_of, safe_name
from bot.files.links import FileLinks
from bot.files.records import FileRecord
from bot.files.storage import FileStorage
from bot.models import Attachment
from bot.store.file_records import FileRecords

log = logging.getLogger(__name__)

# A file kept but in no message after this long is deleted: uploads a customer never sent (and
# an anonymous visitor filling the disk within the upload limits), replies the policy refused.
UNSENT_GRACE_SECONDS = 3600.0
SWEEP_EVERY_SECONDS = 600.0


@dataclass(frozen=True, slots=True)
class FileLimits:
    """How big a file may be, and how many may come with one message."""

    max_bytes: int = 10 * 1024 * 1024
    per_message: int = 5


class Files:
    """Photos and PDFs of customers and staff, each kept once for one conversation.

    `keep` checks a file by its content and size, stores the bytes and records whose it is;
    `link` makes a short-lived signed link to it; `read` serves it back.
    """

    def __init__(self, storage: FileStorage, records: FileRecords, links: FileLinks, limits: FileLimits) -> None:
        self.storage = storage
        self.records = records
        self.links = links
        self.limits = limits

    async def keep(self, data: bytes, name: str | None, *, conversation_id: str, sent_by: str) -> Attachment:
        """Store a file sent in `conversation_id`; FileRefused (nothing kept) when it is too
        big, empty, or not a photo or a PDF by its content."""
        if len(data) > self.limits.max_bytes:
            raise FileRefused("file_too_large",
                              f"The file is larger than {size_text(self.limits.max_bytes)}.")
        content_type = content_type_of(data)
        record = FileRecord(
            id=secrets.token_urlsafe(18), name=safe_name(name, content_type), content_type=content_type,
            size=len(data), conversation_id=conversation_id, sent_by=sent_by, ts=time.time(),
            sha256=hashlib.sha256(data).hexdigest(),
        )
        await self.storage.put(record.id, data, content_type)
        await self.records.add(record)  # after the bytes: a record always has its file
        return record.attachment

    async def ready(self) -> bool:
        """Whether files can be kept right now (the storage answers and may be written)."""
        return await self.storage.ready()

    async def record(self, file_id: str) -> FileRecord | None:
        """What is known about a kept file, or None."""
        return await self.records.get(file_id)

    async def of_conversation(self, file_ids: list[str], conversation_id: str) -> list[Attachment] | None:
        """The attachments for ids a client names, or None when any is unknown or belongs to
        another conversation (a customer can't attach someone else's file)."""
        found: list[Attachment] = []
        for file_id in file_ids:
            record = await self.records.get(file_id) if isinstance(file_id, str) and file_id else None
            if record is None or record.conversation_id != conversation_id:
                return None
            found.append(record.attachment)
        return found

    async def read(self, file_id: str) -> tuple[FileRecord, bytes] | None:
        """The file's record and bytes, or None when it is not kept (any more)."""
        record = await self.records.get(file_id)
        if record is None:
            return None
        data = await self.storage.get(file_id)
        return (record, data) if data is not None else None

    async def sweep_unsent(self, older_than: float = UNSENT_GRACE_SECONDS) -> int:
        """Delete files kept more than `older_than` seconds ago that no message carries (an
        upload the customer never sent, a staff reply the policy refused); how many were deleted.
        Several processes may sweep at once: each file is decided by one of them."""
        deleted = 0
        for file_id in await self.records.unsent_before(time.time() - older_than):
            if not await self.records.take_unsent(file_id):
                continue  # another process has it
            record = await self.records.get(file_id)
            if record is None or await self.records.in_transcript(record):
                continue
            await self.storage.delete(file_id)
            await self.records.forget(file_id)
            deleted += 1
        return deleted

    async def run_sweeper(self, every: float = SWEEP_EVERY_SECONDS) -> None:
        """Sweep unsent files now and then, for as long as the process runs."""
        while True:
            await asyncio.sleep(every)
            try:
                if deleted := await self.sweep_unsent():
                    log.info("deleted %d file(s) kept but never sent", deleted)
            except (OSError, RedisError) as exc:  # FileStorageError is an OSError
                log.warning("could not sweep unsent files: %s", exc)

    def link(self, attachment: Attachment) -> str:
        """A signed link to the file (a path on the bot's web address), working for
        `FILES_LINK_SECONDS`."""
        return self.links.link(attachment.id, attachment.name)

    async def close(self) -> None:
        """Release the storage's connections."""
        await self.storage.close()


def size_text(size: int) -> str:
    """A limit as people read it: "10 MB", "1.5 MB", "8 KB"."""
    if size >= 1024 * 1024:
        return f"{round(size / (1024 * 1024), 1):g} MB"
    return f"{max(1, round(size / 1024))} KB"
