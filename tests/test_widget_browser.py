"""The web-chat widget in a real browser (headless Chromium) against the running bot.

Needs Debian's `chromium` (`apt-get install -y chromium`) and the `playwright` Python package
(its driver only; no `playwright install`). Missing either fails the tests with the fix.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp.test_utils import TestServer

from bot.app import Services, build_web_app
from tests.support.browser import headless_chromium
from tests.support.rules import HANDOFF, HANDOFF_NOTICE
from tests.support.staff import DANA
from tests.support.webchat_client import base_url

ANSWER_TIMEOUT_MS = 60_000  # generous: the CI machine has 2 shared cores


@pytest.fixture(scope="module")
async def browser() -> AsyncIterator[Any]:
    """One headless Chromium for this module's tests."""
    async with headless_chromium() as launched:
        yield launched


@pytest.fixture
async def page(browser: Any) -> AsyncIterator[Any]:
    """A fresh browser profile (empty localStorage) with one tab; page errors fail the test."""
    context = await browser.new_context(viewport={"width": 1280, "height": 800})
    tab = await context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.console_lines = []
    tab.on("console", lambda line: tab.console_lines.append(f"{line.type}: {line.text}"))
    yield tab
    await context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


async def shows(page: Any, selector: str, timeout_ms: int = ANSWER_TIMEOUT_MS, nth: int = 0) -> Any:
    """Wait until the widget shows `selector`; on timeout, fail with what the customer sees instead."""
    from playwright.async_api import TimeoutError as PlaywrightTimeout

    target = page.locator(selector).nth(nth)
    try:
        await target.wait_for(timeout=timeout_ms)
    except PlaywrightTimeout:
        status = await page.locator("#conn").inner_text()
        raise AssertionError(
            f"{selector!r} not shown within {timeout_ms} ms; connection {status!r}; "
            f"bubbles {await bubbles(page)}; console {page.console_lines}"
        ) from None
    return target


async def ask(page: Any, text: str) -> None:
    """Type a message in the widget and press Enter."""
    box = page.get_by_label("Your message")
    await box.fill(text)
    await box.press("Enter")


async def bubbles(page: Any) -> list[dict[str, str]]:
    """Every message bubble on screen, in order: author class, server id and text."""
    return await page.locator(".msg:not(.local)").evaluate_all(
        """nodes => nodes.map(n => ({
            author: ["customer", "bot", "human", "system"].find(c => n.classList.contains(c)),
            id: n.dataset.id || "",
            pending: n.classList.contains("pending") || n.classList.contains("failed"),
            text: n.querySelector(".bubble").textContent,
        }))"""
    )


async def stored(page: Any, server_url: str) -> dict[str, Any]:
    """What the widget keeps in localStorage for this server."""
    raw = await page.evaluate("key => localStorage.getItem(key)", f"baton-chat:v1:{server_url}")
    return json.loads(raw or "{}")


async def test_a_visitor_gets_an_answer_with_sources_and_keeps_it_after_reload(
    bot_server: TestServer, page: Any
) -> None:
    await page.goto(f"{base_url(bot_server)}/")
    await page.get_by_role("button", name="Open chat").click()
    focused = "() => document.querySelector('baton-chat-widget').shadowRoot.activeElement?.id"
    assert await page.evaluate(focused) == "input", "opening the chat puts the cursor in the message box"
    await ask(page, "How do returns work?")

    answer = await shows(page, ".msg.bot")
    links = answer.locator(".sources a")
    assert await links.count() >= 1, "the answer cites its help-centre sources"
    first = links.first
    assert (await first.get_attribute("href") or "").startswith("https://")
    assert await first.get_attribute("target") == "_blank"
    assert "noopener" in (await first.get_attribute("rel") or "")
    assert "**" not in await answer.locator(".bubble").inner_text(), "Markdown bold is rendered, not shown raw"

    before = await bubbles(page)
    assert [b["author"] for b in before] == ["customer", "bot"]
    assert before[0]["text"] == "How do returns work?" and not before[0]["pending"]
    assert (await stored(page, base_url(bot_server))).get("session")

    await page.reload()
    await shows(page, ".msg.bot", 10_000)
    await page.wait_for_timeout(500)  # anything replayed twice would arrive by now
    after = await bubbles(page)
    assert [(b["author"], b["id"], b["text"]) for b in after] == [
        (b["author"], b["id"], b["text"]) for b in before
    ], "the same conversation comes back, once"


async def test_a_handoff_shows_the_waiting_banner_then_the_teammate_by_name(
    bot_server: TestServer, services: Services, page: Any
) -> None:
    await page.goto(f"{base_url(bot_server)}/")
    await page.get_by_role("button", name="Open chat").click()
    await ask(page, HANDOFF)
    banner = page.locator(".banner")
    notice = await shows(page, ".msg.system")
    assert await notice.locator(".bubble").inner_text() == HANDOFF_NOTICE, "the handoff tag's own message"
    await page.wait_for_function(
        "() => document.querySelector('baton-chat-widget').shadowRoot"
        ".querySelector('.banner').textContent.includes('teammate will reply')",
        timeout=10_000,
    )
    assert await banner.is_visible()

    # The customer closes the chat with Esc and browses on; the teammate answers meanwhile.
    await page.get_by_label("Your message").press("Escape")
    assert await page.locator(".panel").is_hidden()
    focused = "() => document.querySelector('baton-chat-widget').shadowRoot.activeElement?.className"
    assert await page.evaluate(focused) == "launcher", "closing returns focus to the chat button"

    conversation = (await stored(page, base_url(bot_server)))["conversation"]
    assert (await services.conversations.claim(conversation, DANA)).ok
    await services.conversations.reply(conversation, DANA, "Hi, I'm Dana. Let me look at this for you.")
    launcher = page.get_by_role("button", name="Open chat: Harbor Market help (1 new message)")
    await launcher.wait_for(timeout=10_000)
    assert await page.locator(".badge").inner_text() == "1"

    await launcher.click()
    staff = await shows(page, ".msg.human", 10_000)
    assert await staff.locator(".who").inner_text() == "Dana · Harbor Market team"
    assert await page.locator(".badge").is_hidden()
    await page.wait_for_function(
        "() => document.querySelector('baton-chat-widget').shadowRoot"
        ".querySelector('.banner').textContent === \"You're chatting with Dana.\"",
        timeout=10_000,
    )
    authors = [b["author"] for b in await bubbles(page)]
    assert authors == ["customer", "system", "human"]


async def test_messages_typed_while_the_server_restarts_are_sent_once_it_is_back(
    bot_server: TestServer, services: Services, page: Any
) -> None:
    port, url = bot_server.port, base_url(bot_server)
    await page.goto(f"{url}/")
    await page.get_by_role("button", name="Open chat").click()
    await ask(page, "What payment methods can I use?")
    await shows(page, ".msg.bot")

    await bot_server.close()  # graceful: sockets are closed with 1001 "going away"
    conn = page.locator("#conn")
    await page.wait_for_function(
        "() => document.querySelector('baton-chat-widget').shadowRoot"
        ".querySelector('#conn').dataset.status === 'offline'",
        timeout=10_000,
    )
    await ask(page, "How long do refunds take?")
    queued = page.locator(".msg.customer.pending")
    assert await queued.count() == 1, "the message waits, visibly, instead of being lost"

    restarted = TestServer(build_web_app(services), host="127.0.0.1", port=port)
    await restarted.start_server()
    try:
        await shows(page, ".msg.bot", nth=1)
        assert await conn.inner_text() == "Online"
        await page.wait_for_timeout(500)
        shown = await bubbles(page)
        assert [b["author"] for b in shown] == ["customer", "bot", "customer", "bot"]
        assert shown[2]["text"] == "How long do refunds take?" and not shown[2]["pending"]
        ids = [b["id"] for b in shown]
        assert len(set(ids)) == 4, "nothing is shown twice after resuming"
        transcript = await services.store.transcript((await stored(page, url))["conversation"])
        assert [m.author for m in transcript] == ["customer", "bot", "customer", "bot"], \
            "the queued message was stored once"
    finally:
        await restarted.close()
        await asyncio.sleep(0)
