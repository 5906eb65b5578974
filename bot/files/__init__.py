"""Photos and files customers and staff send (docs/architecture.md#files).

A file is checked by its content (`kinds`), kept by a storage (`storage`: a local folder, or
S3-compatible object storage in `s3`), recorded with the conversation it belongs to
(`bot.store.file_records`), and reached only through short-lived signed links (`links`,
served by `http`). `service.Files` puts these together for the adapters.
"""

from bot.files.kinds import ALLOWED_TYPES, FileRefused
from bot.files.service import Files

__all__ = ["ALLOWED_TYPES", "FileRefused", "Files"]
