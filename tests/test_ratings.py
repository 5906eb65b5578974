"""Ratings after a person closes a conversation (issue 17): the customer rates it 1-5 with an
optional comment, once per close; staff see it on their card and page; the report averages it per
tag and per staff member. The real bot on real sockets and real Redis, the widget in headless
Chromium, Discord through its emulator."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from typing import Any

from aiohttp.test_utils import TestServer

from bot.adapters.discord.ratings import COMMENT_FIELD_ID, COMMENT_ID, SCORE_ID
from bot.adapters.discord.staff_cards import CardView as DiscordCardView
from bot.adapters.discord.staff_cards import card_embed
from bot.adapters.slack.blocks import CardView, card_blocks
from bot.app import Services
from bot.escalation.report import build_report, format_report
from bot.models import Conversation, Participant, Rating
from bot.ratings import COMMENT_MAX
from bot.settings import Settings
from bot.store.discord_staff_cards import StaffCard
from tests.emulators.discord_api import InteractionReply, Posted, payload
from tests.support.inbox_page import SCREENSHOTS, WAIT_MS
from tests.support.rules import HANDOFF, HANDOFF_NOTICE, HANDOFF_TAG
from tests.support.staff import DANA, SAM
from tests.support.webchat_client import ChatClient, base_url
from tests.test_discord_chat import (  # noqa: F401  (fixtures used by name)
    GUILD,
    ROOT,
    discord_api,
    rules_path,
)
from tests.test_discord_desk import Desk, desk, desk_config  # noqa: F401  (fixtures used by name)
from tests.test_widget_browser import ask, shows, stored

# -- web chat, over the socket: bad ratings are refused with a clear error, nothing stored -------


async def handed_off(client: ChatClient) -> str:
    """The customer asks for a person; the conversation's id once the handoff notice arrived."""
    await client.say(HANDOFF)
    notice = await client.reply("system")
    assert notice["text"] == HANDOFF_NOTICE
    return str(client.welcome["conversation"])


async def test_only_a_person_closing_asks_for_a_rating_and_bad_or_second_ratings_are_refused(
    bot_server: TestServer, services: Services,
) -> None:
    router, store, brand = services.conversations, services.store, services.brand
    url = base_url(bot_server)
    customer = await ChatClient.connect(url)
    stranger = await ChatClient.connect(url)
    try:
        # The AI answering a question asks for nothing.
        await customer.say("How do returns work?")
        await customer.reply("bot")
        assert not [f for f in customer.frames if f["type"] == "rating_request"]

        conversation_id = await handed_off(customer)
        assert (await router.reply(conversation_id, DANA, "Hi, Dana here. Your refund is on its way.")).ok
        assert (await router.close(conversation_id, SAM)).ok  # Sam closes what Dana handled
        closing = await customer.reply("system")
        assert closing["text"] == brand.handoff_closed_message
        ask_frame = await customer.expect("rating_request")
        assert ask_frame["text"] == brand.rating_prompt and ask_frame["open"] is True
        assert (ask_frame["scale"], ask_frame["comment_max"]) == (5, COMMENT_MAX)
        request = ask_frame["request"]

        # Out of range, not a number, too long, someone else's conversation: refused, nothing stored.
        refusals = [
            ({"score": 7}, "bad_rating"),
            ({"score": 0}, "bad_rating"),
            ({"score": "4"}, "bad_rating"),
            ({"score": 4, "comment": "x" * 5000}, "rating_too_long"),
            ({"score": 4, "comment": 12}, "bad_rating"),
        ]
        for fields, code in refusals:
            await customer.send({"type": "rating", "request": request, **fields})
            error = await customer.expect("error")
            assert (error["code"], error["request"]) == (code, request), error
            assert error["message"], "a reason the client can show"
        await customer.send({"type": "rating", "score": 4})
        assert (await customer.expect("error"))["code"] == "bad_rating", "a rating names its request"
        stranger_id = await handed_off(stranger)
        await stranger.send({"type": "rating", "request": request, "score": 1, "comment": "not mine to rate"})
        refused = await stranger.expect("error")
        assert (refused["code"], refused["request"]) == ("not_asked", request)
        assert (await store.get(conversation_id)).rating is None
        assert not [e for e in await store.events(conversation_id) if e["kind"].startswith("rat")]
        assert (await store.get(stranger_id)).rating is None

        # The rating, counted for Dana (she handled it) and the conversation's tags.
        await customer.send({"type": "rating", "request": request, "score": 4, "comment": "  quick and kind "})
        rated = await customer.expect("rated")
        assert (rated["request"], rated["score"], rated["comment"], rated["text"]) == (
            request, 4, "quick and kind", brand.rating_thanks)
        [event] = [e for e in await store.events(conversation_id) if e["kind"] == "rated"]
        assert event["data"]["score"] == 4 and event["data"]["staff_id"] == DANA.id
        assert event["data"]["closed_by"] == SAM.name
        assert HANDOFF_TAG in event["tags"]

        # A second rating of the same close is refused politely; the first stands.
        await customer.send({"type": "rating", "request": request, "score": 1})
        again = await customer.expect("error")
        assert (again["code"], again["message"]) == ("already_rated", brand.rating_already)
        stored = (await store.get(conversation_id)).rating
        assert stored is not None and (stored.score, stored.comment) == (4, "quick and kind")

        # Coming back later: the ask is replayed as answered, with the rating and the thanks.
        again_client = await ChatClient.connect(url, hello={"session": customer.welcome["session"]})
        try:
            replayed = await again_client.expect("rating_request")
            assert replayed["open"] is False
            assert replayed["rating"] == {"score": 4, "comment": "quick and kind"}
            assert replayed["thanks"] == brand.rating_thanks
        finally:
            await again_client.close()
    finally:
        await customer.close()
        await stranger.close()


# -- web chat in the browser, staff on the /inbox page, the report -------------------------------




async def test_a_customer_rates_in_the_widget_and_staff_see_it_on_the_page_and_in_the_report(
    browser: Any, inbox_server: TestServer, services: Services, settings: Settings,
) -> None:
    url = base_url(inbox_server)
    brand = services.brand
    errors: list[str] = []
    staff_context = await browser.new_context(viewport={"width": 1280, "height": 800})
    customer_context = await browser.new_context(viewport={"width": 1280, "height": 800})
    staff, customer = await staff_context.new_page(), await customer_context.new_page()
    for tab in (staff, customer):
        tab.on("pageerror", lambda exc: errors.append(str(exc)))
        tab.console_lines = []
        tab.on("console", lambda line, tab=tab: tab.console_lines.append(f"{line.type}: {line.text}"))
    try:
        await staff.goto(f"{url}/inbox")
        await staff.get_by_label("Your name").fill("Dana")
        await staff.get_by_role("button", name="Sign in").click()
        await staff.locator("#live[data-status=live]").wait_for(timeout=WAIT_MS)

        await customer.goto(f"{url}/")
        await customer.get_by_role("button", name="Open chat").click()
        await ask(customer, HANDOFF)
        await shows(customer, ".msg.system")

        # Dana opens it, replies (which claims it) and closes it from the page.
        await staff.locator(".rows[data-section=waiting] a.open").click(timeout=WAIT_MS)
        await staff.locator("#reply-text").fill("Hi, I'm Dana. Your refund is on its way.")
        await staff.get_by_role("button", name="Send reply").click()
        await staff.get_by_text("Sent to the customer.").wait_for(timeout=WAIT_MS)
        await staff.get_by_role("button", name="Close: back to the AI").click()
        await staff.get_by_text("Closed: the customer is back with the AI.").wait_for(timeout=WAIT_MS)

        # The widget asks, inline in the chat: five score buttons and a comment box.
        card = await shows(customer, ".rating-card", WAIT_MS)
        assert await card.locator(".prompt").inner_text() == brand.rating_prompt
        scores = card.get_by_role("button", name=" out of 5")
        assert await scores.count() == 5
        send = card.get_by_role("button", name="Send rating")
        assert await send.is_disabled(), "nothing to send before a score is chosen"

        # A click, then the keyboard: arrows move between the scores, Enter picks one.
        await card.get_by_role("button", name="2 out of 5").click()
        await customer.keyboard.press("ArrowRight")
        await customer.keyboard.press("ArrowRight")
        await customer.keyboard.press("Enter")
        assert await card.get_by_role("button", name="4 out of 5").get_attribute("aria-pressed") == "true"
        assert await card.get_by_role("button", name="2 out of 5").get_attribute("aria-pressed") == "false"
        await card.get_by_role("button", name="4 out of 5").click()  # clicking it again keeps 4
        comment = card.get_by_label("Add a comment (optional)")
        assert await comment.get_attribute("maxlength") == str(COMMENT_MAX)
        await comment.fill("quick and kind")
        await customer.screenshot(path=str(SCREENSHOTS / "widget-rating.png"))
        await send.click()

        await card.locator(".rated-score").wait_for(timeout=WAIT_MS)
        assert "You rated this 4 out of 5." in await card.locator(".rated-score").inner_text()
        assert await card.locator(".rated-comment").inner_text() == "“quick and kind”"
        assert await card.locator(".rated-thanks").inner_text() == brand.rating_thanks
        assert await card.get_by_role("button", name="4 out of 5").count() == 0, "no second rating offered"
        rating = (await services.store.get((await stored(customer, url))["conversation"])).rating
        assert rating is not None and (rating.score, rating.comment) == (4, "quick and kind")

        # Dana's page shows it (live), in the side panel and the timeline.
        shown = staff.locator("#rating")
        await shown.wait_for(timeout=WAIT_MS)
        assert (await shown.inner_text()).startswith('Rated 4/5: "quick and kind"')
        assert "for Dana" in await shown.inner_text()
        assert await staff.locator(".timeline .event.rating").filter(has_text="quick and kind").count() == 1

        # After a reload the widget shows the rating as given, not the form again.
        await customer.reload()
        replayed = await shows(customer, ".rating-card .rated-score", WAIT_MS)
        assert "4 out of 5" in await replayed.inner_text()
        assert await customer.locator(".rating-card .star").count() == 0
        assert not errors, f"JavaScript errors: {errors}"
    finally:
        await staff_context.close()
        await customer_context.close()

    # `python -m bot report` against the bot's Redis: per tag and per staff member.
    env = {k: v for k, v in os.environ.items() if not k.startswith("BOT_")}
    env |= {"REDIS_URL": str(settings.redis_url), "BOT_REDIS_PREFIX": settings.redis_prefix}
    done = await asyncio.to_thread(
        subprocess.run, [sys.executable, "-m", "bot", "report", "--since", "1h"], env=env, capture_output=True,
        text=True, timeout=120, check=False, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    per_tag, per_staff = _section(done.stdout, "per tag"), _section(done.stdout, "per staff member")
    assert [HANDOFF_TAG, "1", "4.0"] in per_tag, done.stdout
    assert ["Dana", "1", "4.0"] in per_staff, done.stdout


def _section(report: str, title: str) -> list[list[str]]:
    """The rows of one ratings table of the report's text, split into cells."""
    lines = report.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Customer ratings") and line.endswith(title))
    rows = []
    for line in lines[start + 3:]:
        if not line.strip():
            break
        rows.append(line.split())
    return rows


async def test_the_report_averages_ratings_per_tag_and_per_staff_member(
    services: Services, settings: Settings,
) -> None:
    """Two customers rate Dana, one rates Sam; practice runs and AI-only conversations count for nothing."""
    router, store = services.conversations, services.store
    scores = [(DANA, 5, "billing"), (DANA, 2, "billing"), (SAM, 4, "legal")]
    for staff, score, tag in scores:
        conversation, _ = await store.find_or_create("webchat", f"ref-{score}-{tag}", Participant())
        await store.append(conversation.id, "customer", "I need a person")
        await store.transition(conversation.id, from_states=("bot",), to="waiting", kind="handoff", tags=[tag])
        assert (await router.claim(conversation.id, staff)).ok
        assert (await router.close(conversation.id, staff)).ok
        request, _ = await router.ratings.open_request(conversation.id)
        await router.ratings.rate(conversation.id, request, score)
    practice, _ = await store.find_or_create("practice", "run-1", Participant())
    await store.transition(practice.id, from_states=("bot",), to="waiting", kind="handoff", tags=["billing"])
    assert (await router.close(practice.id, DANA)).ok
    assert (await router.ratings.open_request(practice.id))[0] is None, "nobody to ask in a practice run"

    report = await build_report(store, 3600)
    assert (report.ratings_by_tag["billing"].count, report.ratings_by_tag["billing"].average) == (2, 3.5)
    assert (report.ratings_by_staff[DANA.id].name, report.ratings_by_staff[DANA.id].average) == ("Dana", 3.5)
    assert (report.ratings_by_staff[SAM.id].count, report.ratings_by_staff[SAM.id].average) == (1, 4.0)
    text = format_report(report)
    assert ["billing", "2", "3.5"] in _section(text, "per tag")
    assert ["Sam", "1", "4.0"] in _section(text, "per staff member")


# -- what staff see on the Slack card and the Discord staff card ----------------------------------


def _closed_conversation(rating: Rating | None, state: str = "bot") -> Conversation:
    return Conversation(id="c1", channel="webchat", external_ref="r", participant=Participant(display_name="Ana"),
                        state=state, tags=["escalate"], rating=rating)  # type: ignore[arg-type]


def test_the_slack_and_discord_staff_cards_show_the_rating_of_a_closed_conversation() -> None:
    rating = Rating("req", 4, "quick and <kind>", "Dana", "dana", "Dana", time.time())
    slack = str(card_blocks(CardView(_closed_conversation(rating), "inbox", closed_by="Dana")))
    assert 'Rated 4/5: "quick and &lt;kind&gt;"' in slack, "a line on the card, the customer's words escaped"
    card = StaffCard(conversation_id="c1", channel_id=1, message_id=2, route="inbox", generation=1,
                     closed_by="Dana")
    embed = card_embed(DiscordCardView(_closed_conversation(rating), card)).to_dict()
    history = next(f["value"] for f in embed["fields"] if f["name"] == "History")
    assert 'Rated 4/5: "quick and <kind>"' in history.replace("\\", "")
    # Reopened since: the card shows that, not the last close's rating.
    assert "Rated" not in str(card_blocks(CardView(_closed_conversation(rating, "human"), "inbox")))
    assert "Rated" not in str(card_embed(DiscordCardView(_closed_conversation(None), card)).to_dict())


# -- Discord: score buttons, a comment box, only for the conversation's customer -------------------


async def interact(desk: Desk, interaction: dict[str, Any]) -> list[InteractionReply]:  # noqa: F811
    """Push an interaction; the bot's answers to it once it acknowledged (and followed up, if it did)."""
    api = desk.api
    pushed = time.monotonic()
    await api.push("INTERACTION_CREATE", interaction)
    await api.wait_for(lambda: next(
        (r for r in api.interaction_replies if r.interaction_id == interaction["id"] and not r.followup), None))
    assert time.monotonic() - pushed < 3, "acknowledged within Discord's 3 seconds"
    first = next(r for r in api.interaction_replies if r.interaction_id == interaction["id"])
    if first.type == 5:  # "thinking…": the answer follows
        await api.wait_for(lambda: next(
            (r for r in api.interaction_replies if r.interaction_id == interaction["id"] and r.followup), None))
    return [r for r in api.interaction_replies if r.interaction_id == interaction["id"]]


def components(post: Posted) -> list[dict[str, Any]]:
    """The buttons under a message the bot posted."""
    return [c for row in post.components for c in row.get("components", []) if c.get("type") == 2]


async def test_a_discord_customer_rates_with_a_button_and_comments_in_a_box_and_a_stranger_cannot(
    desk: Desk,  # noqa: F811  (the fixture)
) -> None:
    api, services = desk.api, desk.services
    router, store, brand = services.conversations, services.store, services.brand
    ana, victor = payload("message_create_guild")["author"], payload("member")["user"]
    thread = await desk.ask_in_help_desk(HANDOFF)
    await api.wait_for(lambda: api.sent_to(thread))
    conversation = await store.conversation_for("discord", f"thread:{thread}")
    assert conversation is not None and conversation.state == "waiting"
    assert (await router.reply(conversation.id, DANA, "Hi Ana, Dana here. Sorted!")).ok
    assert (await router.close(conversation.id, DANA)).ok

    ask_post = (await api.wait_for(lambda: [p for p in api.sent_to(thread) if p.content == brand.rating_prompt]))[0]
    buttons = components(ask_post)
    assert [b["label"] for b in buttons] == ["1", "2", "3", "4", "5", brand.rating_comment_button]
    where = {"channel": api.threads[thread], "guild_id": GUILD}

    # Victor is not the conversation's customer: told so, privately; nothing is stored.
    for custom_id in (SCORE_ID.format(score=1), COMMENT_ID):
        replies = await interact(desk, api.button_press(ask_post, user=victor, custom_id=custom_id, **where))
        assert replies[-1].ephemeral and replies[-1].content == brand.person_button_not_yours, replies
    assert (await store.get(conversation.id)).rating is None

    # A comment before a score: pick a score first.
    [early] = await interact(desk, api.button_press(ask_post, user=ana, custom_id=COMMENT_ID, **where))
    assert (early.type, early.ephemeral, early.content) == (4, True, brand.rating_pick_first)

    # Ana presses 4: stored at once, thanked privately.
    replies = await interact(desk, api.button_press(ask_post, user=ana, custom_id=SCORE_ID.format(score=4), **where))
    assert replies[-1].followup and replies[-1].ephemeral and replies[-1].content == brand.rating_thanks
    rating = (await store.get(conversation.id)).rating
    assert rating is not None and (rating.score, rating.comment, rating.staff_id) == (4, "", DANA.id)

    # "Add a comment" opens a box; what she writes is added to her rating.
    [box] = await interact(desk, api.button_press(ask_post, user=ana, custom_id=COMMENT_ID, **where))
    assert box.type == 9 and box.data["title"] == brand.rating_comment_button
    replies = await interact(desk, api.modal_submit(box, {COMMENT_FIELD_ID: "quick and kind"}, user=ana, **where))
    assert replies[-1].ephemeral and replies[-1].content == brand.rating_thanks
    rating = (await store.get(conversation.id)).rating
    assert rating is not None and (rating.score, rating.comment) == (4, "quick and kind")
    kinds = [e["kind"] for e in await store.events(conversation.id) if e["kind"].startswith("rat")]
    assert kinds == ["rated", "rating_comment"], "one rating, its comment added"

    # A second rating, or a second comment, is refused politely; the first stands.
    replies = await interact(desk, api.button_press(ask_post, user=ana, custom_id=SCORE_ID.format(score=1), **where))
    assert replies[-1].ephemeral and replies[-1].content == brand.rating_already
    [again] = await interact(desk, api.button_press(ask_post, user=ana, custom_id=COMMENT_ID, **where))
    assert again.ephemeral and again.content == brand.rating_already
    rating = (await store.get(conversation.id)).rating
    assert rating is not None and (rating.score, rating.comment) == (4, "quick and kind")
    assert [e["kind"] for e in await store.events(conversation.id)].count("rated") == 1

