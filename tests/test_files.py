"""Photos and files: checked by content, kept once per conversation, reached only by signed links,
and carried by the conversation core with the customer's and staff's messages.

Real Redis, a real local folder, the real aiohttp server over a loopback socket; the core runs
with the doubles of tests/support/core_doubles.py around it (a scripted brain, a recording channel
and inbox), as tests/test_core_flow.py does.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from aiohttp.test_utils import TestServer

from bot.brand import Brand
from bot.escalation.engine import RulesEngine
from bot.files.kinds import FileRefused, safe_name
from bot.files.links import FileLinks
from bot.files.records import attachments_field
from bot.files.service import FileLimits, Files
from bot.files.storage import LocalFolderStorage
from bot.models import Inbound, Participant
from bot.router import Conversations
from bot.store import Store, connect_redis
from bot.store.file_records import FileRecords
from tests.support.core_doubles import RecordingChannel, RecordingInbox, ScriptedBrain
from tests.support.files import html_page, pdf, png, windows_program
from tests.support.staff import DANA

pytestmark = pytest.mark.timeout(30)

RULES = """
tags:
  - name: legal
    handoff: true
    when:
      keywords: [lawyer]
"""


@pytest.fixture
async def files(redis_url: str, redis_prefix: str, tmp_path: Path) -> AsyncIterator[Files]:
    """The file service on real Redis and a temporary folder, links valid for a minute."""
    store = Store(connect_redis(redis_url), prefix=redis_prefix)
    records = FileRecords(store.redis, store.keys.prefix)
    service = Files(LocalFolderStorage(tmp_path / "files"), records,
                    FileLinks(await records.signing_secret(), 60), FileLimits(max_bytes=64 * 1024))
    yield service
    await store.close()



# -- what is taken -------------------------------------------------------------------------------


@pytest.mark.parametrize(("data", "kind"), [(png(), "image/png"), (pdf(), "application/pdf")])
async def test_a_photo_or_pdf_is_kept_with_the_type_its_content_has(files: Files, data: bytes, kind: str) -> None:
    """The type comes from the bytes: a PDF named .jpg is a PDF, and gets a .pdf name."""
    attachment = await files.keep(data, "receipt.jpg", conversation_id="c1", sent_by="customer")

    assert attachment.content_type == kind and attachment.size == len(data)
    assert attachment.name == ("receipt.jpg.pdf" if kind == "application/pdf" else "receipt.jpg.png")
    record, stored = (await files.read(attachment.id)) or (None, b"")
    assert stored == data and record is not None and record.conversation_id == "c1"


@pytest.mark.parametrize(("data", "code"), [
    (windows_program(), "unsupported_file"), (html_page(), "unsupported_file"), (b"", "empty_file"),
    (png(extra=70 * 1024), "file_too_large"),
])
async def test_a_program_a_page_an_empty_or_oversize_file_is_refused_and_nothing_kept(
    files: Files, tmp_path: Path, data: bytes, code: str,
) -> None:
    """A renamed program is not a photo; a refusal says why and leaves nothing in the folder."""
    with pytest.raises(FileRefused) as refused:
        await files.keep(data, "photo.jpg", conversation_id="c1", sent_by="customer")

    assert refused.value.code == code and str(refused.value)
    assert not any(p.is_file() for p in (tmp_path / "files").rglob("*"))


def test_names_lose_folders_and_odd_characters_and_keep_their_content_extension() -> None:
    """What staff and customers see as the name can't climb folders or break a header."""
    assert safe_name("../../etc/passwd", "image/png") == "passwd.png"
    assert safe_name('C:\\Users\\me\\Damage "box".JPEG', "image/jpeg") == "Damage _box.jpg"
    assert safe_name("", "application/pdf") == "file.pdf"
    assert len(safe_name("a" * 300 + ".png", "image/png")) == 100


async def test_a_client_can_attach_only_files_kept_for_its_own_conversation(files: Files) -> None:
    """Naming another conversation's file id gets nothing (no reading someone else's photo)."""
    mine = await files.keep(png(), "mine.png", conversation_id="c1", sent_by="customer")
    theirs = await files.keep(png(), "theirs.png", conversation_id="c2", sent_by="customer")

    assert await files.of_conversation([mine.id], "c1") == [mine]
    assert await files.of_conversation([mine.id, theirs.id], "c1") is None
    assert await files.of_conversation(["no-such-file-id-000"], "c1") is None


# -- links ---------------------------------------------------------------------------------------


async def test_a_signed_link_serves_the_file_safely(files: Files, file_server: TestServer) -> None:
    """The bytes come back with their type, never sniffed, sandboxed and not cached publicly."""
    attachment = await files.keep(png(), "damage.png", conversation_id="c1", sent_by="customer")
    async with aiohttp.ClientSession() as http, http.get(file_server.make_url(files.link(attachment))) as response:
        body = await response.read()
        headers = response.headers

    assert response.status == 200 and body == png()
    assert headers["Content-Type"] == "image/png"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in headers["Content-Security-Policy"]
    assert headers["Content-Disposition"] == 'inline; filename="damage.png"'


async def test_an_expired_tampered_or_borrowed_link_is_refused(files: Files, file_server: TestServer) -> None:
    """A link can't be stretched, and one file's signature doesn't open another."""
    one = await files.keep(png(), "one.png", conversation_id="c1", sent_by="customer")
    other = await files.keep(pdf(), "other.pdf", conversation_id="c2", sent_by="customer")
    expired = files.links.link(one.id, one.name, now=0)
    good = files.link(one)
    stretched = good.replace("e=", "e=9")
    borrowed = good.replace(one.id, other.id)
    async with aiohttp.ClientSession() as http:
        statuses = []
        for path in (expired, stretched, borrowed):
            async with http.get(file_server.make_url(path)) as response:
                statuses.append(response.status)
                text = await response.text()

    assert statuses == [403, 403, 403]
    assert "expired" in text


def test_a_link_made_again_seconds_later_is_the_same_link() -> None:
    """The inbox draws its page again on every live event: its photos keep their links (and are not
    fetched again) while a link still works for its whole lifetime, and at most a tenth longer."""
    links = FileLinks(b"k" * 32, 3600)
    first = links.link("abcdefghijklmnopqrstu", "x.png", now=1_000_000.0)
    assert links.link("abcdefghijklmnopqrstu", "x.png", now=1_000_042.5) == first
    expires = int(first.split("e=")[1].split("&")[0])
    assert 1_000_000 + 3600 <= expires <= 1_000_000 + 3960
    later = links.link("abcdefghijklmnopqrstu", "x.png", now=1_000_400.0)
    assert later != first and links.valid("abcdefghijklmnopqrstu", expires=later.split("e=")[1].split("&")[0],
                                          signature=later.split("s=")[1], now=1_000_400.0 + 3600)


async def test_every_process_signs_with_the_same_shared_key(files: Files) -> None:
    """Without FILES_SECRET the key is made once in Redis: a link from one process works in another."""
    again = await files.records.signing_secret()
    other = FileLinks(again, 60)
    link = files.links.link("abcdefghijklmnopqrstu", "x.png")
    query = dict(part.split("=") for part in link.split("?")[1].split("&"))

    assert other.valid("abcdefghijklmnopqrstu", query["e"], query["s"])


# -- the core carries them -----------------------------------------------------------------------


@pytest.fixture
async def core(tmp_path: Path) -> AsyncIterator[tuple[Conversations, RecordingChannel, RecordingInbox, Store]]:
    """A conversation core on an in-memory store with a recording channel and inbox."""
    rules = tmp_path / "rules.yaml"
    rules.write_text(RULES, encoding="utf-8")
    store = Store(connect_redis(None), prefix="files-test:")
    conversations = Conversations(store, ScriptedBrain({"Is this damage covered?": ("Yes, within 30 days.", 0.9)}),
                                  RulesEngine.from_file(rules), Brand())
    channel, inbox = RecordingChannel("testchat"), RecordingInbox()
    conversations.register_channel(channel)
    conversations.register_inbox(inbox)
    yield conversations, channel, inbox, store
    await conversations.aclose()
    await store.close()


def _inbound(text: str, *attachments: object, ref: str = "c-1") -> Inbound:
    return Inbound("testchat", ref, uuid.uuid4().hex, Participant(), text, tuple(attachments))  # type: ignore[arg-type]


async def test_a_photo_with_a_question_is_kept_in_the_transcript_and_answered(core, files: Files) -> None:
    """The customer's photo stays with their words; the bot answers the words."""
    conversations, channel, _, store = core
    photo = await files.keep(png(), "box.png", conversation_id="c", sent_by="customer")
    accepted = await conversations.receive(_inbound("Is this damage covered?", photo))
    await conversations.drain()

    transcript = await store.transcript(accepted.conversation.id)
    assert transcript[0].attachments == [photo]
    assert channel.texts(accepted.conversation.id) == [("bot", "Yes, within 30 days.")]


async def test_a_photo_alone_is_acknowledged_not_judged(core, files: Files) -> None:
    """No words: the bot says it kept the file instead of guessing an answer or handing off."""
    conversations, channel, inbox, _ = core
    photo = await files.keep(png(), "box.png", conversation_id="c", sent_by="customer")
    accepted = await conversations.receive(_inbound("", photo))
    await conversations.drain()

    assert channel.texts(accepted.conversation.id) == [("bot", Brand().file_received_message)]
    assert inbox.opened == []


async def test_staff_see_the_photo_at_handoff_and_their_file_reaches_the_customer(core, files: Files) -> None:
    """The card's transcript carries the customer's photo; a staff reply may be a file alone."""
    conversations, channel, inbox, store = core
    photo = await files.keep(png(), "box.png", conversation_id="c", sent_by="customer")
    first = await conversations.receive(_inbound("Look at this", photo))
    await conversations.drain()
    second = await conversations.receive(_inbound("I will talk to my lawyer"))
    await conversations.drain()
    conversation_id = second.conversation.id
    label = await files.keep(pdf(), "return-label.pdf", conversation_id=conversation_id, sent_by=DANA.id)

    outcome = await conversations.reply(conversation_id, DANA, "", attachments=[label])

    assert first.conversation.id == conversation_id
    opened_transcript = inbox.opened[0].transcript
    assert opened_transcript[0].attachments == [photo]
    assert outcome.ok
    sent = channel.by(conversation_id, "human")
    assert [m.attachments for m in sent] == [[label]]
    assert (await store.transcript(conversation_id))[-1].attachments == [label]


async def test_an_empty_staff_reply_without_a_file_is_still_refused(core) -> None:
    """Nothing to send is not sent."""
    conversations, _, _, _ = core
    accepted = await conversations.receive(_inbound("I will talk to my lawyer"))
    await conversations.drain()

    outcome = await conversations.reply(accepted.conversation.id, DANA, "  ")

    assert not outcome.ok


async def test_a_storage_failure_is_a_retryable_503_not_a_crash(files: Files, file_server: TestServer,
                                                                tmp_path: Path) -> None:
    """A disk (or bucket) that fails mid-read answers 503 with Retry-After; the link stays good."""
    attachment = await files.keep(png(), "box.png", conversation_id="c1", sent_by="customer")
    kept = next(p for p in (tmp_path / "files").rglob(attachment.id))
    kept.unlink()
    kept.mkdir()  # reading it now fails with an OSError other than "not found"
    async with aiohttp.ClientSession() as http, http.get(file_server.make_url(files.link(attachment))) as response:
        status, retry = response.status, response.headers.get("Retry-After")

    assert (status, retry) == (503, "30")


async def test_a_file_nobody_sent_is_deleted_after_the_grace_and_a_sent_one_stays(redis_url: str, redis_prefix: str,
                                                                                 tmp_path: Path) -> None:
    """An upload the customer never sent (or a refused staff reply's file) doesn't fill the disk;
    a file a message carries is never swept, and two processes sweeping decide each file once."""
    store = Store(connect_redis(redis_url), prefix=redis_prefix)
    records = FileRecords(store.redis, store.keys.prefix)
    service = Files(LocalFolderStorage(tmp_path / "files"), records, FileLinks(b"k" * 32, 60), FileLimits())
    try:
        conversation, _ = await store.find_or_create("testchat", "sweep-1", Participant())
        sent = await service.keep(png(), "sent.png", conversation_id=conversation.id, sent_by="customer")
        unsent = await service.keep(pdf(), "never.pdf", conversation_id=conversation.id, sent_by="customer")
        await store.append(conversation.id, "customer", "", extra={"files": attachments_field([sent])})

        assert await service.sweep_unsent(older_than=3600) == 0  # still within the grace
        swept = await asyncio.gather(service.sweep_unsent(older_than=0), service.sweep_unsent(older_than=0))

        assert sum(swept) == 1
        assert await service.read(unsent.id) is None and await service.record(unsent.id) is None
        assert (await service.read(sent.id)) is not None
        assert await service.sweep_unsent(older_than=0) == 0
    finally:
        await store.close()
