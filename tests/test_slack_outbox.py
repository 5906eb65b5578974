"""The Slack outbox: posts are kept in Redis until Slack took them, so a process that dies
mid-burst loses none, and one that died while Slack was taking a post does not cause a double."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from bot.adapters.slack.inbox import SlackInbox
from bot.settings import Settings
from tests.conftest_slack import (
    INBOX,
    ROUTES,
    SlackBot,
    slack_api,
    slack_bot,
    slack_settings,
)
from tests.support.webchat_client import ChatClient

__all__ = ["slack_api", "slack_bot", "slack_settings"]  # fixtures used by name below

HANDOFF = "I want to talk to a real person please"


async def take_over(bot: SlackBot, settings: Settings) -> None:
    """This process's inbox dies (its queues stay in Redis); another process's works them off."""
    await bot.inbox.outbox.stop(timeout=0.1)
    survivor = SlackInbox(settings, bot.services.store, bot.services.conversations, routes=ROUTES)
    await survivor.start()
    try:
        await survivor.outbox.drain(timeout=15)
    finally:
        await survivor.stop()


async def test_posts_left_by_a_process_that_died_are_sent_once_and_in_order_by_another(
    slack_bot: SlackBot, slack_settings: Settings,
) -> None:
    bot, api = slack_bot, slack_bot.api
    customer = await ChatClient.connect(bot.base_url)
    await customer.say(HANDOFF)
    card = await bot.card_in(INBOX)
    await bot.settled()

    # Slack takes the first follow-up but its answer never comes back; the rest wait behind it.
    api.hang_next("chat.postMessage")
    follow_ups = [f"Order 7731 update number {n}" for n in range(1, 6)]
    for text in follow_ups:
        await customer.say(text)
    await api.wait_for(lambda: any(follow_ups[0] in str(c.args.get("text")) for c in api.calls_to("chat.postMessage")))
    async with asyncio.timeout(10):
        while await bot.inbox.outbox.pending() < len(follow_ups):
            await asyncio.sleep(0.05)
    await take_over(bot, slack_settings)
    thread = [m["text"] for m in api.replies(INBOX, card["ts"])]
    posted = [text for text in follow_ups for line in thread if text in line]
    assert posted == follow_ups, "each follow-up once, in order, none doubled by the takeover"
    assert [i for i, line in enumerate(thread) if follow_ups[0] in line] == sorted(
        i for i, line in enumerate(thread) if follow_ups[0] in line)
    await customer.close()


async def test_a_card_that_reached_slack_before_a_crash_is_not_posted_again(
    slack_bot: SlackBot, slack_settings: Settings,
) -> None:
    bot, api = slack_bot, slack_bot.api
    api.hang_next("chat.postMessage")  # Slack creates the card; the bot never hears back
    customer = await ChatClient.connect(bot.base_url)
    await customer.say(HANDOFF)
    await bot.card_in(INBOX)
    await take_over(bot, slack_settings)
    assert len(api.roots(INBOX)) == 1, "one card, not two"
    card = api.roots(INBOX)[0]
    conversation = await bot.services.store.get(customer.welcome["conversation"])
    assert conversation.inbox_ref == f"{INBOX}:{card['ts']}"
    thread = "\n".join(m["text"] for m in api.replies(INBOX, card["ts"]))
    assert HANDOFF in thread, "the transcript followed the card into its thread"
    await customer.close()


async def test_a_start_logs_no_warning_about_the_token_bolt_reads_from_the_environment(
    slack_bot: SlackBot, monkeypatch: Any, caplog: Any
) -> None:
    # Deployments set SLACK_BOT_TOKEN, which Bolt also reads itself; the operator should not be
    # told at every start that the client we hand Bolt wins over it.
    monkeypatch.setenv("SLACK_BOT_TOKEN", slack_bot.inbox.settings.slack_bot_token or "xoxb-test")
    with caplog.at_level(logging.WARNING):
        SlackInbox(slack_bot.inbox.settings, slack_bot.services.store, slack_bot.services.conversations, routes=ROUTES)
    assert not [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
