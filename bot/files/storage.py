"""Where file bytes are kept: the `FileStorage` interface and its default, a local folder."""

from __future__ import annotations

import asyncio
import os
import re
import tempfile
from pathlib import Path
from typing import Protocol

FILE_ID = re.compile(r"^[A-Za-z0-9_-]{16,64}$")  # what Files.keep makes; nothing else is a key or a path


class FileStorageError(OSError):
    """The storage could not keep, read or delete a file, or (at start) cannot be used at all;
    the message is one line for the operator, naming the setting to check, never a secret."""


class FileStorage(Protocol):
    """Keeps file bytes by id. Ids are made by Baton (`Files.keep`), never by a sender."""

    async def put(self, file_id: str, data: bytes, content_type: str) -> None:
        """Keep `data` under `file_id` (written whole or not at all)."""
        ...

    async def get(self, file_id: str) -> bytes | None:
        """The bytes kept under `file_id`, or None when there are none."""
        ...

    async def delete(self, file_id: str) -> None:
        """Forget `file_id` (nothing happens when it is not there)."""
        ...

    async def close(self) -> None:
        """Release connections."""
        ...

    async def ready(self) -> bool:
        """Whether files can be kept right now (for `/readyz`; quick, never raises)."""
        ...


class LocalFolderStorage:
    """Files in a folder on this machine (`FILES_DIR`): for one server, or a volume the web
    processes share. Each file is written to a temporary name and renamed, so a crash never
    leaves half a file under its id."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, file_id: str) -> Path:
        if not FILE_ID.match(file_id):
            raise ValueError(f"not a file id: {file_id!r}")
        return self.root / file_id[:2] / file_id

    async def put(self, file_id: str, data: bytes, content_type: str) -> None:
        """Write the file (off the event loop)."""
        await asyncio.to_thread(self._write, self._path(file_id), data)

    async def get(self, file_id: str) -> bytes | None:
        """Read the file (off the event loop), or None."""
        try:
            path = self._path(file_id)
        except ValueError:
            return None
        return await asyncio.to_thread(_read, path)

    async def delete(self, file_id: str) -> None:
        """Remove the file if it is there."""
        await asyncio.to_thread(self._path(file_id).unlink, missing_ok=True)

    async def close(self) -> None:
        """Nothing to release."""

    async def ready(self) -> bool:
        """Whether the folder exists (or can be made) and this process may write in it."""
        return await asyncio.to_thread(self._writable)

    def _writable(self) -> bool:
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError:
            return False
        return os.access(self.root, os.W_OK | os.X_OK)

    @staticmethod
    def _write(path: Path, data: bytes) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".part-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
