"""The Slack shared inbox, as staff and customers see it: the card, the thread, both directions,
claim, close, pass and false-positive feedback. Real bot, real web-chat clients, Slack emulated."""

from __future__ import annotations

import asyncio
import copy
import json
import re

from bot.adapters.slack.blocks import (
    ACTION_CLAIM,
    ACTION_CLOSE,
    ACTION_NOT_ESCALATION,
    ACTION_PASS,
)
from bot.adapters.slack.inbox import NOT_STAFF, NOT_THE_CARD
from bot.identity import sign_identity
from tests.conftest_slack import (
    DANA,
    INBOX,
    PAYMENTS,
    SAM,
    SlackBot,
    slack_api,
    slack_bot,
    slack_settings,
)
from tests.emulators.slack_api import load_fixture
from tests.support.files import pdf
from tests.support.webchat_client import ChatClient

__all__ = ["slack_api", "slack_bot", "slack_settings"]  # fixtures used by name below

SECRET = "test-secret-for-identity-tokens"
HANDOFF = "I want to talk to a real person please"


def card_words(card: dict) -> str:
    """All the text a staff member reads on a card."""
    parts = []
    for block in card.get("blocks", []):
        if block.get("text"):
            parts.append(block["text"]["text"])
        parts.extend(f["text"] for f in block.get("fields", []))
        for element in block.get("elements", []):
            parts.append((element.get("text") or {}).get("text", "") if isinstance(element.get("text"), dict)
                         else element.get("text", ""))
            parts.extend(o["text"]["text"] for o in element.get("options", []))
    return "\n".join(parts)


def controls(card: dict) -> list[str]:
    return [e["action_id"] for b in card.get("blocks", []) if b["type"] == "actions" for e in b["elements"]]


async def handed_off(bot: SlackBot, client: ChatClient, text: str = HANDOFF, channel: str = INBOX) -> dict:
    await client.say(text)
    await client.expect("state", lambda f: f["state"] == "waiting")
    card = await bot.card_in(channel)
    await bot.settled()
    return card


async def test_the_card_shows_who_why_and_when_and_the_thread_holds_the_whole_transcript(
    slack_bot: SlackBot,
) -> None:
    bot, api = slack_bot, slack_bot.api
    token = sign_identity(SECRET, account_id="V-1001", role="vendor", tier="premier", name="Mira")
    client = await ChatClient.connect(bot.base_url, hello={"token": token})
    await client.say("What are the vendor fees?")
    answer = await client.reply("bot")
    assert answer.get("sources"), "the KB answer cites its articles"
    long_text = " ".join(f"Line {n}: my parcel <!channel> & the label went missing." for n in range(70))
    assert 3000 < len(long_text) < 4000
    await client.say(long_text)
    await client.reply("bot")
    card = await handed_off(bot, client)

    words = card_words(card)
    assert "Handoff: human-requested" in words
    assert "Mira (vendor, verified)" in words and "V-1001" in words and "premier" in words
    assert "Web chat" in words and "`human-requested`" in words and "Queue*\ninbox" in words
    assert "Language*\nEnglish (en)" in words
    assert "asked for a person" in words, "the reason the tag fired"
    assert re.search(r"Reply due\*\n<!date\^\d+\^", words), "the SLA due time, in each reader's time zone"
    assert "Waiting for a teammate" in words
    assert controls(card) == [ACTION_CLAIM, ACTION_CLOSE, ACTION_PASS, ACTION_NOT_ESCALATION]
    assert "payments" in words and "critical" in words, "Pass to… lists the other queues"

    thread = api.replies(INBOX, card["ts"])
    assert all(len(m["text"]) <= 3000 for m in thread), "every post fits one Slack section"
    assert len(thread) >= 2, "a transcript longer than one post is split, not cut"
    text = "\n".join(m["text"] for m in thread)
    order = [text.index("What are the vendor fees?"), text.index(answer["text"][:60]),
             text.index("Line 0: my parcel"), text.index(HANDOFF), text.index("support team")]
    assert order == sorted(order), "the transcript is in order, ending with what the customer was told"
    escaped = long_text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    assert escaped.replace(" ", "") in text.replace(" ", "").replace("\n", ""), "nothing of a long message is cut"
    assert "<!channel>" not in text, "customer text cannot ping the channel"
    source = answer["sources"][0]
    assert f"<{source['url']}|" in text and "_Sources:_" in text
    assert "Mira" in text and "Harbor Helper" in text
    await client.close()


async def test_the_card_says_which_language_the_customer_writes_in(slack_bot: SlackBot) -> None:
    """So that someone who speaks it claims it, and replies in it."""
    client = await ChatClient.connect(slack_bot.base_url)
    card = await handed_off(slack_bot, client, "Hola, mi pedido no llega y quiero hablar con una persona, por favor.")
    assert "Language*\nSpanish (es)" in card_words(card)
    await client.close()


async def test_staff_and_customer_talk_through_the_thread(slack_bot: SlackBot) -> None:
    bot, api = slack_bot, slack_bot.api
    client = await ChatClient.connect(bot.base_url)
    conversation_id = client.welcome["conversation"]
    card = await handed_off(bot, client)

    response = await bot.thread_reply(
        card, INBOX, DANA, "Hi, I'm Dana &amp; I can help. See <https://harbor.example/returns|our returns page>.")
    assert response.status == 200
    relayed = await client.reply("human")
    assert relayed["name"] == "Dana"
    assert relayed["text"] == "Hi, I'm Dana & I can help. See our returns page (https://harbor.example/returns)."
    assert any(f["type"] == "state" and f["state"] == "human" for f in client.frames), (
        "a staff reply claims the conversation"
    )
    claimed = await api.wait_for(lambda: "Claimed by Dana" in card_words(api.message(INBOX, card["ts"])))
    assert claimed and ACTION_CLAIM not in controls(api.message(INBOX, card["ts"]))

    await client.say("Thanks! It's order HM-100234")
    await client.say("And the tracking number is HT-55")
    await api.wait_for(lambda: "HT-55" in api.replies(INBOX, card["ts"])[-1]["text"])
    texts = [m["text"] for m in api.replies(INBOX, card["ts"])]
    assert "HM-100234" in texts[-2] and "HT-55" in texts[-1], "customer messages are mirrored in order"
    assert not any("Dana & I can help" in t or "Dana &amp; I can help" in t for t in texts), (
        "a staff reply is not echoed back into its own thread"
    )

    await bot.thread_reply(card, INBOX, DANA, "note: vendor V-1001 is slow to ship, chase them")
    share = {**load_fixture("file_shared_message.json"), "files": [api.new_file(DANA, "return-label.pdf", pdf())]}
    await bot.thread_reply(card, INBOX, DANA, "Here is your return label", extra=share)
    with_file = await client.reply("human")
    assert with_file["text"] == "Here is your return label"
    assert [a["name"] for a in with_file["attachments"]] == ["return-label.pdf"], (
        "the file comes with the reply (tests/test_slack_files.py), and the note before it was not relayed at all"
    )

    edit = copy.deepcopy(load_fixture("event_message_changed.json"))
    edit["event"].update({"channel": INBOX, "ts": api.next_ts(), "event_ts": api.next_ts()})
    edit["event"]["message"].update({"text": "EDITED TEXT", "ts": api.next_ts(), "thread_ts": card["ts"]})
    edit["event_id"] = "EvEDIT00001"
    assert (await bot.post("/slack/events", json.dumps(edit), "application/json")).status == 200
    await bot.thread_reply(card, INBOX, "U0BATON001", "BOT OWN POST", extra={"bot_id": "B0BATON001"})
    assert not [f for f in await client.quiet_for(1.0) if f["type"] == "message"], (
        "notes, edits and the bot's own posts never reach the customer"
    )
    events = await bot.services.store.events(conversation_id)
    assert [e["data"]["text"] for e in events if e["kind"] == "note"] == ["vendor V-1001 is slow to ship, chase them"]

    root = api.message(INBOX, card["ts"])
    assert (await bot.click(root, INBOX, DANA, ACTION_CLOSE)).status == 200
    closing = await client.reply("system")
    assert "back" in closing["text"].lower()
    assert (await client.expect("state"))["state"] == "bot"
    await api.wait_for(lambda: "Closed by Dana" in card_words(api.message(INBOX, card["ts"])))
    assert controls(api.message(INBOX, card["ts"])) == [], "a closed card has no buttons"
    await api.wait_for(lambda: "Harbor Helper is back" in api.replies(INBOX, card["ts"])[-1]["text"])
    transcript = " ".join(m.text for m in await bot.services.store.transcript(conversation_id))
    assert "chase them" not in transcript
    await client.close()


async def test_two_staff_clicking_claim_at_once_one_wins_the_other_is_told_who(slack_bot: SlackBot) -> None:
    bot, api = slack_bot, slack_bot.api
    client = await ChatClient.connect(bot.base_url)
    card = await handed_off(bot, client)
    first, second = await asyncio.gather(
        bot.click(card, INBOX, DANA, ACTION_CLAIM), bot.click(card, INBOX, SAM, ACTION_CLAIM))
    assert first.status == second.status == 200
    conversation = await bot.services.store.get(client.welcome["conversation"])
    assert conversation.state == "human" and conversation.assignee in ("Dana", "Sam Okafor")
    loser = SAM if conversation.assignee == "Dana" else DANA
    ephemeral = await api.wait_for(lambda: api.ephemeral)
    assert len(ephemeral) == 1
    assert ephemeral[0]["user"] == loser and ephemeral[0]["channel"] == INBOX
    assert ephemeral[0]["text"] == f"{conversation.assignee} already has this conversation."
    await api.wait_for(lambda: f"Claimed by {conversation.assignee}" in card_words(api.message(INBOX, card["ts"])))
    assert (await client.expect("state"))["state"] == "human"
    await client.close()


async def test_pass_requeues_the_conversation_with_its_history_in_another_team(slack_bot: SlackBot) -> None:
    bot, api = slack_bot, slack_bot.api
    client = await ChatClient.connect(bot.base_url)
    conversation_id = client.welcome["conversation"]
    card = await handed_off(bot, client)
    await bot.click(card, INBOX, DANA, ACTION_CLAIM)
    await client.expect("state", lambda f: f["state"] == "human")
    await bot.thread_reply(card, INBOX, DANA, "note: this is a payout question, payments should take it")
    await api.wait_for(lambda: "Claimed by Dana" in card_words(api.message(INBOX, card["ts"])))
    await bot.click(api.message(INBOX, card["ts"]), INBOX, DANA, ACTION_PASS, selected="payments")

    new_card = await bot.card_in(PAYMENTS)
    await bot.settled()
    words = card_words(new_card)
    assert "Queue*\npayments" in words and "Waiting for a teammate" in words
    assert "Passed from inbox by Dana: this is a payout question, payments should take it" in words
    assert ACTION_CLAIM in controls(new_card)
    new_thread = "\n".join(m["text"] for m in api.replies(PAYMENTS, new_card["ts"]))
    assert HANDOFF in new_thread, "the new team sees the whole conversation"
    assert "payout question" in new_thread, "and the internal notes"
    old = api.message(INBOX, card["ts"])
    assert "Passed to payments" in card_words(old) and controls(old) == []
    assert "Dana passed this to *payments*" in api.replies(INBOX, card["ts"])[-1]["text"]
    conversation = await bot.services.store.get(conversation_id)
    assert (conversation.state, conversation.assignee, conversation.route) == ("waiting", None, "payments")
    assert conversation.inbox_ref == f"{PAYMENTS}:{new_card['ts']}"

    await client.say("Any news on my payout?")
    await api.wait_for(lambda: "Any news on my payout?" in api.replies(PAYMENTS, new_card["ts"])[-1]["text"])
    await bot.thread_reply(new_card, PAYMENTS, SAM, "Sam from payments here: it goes out on Friday.")
    relayed = await client.reply("human")
    assert relayed["name"] == "Sam Okafor" and "Friday" in relayed["text"]
    await client.close()


async def test_not_an_escalation_is_recorded_for_the_rules_report(slack_bot: SlackBot) -> None:
    bot, api = slack_bot, slack_bot.api
    client = await ChatClient.connect(bot.base_url)
    card = await handed_off(bot, client)
    await bot.click(card, INBOX, DANA, ACTION_NOT_ESCALATION)
    events = await bot.services.store.events(client.welcome["conversation"])
    flagged = [e for e in events if e["kind"] == "false_positive"]
    assert len(flagged) == 1 and flagged[0]["actor"] == "Dana" and "human-requested" in flagged[0]["tags"]
    await api.wait_for(lambda: "Marked not an escalation by Dana" in card_words(api.message(INBOX, card["ts"])))
    assert ACTION_NOT_ESCALATION not in controls(api.message(INBOX, card["ts"]))
    assert "recorded as not an escalation" in api.ephemeral[0]["text"]
    await client.close()


async def test_a_click_from_another_channel_does_nothing_and_says_why(slack_bot: SlackBot) -> None:
    """A signed click whose channel is not the card's (a crafted payload, or a copy of the card
    elsewhere) closes nothing: the conversation still waits and the clicker is told why."""
    bot, api = slack_bot, slack_bot.api
    client = await ChatClient.connect(bot.base_url)
    card = await handed_off(bot, client)
    response = await bot.click(card, PAYMENTS, SAM, ACTION_CLOSE)
    assert response.status == 200
    [told] = await api.wait_for(lambda: api.ephemeral)
    assert told["user"] == SAM and told["text"] == NOT_THE_CARD
    conversation = await bot.services.store.get(client.welcome["conversation"])
    assert conversation.state == "waiting"
    assert "closed" not in [e["kind"] for e in await bot.services.store.events(conversation.id)]
    await client.close()


async def test_a_replayed_click_is_handled_once(slack_bot: SlackBot) -> None:
    """The same signed click sent again within Slack's five minutes (a replay) does nothing more."""
    bot, api = slack_bot, slack_bot.api
    client = await ChatClient.connect(bot.base_url)
    card = await handed_off(bot, client)
    conversation_id = client.welcome["conversation"]
    as_clicked = copy.deepcopy(card)  # the card as it was when the click was made
    for _ in range(3):
        response = await bot.click(as_clicked, INBOX, DANA, ACTION_NOT_ESCALATION, trigger_id="6000.1700.replayed")
        assert response.status == 200
    await api.wait_for(lambda: api.ephemeral)
    await bot.click(card, INBOX, DANA, ACTION_CLAIM)  # a later, new click still works, after the replays
    await client.expect("state", lambda f: f["state"] == "human")
    events = [e["kind"] for e in await bot.services.store.events(conversation_id)]
    assert events.count("false_positive") == 1
    assert len(api.ephemeral) == 1, "one verdict, one confirmation"
    await client.close()


async def test_with_a_staff_group_only_its_members_act_or_reply(slack_bot: SlackBot) -> None:
    """SLACK_STAFF_GROUP set: a workspace member outside it can neither claim nor reach the
    customer from the thread; a member can."""
    bot, api = slack_bot, slack_bot.api
    api.usergroups["S0SUPPORT01"] = [DANA]
    bot.inbox.settings = bot.inbox.settings.model_copy(update={"slack_staff_group": "S0SUPPORT01"})
    client = await ChatClient.connect(bot.base_url)
    conversation_id = client.welcome["conversation"]
    card = await handed_off(bot, client)

    await bot.click(card, INBOX, SAM, ACTION_CLAIM)
    [told] = await api.wait_for(lambda: api.ephemeral)
    assert told["user"] == SAM and told["text"] == NOT_STAFF
    await bot.thread_reply(card, INBOX, SAM, "Hi, Sam here, sending you a refund link")
    await api.wait_for(lambda: len(api.ephemeral) == 2)
    assert api.ephemeral[1]["text"].startswith("Not sent to the customer.")
    assert (await bot.services.store.get(conversation_id)).state == "waiting"

    await bot.click(card, INBOX, DANA, ACTION_CLAIM)
    await client.expect("state", lambda f: f["state"] == "human" and f.get("assignee") == "Dana")
    texts = [m.text for m in await bot.services.store.transcript(conversation_id)]
    assert not any("refund link" in t for t in texts), "the outsider's reply never reached the customer"
    await client.close()
