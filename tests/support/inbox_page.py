"""The built-in inbox page served for tests, and what its browser tests share: the server fixture,
a fresh browser tab, waiting for the page's live stream, and where screenshots go.

Registered as a plugin in tests/conftest.py, so `inbox_server` (and `browser`, from
tests/support/browser.py) are fixtures every test module can ask for.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from bot.adapters.inbox.page import InboxPage
from bot.app import Services, build_web_app
from bot.settings import Settings
from tests.support.rules import HANDOFF
from tests.support.webchat_client import ChatClient

# The README's screenshots are refreshed with BATON_SCREENSHOTS=docs/img; otherwise they go to a
# scratch folder so that a test run leaves the work tree as it was.
SCREENSHOTS = Path(os.environ.get("BATON_SCREENSHOTS") or tempfile.mkdtemp(prefix="baton-shots-"))
WAIT_MS = 60_000  # generous: the CI machine has 2 shared cores


def serve_inbox(services: Services, settings: Settings | None = None) -> TestServer:
    """The bot's web app with the inbox page (mounted here until `build_web_app` does it without
    Slack); with other `settings`, an app serving only the inbox page built from them."""
    if settings is not None:
        app = web.Application()
        InboxPage(settings, services.store, services.conversations, services.brand, services.files).add_routes(app)
        return TestServer(app, host="127.0.0.1")
    app = build_web_app(services)
    if not any(getattr(r, "canonical", "") == "/inbox" for r in app.router.resources()):
        InboxPage(services.settings, services.store, services.conversations, services.brand,
                  services.files).add_routes(app)
    return TestServer(app, host="127.0.0.1")


@pytest.fixture
async def inbox_server(services: Services) -> AsyncIterator[TestServer]:
    """The bot with its inbox page on a loopback port (no INBOX_TOKEN: name-only sign-in)."""
    server = serve_inbox(services)
    await server.start_server()
    yield server
    await server.close()


async def new_tab(browser: Any, errors: list[str]) -> tuple[Any, Any]:
    """A fresh browser profile (its own cookies and storage) with one tab; page errors are collected."""
    context = await browser.new_context(viewport={"width": 1280, "height": 800})
    tab = await context.new_page()
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.console_lines = []
    tab.on("console", lambda line: tab.console_lines.append(f"{line.type}: {line.text}"))
    return context, tab


async def handed_off(url: str, text: str = HANDOFF) -> ChatClient:
    """A web-chat customer whose message trips the handoff rule: the conversation waits for staff."""
    client = await ChatClient.connect(url)
    await client.say(text)
    await client.expect("state", lambda f: f["state"] == "waiting")
    return client


@asynccontextmanager
async def staff_tab_beside_a_handoff(browser: Any, server: TestServer) -> AsyncIterator[tuple[ChatClient, Any, list[str]]]:
    """A customer handed off in the web chat, and a fresh staff tab (not signed in yet) with the
    page errors it collects; both closed afterwards."""
    customer = await handed_off(str(server.make_url("")).rstrip("/"))
    errors: list[str] = []
    context, staff = await new_tab(browser, errors)
    try:
        yield customer, staff, errors
    finally:
        await context.close()
        await customer.close()


async def settled(tab: Any) -> None:
    """Wait until the inbox page's script runs and its live stream is connected."""
    await tab.locator("#live[data-status=live]").wait_for(timeout=WAIT_MS)


async def sign_in_by_name(tab: Any, url: str, name: str = "Dana") -> None:
    """Open `url` (a page behind the sign-in) and sign in by name, as staff do without INBOX_TOKEN."""
    await tab.goto(url)
    await tab.get_by_label("Your name").fill(name)
    await tab.get_by_role("button", name="Sign in").click()
