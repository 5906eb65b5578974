"""Builds the file service from the settings (bot/app.py calls this once per process)."""

from __future__ import annotations

from bot.files.links import FileLinks
from bot.files.service import FileLimits, Files
from bot.files.storage import FileStorage, LocalFolderStorage
from bot.settings import Settings
from bot.store import Store
from bot.store.file_records import FileRecords


def storage_from_settings(settings: Settings) -> FileStorage:
    """The local folder `FILES_DIR`."""
    return LocalFolderStorage(settings.files_dir)


async def files_from_settings(settings: Settings, store: Store) -> Files:
    """The file service: its storage, records, link signer (`FILES_SECRET`, else a key shared
    through Redis) and limits."""
    records = FileRecords(store.redis, store.keys.prefix)
    secret = (settings.files_secret.get_secret_value().encode() if settings.files_secret
              else await records.signing_secret())
    return Files(storage_from_settings(settings), records, FileLinks(secret, settings.files_link_seconds),
                 FileLimits(max_bytes=settings.files_max_bytes))
