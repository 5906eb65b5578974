"""Saved replies on the inbox page in a real browser (headless Chromium): Dana picks one from the
**Saved replies** control above the reply box, finds it in the box filled in for this customer (their
name, the order number they mentioned last) after what she had typed, and sends it; the customer
gets exactly that text. A reply she cleared stays cleared when the page redraws itself.

The customer is a real web-chat WebSocket client signed in with a name. Writes the screenshot
`inbox-saved-reply.png` (to docs/img with BATON_SCREENSHOTS=docs/img). Needs Debian's `chromium`
(`make browser`) and the `playwright` package's driver (dev extras); never a browser download.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestServer

from bot.app import Services
from bot.identity import sign_identity
from bot.settings import Settings
from tests.support.inbox_page import (
    SCREENSHOTS,
    WAIT_MS,
    new_tab,
    settled,
    sign_in_by_name,
)
from tests.support.rules import HANDOFF
from tests.support.webchat_client import ChatClient, base_url
from tests.test_inbox_files import last_human

pytestmark = pytest.mark.timeout(240)

# The module's own replies (never the shipped config/replies.yaml, whose wording changes).
REPLIES = """
replies:
  - id: looking-into-it
    title: Looking into it
    text: "Hi {customer_name}, I'm {staff_name} from the {marketplace} team. I'm looking into {order_id} now and will get back to you here shortly."
  - id: asked-the-vendor
    title: Asked the vendor
    text: "I've contacted the vendor about {order_id} and asked them to reply within 2 business days."
  - id: replacement
    title: Replacement on its way
    text: "Good news, {customer_name}: the vendor is sending a replacement for {order_id} today."
"""
FILLED = ("Hi Mira, I'm Dana from the Harbor Market team. I'm looking into HM-100234 now and will get back "
          "to you here shortly.")


@pytest.fixture
def settings(settings: Settings, tmp_path: Path) -> Settings:
    """The test bot with this module's saved replies (`BOT_REPLIES`)."""
    path = tmp_path / "replies.yaml"
    path.write_text(REPLIES, encoding="utf-8")
    return settings.model_copy(update={"replies_path": path})




@asynccontextmanager
async def first_live_refresh(staff: Any) -> AsyncIterator[None]:
    """Run the block (which loads a conversation page), then wait until the page has fetched itself
    once over its live stream (it does on connecting) and swapped the fresh parts in."""
    async with staff.expect_response(lambda r: r.request.headers.get("x-baton-live") == "1",
                                     timeout=WAIT_MS) as refreshed:
        yield
    await (await refreshed.value).finished()
    await settled(staff)
    await staff.evaluate("() => new Promise(done => requestAnimationFrame(() => setTimeout(done, 50)))")


async def open_saved_replies(staff: Any) -> Any:
    """Open the **Saved replies** list above the reply box; the open list."""
    from playwright.async_api import TimeoutError as PlaywrightTimeout

    saved = staff.locator("details.saved")
    for _ in range(3):  # a click can land while a live redraw swaps the composer in
        if not await saved.evaluate("d => d.open"):
            await saved.locator("summary", has_text="Saved replies").click()
        try:
            await saved.get_by_role("link").first.wait_for(timeout=2_000)
            return saved
        except PlaywrightTimeout:
            continue
    raise AssertionError("the Saved replies list did not stay open")


async def test_staff_pick_a_saved_reply_see_it_filled_in_for_the_customer_and_send_it(
    browser: Any, inbox_server: TestServer, services: Services
) -> None:
    url = base_url(inbox_server)
    # Mira is signed in on the marketplace; she gives one order number, then corrects it (typed loosely).
    token = sign_identity(services.settings.webchat_secret or "", account_id="B-2001", role="buyer", name="Mira")
    customer = await ChatClient.connect(url, hello={"token": token})
    conversation = customer.welcome["conversation"]
    errors: list[str] = []
    context, staff = await new_tab(browser, errors)
    try:
        await customer.say(f"My order HM-100233 arrived with a cracked jug. {HANDOFF}")
        await customer.expect("state", lambda f: f["state"] == "waiting")
        await customer.say("Sorry, wrong number: it's hm 100234.")

        await staff.goto(f"{url}/inbox/c/{conversation}")
        await staff.get_by_label("Your name").fill("Dana")
        async with first_live_refresh(staff):
            await staff.get_by_role("button", name="Sign in").click()
        await staff.locator(".timeline .msg.customer").filter(has_text="hm 100234").wait_for(timeout=WAIT_MS)
        reply_box = staff.locator("#reply-text")
        assert await reply_box.input_value() == ""

        # What Dana types first stays: the picked reply goes in where her caret is, filled in.
        await reply_box.fill("Thanks for the photo.")
        saved = await open_saved_replies(staff)
        assert await saved.locator("a").all_text_contents() == [
            "Looking into it", "Asked the vendor", "Replacement on its way"]
        assert await saved.get_by_role("link", name="Looking into it").get_attribute("title") == FILLED, \
            "the tooltip previews the reply as it will be sent, not its template"
        await saved.get_by_role("link", name="Looking into it").click()
        assert await reply_box.input_value() == f"Thanks for the photo.\n\n{FILLED}"
        assert "reply=" not in staff.url, "picking a reply does not reload the page"
        assert await last_human(services, conversation) is None, "picking a reply sends nothing"

        # She clears it; the customer writes, the page redraws itself, and the box stays empty.
        await reply_box.fill("")
        await open_saved_replies(staff)
        async with first_live_refresh(staff):
            await customer.say("The box was dented too.")
        await staff.locator(".timeline .msg.customer").filter(has_text="dented too").wait_for(timeout=WAIT_MS)
        assert await reply_box.input_value() == "", "a cleared reply does not come back"
        assert await staff.locator("details.saved").evaluate("d => d.open"), "the open list stays open"

        await staff.locator("details.saved").get_by_role("link", name="Looking into it").click()
        assert await reply_box.input_value() == FILLED, "her name, the order she named last, Dana, the marketplace"
        await open_saved_replies(staff)  # the list open above the filled box, for the screenshot
        await staff.screenshot(path=str(SCREENSHOTS / "inbox-saved-reply.png"))

        await staff.get_by_role("button", name="Send reply").click()
        await staff.locator(".flash").filter(has_text="Sent to the customer.").wait_for(timeout=WAIT_MS)
        relayed = await customer.expect("message", lambda f: f["author"] == "human")
        assert (relayed["name"], relayed["text"]) == ("Dana", FILLED)
        assert not [f for f in await customer.quiet_for(1.0) if f.get("author") == "human"], "sent once"
        await staff.locator(".timeline .msg.human").filter(has_text="looking into HM-100234").wait_for(timeout=WAIT_MS)
        assert await reply_box.input_value() == "", "the box is empty again once the reply went"
        assert not errors, f"JavaScript errors: {errors}"
    finally:
        await context.close()
        await customer.close()


async def test_a_reply_picked_by_address_fills_the_box_once_and_stays_cleared_after_a_redraw(
    browser: Any, inbox_server: TestServer, services: Services
) -> None:
    # The page without its script picks a reply by address (`?reply=`); opened that way in a browser,
    # the box is filled once and the address forgets it, so a redraw or reload doesn't refill it.
    url = base_url(inbox_server)
    customer = await ChatClient.connect(url)
    conversation = customer.welcome["conversation"]
    errors: list[str] = []
    context, staff = await new_tab(browser, errors)
    try:
        await customer.say(f"Order HM-100777 never came. {HANDOFF}")
        await customer.expect("state", lambda f: f["state"] == "waiting")
        await sign_in_by_name(staff, f"{url}/inbox/c/{conversation}")
        async with first_live_refresh(staff):
            await staff.goto(f"{url}/inbox/c/{conversation}?reply=asked-the-vendor")
        reply_box = staff.locator("#reply-text")
        assert await reply_box.input_value() == (
            "I've contacted the vendor about HM-100777 and asked them to reply within 2 business days.")
        assert "reply=" not in staff.url

        await reply_box.fill("")
        async with first_live_refresh(staff):
            await customer.say("Any news?")
        await staff.locator(".timeline .msg.customer").filter(has_text="Any news?").wait_for(timeout=WAIT_MS)
        assert await reply_box.input_value() == ""
        await staff.reload()
        assert await staff.locator("#reply-text").input_value() == "", "a reload doesn't bring it back either"
        assert not errors, f"JavaScript errors: {errors}"
    finally:
        await context.close()
        await customer.close()
