"""File bytes in S3-compatible object storage (`FILES_S3_BUCKET`): AWS S3, MinIO, Ceph, Cloudflare
R2, Backblaze B2... Every process and host sees the same files, with no shared volume."""

from __future__ import annotations

import asyncio
from contextlib import AsyncExitStack
from typing import Any

from aiobotocore.session import get_session
from botocore.config import Config
from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    NoCredentialsError,
    PartialCredentialsError,
)
from pydantic import SecretStr

from bot.files.storage import FILE_ID, FileStorageError

# Seconds: a storage that stops answering fails an upload or a download instead of holding it.
CONNECT_TIMEOUT = 5
READ_TIMEOUT = 30
READY_TIMEOUT = 1.5  # a readiness probe's answer, as Redis's (bot/store/redis_store.py)


class S3Storage:
    """Files as objects `{prefix}{file id}` in one bucket, through one client kept open for the
    process (opened by `start`, or by the first use; closed by `close`).

    Without an access key pair, botocore's usual credential chain applies (AWS_* variables, a
    profile, an instance or task role). The keys are never logged nor put in an error message.
    """

    def __init__(self, bucket: str, *, prefix: str = "", endpoint_url: str | None = None,
                 region: str | None = None, access_key_id: SecretStr | None = None,
                 secret_access_key: SecretStr | None = None) -> None:
        self.bucket = bucket
        self.prefix = prefix
        self.endpoint_url = endpoint_url
        self.region = region
        self._access_key_id = access_key_id
        self._secret_access_key = secret_access_key
        self._client: Any = None
        self._exits: AsyncExitStack | None = None
        self._opening = asyncio.Lock()

    def __repr__(self) -> str:
        return f"S3Storage(bucket={self.bucket!r}, prefix={self.prefix!r}, endpoint_url={self.endpoint_url!r})"

    def key(self, file_id: str) -> str:
        """The object key a file is kept under."""
        if not FILE_ID.match(file_id):
            raise ValueError(f"not a file id: {file_id!r}")
        return f"{self.prefix}{file_id}"

    @property
    def where(self) -> str:
        """The storage as an operator names it in a message (never with credentials)."""
        return self.endpoint_url or f"AWS S3 ({self.region or 'default region'})"

    async def start(self) -> None:
        """Open the client and check the bucket answers (HeadBucket), so that a wrong bucket,
        endpoint or key stops the start; FileStorageError names FILES_S3_BUCKET and says why."""
        client = await self._open()
        try:
            await client.head_bucket(Bucket=self.bucket)
        except (ClientError, BotoCoreError) as exc:
            raise FileStorageError(self._start_problem(exc)) from None

    async def ready(self) -> bool:
        """Whether the bucket answers HeadBucket within READY_TIMEOUT seconds."""
        try:
            async with asyncio.timeout(READY_TIMEOUT):
                await (await self._open()).head_bucket(Bucket=self.bucket)
        except Exception:  # noqa: BLE001 - readiness reports any failure as not ready
            return False
        return True

    async def put(self, file_id: str, data: bytes, content_type: str) -> None:
        """Upload the file (an object is written whole or not at all)."""
        key = self.key(file_id)
        client = await self._open()
        try:
            await client.put_object(Bucket=self.bucket, Key=key, Body=data, ContentType=content_type)
        except (ClientError, BotoCoreError) as exc:
            raise FileStorageError(f"could not keep file {file_id} in {self._bucket_at}: {_said(exc)}") from None

    async def get(self, file_id: str) -> bytes | None:
        """Download the file, or None when there is no such object."""
        try:
            key = self.key(file_id)
        except ValueError:
            return None
        client = await self._open()
        try:
            response = await client.get_object(Bucket=self.bucket, Key=key)
            async with response["Body"] as body:
                return bytes(await body.read())
        except ClientError as exc:
            if _code(exc) in ("NoSuchKey", "404", "NotFound"):
                return None
            raise FileStorageError(f"could not read file {file_id} from {self._bucket_at}: {_said(exc)}") from None
        except BotoCoreError as exc:
            raise FileStorageError(f"could not read file {file_id} from {self._bucket_at}: {_said(exc)}") from None

    async def delete(self, file_id: str) -> None:
        """Remove the object (S3 answers the same whether or not it was there)."""
        key = self.key(file_id)
        client = await self._open()
        try:
            await client.delete_object(Bucket=self.bucket, Key=key)
        except (ClientError, BotoCoreError) as exc:
            raise FileStorageError(f"could not delete file {file_id} from {self._bucket_at}: {_said(exc)}") from None

    async def close(self) -> None:
        """Close the client and its connections."""
        async with self._opening:
            exits, self._exits, self._client = self._exits, None, None
            if exits is not None:
                await exits.aclose()

    async def _open(self) -> Any:
        if self._client is not None:
            return self._client
        async with self._opening:
            if self._client is None:
                exits = AsyncExitStack()
                self._client = await exits.enter_async_context(get_session().create_client(
                    "s3", endpoint_url=self.endpoint_url, region_name=self.region, config=self._config(),
                    aws_access_key_id=_plain(self._access_key_id),
                    aws_secret_access_key=_plain(self._secret_access_key),
                ))
                self._exits = exits
        return self._client

    def _config(self) -> Config:
        options: dict[str, Any] = {
            "connect_timeout": CONNECT_TIMEOUT, "read_timeout": READ_TIMEOUT,
            "retries": {"max_attempts": 3, "mode": "standard"},
        }
        if self.endpoint_url:
            # Other S3 servers: bucket-in-the-path URLs (MinIO's and Ceph's default; a
            # bucket.host name would need DNS for each bucket), and no checksum headers beyond
            # what S3 requires (newer botocore sends CRC32 ones that older servers refuse).
            options |= {"s3": {"addressing_style": "path"}, "request_checksum_calculation": "when_required",
                        "response_checksum_validation": "when_required"}
        return Config(**options)

    @property
    def _bucket_at(self) -> str:
        return f"bucket {self.bucket!r} at {self.where}"

    def _start_problem(self, exc: ClientError | BotoCoreError) -> str:
        """One line for the operator: what is wrong with FILES_S3_BUCKET and what to check."""
        bucket = f"FILES_S3_BUCKET: bucket {self.bucket!r}"
        if isinstance(exc, NoCredentialsError | PartialCredentialsError):
            return (f"{bucket}: no S3 credentials found: set FILES_S3_ACCESS_KEY_ID and FILES_S3_SECRET_ACCESS_KEY, "
                    "or give the process AWS credentials (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, a profile, "
                    "an instance role)")
        if not isinstance(exc, ClientError):
            return f"{bucket}: {self.where} could not be reached ({_said(exc)}); check FILES_S3_ENDPOINT_URL"
        status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        if status == 404:
            return f"{bucket} does not exist at {self.where}: create it, or check the name and FILES_S3_ENDPOINT_URL"
        if status == 403:
            return (f"{bucket}: access refused at {self.where} (403): check FILES_S3_ACCESS_KEY_ID and "
                    "FILES_S3_SECRET_ACCESS_KEY, and that they may read and write this bucket")
        headers = exc.response.get("ResponseMetadata", {}).get("HTTPHeaders", {})
        if status in (301, 400) and headers.get("x-amz-bucket-region"):
            return (f"{bucket} is in region {headers['x-amz-bucket-region']}, not {self.region or 'the default'}: "
                    "set FILES_S3_REGION to it")
        return f"{bucket}: {self.where} answered the bucket check with {status} ({_code(exc)})"


def _plain(secret: SecretStr | None) -> str | None:
    return secret.get_secret_value() if secret is not None else None


def _code(exc: ClientError) -> str:
    return str(exc.response.get("Error", {}).get("Code", ""))


def _said(exc: ClientError | BotoCoreError) -> str:
    """What went wrong, in the storage's words (botocore's messages carry no credentials)."""
    if isinstance(exc, ClientError):
        status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        return f"{status} {_code(exc)}".strip()
    return type(exc).__name__
