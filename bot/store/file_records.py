"""What the file service keeps in Redis (bot/files/; docs/architecture.md#keyspace).

- `file:{id}`: hash, a kept file's name, type, size, conversation, sender, time and SHA-256;
  kept as long as the bytes are;
- `files:unsent`: sorted set, ids of kept files by when they were kept, until a sweep finds them
  in their conversation's transcript (then dropped from the set) or not (then deleted);
- `files:secret`: the key that signs file links when `FILES_SECRET` is not set, made once by
  the first process and shared by every other.
"""

from __future__ import annotations

import secrets
from typing import Any

import redis.asyncio as aioredis

from bot.files.records import FileRecord


class FileRecords:
    """Reads and writes the kept files' records."""

    def __init__(self, redis: aioredis.Redis, prefix: str) -> None:
        self.redis = redis
        self.prefix = prefix

    def _key(self, file_id: str) -> str:
        return f"{self.prefix}file:{file_id}"

    async def add(self, record: FileRecord) -> None:
        """Record a kept file, as not sent yet (`unsent_before` finds it until a message has it)."""
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.hset(self._key(record.id), mapping={
                "name": record.name, "type": record.content_type, "size": record.size,
                "conversation": record.conversation_id, "by": record.sent_by, "ts": repr(record.ts),
                "sha256": record.sha256,
            })
            pipe.zadd(self._unsent(), {record.id: record.ts})
            await pipe.execute()

    def _unsent(self) -> str:
        return f"{self.prefix}files:unsent"

    async def unsent_before(self, ts: float, limit: int = 200) -> list[str]:
        """Ids of files kept before `ts` that no sweep has looked at yet."""
        ids = await self.redis.zrangebyscore(self._unsent(), "-inf", ts, start=0, num=limit)
        return [_text(i) for i in ids]

    async def take_unsent(self, file_id: str) -> bool:
        """Take a file off the unsent set; True for the one process that did (it decides its fate)."""
        return bool(await self.redis.zrem(self._unsent(), file_id))

    async def in_transcript(self, record: FileRecord) -> bool:
        """Whether a message of the file's conversation carries it."""
        needle = f'"id": "{record.id}"'
        key = f"{self.prefix}conv:{record.conversation_id}:log"
        for _, fields in await self.redis.xrange(key, "-", "+"):
            files = fields.get(b"files") or fields.get("files")
            if files and needle in _text(files):
                return True
        return False

    async def forget(self, file_id: str) -> None:
        """Remove a file's record."""
        await self.redis.delete(self._key(file_id))

    async def get(self, file_id: str) -> FileRecord | None:
        """The file's record, or None when there is no such file."""
        fields = {_text(k): _text(v) for k, v in (await self.redis.hgetall(self._key(file_id))).items()}
        if not fields:
            return None
        return FileRecord(file_id, fields["name"], fields["type"], int(fields["size"]), fields["conversation"],
                          fields["by"], float(fields["ts"]), fields["sha256"])

    async def signing_secret(self) -> bytes:
        """The shared link-signing key: made by whichever process asks first."""
        key = f"{self.prefix}files:secret"
        await self.redis.set(key, secrets.token_hex(32), nx=True)
        value = await self.redis.get(key)
        return _text(value).encode()


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)
