"""The whole handoff in two real browsers (headless Chromium): a customer in the widget, a staff
member in the built-in inbox who claims, replies, keeps a note and closes.

Needs Debian's `chromium` (`make browser`) and the `playwright` package's driver (dev extras);
never a browser download.
"""

from __future__ import annotations

from typing import Any

from aiohttp.test_utils import TestServer

from bot.app import Services
from tests.support.inbox_page import (
    SCREENSHOTS,
    WAIT_MS,
    new_tab,
    settled,
    sign_in_by_name,
    staff_tab_beside_a_handoff,
)
from tests.support.rules import HANDOFF, HANDOFF_NOTICE, HANDOFF_TAG
from tests.support.staff import SAM
from tests.test_widget_browser import ask, bubbles, shows, table_cells, watch_dialogs

NOTE = "Checked order HM-100234 with the vendor; refund approved by Sam"




async def test_a_customer_is_handed_to_a_person_and_back_to_the_ai(
    browser: Any, inbox_server: TestServer, services: Services
) -> None:
    url = str(inbox_server.make_url("")).rstrip("/")
    errors: list[str] = []
    staff_context, staff = await new_tab(browser, errors)
    customer_context, customer = await new_tab(browser, errors)
    try:
        # Dana signs in with her name only (loopback, no INBOX_TOKEN) and watches the empty inbox.
        await staff.goto(f"{url}/inbox")
        assert "/inbox/login" in staff.url
        await staff.get_by_text("sign in with your name only").wait_for()
        await staff.get_by_label("Your name").fill("Dana")
        await staff.get_by_role("button", name="Sign in").click()
        await staff.get_by_text("Nobody is waiting").wait_for(timeout=WAIT_MS)
        await settled(staff)

        # The customer asks for a person in the widget; the inbox list shows it without a reload.
        await customer.goto(f"{url}/")
        await customer.get_by_role("button", name="Open chat").click()
        await ask(customer, HANDOFF)
        notice = await shows(customer, ".msg.system")
        assert await notice.locator(".bubble").inner_text() == HANDOFF_NOTICE
        row = staff.locator(".rows[data-section=waiting] a.open")
        await row.wait_for(timeout=WAIT_MS)
        assert HANDOFF_TAG in await row.inner_text()
        assert await staff.locator(".rows[data-section=waiting] .sla").count() == 1, "the SLA clock runs"
        await staff.screenshot(path=str(SCREENSHOTS / "inbox-list.png"))

        # Keyboard: j selects the conversation, Enter opens it, c claims it.
        await staff.keyboard.press("j")
        await staff.keyboard.press("Enter")
        await staff.locator(".conversation .timeline").wait_for()
        await settled(staff)
        assert HANDOFF_TAG in await staff.locator(".reasons").inner_text(), "why the rule fired"
        await staff.keyboard.press("c")
        await staff.get_by_text("You have this conversation. The AI stays quiet").wait_for(timeout=WAIT_MS)
        await customer.locator(".banner[data-state=human]").wait_for(timeout=WAIT_MS)
        await settled(staff)

        # r focuses the reply box, Ctrl+Enter sends; the customer sees it under Dana's name.
        await staff.keyboard.press("r")
        await staff.keyboard.type("Hi, I'm Dana. I can see your order and I'm checking with the vendor.")
        await staff.keyboard.press("Control+Enter")
        await staff.get_by_text("Sent to the customer.").wait_for(timeout=WAIT_MS)
        relayed = await shows(customer, ".msg.human", WAIT_MS)
        assert "checking with the vendor" in await relayed.inner_text()
        assert await customer.locator(".banner").inner_text() == "You're chatting with Dana."

        await staff.get_by_label("Internal note").fill(NOTE)
        await staff.get_by_role("button", name="Add note").click()
        await staff.get_by_text("Note added. Only staff see it.").wait_for(timeout=WAIT_MS)
        assert await staff.locator(".timeline .note").filter(has_text=NOTE).count() == 1

        # The customer answers; Dana's open page shows it live.
        await settled(staff)
        await ask(customer, "Thank you, that's great")
        await staff.locator(".timeline .msg.customer").filter(has_text="that's great").wait_for(timeout=WAIT_MS)
        await staff.screenshot(path=str(SCREENSHOTS / "inbox-staff.png"))

        await staff.get_by_role("button", name="Close: back to the AI").click()
        await staff.get_by_text("Closed: the customer is back with the AI.").wait_for(timeout=WAIT_MS)

        # Back with the AI: the closing notice, then an answer from the bot again.
        await shows(customer, ".msg.system", WAIT_MS, nth=1)
        await customer.screenshot(path=str(SCREENSHOTS / "inbox-customer.png"))
        await ask(customer, "How do returns work?")
        await shows(customer, ".msg.bot", WAIT_MS)
        shown = await bubbles(customer)
        assert [b["author"] for b in shown] == ["customer", "system", "human", "customer", "system", "customer", "bot"]
        assert all("HM-100234 with the vendor" not in b["text"] for b in shown), "the note never reaches the customer"
        assert not errors, f"JavaScript errors: {errors}"
    finally:
        await staff_context.close()
        await customer_context.close()


async def test_a_button_pressed_while_the_page_redraws_still_sends_the_note(
    browser: Any, inbox_server: TestServer, services: Services
) -> None:
    async with staff_tab_beside_a_handoff(browser, inbox_server) as (customer, staff, errors):
        url = str(inbox_server.make_url("")).rstrip("/")
        await sign_in_by_name(staff, f"{url}/inbox/c/{customer.welcome['conversation']}")
        await settled(staff)
        await staff.get_by_label("Internal note").fill(NOTE)
        button = await staff.get_by_role("button", name="Add note").bounding_box()
        assert button is not None
        await staff.mouse.move(button["x"] + button["width"] / 2, button["y"] + button["height"] / 2)
        await staff.mouse.down()

        # While Dana's button is down, Sam claims the conversation: her page is woken and what it
        # shows under the button changes. Redrawn now, the button would get no click.
        async with staff.expect_response(lambda r: r.request.headers.get("x-baton-live") == "1", timeout=WAIT_MS):
            assert (await services.conversations.claim(customer.welcome["conversation"], SAM)).ok
        await staff.wait_for_timeout(300)  # the fetched page would be swapped in by now
        assert await staff.get_by_text("Sam has this conversation").count() == 0, "not redrawn under the press"
        await staff.mouse.up()

        await staff.get_by_text("Note added. Only staff see it.").wait_for(timeout=WAIT_MS)
        assert await staff.locator(".timeline .note").filter(has_text=NOTE).count() == 1
        await staff.get_by_text("Sam has this conversation: only they reply.").wait_for(timeout=WAIT_MS)
        assert not errors, f"JavaScript errors: {errors}"


# -- Markdown: staff replies and answers rendered, customers' words as typed, nothing runs --------

STAFF_TABLE = (
    "Here is what I found:\n\n"
    "| Order | Status |\n| --- | --- |\n| HM-100234 | **refund approved** |\n| HM-100235 | shipped |\n\n"
    "<img src=x onerror=\"window.__pwned=1;alert(1)\"> <script>window.__pwned=2</script> [open](javascript:alert(3))"
)
CUSTOMER_ATTACK = "<img src=x onerror=\"window.__pwned=3;alert(4)\"> **not bold** [x](javascript:alert(5))"
STAFF_ROWS = [["TH:Order", "TH:Status"], ["TD:HM-100234", "TD:refund approved"], ["TD:HM-100235", "TD:shipped"]]


async def test_a_staff_reply_with_a_table_renders_in_the_inbox_and_the_widget_and_injected_markup_stays_text(
    browser: Any, inbox_server: TestServer
) -> None:
    url = str(inbox_server.make_url("")).rstrip("/")
    errors: list[str] = []
    staff_context, staff = await new_tab(browser, errors)
    customer_context, customer = await new_tab(browser, errors)
    staff_dialogs, customer_dialogs = watch_dialogs(staff), watch_dialogs(customer)
    try:
        await staff.goto(f"{url}/inbox")
        await staff.get_by_label("Your name").fill("Dana")
        await staff.get_by_role("button", name="Sign in").click()
        await settled(staff)

        await customer.goto(f"{url}/")
        await customer.get_by_role("button", name="Open chat").click()
        await ask(customer, HANDOFF)
        await shows(customer, ".msg.system")
        await staff.locator(".rows[data-section=waiting] a.open").click()
        await staff.locator(".conversation .timeline").wait_for()
        await settled(staff)

        # The customer's markup arrives live (the page swaps in server-rendered HTML): as text.
        await ask(customer, CUSTOMER_ATTACK)
        said = staff.locator(".timeline .msg.customer .text").filter(has_text="not bold")
        await said.wait_for(timeout=WAIT_MS)
        assert await said.inner_text() == CUSTOMER_ATTACK
        assert await said.locator("strong, a, img").count() == 0

        await staff.locator("#claim").click()
        await staff.locator(".holder").filter(has_text="You have this conversation.").wait_for(timeout=WAIT_MS)
        await staff.locator("#reply-text").fill(STAFF_TABLE)
        await staff.get_by_role("button", name="Send reply").click()
        await staff.get_by_text("Sent to the customer.").wait_for(timeout=WAIT_MS)

        reply = staff.locator(".timeline .msg.human .text")
        assert await table_cells(reply) == STAFF_ROWS, "the inbox shows the reply's table as a table"
        assert await reply.locator("td strong").inner_text() == "refund approved"
        shown = await reply.inner_text()
        assert '<img src=x onerror="window.__pwned=1;alert(1)"> <script>window.__pwned=2</script>' in shown
        assert "[open](javascript:alert(3))" in shown and await reply.locator("a").count() == 0

        relayed = (await shows(customer, ".msg.human", WAIT_MS)).locator(".bubble")
        assert await table_cells(relayed) == STAFF_ROWS, "the customer's widget shows the same table"
        assert "[open](javascript:alert(3))" in await relayed.inner_text()

        for tab in (staff, customer):
            await tab.wait_for_timeout(300)  # an onerror handler would have run by now
            assert await tab.locator(".timeline img, .timeline script, .log img, .log script").count() == 0
            assert await tab.evaluate("() => window.__pwned") is None, "no injected script ran"
        assert staff_dialogs == [] and customer_dialogs == [], "no alert was opened"
        assert not errors, f"JavaScript errors: {errors}"
    finally:
        await staff_context.close()
        await customer_context.close()
