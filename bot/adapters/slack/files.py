"""Files between a handoff's Slack thread and the customer.

Customer → staff: a file the customer sent (kept by `bot.files.Files`) is uploaded into the
card's thread by an outbox job (`upload_job`) with Slack's external upload:
files.getUploadURLExternal, the bytes to the URL it returns, files.completeUploadExternal naming
the channel and thread. Those are the steps slack_sdk's `files_upload_v2` takes, made one by one
so that the Slack file id is recorded (`CardStore.remember_upload`) before the file is shared: a
job resumed after a crash looks for that file in the thread and does not share it twice. An
upload Slack refuses for good leaves the file's name and a note in the thread instead.

Staff → customer: files a staff member shares in the thread are fetched from their
`url_private_download` with the bot token (only from Slack's own file host, so the token goes
nowhere else), checked by content and kept like any other file, then relayed with the reply.
Customers reach them only through the bot's own signed links, never a Slack address.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from yarl import URL

from bot.adapters.slack.blocks import escape, file_label
from bot.files import FileRefused, Files
from bot.files.kinds import content_type_of
from bot.models import Attachment
from bot.store.outbox import Job
from bot.store.slack_cards import CardStore

log = logging.getLogger(__name__)

UPLOAD_OP = "upload"
SLACK_FILE_HOST = URL("https://files.slack.com")
TRANSFER_TIMEOUT = aiohttp.ClientTimeout(total=60)
RETRYABLE_STATUS = frozenset({429, 500, 502, 503, 504})
GONE_MODES = frozenset({"tombstone", "hidden_by_limit"})  # deleted, or hidden by the workspace's plan


class StaffFileRefused(Exception):
    """A file a staff member shared that does not go to the customer; the message tells them why."""


class UploadRefused(Exception):
    """Slack's upload URL refused the bytes for good (another try would be refused too)."""


def upload_job(conversation_id: str, attachment: Attachment) -> Job:
    """An outbox job: upload a kept file into the thread of the conversation's card when it runs."""
    return {"op": UPLOAD_OP, "current": True, "conversation": conversation_id, "file": attachment.to_dict()}


class SlackFiles:
    """Uploads kept files into handoff threads, and fetches and keeps files staff share there."""

    def __init__(
        self,
        client: AsyncWebClient,
        cards: CardStore,
        files: Files | None,
        *,
        api_url: str,
        is_transient: Callable[[BaseException], bool],
    ) -> None:
        self.client = client
        self.cards = cards
        self.files = files  # SlackInbox.start builds one from the settings when none was given
        self.is_transient = is_transient
        # The bot token goes only to Slack's file host, or to the server SLACK_API_URL names.
        self._trusted = {SLACK_FILE_HOST, URL(api_url).origin()}

    # -- customer → staff --------------------------------------------------------------------

    async def upload(self, job: Job, channel: str, thread_ts: str, *, resumed: bool,
                     metadata: dict[str, Any]) -> None:
        """Run an upload job: the file into the thread, or its name and why not when Slack
        refuses it for good (`metadata` marks that note with the job, like the inbox's posts)."""
        attachment = Attachment.from_dict(job["file"])
        if resumed and await self._in_thread(str(job["id"]), channel, thread_ts):
            return
        found = await self._service().read(attachment.id)
        if found is None:
            log.error("slack: file %s is no longer kept; its name goes to the thread instead", attachment.id)
            await self._note(attachment, "Baton no longer has the file", channel, thread_ts, metadata)
            return
        try:
            await self._upload(str(job["id"]), found[1], attachment.name, channel, thread_ts)
        except (SlackApiError, UploadRefused) as exc:
            if self.is_transient(exc):
                raise  # the outbox tries again later; nothing is lost
            reason = str(exc.response.get("error") or exc) if isinstance(exc, SlackApiError) else str(exc)
            log.error("slack: upload of file %s refused for good: %s", attachment.id, reason)
            await self._note(attachment, f"Slack refused the upload ({reason})", channel, thread_ts, metadata)

    async def _upload(self, job_id: str, data: bytes, name: str, channel: str, thread_ts: str) -> None:
        issued = await self.client.files_getUploadURLExternal(filename=name, length=len(data))
        file_id, url = str(issued["file_id"]), str(issued["upload_url"])
        await self.cards.remember_upload(job_id, file_id)  # before it can be shared: see _in_thread
        async with self._http() as session, session.post(url, data=data, timeout=TRANSFER_TIMEOUT) as response:
            answer = (await response.text())[:200]
            if response.status in RETRYABLE_STATUS:
                raise aiohttp.ClientResponseError(response.request_info, (), status=response.status, message=answer)
            if response.status != 200:
                raise UploadRefused(f"the upload URL answered {response.status}: {answer}")
        await self.client.files_completeUploadExternal(
            files=[{"id": file_id, "title": name}], channel_id=channel, thread_ts=thread_ts)
        log.info("slack: uploaded %s into %s/%s as %s", name, channel, thread_ts, file_id)

    async def _in_thread(self, job_id: str, channel: str, thread_ts: str) -> bool:
        """Whether a try before a restart already shared the job's file (or its note) in the thread."""
        file_id = await self.cards.upload_of(job_id)
        response = await self.client.conversations_replies(
            channel=channel, ts=thread_ts, include_all_metadata=True, limit=200)
        for message in response.get("messages") or []:
            marked = ((message.get("metadata") or {}).get("event_payload") or {}).get("job") == job_id
            shared = bool(file_id) and any(f.get("id") == file_id for f in message.get("files") or [])
            if marked or shared:
                log.info("slack: upload job %s had reached Slack before a restart; not made again", job_id)
                return True
        return False

    async def _note(self, attachment: Attachment, reason: str, channel: str, thread_ts: str,
                    metadata: dict[str, Any]) -> None:
        text = (f":warning: {file_label(attachment)} could not be put in this thread: {escape(reason)}. "
                f"Baton keeps the file (id `{attachment.id}`).")
        await self.client.chat_postMessage(channel=channel, thread_ts=thread_ts, text=text, unfurl_links=False,
                                           unfurl_media=False, metadata=metadata)

    # -- staff → customer --------------------------------------------------------------------

    async def keep_shared(self, shared: Sequence[Mapping[str, Any]], *, conversation_id: str,
                          sent_by: str) -> list[Attachment]:
        """Fetch the files of a staff message from Slack and keep them for the conversation; all
        or none: StaffFileRefused (nothing kept) names the first file that cannot go and why."""
        files = self._service()
        if len(shared) > files.limits.per_message:
            raise StaffFileRefused(f"at most {files.limits.per_message} files go with one reply; "
                                   "share the others in another message.")
        fetched = [await self._fetch(item, files.limits.max_bytes) for item in shared]
        for name, data in fetched:  # every file checked before any is kept
            try:
                content_type_of(data)
            except FileRefused as exc:
                raise StaffFileRefused(_why(name, exc)) from None
        kept: list[Attachment] = []
        for name, data in fetched:
            try:
                kept.append(await files.keep(data, name, conversation_id=conversation_id, sent_by=sent_by))
            except FileRefused as exc:
                raise StaffFileRefused(_why(name, exc)) from None
        return kept

    async def _fetch(self, item: Mapping[str, Any], max_bytes: int) -> tuple[str, bytes]:
        name = str(item.get("name") or item.get("title") or "file")
        shown = escape(name[:100])
        if item.get("mode") in GONE_MODES:
            raise StaffFileRefused(f"Slack no longer lets apps read {shown} (deleted, or hidden by the plan).")
        if item.get("is_external") or item.get("mode") == "external":
            raise StaffFileRefused(f"{shown} is a link to a file stored outside Slack; upload the file itself.")
        size = item.get("size")
        if isinstance(size, int) and size > max_bytes:
            raise StaffFileRefused(f"{shown} is larger than {_megabytes(max_bytes)}, the most a customer is sent.")
        url = str(item.get("url_private_download") or item.get("url_private") or "")
        if not self._from_slack(url):
            log.warning("slack: not fetching %s from %r: not Slack's file host", name, url[:200])
            raise StaffFileRefused(f"{shown} is not stored by Slack, so Baton does not fetch it; "
                                   "upload the file itself.")
        try:
            async with self._http() as session, session.get(
                    url, headers={"Authorization": f"Bearer {self.client.token}"},
                    timeout=TRANSFER_TIMEOUT) as response:
                if response.status != 200:
                    raise StaffFileRefused(f"Slack did not hand over {shown} (HTTP {response.status}); "
                                           "share it again in a moment.")
                if response.content_type == "text/html":  # Slack's sign-in page: the token may not read files
                    log.error("slack: a file download returned a web page: does the app have the files:read scope?")
                    raise StaffFileRefused(f"Slack did not hand over {shown}: Baton may lack the files:read "
                                           "permission (tell whoever runs Baton).")
                data = await _read_at_most(response, max_bytes)
        except (aiohttp.ClientError, TimeoutError) as exc:
            log.warning("slack: fetching %s failed: %s", name, exc)
            raise StaffFileRefused(f"{shown} could not be fetched from Slack; share it again in a moment.") from None
        if data is None:
            raise StaffFileRefused(f"{shown} is larger than {_megabytes(max_bytes)}, the most a customer is sent.")
        return name, data

    def _from_slack(self, url: str) -> bool:
        try:
            return bool(url) and URL(url).origin() in self._trusted
        except ValueError:  # not an absolute http(s) URL
            return False

    @contextlib.asynccontextmanager
    async def _http(self) -> AsyncIterator[aiohttp.ClientSession]:
        """The Web API client's HTTP session (the inbox opens one at start), else a short-lived one."""
        if self.client.session is not None:
            yield self.client.session
            return
        async with aiohttp.ClientSession() as session:
            yield session

    def _service(self) -> Files:
        if self.files is None:
            raise RuntimeError("the Slack inbox's file service is set at start()")
        return self.files


async def _read_at_most(response: aiohttp.ClientResponse, limit: int) -> bytes | None:
    """The body, or None as soon as it is longer than `limit` (the rest is not read)."""
    chunks: list[bytes] = []
    total = 0
    async for chunk in response.content.iter_chunked(64 * 1024):
        total += len(chunk)
        if total > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def _why(name: str, refused: FileRefused) -> str:
    """Why a staff member's file does not reach the customer, in their words."""
    shown = escape(name[:100])
    if refused.code == "unsupported_file":
        return (f"{shown} is not a photo or a PDF (Baton reads the file itself, not its name): only photos "
                "(JPEG, PNG, GIF, WebP) and PDFs reach the customer.")
    if refused.code == "empty_file":
        return f"{shown} is empty."
    return f"{shown}: {refused}"


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g} MB"
