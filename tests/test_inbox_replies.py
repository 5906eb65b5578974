"""Saved replies on the inbox page: picked from a list above the reply box, filled in with the
conversation's details (customer name, the order they mentioned, the staff member), sent as an
ordinary reply; a broken replies file stops the page at start, naming the reply."""

from __future__ import annotations

import html
import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp.test_utils import TestServer

from bot.adapters.inbox.auth import InboxPageError
from bot.adapters.inbox.page import InboxPage
from bot.app import Services
from bot.identity import sign_identity
from tests.support.inbox_page import serve_inbox
from tests.support.rules import HANDOFF
from tests.support.webchat_client import ChatClient, base_url
from tests.test_inbox_page import sign_in

REPLIES = """
replies:
  - id: asked-the-vendor
    title: Asked the vendor
    text: "Hi {customer_name}, I'm {staff_name} from {marketplace}: I've asked the vendor about {order_id}."
"""
TEXTAREA = re.compile(r'<textarea id="reply-text"[^>]*>(.*?)</textarea>', re.DOTALL)


@pytest.fixture
async def replies_inbox(services: Services, tmp_path: Path) -> AsyncIterator[str]:
    """The inbox page with a replies file of its own."""
    path = tmp_path / "replies.yaml"
    path.write_text(REPLIES, encoding="utf-8")
    server: TestServer = serve_inbox(services, services.settings.model_copy(update={"replies_path": path}))
    await server.start_server()
    yield base_url(server)
    await server.close()


async def test_a_saved_reply_is_filled_in_for_the_conversation_and_sent_as_a_reply(
    replies_inbox: str, bot_server: TestServer, services: Services
) -> None:
    token = sign_identity(services.settings.webchat_secret or "", account_id="B-2001", role="buyer", name="Mira")
    customer = await ChatClient.connect(base_url(bot_server), hello={"token": token})
    await customer.say("My order HM-100234 never came. " + HANDOFF)
    await customer.expect("state", lambda f: f["state"] == "waiting")
    conversation = customer.welcome["conversation"]
    http, csrf = await sign_in(replies_inbox, "Dana")
    async with http:
        async with http.get(f"{replies_inbox}/inbox/c/{conversation}") as page:
            text = await page.text()
            assert f'href="/inbox/c/{conversation}?reply=asked-the-vendor#reply-text"' in text
            assert TEXTAREA.search(text).group(1) == ""  # type: ignore[union-attr]
        async with http.get(f"{replies_inbox}/inbox/c/{conversation}?reply=asked-the-vendor") as page:
            draft = html.unescape(TEXTAREA.search(await page.text()).group(1))  # type: ignore[union-attr]
        assert draft == "Hi Mira, I'm Dana from Harbor Market: I've asked the vendor about HM-100234."
        async with http.post(f"{replies_inbox}/inbox/c/{conversation}/reply", data={"csrf": csrf, "text": draft}):
            pass
    relayed = await customer.expect("message", lambda f: f["author"] == "human")
    assert (relayed["name"], relayed["text"]) == ("Dana", draft)
    await customer.close()


def test_a_broken_replies_file_stops_the_page_naming_the_reply(services: Services, tmp_path: Path) -> None:
    path = tmp_path / "replies.yaml"
    path.write_text(REPLIES.replace("{order_id}", "{order_number}"), encoding="utf-8")
    with pytest.raises(InboxPageError) as refused:
        InboxPage(services.settings.model_copy(update={"replies_path": path}), services.store,
                  services.conversations, services.brand, services.files)
    assert str(refused.value).startswith(f"BOT_REPLIES: {path}: replies[0] (asked-the-vendor).text:")
    assert "{order_number} is not a placeholder" in str(refused.value)


def test_the_shipped_replies_load_and_use_only_known_placeholders() -> None:
    from bot.replies import parse_replies

    root = Path(__file__).resolve().parents[1]
    assert len(parse_replies(root / "config" / "replies.yaml")) >= 3
