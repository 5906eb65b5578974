"""One brand on every surface: the widget takes its title, team name, greeting and colours from
brand.yaml (`GET /widget/brand.json`), and a script tag with only `src` shows them.

The bot here speaks for a second marketplace, "Lumen Bazaar", from a brand.yaml written in a
temporary folder; its storefront is a page on another origin (a small local web server of the
test's), embedding the real widget from the real bot over real sockets.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from multidict import CIMultiDict

from bot.app import Services, StartupError, build_services
from bot.brain.embeddings import LocalEmbedder
from bot.settings import Settings
from tests.support.inbox_page import SCREENSHOTS
from tests.support.rules import HANDOFF
from tests.support.staff import DANA
from tests.support.webchat_client import base_url
from tests.test_widget_browser import WIDGET, ask, new_tab, shows, stored, table_cells

ACCENT, ACCENT_RGB = "#7B2D8E", "rgb(123, 45, 142)"
ACCENT_TEXT, ACCENT_TEXT_RGB = "#fffbea", "rgb(255, 251, 234)"

LUMEN_BRAND = f"""\
bot_name: "Iris"
marketplace: "Lumen Bazaar"
greeting: "Hi, I'm Iris from Lumen Bazaar."
widget:
  greeting: "Ask Iris about lamps, orders and returns."
  accent: "{ACCENT}"
  accent_text: "{ACCENT_TEXT}"
  texts:
    es:
      title: "Ayuda de Lumen"
      greeting: "Pregunta a Iris por lámparas, pedidos y devoluciones."
"""



class Storefront:
    """Lumen Bazaar's own site: a local web server with one page, `/shop`, embedding the widget.

    It answers on two origins: `origin` (http://127.0.0.1:port), which WEBCHAT_ORIGINS lists, and
    `stranger` (http://localhost:port), a site Lumen Bazaar never listed."""

    def __init__(self) -> None:
        self.html = ""
        app = web.Application()
        app.router.add_get("/shop", self._page)
        self.server = TestServer(app, host="127.0.0.1")

    async def _page(self, request: web.Request) -> web.Response:
        return web.Response(text=self.html, content_type="text/html")

    @property
    def origin(self) -> str:
        """The storefront's own origin, listed in WEBCHAT_ORIGINS."""
        return f"http://127.0.0.1:{self.server.port}"

    @property
    def stranger(self) -> str:
        """The same page on an origin nobody listed."""
        return f"http://localhost:{self.server.port}"


@pytest.fixture
async def shop() -> AsyncIterator[Storefront]:
    """The storefront, listening."""
    front = Storefront()
    await front.server.start_server()
    yield front
    await front.server.close()


@pytest.fixture
def brand_file(tmp_path: Path) -> Path:
    """Lumen Bazaar's brand.yaml."""
    path = tmp_path / "brand.yaml"
    path.write_text(LUMEN_BRAND, encoding="utf-8")
    return path


@pytest.fixture
def settings(settings: Settings, brand_file: Path, shop: Storefront) -> Settings:
    """The test bot as Lumen Bazaar runs it: its brand, its storefront's origin, English and Spanish."""
    return settings.model_copy(update={
        "brand_path": brand_file, "webchat_origins": [shop.origin], "languages": ("en", "es"),
    })


async def get_brand(server: TestServer, **headers: str) -> tuple[int, CIMultiDict[str], str]:
    """`GET /widget/brand.json` as a browser on some page would: status, headers, body."""
    async with aiohttp.ClientSession() as session, session.get(
        f"{base_url(server)}/widget/brand.json", headers=headers
    ) as response:
        return response.status, CIMultiDict(response.headers), await response.text()


# -- the endpoint ------------------------------------------------------------------------------


async def test_the_brand_endpoint_serves_the_second_brands_look_and_is_cached(bot_server: TestServer) -> None:
    status, headers, body = await get_brand(bot_server)
    assert status == 200 and headers["Content-Type"].startswith("application/json")
    assert json.loads(body) == {
        "bot_name": "Iris",
        "marketplace": "Lumen Bazaar",
        "title": None,  # the widget says "Lumen Bazaar help" in the visitor's language
        "team": "Lumen Bazaar",
        "greeting": "Ask Iris about lamps, orders and returns.",
        "texts": {"es": {"title": "Ayuda de Lumen",
                         "greeting": "Pregunta a Iris por lámparas, pedidos y devoluciones."}},
        "colors": {"accent": "#7b2d8e", "accent_text": "#fffbea"},
        "languages": ["en", "es"],
        "max_chars": 4000,
        "files": {"max_bytes": 10 * 1024 * 1024, "per_message": 5,
                  "types": ["image/jpeg", "image/png", "image/gif", "image/webp", "application/pdf"]},
    }
    assert "max-age=" in headers["Cache-Control"] and "public" in headers["Cache-Control"]

    # A browser that has it asks again with its ETag and is told nothing changed.
    etag = headers["ETag"]
    status, again, body = await get_brand(bot_server, **{"If-None-Match": etag})
    assert (status, body, again["ETag"]) == (304, "", etag)


async def test_only_the_listed_storefront_may_read_the_brand_from_another_origin(
    bot_server: TestServer, shop: Storefront
) -> None:
    _, allowed, _ = await get_brand(bot_server, Origin=shop.origin)
    assert allowed["Access-Control-Allow-Origin"] == shop.origin
    assert "Origin" in allowed["Vary"], "a shared cache must not hand one origin's answer to another"

    status, refused, body = await get_brand(bot_server, Origin=shop.stranger)
    assert status == 200 and json.loads(body)["marketplace"] == "Lumen Bazaar"  # public, but...
    assert "Access-Control-Allow-Origin" not in refused, "...a page on another site may not read it"


@pytest.mark.parametrize(
    ("accent", "reason"),
    [
        ('"red"', "'red' is not a hex colour"),
        ('"#0b6e4f; background: url(https://evil.example/x)"', "is not a hex colour"),
        ("#0b6e4f", "write it in quotes"),  # unquoted: YAML reads a comment
    ],
)
async def test_a_bad_colour_stops_the_start_with_one_clear_line(
    settings: Settings, brand_file: Path, embedder: LocalEmbedder, accent: str, reason: str
) -> None:
    brand_file.write_text(LUMEN_BRAND.replace(f'accent: "{ACCENT}"', f"accent: {accent}"), encoding="utf-8")
    with pytest.raises(StartupError) as refused:
        await build_services(settings, embedder)
    message = str(refused.value)
    assert message.startswith(f"BOT_BRAND: {brand_file}: widget.accent: ") and reason in message, message
    assert "\n" not in message


# -- the widget in a browser -------------------------------------------------------------------


async def storefront(page: Any, shop: Storefront, server: TestServer, attributes: str = "",
                     stranger: bool = False) -> None:
    """Open the storefront's page, whose only Baton line is the widget's script tag."""
    tag = f'<script src="{base_url(server)}/widget.js" {attributes} async></script>'
    shop.html = f'<!doctype html><html><head><link rel="icon" href="data:,"></head><body><h1>Lamps</h1>{tag}</body></html>'
    await page.goto(f"{shop.stranger if stranger else shop.origin}/shop")


async def in_widget(page: Any, expression: str) -> Any:
    """Evaluate `expression` with `root` bound to the widget's shadow root."""
    return await page.evaluate(f"() => {{ const root = {WIDGET}; return {expression}; }}")


async def test_a_script_tag_with_only_src_shows_the_brands_title_colours_and_team(
    bot_server: TestServer, services: Services, browser: Any, shop: Storefront
) -> None:
    async with new_tab(browser) as page:
        await storefront(page, shop, bot_server)
        launcher = page.get_by_role("button", name="Open chat: Lumen Bazaar help")
        await launcher.wait_for(timeout=10_000)
        assert await in_widget(page, "getComputedStyle(root.querySelector('.launcher')).backgroundColor") == ACCENT_RGB

        await launcher.click()
        assert await page.locator("#title").inner_text() == "Lumen Bazaar help"
        assert await page.locator(".intro").inner_text() == "Ask Iris about lamps, orders and returns."
        header = "getComputedStyle(root.querySelector('header'))"
        assert await in_widget(page, f"{header}.backgroundColor") == ACCENT_RGB
        assert await in_widget(page, f"{header}.color") == ACCENT_TEXT_RGB

        # A teammate's reply is signed with the brand's team name, and its table is a table.
        await ask(page, HANDOFF)
        await shows(page, ".msg.system")
        conversation = (await stored(page, base_url(bot_server)))["conversation"]
        assert (await services.conversations.claim(conversation, DANA)).ok
        await services.conversations.reply(
            conversation, DANA,
            "Hi, I'm Dana. Which lamp is it? Here are your two orders:\n\n"
            "| Order | Lamp | **Status** |\n| --- | --- | --- |\n"
            "| LB-4410 | Opal pendant | delivered |\n| LB-4471 | Brass desk lamp | in transit |")
        staff = await shows(page, ".msg.human", 10_000)
        assert await staff.locator(".who").inner_text() == "Dana · Lumen Bazaar team"
        assert await table_cells(staff) == [
            ["TH:Order", "TH:Lamp", "TH:Status"],
            ["TD:LB-4410", "TD:Opal pendant", "TD:delivered"],
            ["TD:LB-4471", "TD:Brass desk lamp", "TD:in transit"],
        ]
        await page.screenshot(path=str(SCREENSHOTS / "widget-second-brand.png"))
        assert not [line for line in page.console_lines if line.startswith(("warning", "error"))], page.console_lines


async def test_the_script_tags_data_title_still_wins_over_the_brand(
    bot_server: TestServer, browser: Any, shop: Storefront
) -> None:
    async with new_tab(browser) as page:
        await storefront(page, shop, bot_server, attributes='data-title="Lumen front desk"')
        await page.get_by_role("button", name="Open chat: Lumen front desk").click()
        assert await page.locator("#title").inner_text() == "Lumen front desk"
        # What the tag leaves out still comes from brand.yaml.
        assert await page.locator(".intro").inner_text() == "Ask Iris about lamps, orders and returns."
        assert await in_widget(page, "getComputedStyle(root.querySelector('header')).backgroundColor") == ACCENT_RGB


async def test_the_brands_texts_follow_the_visitors_language_among_the_bots(
    bot_server: TestServer, browser: Any, shop: Storefront
) -> None:
    async with new_tab(browser, locale="es-ES") as page:
        await storefront(page, shop, bot_server)
        await page.get_by_role("button", name="Abrir chat: Ayuda de Lumen").click()
        assert await page.locator(".intro").inner_text() == "Pregunta a Iris por lámparas, pedidos y devoluciones."
        assert await page.get_by_label("Tu mensaje").get_attribute("placeholder") == "Escribe tu mensaje…"
    # Lumen Bazaar's bot speaks English and Spanish only: a German visitor gets the widget in English.
    async with new_tab(browser, locale="de-DE") as page:
        await storefront(page, shop, bot_server)
        await page.get_by_role("button", name="Open chat: Lumen Bazaar help").click()
        assert await page.get_by_label("Your message").get_attribute("placeholder") == "Type your message…"


async def test_without_the_brand_the_widget_still_works_with_its_own_defaults(
    bot_server: TestServer, browser: Any, shop: Storefront
) -> None:
    async with new_tab(browser) as page:
        # A site not in WEBCHAT_ORIGINS cannot read the brand (CORS), so the widget falls back. (It
        # may not chat either, so the chat stays closed: this is about what the page shows.)
        await storefront(page, shop, bot_server, stranger=True)
        await page.get_by_role("button", name="Open chat: Chat with us").wait_for(timeout=10_000)
        assert await in_widget(page, "root.querySelector('.intro').textContent") == (
            "Hi! Ask me about orders, returns, payments or selling here.")
        assert await in_widget(page, "getComputedStyle(root.querySelector('.launcher')).backgroundColor") == (
            "rgb(15, 110, 122)"), "the widget's own colour"
        ours = [line for line in page.console_lines if "Baton chat" in line]
        assert len(ours) == 1 and ours[0].startswith("warning: Baton chat: could not load"), page.console_lines
