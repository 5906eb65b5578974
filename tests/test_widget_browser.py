"""The web-chat widget in a real browser (headless Chromium) against the running bot.

Needs Debian's `chromium` (`apt-get install -y chromium`) and the `playwright` Python package
(its driver only; no `playwright install`). Missing either fails the tests with the fix.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest
from aiohttp.test_utils import TestServer

from bot.app import Services, build_services, build_web_app
from bot.brain.embeddings import LocalEmbedder
from bot.settings import Settings
from tests.support.openai_server import FakeChatModel
from tests.support.rules import HANDOFF, HANDOFF_NOTICE
from tests.support.staff import DANA
from tests.support.webchat_client import base_url

ANSWER_TIMEOUT_MS = 60_000  # generous: the CI machine has 2 shared cores



@asynccontextmanager
async def new_tab(browser: Any, **context_options: Any) -> AsyncIterator[Any]:
    """A fresh browser profile (empty localStorage) with one tab; page errors fail the test.

    `context_options` go to Playwright's `new_context`, e.g. `locale="es-MX"` for a browser whose
    language (`navigator.languages`, `Accept-Language`) is Mexican Spanish."""
    context = await browser.new_context(viewport={"width": 1280, "height": 800}, **context_options)
    tab = await context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.console_lines = []
    tab.on("console", lambda line: tab.console_lines.append(f"{line.type}: {line.text}"))
    try:
        yield tab
    finally:
        await context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


@pytest.fixture
async def page(browser: Any) -> AsyncIterator[Any]:
    """A fresh English-speaking browser profile with one tab; page errors fail the test."""
    async with new_tab(browser) as tab:
        yield tab


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


async def ask(page: Any, text: str, label: str = "Your message") -> None:
    """Type a message in the widget (its box is labelled `label`) and press Enter."""
    box = page.get_by_label(label)
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


# -- the widget's own texts follow the browser's language, or the page's data-lang --------------

WIDGET = "document.querySelector('baton-chat-widget').shadowRoot"


async def shadow_text(page: Any, selector: str) -> str:
    """The text of `selector` inside the widget, whether shown or not."""
    return await page.evaluate(f"s => {WIDGET}.querySelector(s).textContent", selector)


async def page_with_widget(page: Any, url: str, attributes: str) -> None:
    """Open `url` as a bare page (on the bot's origin) embedding the widget with `attributes`."""
    html = f'<!doctype html><html><body><h1>Shop</h1><script src="/widget.js" {attributes} async></script></body></html>'

    async def serve(route: Any) -> None:
        await route.fulfill(status=200, content_type="text/html", body=html)

    await page.route(url, serve)
    await page.goto(url)


async def test_a_spanish_browser_gets_the_widget_in_spanish(bot_server: TestServer, services: Services,
                                                            browser: Any) -> None:
    async with new_tab(browser, locale="es-MX") as page:
        await page.goto(f"{base_url(bot_server)}/")
        assert (await page.evaluate("() => navigator.languages"))[0] == "es-MX"

        # The title is brand.yaml's marketplace in Spanish (docs/widget.md#brand); the widget's words too.
        await page.get_by_role("button", name="Abrir chat: Ayuda de Harbor Market").click()
        box = page.get_by_label("Tu mensaje")
        assert await box.get_attribute("placeholder") == "Escribe tu mensaje…"
        assert await page.locator(".intro").inner_text() == (
            "¡Hola! Pregúntame sobre pedidos, devoluciones, pagos o cómo vender aquí."
        ), "the default greeting is translated"
        assert await page.locator(".close").get_attribute("aria-label") == "Cerrar chat"
        assert await page.locator(".root").get_attribute("lang") == "es"
        await page.wait_for_function(f"() => {WIDGET}.querySelector('#conn').textContent === 'En línea'",
                                     timeout=10_000)

        # The bot speaks the widget's language too: "ok" alone is answered in Spanish, greeting and all.
        await ask(page, "ok", label="Tu mensaje")
        said = await (await shows(page, ".msg.bot")).locator(".bubble").inner_text()
        assert services.brand.courtesy_reply("ok", "es") in said
        assert services.brand.courtesy_reply("ok", "en") not in said

        await ask(page, HANDOFF, label="Tu mensaje")
        notice = await shows(page, ".msg.system")
        assert await notice.locator(".bubble").inner_text() == HANDOFF_NOTICE, "the server's words are not translated"
        await page.wait_for_function(
            f"() => {WIDGET}.querySelector('.banner').textContent === "
            "'Alguien del equipo te responderá aquí pronto.'",
            timeout=10_000,
        )
        assert await page.locator(".banner").is_visible()


async def test_data_lang_overrides_the_browser_language(bot_server: TestServer, browser: Any) -> None:
    url = base_url(bot_server)
    async with new_tab(browser, locale="es-ES") as page:
        await page_with_widget(
            page, f"{url}/laden",
            'data-lang="de" data-greeting="Willkommen bei Harbor Market!" data-max-chars="20"',
        )
        # No data-title: brand.yaml's marketplace, in German; the site's data-greeting wins over the default.
        await page.get_by_role("button", name="Chat öffnen: Harbor Market Hilfe").click()
        assert await page.locator("#title").inner_text() == "Harbor Market Hilfe"
        assert await page.locator(".intro").inner_text() == "Willkommen bei Harbor Market!"
        box = page.get_by_label("Deine Nachricht")
        assert await box.get_attribute("placeholder") == "Schreib deine Nachricht…"
        assert await page.get_by_role("button", name="Chat schließen: Harbor Market Hilfe").count() == 1

        await box.fill("x" * 25)
        await box.press("Enter")
        toast = await shows(page, ".toast", 5_000)
        assert await toast.inner_text() == "Diese Nachricht ist 5 Zeichen zu lang (höchstens 20 Zeichen)."


async def test_the_first_supported_browser_language_wins_else_english(bot_server: TestServer, browser: Any) -> None:
    url = base_url(bot_server)
    for languages, placeholder, connecting in [
        (["it-IT", "fr-CA", "en-US"], "Écrivez votre message…", "Connexion…"),  # no Italian: French next
        (["it-IT", "pt-BR"], "Type your message…", "Connecting…"),  # nothing supported: English
    ]:
        async with new_tab(browser) as page:
            await page.add_init_script(
                f"Object.defineProperty(navigator, 'languages', {{ get: () => {json.dumps(languages)} }});"
            )
            await page_with_widget(page, f"{url}/shop", "")
            # The script loads async: the element may not exist yet, so every step is optional.
            await page.wait_for_function(
                "() => document.querySelector('baton-chat-widget')?.shadowRoot?.querySelector('textarea')"
            )
            assert await page.locator("textarea").get_attribute("placeholder") == placeholder, languages
            assert await shadow_text(page, "#conn") == connecting, languages


# -- Markdown in answers: rendered as elements, never as HTML ---------------------------------

TABLE_ANSWER = (
    "Here are the fees per plan:\n\n"
    "| Plan | Fee | Payout |\n| --- | --- | --- |\n| **Basic** | 5% | weekly |\n| Pro | 3% | daily |\n\n"
    "- Payouts go to your *bank account*\n- Fees are taken per sale\n\n"
    "<img src=x onerror=\"window.__pwned=1;alert(1)\"> <script>window.__pwned=2</script>\n"
    "[click me](javascript:alert(3)) or write to [our team](mailto:help@harbor.example)"
)
CUSTOMER_MARKDOWN = "What are the **fees** per plan? <b onclick=alert(4)>now</b> | a | b |"


@pytest.fixture
async def llm_bot_server(
    settings: Settings, embedder: LocalEmbedder, model: tuple[FakeChatModel, str]
) -> AsyncIterator[tuple[TestServer, FakeChatModel]]:
    """The bot in LLM mode, its chat model a local scripted one (so an answer can hold a table)."""
    fake, url = model
    llm = settings.model_copy(update={"llm": "openai:test-model", "llm_base_url": url, "llm_api_key": "test-key"})
    services = await build_services(llm, embedder)
    server = TestServer(build_web_app(services), host="127.0.0.1")
    await server.start_server()
    try:
        yield server, fake
    finally:
        await server.close()
        await services.close()


def watch_dialogs(page: Any) -> list[str]:
    """Every alert/confirm/prompt the page opens (dismissed at once), to assert there were none."""
    opened: list[str] = []

    async def dismiss(dialog: Any) -> None:
        opened.append(dialog.message)
        await dialog.dismiss()

    page.on("dialog", dismiss)
    return opened


async def table_cells(bubble: Any) -> list[list[str]]:
    """The first table in `bubble`, row by row, each cell as "TH:text" or "TD:text"."""
    return await bubble.locator("table").evaluate(
        "t => [...t.rows].map(r => [...r.cells].map(c => c.tagName + ':' + c.textContent))")


async def test_an_answer_with_a_table_shows_a_table_and_markup_in_it_stays_harmless_text(
    llm_bot_server: tuple[TestServer, FakeChatModel], page: Any
) -> None:
    server, fake = llm_bot_server
    fake.answers(TABLE_ANSWER)
    dialogs = watch_dialogs(page)
    await page.goto(f"{base_url(server)}/")
    await page.get_by_role("button", name="Open chat").click()
    await ask(page, CUSTOMER_MARKDOWN)

    bubble = (await shows(page, ".msg.bot")).locator(".bubble")
    assert await table_cells(bubble) == [
        ["TH:Plan", "TH:Fee", "TH:Payout"], ["TD:Basic", "TD:5%", "TD:weekly"], ["TD:Pro", "TD:3%", "TD:daily"],
    ], "the answer's table is a real table with its header row"
    assert await bubble.locator("td strong").inner_text() == "Basic"
    assert await bubble.locator("ul > li").all_inner_texts() == [
        "Payouts go to your bank account", "Fees are taken per sale"]
    assert await bubble.locator("li em").inner_text() == "bank account"

    shown = await bubble.inner_text()
    assert '<img src=x onerror="window.__pwned=1;alert(1)"> <script>window.__pwned=2</script>' in shown
    assert "[click me](javascript:alert(3))" in shown, "a javascript: link is shown as text"
    assert "|" not in shown and "**" not in shown
    assert await page.evaluate(f"() => {WIDGET}.querySelectorAll('img, script').length") == 0
    links = await bubble.locator("a").evaluate_all("as => as.map(a => [a.href, a.textContent, a.target, a.rel])")
    assert links == [["mailto:help@harbor.example", "our team", "_blank", "noopener noreferrer nofollow"]]

    # The customer's own words are never Markdown or markup.
    mine = page.locator(".msg.customer .bubble")
    assert await mine.inner_text() == CUSTOMER_MARKDOWN
    assert await mine.locator("strong, b, table").count() == 0

    await page.wait_for_timeout(300)  # an onerror handler would have run by now
    assert await page.evaluate("() => window.__pwned") is None and dialogs == [], "no injected script ran"
