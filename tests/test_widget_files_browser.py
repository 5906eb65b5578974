"""Photos and PDFs in the real widget (headless Chromium), embedded on the marketplace's own site.

The storefront is another origin (WEBCHAT_ORIGINS lists it), so the upload goes cross-origin
with its CORS preflight, and the links in the frames must be resolved against the bot's address,
not the page's. Writes docs/img/widget-upload.png when BATON_SCREENSHOTS=docs/img.
"""

from __future__ import annotations

import base64
import struct
import time
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp.test_utils import TestServer

from bot.app import Services
from bot.settings import Settings
from tests.support.files import pdf, png
from tests.support.inbox_page import SCREENSHOTS
from tests.support.rules import HANDOFF, HANDOFF_NOTICE
from tests.support.staff import DANA
from tests.support.webchat_client import base_url
from tests.test_widget_brand import Storefront, in_widget, shop, storefront  # noqa: F401 (shop: a fixture)
from tests.test_widget_browser import WIDGET, ask, new_tab, shows, stored

pytestmark = pytest.mark.timeout(180)

MAX_BYTES = 100 * 1024  # FILES_MAX_BYTES here: the photos fit, a 200 KB file does not



@pytest.fixture
def files_dir(tmp_path: Path) -> Path:
    """Where the bot keeps files (FILES_DIR)."""
    return tmp_path / "files"


@pytest.fixture
def settings(settings: Settings, shop: Storefront, files_dir: Path) -> Settings:  # noqa: F811
    """The Harbor Market bot, embedded on the storefront's origin, with a 100 KB file limit."""
    return settings.model_copy(update={
        "webchat_origins": [shop.origin], "files_dir": files_dir, "files_max_bytes": MAX_BYTES,
    })


def picture(width: int, height: int, paint: Callable[[int, int], tuple[int, int, int]]) -> bytes:
    """A real RGB PNG whose pixel (x, y) is `paint(x, y)`."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    rows = b"".join(b"\x00" + b"".join(bytes(paint(x, y)) for x in range(width)) for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")


def crushed_parcel(x: int, y: int) -> tuple[int, int, int]:
    """A brown parcel with its tape, a crushed corner, on a light table."""
    if 60 <= x <= 300 and 50 <= y <= 200 and not (x > 240 and y < 50 + (x - 240)):
        if 170 <= x <= 190:
            return (214, 190, 140)  # tape
        shade = 20 if (x + y) % 40 < 3 else 0
        return (176 - shade, 124 - shade, 74 - shade)
    return (236 - y // 12, 238 - y // 14, 242 - y // 16)


def new_lamp(x: int, y: int) -> tuple[int, int, int]:
    """A brass lamp on a soft background: what the teammate sends back."""
    cx = 120
    if 40 <= y <= 100 and abs(x - cx) <= 20 + (y - 40) // 1.3:
        return (222, 178, 72)  # the shade
    if 100 < y <= 170 and abs(x - cx) <= 5:
        return (150, 112, 40)  # the stem
    if 170 < y <= 182 and abs(x - cx) <= 40:
        return (150, 112, 40)  # the foot
    return (246, 240, 230 - y // 20)


async def attach_with_button(page: Any, name: str, data: bytes, mime: str, label: str = "Attach a photo or PDF") -> None:
    """Click the paper clip and choose one file in the browser's file chooser."""
    async with page.expect_file_chooser() as chooser:
        await page.get_by_role("button", name=label).click()
    await (await chooser.value).set_files({"name": name, "mimeType": mime, "buffer": data})


async def drop_file(page: Any, name: str, data: bytes, mime: str) -> None:
    """Drop a file onto the chat window, as dragging it from the desktop does."""
    await page.evaluate(
        f"""([name, b64, mime]) => {{
            const bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
            const dt = new DataTransfer();
            dt.items.add(new File([bytes], name, {{ type: mime }}));
            const panel = {WIDGET}.querySelector('.panel');
            panel.dispatchEvent(new DragEvent('dragover', {{ dataTransfer: dt, bubbles: true, cancelable: true }}));
            panel.dispatchEvent(new DragEvent('drop', {{ dataTransfer: dt, bubbles: true, cancelable: true }}));
        }}""",
        [name, base64.b64encode(data).decode(), mime],
    )


async def paste_file(page: Any, name: str, data: bytes, mime: str) -> None:
    """Paste a file (a screenshot from the clipboard) into the message box."""
    await page.evaluate(
        f"""([name, b64, mime]) => {{
            const bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
            const dt = new DataTransfer();
            dt.items.add(new File([bytes], name, {{ type: mime }}));
            {WIDGET}.querySelector('textarea').dispatchEvent(
                new ClipboardEvent('paste', {{ clipboardData: dt, bubbles: true, cancelable: true }}));
        }}""",
        [name, base64.b64encode(data).decode(), mime],
    )


async def tray(page: Any) -> list[dict[str, str]]:
    """The files chosen and not yet sent: name, status and what the customer reads about each."""
    return await in_widget(page, """Array.from(root.querySelectorAll('.tray .draft')).map(n => ({
        name: n.querySelector('.name').textContent, status: n.dataset.status,
        state: n.querySelector('.state').textContent }))""")


async def ready(page: Any, count: int) -> None:
    """Wait until `count` files are uploaded and ready to send."""
    await page.wait_for_function(
        f"() => {WIDGET}.querySelectorAll('.tray .draft[data-status=\"ready\"]').length === {count}", timeout=20_000)


async def test_a_customer_sends_a_photo_and_a_pdf_and_gets_a_photo_back_from_a_teammate(
    bot_server: TestServer, services: Services, browser: Any, shop: Storefront,  # noqa: F811
) -> None:
    bot = base_url(bot_server)
    photo = picture(360, 240, crushed_parcel)
    async with new_tab(browser) as page:
        await storefront(page, shop, bot_server)
        await page.get_by_role("button", name="Open chat").click()
        await ask(page, HANDOFF)
        await shows(page, ".msg.system")

        # The paper clip is a labelled button reached with Tab from the message box's side.
        await page.get_by_label("Your message").focus()
        await page.keyboard.press("Shift+Tab")
        assert await in_widget(page, "root.activeElement.getAttribute('aria-label')") == "Attach a photo or PDF"

        await attach_with_button(page, "crushed parcel.png", photo, "image/png")
        await drop_file(page, "invoice HM-100234.pdf", pdf(), "application/pdf")
        await ready(page, 2)
        shown = await tray(page)
        assert [(d["name"], d["status"]) for d in shown] == [
            ("crushed parcel.png", "ready"), ("invoice HM-100234.pdf", "ready")]
        assert shown[0]["state"].endswith("Ready to send")

        await ask(page, "The parcel arrived crushed. Photo and invoice attached.")
        mine = await shows(page, ".msg.customer:not(.pending) img.thumb", 20_000)
        assert await tray(page) == [], "sent files leave the tray"
        src = await mine.get_attribute("src") or ""
        assert src.startswith(f"{bot}/files/"), "the link is the bot's, not the storefront's"
        await page.wait_for_function(
            f"() => {WIDGET}.querySelector('.msg.customer img.thumb').naturalWidth === 360", timeout=10_000)
        assert await mine.get_attribute("alt") == "crushed parcel.png"
        document = page.locator(".msg.customer a.file.doc")
        assert [await document.locator(f".file-{part}").inner_text() for part in ("name", "size")] == [
            "invoice HM-100234.pdf", "1 KB"]
        assert (await document.get_attribute("href") or "").startswith(f"{bot}/files/")

        # A click on the thumbnail opens the full photo in a new tab.
        async with page.context.expect_page() as opened:
            await mine.click()
        full = await opened.value
        await full.wait_for_load_state()
        assert full.url == src
        await full.close()

        # Dana answers with the return label (a PDF), then a photo of the replacement: both show
        # the same way as the customer's, under her name.
        conversation = (await stored(page, bot))["conversation"]
        label = await services.files.keep(pdf(), "return label.pdf", conversation_id=conversation, sent_by=DANA.id)
        await services.conversations.reply(conversation, DANA, "So sorry! Here's your return label.",
                                           attachments=[label])
        reply = await shows(page, ".msg.human a.file.doc", 20_000)
        assert await reply.locator(".file-name").inner_text() == "return label.pdf"
        assert (await reply.get_attribute("href") or "").startswith(f"{bot}/files/{label.id}/")
        assert await page.locator(".msg.human .who").inner_text() == "Dana · Harbor Market team"
        texts = await page.locator(".msg:not(.local) .bubble").all_inner_texts()
        assert texts[:2] == [HANDOFF, HANDOFF_NOTICE]
        await page.wait_for_timeout(300)  # the thumbnails' layout settles
        await page.screenshot(path=str(SCREENSHOTS / "widget-upload.png"))

        lamp = await services.files.keep(picture(240, 200, new_lamp), "replacement.png",
                                         conversation_id=conversation, sent_by=DANA.id)
        await services.conversations.reply(conversation, DANA, "", attachments=[lamp])
        staff = await shows(page, ".msg.human img.thumb", 20_000)
        assert (await staff.get_attribute("src") or "").startswith(f"{bot}/files/{lamp.id}/")
        await page.wait_for_function(
            f"() => {WIDGET}.querySelector('.msg.human img.thumb').naturalWidth === 240", timeout=10_000)
        assert not [line for line in page.console_lines if line.startswith(("warning", "error"))], page.console_lines


async def test_files_still_open_when_the_chat_outlives_their_links(
    bot_server: TestServer, services: Services, browser: Any, shop: Storefront,  # noqa: F811
) -> None:
    # A chat stays open for hours while a person answers; a link in a frame works for an hour.
    bot = base_url(bot_server)
    async with new_tab(browser) as page:
        await storefront(page, shop, bot_server)
        await page.get_by_role("button", name="Open chat").click()
        await ask(page, HANDOFF)
        await shows(page, ".msg.system")
        await attach_with_button(page, "crushed parcel.png", picture(360, 240, crushed_parcel), "image/png")
        await ready(page, 1)
        await ask(page, "Here is the parcel.")
        await shows(page, ".msg.customer:not(.pending) img.thumb", 20_000)
        conversation = (await stored(page, bot))["conversation"]
        label = await services.files.keep(pdf(), "return label.pdf", conversation_id=conversation, sent_by=DANA.id)
        await services.conversations.reply(conversation, DANA, "Your return label.", attachments=[label])
        await shows(page, ".msg.human a.file.doc", 20_000)

        # An hour and more later (a link works its hour and at most a tenth more): the links on the
        # page have expired, and the photo is drawn again.
        photo_id = await in_widget(page, "root.querySelector('.msg.customer a.file.image').dataset.fileId")
        hour_ago = time.time() - 4000
        expired = [bot + services.files.links.link(photo_id, "crushed parcel.png", now=hour_ago),
                   bot + services.files.links.link(label.id, "return label.pdf", now=hour_ago)]
        async with aiohttp.ClientSession() as http:
            for url in expired:
                async with http.get(url) as response:
                    assert response.status == 403
        await page.evaluate(
            f"""([photo, label]) => {{
                const root = {WIDGET};
                const image = root.querySelector('.msg.customer a.file.image');
                const doc = root.querySelector('.msg.human a.file.doc');
                image.href = photo; doc.href = label;
                image.dataset.expires = doc.dataset.expires = String(Date.now() - 1000);
                image.querySelector('img').src = photo;
            }}""",
            expired,
        )
        # The photo fails to load, the widget asks the server for fresh links, and both work again.
        await page.wait_for_function(
            f"""(photo) => {{
                const image = {WIDGET}.querySelector('.msg.customer a.file.image');
                return image.href !== photo && image.querySelector('img').naturalWidth === 360;
            }}""",
            arg=expired[0], timeout=20_000)
        fresh = await in_widget(page, "root.querySelector('.msg.human a.file.doc').href")
        assert fresh != expired[1] and fresh.startswith(f"{bot}/files/{label.id}/")
        async with aiohttp.ClientSession() as http, http.get(fresh) as response:
            assert (response.status, await response.read()) == (200, pdf())
        assert not [line for line in page.console_lines if line.startswith("warning")], page.console_lines


async def test_refused_files_are_explained_in_the_customers_language_and_names_stay_text(
    bot_server: TestServer, browser: Any, shop: Storefront, files_dir: Path,  # noqa: F811
) -> None:
    async with new_tab(browser, locale="es-ES") as page:
        await storefront(page, shop, bot_server)
        await page.get_by_role("button", name="Abrir chat").click()
        await page.wait_for_function(f"() => {WIDGET}.querySelector('#conn').dataset.status === 'online'",
                                     timeout=20_000)
        toast = page.locator(".toast")

        # Too big: said at once, in Spanish, and nothing is uploaded.
        await attach_with_button(page, "foto grande.png", png(extra=200 * 1024), "image/png",
                                 label="Adjuntar una foto o un PDF")
        await toast.wait_for(timeout=5_000)
        assert await toast.inner_text() == "«foto grande.png» ocupa más de 100 KB."
        assert await tray(page) == []

        # A program named like a photo passes the browser's look at its name; the server reads its
        # bytes and refuses it, and the customer reads why in Spanish.
        program = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200
        await paste_file(page, "foto.jpg", program, "image/jpeg")
        await page.wait_for_function(
            f"() => {WIDGET}.querySelector('.tray .draft[data-status=\"failed\"]')", timeout=20_000)
        assert await toast.inner_text() == "Solo se pueden enviar fotos (JPEG, PNG, GIF, WebP) y archivos PDF."
        assert (await tray(page))[0]["state"] == "No enviado"
        await page.get_by_role("button", name="Quitar foto.jpg").click()
        assert await tray(page) == []

        # A file's name is the customer's input: shown as text, never as markup.
        hostile = '<img src=x onerror="window.hit=1">.png'
        await drop_file(page, hostile, png(), "image/png")
        await ready(page, 1)
        assert (await tray(page))[0]["name"] == hostile
        assert await in_widget(page, "root.querySelectorAll('img[src=\"x\"]').length") == 0
        await page.get_by_label("Tu mensaje").press("Enter")  # a photo alone may be sent
        await shows(page, ".msg.customer:not(.pending) img.thumb", 20_000)
        assert await page.evaluate("() => window.hit") is None
        assert len([p for p in files_dir.rglob("*") if p.is_file()]) == 1, "only the good photo was kept"
