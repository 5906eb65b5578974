"""The Slack inbox's delivery guarantees: SLA reminders and escalation, Slack retries handled once,
429 and 500 retried without losing or reordering, forged and stale requests refused, Socket Mode."""

from __future__ import annotations

import json
import re
import time
import uuid
from pathlib import Path

import yaml

from bot.adapters.slack.blocks import ACTION_CLAIM
from bot.adapters.slack.inbox import SlackInbox
from bot.router import Conversations
from tests.conftest_slack import (
    CRITICAL,
    DANA,
    INBOX,
    PAYMENTS,
    ROUTES,
    SlackBot,
    slack_api,
    slack_bot,
    slack_settings,
)
from tests.support.webchat_client import ChatClient

__all__ = ["slack_api", "slack_bot", "slack_settings"]  # fixtures used by name below

HANDOFF = "I want to talk to a real person please"


def texts(bot: SlackBot, channel: str, ts: str) -> list[str]:
    return [m["text"] for m in bot.api.replies(channel, ts)]


async def test_an_unclaimed_conversation_gets_a_reminder_then_goes_to_the_critical_queue(slack_bot: SlackBot) -> None:
    bot, api = slack_bot, slack_bot.api
    waiting = await ChatClient.connect(bot.base_url)
    claimed = await ChatClient.connect(bot.base_url)
    await waiting.say("Help, my shop is down since this morning")  # shop-down: reply due in 1.5 s
    card = await bot.card_in(PAYMENTS)
    await claimed.say("My shop is down as well")
    other_card = await bot.card_in(PAYMENTS, 1)
    await bot.click(other_card, PAYMENTS, DANA, ACTION_CLAIM)

    # The timers live in Redis: with this process's poller stopped, another process fires them,
    # and with both polling, each fires once.
    sla = bot.services.conversations.sla
    await sla.stop()
    assert [n for n in await sla.pending() if n.startswith(f"{waiting.welcome['conversation']}|")]
    services = bot.services
    other_process = Conversations(services.store, services.brain, services.escalation, services.brand,  # type: ignore[arg-type]
                                  sla_poll_seconds=0.2)
    other_process.register_inbox(bot.inbox)
    await other_process.sla.start()
    try:
        reminder = await api.wait_for(
            lambda: [t for t in texts(bot, PAYMENTS, card["ts"]) if "Nobody has claimed" in t], timeout=6)
        await sla.start()
        assert reminder[0].startswith("<!subteam^S0PAYMENTS> :alarm_clock: Nobody has claimed this after 2 seconds")

        escalated = await bot.card_in(CRITICAL, timeout=8)
        words = json.dumps(escalated["blocks"])
        assert "Passed from payments by Baton SLA: unclaimed for 3 seconds" in words
        await api.wait_for(lambda: "passed this to *critical*" in texts(bot, PAYMENTS, card["ts"])[-1], timeout=5)
        assert "escalating to *critical*" in texts(bot, PAYMENTS, card["ts"])[-2]
        critical_reminder = await api.wait_for(
            lambda: [t for t in texts(bot, CRITICAL, escalated["ts"]) if "Nobody has claimed" in t], timeout=6)
        assert critical_reminder[0].startswith("<!subteam^S0ONCALL01>"), "the critical team's group is pinged"
        await bot.settled()
    finally:
        await other_process.aclose()

    thread = texts(bot, PAYMENTS, card["ts"])
    assert sum("Nobody has claimed" in t for t in thread) == 1 and sum("escalating" in t for t in thread) == 1
    assert len(api.roots(CRITICAL)) == 1, "escalated once, by one process"
    assert not [t for t in texts(bot, PAYMENTS, other_card["ts"]) if "Nobody has claimed" in t], (
        "a claimed conversation gets no reminder"
    )
    conversation = await bot.services.store.get(waiting.welcome["conversation"])
    assert (conversation.state, conversation.route) == ("waiting", "critical")
    await waiting.close()
    await claimed.close()


async def test_a_retried_event_is_relayed_once(slack_bot: SlackBot) -> None:
    bot = slack_bot
    client = await ChatClient.connect(bot.base_url)
    await client.say(HANDOFF)
    card = await bot.card_in(INBOX)
    ts = bot.api.next_ts()
    first = await bot.thread_reply(card, INBOX, DANA, "Hello, Dana here.", event_id="Ev0RETRY0001", ts=ts)
    again = await bot.thread_reply(card, INBOX, DANA, "Hello, Dana here.", event_id="Ev0RETRY0001", ts=ts, retry=1)
    assert first.status == again.status == 200
    assert (await client.reply("human"))["text"] == "Hello, Dana here."
    assert not [f for f in await client.quiet_for(1.0) if f["type"] == "message"]
    transcript = await bot.services.store.transcript(client.welcome["conversation"])
    assert [m.text for m in transcript].count("Hello, Dana here.") == 1
    await client.close()


async def test_rate_limits_and_server_errors_lose_nothing_and_keep_the_order(slack_bot: SlackBot) -> None:
    bot, api = slack_bot, slack_bot.api
    client = await ChatClient.connect(bot.base_url)
    api.fail_next("chat.postMessage", 429, times=1, retry_after=0)  # the card itself is rate limited
    await client.say(HANDOFF)
    card = await bot.card_in(INBOX)
    api.fail_next("chat.postMessage", 429, times=2, retry_after=1)
    api.fail_next("chat.postMessage", 500, times=1)
    updates = [f"Update {n}: more details about my order" for n in range(5)]
    for text in updates:
        await client.say(text)
    await api.wait_for(lambda: "Update 4" in (texts(bot, INBOX, card["ts"]) or [""])[-1], timeout=15)
    await bot.settled()
    thread = texts(bot, INBOX, card["ts"])
    positions = [next(i for i, t in enumerate(thread) if u in t) for u in updates]
    assert positions == sorted(positions) and len(set(positions)) == 5, "in order, each once"
    assert sum(HANDOFF in t for t in thread) == 1
    failed = [c.status for c in api.calls_to("chat.postMessage", ok_only=False) if not c.ok]
    assert failed == [429, 429, 429, 500], "Slack really refused them; the SDK's retry handlers got through"
    await client.close()


async def test_forged_stale_and_unsigned_requests_are_refused(slack_bot: SlackBot) -> None:
    bot = slack_bot
    client = await ChatClient.connect(bot.base_url)
    await client.say(HANDOFF)
    card = await bot.card_in(INBOX)
    body = json.dumps(bot.reply_event(card, INBOX, DANA, "Please send your card number here."))
    forged = await bot.post("/slack/events", body, "application/json", secret="not-the-signing-secret")
    stale = await bot.post("/slack/events", body, "application/json", timestamp=int(time.time()) - 600)
    async with bot.http.post(bot.base_url + "/slack/actions", data=b"payload=%7B%7D",
                             headers={"Content-Type": "application/x-www-form-urlencoded"}) as unsigned:
        await unsigned.read()
    assert (forged.status, stale.status, unsigned.status) == (401, 401, 401)
    assert not [f for f in await client.quiet_for(1.0) if f["type"] == "message" and f["author"] == "human"]

    challenge = json.dumps({"token": "x", "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3g", "type": "url_verification"})
    verified = await bot.post("/slack/events", challenge, "application/json")
    assert verified.status == 200 and "3eZbrw1aBm2rZgRNFdxV2595E9CY3g" in await verified.text(), (
        "a correctly signed request gets through (Slack's URL check)"
    )
    await client.close()


async def test_socket_mode_receives_staff_replies_without_a_public_url(slack_bot: SlackBot) -> None:
    bot, api = slack_bot, slack_bot.api
    client = await ChatClient.connect(bot.base_url)
    await client.say(HANDOFF)
    card = await bot.card_in(INBOX)
    settings = bot.inbox.settings.model_copy(update={"slack_app_token": api.app_token})
    socket_inbox = SlackInbox(settings, bot.services.store, bot.services.conversations, routes=ROUTES)
    await socket_inbox.start()
    try:
        envelope = {
            "envelope_id": str(uuid.uuid4()),
            "payload": bot.reply_event(card, INBOX, DANA, "Hi from Dana, over Socket Mode."),
            "type": "events_api",
            "accepts_response_payload": False,
            "retry_attempt": 0,
            "retry_reason": "",
        }
        ack = await api.socket_send(envelope)
        assert ack["envelope_id"] == envelope["envelope_id"]
        relayed = await client.reply("human")
        assert (relayed["name"], relayed["text"]) == ("Dana", "Hi from Dana, over Socket Mode.")
    finally:
        await socket_inbox.stop()
    await client.close()


def test_the_manifest_asks_for_exactly_the_scopes_the_bot_uses() -> None:
    root = Path(__file__).resolve().parent.parent
    manifest = yaml.safe_load((root / "slack" / "manifest.yaml").read_text(encoding="utf-8"))
    method_scopes = {"chat_postMessage": "chat:write", "chat_update": "chat:write",
                     "chat_postEphemeral": "chat:write", "users_info": "users:read",
                     "usergroups_users_list": "usergroups:read",  # SLACK_STAFF_GROUP
                     "usergroups_list": "usergroups:read",  # rules' mention by @handle
                     # after a restart: did a post reach Slack? (private channels: groups:history)
                     "conversations_replies": "channels:history", "conversations_history": "channels:history",
                     "views_open": None, "views_update": None,  # the saved reply modal: no scope
                     # customers' files into the thread (the steps of files_upload_v2)
                     "files_getUploadURLExternal": "files:write", "files_completeUploadExternal": "files:write"}
    event_scopes = {"message.channels": "channels:history", "message.groups": "groups:history"}
    slack = root / "bot" / "adapters" / "slack"
    source = "".join((slack / name).read_text(encoding="utf-8") for name in ("inbox.py", "saved_replies.py",
                                                                             "files.py"))
    called = set(re.findall(r"client\.(\w+)\(", source))
    assert called <= set(method_scopes), f"add the scope of {called - set(method_scopes)} to this test and the manifest"
    events = manifest["settings"]["event_subscriptions"]["bot_events"]
    shortcuts = {"commands"} if manifest["features"].get("shortcuts") else set()
    needed = {method_scopes[m] for m in called if method_scopes[m]} | {event_scopes[e] for e in events} | shortcuts
    if "url_private_download" in source:  # staff's files fetched with the bot token
        needed.add("files:read")
    assert set(manifest["oauth_config"]["scopes"]["bot"]) == needed
    assert manifest["settings"]["interactivity"]["request_url"].endswith("/slack/actions")
    assert manifest["settings"]["event_subscriptions"]["request_url"].endswith("/slack/events")
