"""Builds the file service from the settings (bot/app.py calls this once per process)."""

from __future__ import annotations

from bot.files.links import FileLinks
from bot.files.service import FileLimits, Files
from bot.files.storage import FileStorage, LocalFolderStorage
from bot.settings import Settings
from bot.store import Store
from bot.store.file_records import FileRecords


def storage_from_settings(settings: Settings) -> FileStorage:
    """S3-compatible object storage when `FILES_S3_BUCKET` is set, else the local folder `FILES_DIR`."""
    if settings.files_s3_bucket:
        from bot.files.s3 import S3Storage  # botocore loads only for those who use it

        return S3Storage(settings.files_s3_bucket, prefix=settings.files_s3_prefix,
                         endpoint_url=settings.files_s3_endpoint_url, region=settings.files_s3_region,
                         access_key_id=settings.files_s3_access_key_id,
                         secret_access_key=settings.files_s3_secret_access_key)
    return LocalFolderStorage(settings.files_dir)


async def files_from_settings(settings: Settings, store: Store) -> Files:
    """The file service: its storage, records, link signer (`FILES_SECRET`, else a key shared
    through Redis) and limits. An S3 bucket is checked first: FileStorageError (one line naming
    FILES_S3_BUCKET) when it can't be used."""
    storage = storage_from_settings(settings)
    records = FileRecords(store.redis, store.keys.prefix)
    try:
        start = getattr(storage, "start", None)  # a storage with something to check first (S3: the bucket)
        if start is not None:
            await start()
        secret = (settings.files_secret.get_secret_value().encode() if settings.files_secret
                  else await records.signing_secret())
    except BaseException:
        await storage.close()
        raise
    return Files(storage, records, FileLinks(secret, settings.files_link_seconds),
                 FileLimits(max_bytes=settings.files_max_bytes))
