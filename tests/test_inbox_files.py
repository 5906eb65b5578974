"""Photos and PDFs on the built-in inbox page: a customer's photo in the transcript behind a
signed link, staff replies that carry files to the customer, and files the page refuses.

The real bot on a loopback port (real Redis, a temporary FILES_DIR), driven over HTTP the way a
browser posts the reply form (multipart, the CSRF token first); the customer is a real web-chat
WebSocket client.
"""

from __future__ import annotations

import asyncio
import html
import json
import re
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from aiohttp.test_utils import TestServer

from bot.app import Services
from bot.models import Inbound, Message
from bot.settings import Settings
from tests.support.files import pdf, png, windows_program
from tests.support.inbox_page import handed_off, serve_inbox
from tests.support.webchat_client import ChatClient, base_url
from tests.test_inbox_page import (
    FLASH,
    browser_session,
    sign_in,
)

pytestmark = pytest.mark.timeout(120)

SMALL_LIMIT = 4096  # FILES_MAX_BYTES of the test that checks the limit
PHOTO = re.compile(r'<a href="(/files/[^"]+)" target="_blank" rel="noopener noreferrer"[^>]*>'
                   r'<img src="([^"]+)" alt="([^"]*)" loading="lazy"')
DOC = re.compile(r'<a href="(/files/[^"]+)" target="_blank" rel="noopener noreferrer">'
                 r'<span class="name">([^<]*)</span></a> <span class="size">([^<]*)</span>')
REPLY_BOX = re.compile(r'<textarea id="reply-text"[^>]*>([^<]*)</textarea>')


@pytest.fixture
def files_max_bytes() -> int:
    """FILES_MAX_BYTES for the test bot (a test parametrizes it smaller)."""
    return 10 * 1024 * 1024


@pytest.fixture
def files_dir(tmp_path: Path) -> Path:
    """Where this test's bot keeps files (FILES_DIR)."""
    return tmp_path / "files"


@pytest.fixture
def settings(settings: Settings, files_dir: Path, files_max_bytes: int) -> Settings:
    """The test bot with its own file folder and file limit."""
    return settings.model_copy(update={"files_dir": files_dir, "files_max_bytes": files_max_bytes})


@pytest.fixture
async def inbox(services: Services) -> AsyncIterator[str]:
    """The bot with its inbox page on a loopback port (name-only sign-in); its base URL."""
    server: TestServer = serve_inbox(services)
    await server.start_server()
    yield base_url(server)
    await server.close()


def kept(files_dir: Path) -> list[Path]:
    """The files in the bot's folder."""
    return sorted(p for p in files_dir.rglob("*") if p.is_file()) if files_dir.exists() else []


async def post_reply(
    http: aiohttp.ClientSession, url: str, conversation: str, csrf: str | None, text: str,
    files: list[tuple[str, bytes]], *, csrf_first: bool = True, origin: str | None = None,
) -> tuple[int, str]:
    """Post the reply form as a browser does (multipart: csrf, text, the chosen files), follow
    the redirect back to the conversation; the status and the page."""
    fields: list[tuple[str, str | None, bytes]] = [("text", None, text.encode())]
    fields += [("files", name, data) for name, data in files]
    if csrf is not None:
        fields.insert(0 if csrf_first else len(fields), ("csrf", None, csrf.encode()))
    body, content_type = browser_multipart(fields)
    headers = {"Content-Type": content_type, **({"Origin": origin} if origin else {})}
    async with http.post(f"{url}/inbox/c/{conversation}/reply", data=body, headers=headers) as response:
        return response.status, await response.text()


def browser_multipart(fields: list[tuple[str, str | None, bytes]]) -> tuple[bytes, str]:
    """A multipart/form-data body written the way Chromium writes one (file names as typed, only
    `"` and line breaks escaped), and its content type."""
    boundary = "----BatonTestBoundary" + uuid.uuid4().hex
    body = bytearray()
    for name, filename, value in fields:
        disposition = f'form-data; name="{name}"'
        if filename is not None:
            escaped = filename.replace('"', "%22").replace("\r", "%0D").replace("\n", "%0A")
            disposition += f'; filename="{escaped}"'
        body += f"--{boundary}\r\nContent-Disposition: {disposition}\r\n".encode()
        if filename is not None:
            body += b"Content-Type: application/octet-stream\r\n"
        body += b"\r\n" + value + b"\r\n"
    body += f"--{boundary}--\r\n".encode()
    return bytes(body), f"multipart/form-data; boundary={boundary}"


def flash(page: str) -> str:
    """The notice on top of the page, as the staff member reads it."""
    found = FLASH.search(page)
    return html.unescape(found.group(1)) if found else ""


def reply_box(page: str) -> str:
    """What is in the reply box."""
    found = REPLY_BOX.search(page)
    return html.unescape(found.group(1)) if found else ""


async def fetch(url: str, link: str) -> tuple[int, bytes, str]:
    """GET a signed link with no cookies at all (as a new tab or the customer's widget would)."""
    async with aiohttp.ClientSession() as http, http.get(f"{url}{link}") as response:
        return response.status, await response.read(), response.headers.get("Content-Type", "")


async def customer_sends_photo(services: Services, conversation_id: str, data: bytes, name: str) -> None:
    """The customer's photo, kept by the file service and received by the core (as the widget's
    upload and message do)."""
    photo = await services.files.keep(data, name, conversation_id=conversation_id, sent_by="customer")
    conversation = await services.store.get(conversation_id)
    await services.conversations.receive(Inbound("webchat", conversation.external_ref, uuid.uuid4().hex,
                                                 conversation.participant, "", attachments=(photo,)))


async def last_human(services: Services, conversation_id: str) -> Message | None:
    """The latest staff reply in the stored transcript."""
    replies = [m for m in await services.store.transcript(conversation_id) if m.author == "human"]
    return replies[-1] if replies else None


async def test_a_customers_photo_shows_in_the_transcript_with_a_working_signed_link(
    inbox: str, services: Services
) -> None:
    customer = await handed_off(inbox)
    conversation = customer.welcome["conversation"]
    photo = png(40, 30)
    await customer_sends_photo(services, conversation, photo, "damaged box.png")

    http, _ = await sign_in(inbox, "Dana")
    async with http:
        async with http.get(f"{inbox}/inbox") as listing:
            assert "Sent damaged box.png" in await listing.text(), "the list previews a message of files alone"
        async with http.get(f"{inbox}/inbox/c/{conversation}") as page:
            text = await page.text()
            assert "img-src 'self'" in page.headers["Content-Security-Policy"]
    found = PHOTO.search(text)
    assert found is not None, "the photo is a thumbnail that opens the full image in a new tab"
    href, src, alt = found.groups()
    assert href == src and alt == "damaged box.png"
    assert re.fullmatch(r"/files/[\w-]+/damaged%20box\.png\?e=\d+&amp;s=[0-9a-f]{32}", href)

    link = html.unescape(href)
    status, body, content_type = await fetch(inbox, link)
    assert (status, body, content_type) == (200, photo, "image/png")
    forged = re.sub(r"s=[0-9a-f]{32}", "s=" + "0" * 32, link)
    assert (await fetch(inbox, forged))[0] == 403, "a link not signed by the bot opens nothing"
    await customer.close()


async def test_a_staff_reply_with_a_pdf_reaches_the_customer_and_a_renamed_program_is_refused(
    inbox: str, services: Services, files_dir: Path
) -> None:
    customer = await handed_off(inbox)
    conversation = customer.welcome["conversation"]
    label = pdf() + b"%" + b"x" * (1536 * 1024)  # 1.5 MB: past the app's 1 MB limit for other forms
    http, csrf = await sign_in(inbox, "Dana")
    async with http:
        status, page = await post_reply(http, inbox, conversation, csrf, "Here is your return label.",
                                        [("return-label.pdf", label)])
        assert status == 200 and flash(page) == "Sent to the customer."
        shown = DOC.search(page)
        assert shown is not None and shown.group(2, 3) == ("return-label.pdf", "1.5 MB")

        relayed = await customer.expect("message", lambda f: f["author"] == "human")
        assert (relayed["name"], relayed["text"]) == ("Dana", "Here is your return label.")
        [sent] = relayed["attachments"]
        assert (sent["name"], sent["type"], sent["size"]) == ("return-label.pdf", "application/pdf", len(label))
        assert await fetch(inbox, sent["url"]) == (200, label, "application/pdf")
        reply = await last_human(services, conversation)
        assert reply is not None and [a.name for a in reply.attachments] == ["return-label.pdf"]
        record = await services.files.record(reply.attachments[0].id)
        assert record is not None and (record.conversation_id, record.sent_by) == (conversation, "name:dana")

        # A program renamed to look harmless, sent with a real photo: nothing goes out, not even the photo.
        before = kept(files_dir)
        status, page = await post_reply(http, inbox, conversation, csrf, "And a photo of the parcel.",
                                        [("parcel.png", png()), ("box.exe", windows_program())])
        assert status == 200
        assert flash(page).startswith("box.exe: only photos and PDFs can be sent")
        assert flash(page).endswith("Nothing was sent; your text is still in the reply box.")
        assert reply_box(page) == "And a photo of the parcel.", "the typed text is not lost"
        # The same program named like a PDF is judged by its content too.
        status, page = await post_reply(http, inbox, conversation, csrf, "", [("invoice.pdf", windows_program())])
        assert flash(page).startswith("invoice.pdf: only photos and PDFs can be sent")
        assert flash(page).endswith("Nothing was sent.")
        # A file name is the sender's input: shown as text, never markup.
        status, page = await post_reply(http, inbox, conversation, csrf, "x",
                                        [('<img src=x onerror="alert(1)">.exe', windows_program())])
        assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;.exe: only photos" in page
        assert "<img src=x" not in page
    assert kept(files_dir) == before, "a refused reply keeps none of its files"
    assert [f for f in await customer.quiet_for(1.0) if f["type"] == "message"] == []
    assert (await last_human(services, conversation)) == reply, "nothing more reached the transcript"
    await customer.close()


@pytest.mark.parametrize("files_max_bytes", [SMALL_LIMIT])
async def test_files_over_the_limits_are_refused_and_a_photo_alone_is_a_reply(
    inbox: str, services: Services, files_dir: Path
) -> None:
    customer = await handed_off(inbox)
    conversation = customer.welcome["conversation"]
    http, csrf = await sign_in(inbox, "Dana")
    async with http:
        async with http.get(f"{inbox}/inbox/c/{conversation}") as page:
            assert "up to 5 files, 4 KB each" in await page.text(), "the form says the limits"
        status, page = await post_reply(http, inbox, conversation, csrf, "The label",
                                        [("label.pdf", pdf() + b"%" + b"x" * SMALL_LIMIT)])
        assert status == 200
        assert flash(page) == ("label.pdf: larger than 4 KB, the most one file may be. "
                               "Nothing was sent; your text is still in the reply box.")
        assert reply_box(page) == "The label"
        status, page = await post_reply(http, inbox, conversation, csrf, "Photos",
                                        [(f"p{i}.png", png()) for i in range(6)])
        assert flash(page).startswith("Attach at most 5 files to one reply.")
        status, page = await post_reply(http, inbox, conversation, csrf, "  ", [])
        assert flash(page) == "Your reply was not sent: write something or attach a photo or PDF."
        assert kept(files_dir) == [] and await last_human(services, conversation) is None

        status, page = await post_reply(http, inbox, conversation, csrf, "", [("label.png", png(extra=2000))])
        assert flash(page) == "Sent to the customer."
    relayed = await customer.expect("message", lambda f: f["author"] == "human")
    assert relayed["text"] == "" and [a["name"] for a in relayed["attachments"]] == ["label.png"]
    await customer.close()


async def test_an_upload_is_refused_before_any_file_is_kept_without_the_pages_token(
    inbox: str, services: Services, files_dir: Path
) -> None:
    customer = await handed_off(inbox)
    conversation = customer.welcome["conversation"]
    http, csrf = await sign_in(inbox, "Dana")
    async with http:
        attempts: list[tuple[str | None, bool, str | None]] = [  # (csrf, csrf first, Origin)
            (csrf, False, None),  # a file before the token: not read at all
            ("not-the-token", True, None),
            (None, True, None),
            (csrf, True, "https://evil.example"),
        ]
        for token, first, origin in attempts:
            status, text = await post_reply(http, inbox, conversation, token, "hi", [("label.pdf", pdf())],
                                            csrf_first=first, origin=origin)
            assert status == 403 and "did not come from the inbox page" in text, (token, first, origin)
    async with browser_session() as stranger:  # no staff session at all
        status, _ = await post_reply(stranger, inbox, conversation, csrf, "hi", [("label.pdf", pdf())])
        assert status == 403
    assert kept(files_dir) == [] and await last_human(services, conversation) is None
    assert (await services.store.get(conversation)).state == "waiting"
    await customer.close()


async def test_a_new_photo_from_the_customer_reaches_an_open_page_by_its_live_stream(
    inbox: str, services: Services
) -> None:
    """The live stream wakes the page up; the page it then fetches shows the new photo."""
    customer: ChatClient = await handed_off(inbox)
    conversation = customer.welcome["conversation"]
    http, _ = await sign_in(inbox, "Dana")
    async with http, http.get(f"{inbox}/inbox/live") as stream:

        async def next_wake() -> dict[str, str]:
            while True:
                line = (await stream.content.readline()).decode()
                if line.startswith("data: ") and line.strip() != "data: {}":
                    return json.loads(line[6:])

        assert (await stream.content.readuntil(b"\n\n")).endswith(b"data: {}\n\n"), "ready: subscribed"
        await customer_sends_photo(services, conversation, png(8, 8), "scratch.png")
        wake = await asyncio.wait_for(next_wake(), 20)
        assert wake == {"kind": "message", "conversation": conversation}
        async with http.get(f"{inbox}/inbox/c/{conversation}", headers={"X-Baton-Live": "1"}) as page:
            found = PHOTO.search(await page.text())
        assert found is not None and found.group(3) == "scratch.png"
    await customer.close()
