"""Photos and PDFs on the inbox page in a real browser (headless Chromium): the customer's photo
appears live as a thumbnail that opens the full photo (and stays the same node when a live
wake-up changes nothing), and staff attach files to a reply through
the form (a refused one gives the text back; chosen files survive the page's live redraws).

The customer is a real web-chat WebSocket client; their photo is kept by the file service and
received by the core as the widget's upload and message do. Writes the screenshot
`inbox-attachments.png` (to docs/img with BATON_SCREENSHOTS=docs/img). Needs Debian's `chromium`
(`make browser`) and the `playwright` package's driver (dev extras); never a browser download.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestServer

from bot.app import Services
from bot.settings import Settings
from tests.support.files import pdf, windows_program
from tests.support.inbox_page import (
    SCREENSHOTS,
    WAIT_MS,
    settled,
    sign_in_by_name,
    staff_tab_beside_a_handoff,
)
from tests.test_inbox_files import customer_sends_photo, last_human

pytestmark = pytest.mark.timeout(240)

REPLY = "Thanks for the photo: the box was crushed in transit. Here is a free return label; print it and drop the parcel at any post office."


def parcel_photo(width: int = 480, height: int = 360) -> bytes:
    """A PNG that reads as a photo of a dented brown parcel on a pale table (for the screenshot)."""
    rows = bytearray()
    for y in range(height):
        rows.append(0)  # no filter
        for x in range(width):
            inside = width * 0.2 < x < width * 0.8 and height * 0.22 < y < height * 0.82
            if inside:
                dent = abs((x - width * 0.62) + (y - height * 0.35) * 0.8) < 9
                tape = abs(x - width * 0.5) < 14
                shade = int(30 * y / height)
                pixel = (92, 60, 30) if dent else (214, 190, 140) if tape else (176 - shade, 128 - shade, 72 - shade)
            else:
                pixel = (236 - int(20 * y / height), 232 - int(20 * y / height), 224 - int(24 * y / height))
            rows.extend(pixel)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(bytes(rows)))
            + chunk(b"IEND", b""))


@pytest.fixture
def settings(settings: Settings, tmp_path: Path) -> Settings:
    """The test bot with its own file folder."""
    return settings.model_copy(update={"files_dir": tmp_path / "files"})




async def test_staff_see_the_customers_photo_and_attach_a_label_to_their_reply(
    browser: Any, inbox_server: TestServer, services: Services
) -> None:
    url = str(inbox_server.make_url("")).rstrip("/")
    async with staff_tab_beside_a_handoff(browser, inbox_server) as (customer, staff, errors):
        conversation = customer.welcome["conversation"]
        await staff.goto(f"{url}/inbox/c/{conversation}")
        await staff.get_by_label("Your name").fill("Dana")
        await staff.get_by_role("button", name="Sign in").click()
        await staff.locator(".conversation .timeline").wait_for(timeout=WAIT_MS)
        await settled(staff)

        # The customer's photo arrives while the page is open: a thumbnail, loaded under the page's CSP.
        await customer_sends_photo(services, conversation, parcel_photo(), "crushed-box.png")
        thumbnail = staff.locator(".timeline .msg.customer .file.photo img")
        await thumbnail.wait_for(timeout=WAIT_MS)
        assert await thumbnail.get_attribute("alt") == "crushed-box.png"
        assert await thumbnail.get_attribute("loading") == "lazy"
        await staff.wait_for_function(
            "() => { const i = document.querySelector('.file.photo img'); return i && i.complete && i.naturalWidth > 0; }",
            timeout=WAIT_MS)
        assert await thumbnail.evaluate("i => [i.naturalWidth, i.naturalHeight]") == [480, 360]
        # Measured in one step, once laid out: the timeline may redraw the message in between.
        laid_out = await staff.wait_for_function(
            "() => { const i = document.querySelector('.timeline .msg.customer .file.photo img');"
            " if (!i || !i.complete) return null; const r = i.getBoundingClientRect();"
            " return r.width > 0 ? [r.width, r.height] : null; }", timeout=WAIT_MS)
        width, height = await laid_out.json_value()
        assert 0 < width <= 200 and 0 < height <= 150, ("a thumbnail, not the whole photo", width, height)

        # A click opens the full photo in a new tab, by its signed link.
        async with staff.context.expect_page() as opened:
            await thumbnail.click()
        full = await opened.value
        await full.wait_for_load_state()
        assert "/files/" in full.url and "crushed-box.png" in full.url
        await full.close()

        # A program renamed as a PDF is refused; the typed reply is still in the box.
        await staff.locator("#reply-text").fill(REPLY)
        await staff.locator("#reply-files").set_input_files(
            [{"name": "return-label.exe", "mimeType": "application/pdf", "buffer": windows_program()}])
        await staff.get_by_role("button", name="Send reply").click()
        await staff.locator(".flash").filter(has_text="return-label.exe: only photos and PDFs can be sent").wait_for(
            timeout=WAIT_MS)
        assert await staff.locator("#reply-text").input_value() == REPLY
        assert await last_human(services, conversation) is None, "nothing was sent"
        await settled(staff)

        # Dana picks the label; the customer writes meanwhile, the page redraws live, the file stays chosen.
        await staff.locator("#reply-files").set_input_files(
            [{"name": "return-label.pdf", "mimeType": "application/pdf", "buffer": pdf()}])
        await customer.say("It was like that when it arrived.")
        await staff.locator(".timeline .msg.customer").filter(has_text="when it arrived").wait_for(timeout=WAIT_MS)
        assert await staff.locator("#reply-files").evaluate("i => [...i.files].map(f => f.name)") == ["return-label.pdf"]
        assert await staff.locator("#reply-text").input_value() == REPLY
        await staff.get_by_role("button", name="Send reply").click()
        await staff.locator(".flash").filter(has_text="Sent to the customer.").wait_for(timeout=WAIT_MS)

        label = staff.locator(".timeline .msg.human .file.doc")
        await label.wait_for(timeout=WAIT_MS)
        assert await label.locator("a").inner_text() == "return-label.pdf"
        assert await label.locator(".size").inner_text() == f"{len(pdf())} B"
        relayed = await customer.expect("message", lambda f: f["author"] == "human")
        assert relayed["text"] == REPLY and [a["name"] for a in relayed["attachments"]] == ["return-label.pdf"]
        await staff.set_viewport_size({"width": 1280, "height": 1000})  # the whole transcript, photo included
        await staff.screenshot(path=str(SCREENSHOTS / "inbox-attachments.png"))
        assert not errors, f"JavaScript errors: {errors}"


async def test_a_live_wake_up_that_changes_nothing_keeps_the_photo_on_the_page(
    browser: Any, inbox_server: TestServer, services: Services
) -> None:
    url = str(inbox_server.make_url("")).rstrip("/")
    async with staff_tab_beside_a_handoff(browser, inbox_server) as (customer, staff, errors):
        conversation = customer.welcome["conversation"]
        await customer_sends_photo(services, conversation, parcel_photo(), "crushed-box.png")
        fetched: list[str] = []
        staff.on("request", lambda request: fetched.append(request.url) if "/files/" in request.url else None)
        await sign_in_by_name(staff, f"{url}/inbox/c/{conversation}")
        await settled(staff)
        await staff.wait_for_function(
            "() => { const i = document.querySelector('.file.photo img'); return i && i.complete && i.naturalWidth > 0; }",
            timeout=WAIT_MS)
        await staff.wait_for_timeout(500)  # the refresh the live stream's "ready" asks for is done
        await staff.evaluate("() => { document.querySelector('.file.photo img').batonMark = 'first drawn'; }")
        photos_loaded = len(fetched)

        # Something wakes the page for this conversation, but nothing it shows has changed.
        async with staff.expect_response(lambda r: r.request.headers.get("x-baton-live") == "1", timeout=WAIT_MS):
            await services.store.wakeups().publish("message", conversation)
        await staff.wait_for_timeout(300)  # the fetched page is swapped in
        kept = await staff.evaluate("() => document.querySelector('.file.photo img').batonMark || null")
        assert kept == "first drawn", "the photo under the cursor was not swapped for a copy"
        assert len(fetched) == photos_loaded, "the photo was not fetched again"

        # A real change still shows live, and the photo is still there after it.
        await customer.say("It was like that when it arrived.")
        await staff.locator(".timeline .msg.customer").filter(has_text="when it arrived").wait_for(timeout=WAIT_MS)
        assert await staff.locator(".timeline .file.photo img").count() == 1
        assert not errors, f"JavaScript errors: {errors}"
