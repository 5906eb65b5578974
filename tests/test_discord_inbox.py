"""Staff who live in Discord: the staff channel's cards and threads, what only Discord does.

The bot is wired as production wires it (`build_services` chooses the Discord staff inbox from
`staff_channel`, `start_discord` connects the gateway) against the Discord emulator over real
sockets, with real Redis and real web-chat customers. The shared staff policy is covered for all
three inboxes by tests/test_inbox_contract.py; this module checks what staff see in Discord and
what reaches customers from there.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.adapters.discord.staff_cards import CLAIM_ID
from bot.adapters.discord.staff_inbox import NOT_STAFF, NOT_STAFF_REPLY
from bot.app import StartupError, build_services
from bot.brain.embeddings import LocalEmbedder
from bot.settings import Settings
from tests.emulators.discord_api import Posted, payload
from tests.support.waiting import eventually
from tests.test_discord_chat import HELP_DESK
from tests.test_inbox_contract import (  # noqa: F401  (fixtures used by name)
    DANA_NAME,
    DISCORD_STAFF,
    HANDOFF,
    SAM_NAME,
    STAFF_CHANNEL,
    DiscordDriver,
    discord_api,
    discord_inbox,
    heard,
    rules_path,
    staff_discord_config,
)


def buttons(card: Posted) -> list[str]:
    """The custom ids of the components under a card, in order."""
    return [c["custom_id"] for row in card.components for c in row.get("components", [])]


def fields(card: Posted) -> dict[str, str]:
    """The card's embed fields, by name."""
    return {f["name"]: f["value"] for f in card.embeds[0].get("fields", [])}


def thread_texts(driver: DiscordDriver, thread: str) -> list[str]:
    return [p.content for p in driver.api.sent_to(thread)]


async def test_the_card_shows_who_the_tags_and_why_and_the_thread_holds_the_transcript(
    discord_inbox: DiscordDriver,
) -> None:
    """A web-chat handoff becomes a card in the staff channel (tags, reasons, queue, status,
    reply due), its thread starts with the transcript so far, and the customer's later messages
    follow in the thread; a claim edits the card to who has it and takes the Claim button away."""
    driver = discord_inbox
    await driver.handoff()
    card = await driver._card()
    assert card.embeds[0]["title"] == "Handoff: escalate"
    shown = fields(card)
    assert shown["Tags"] == "`escalate`" and shown["Queue"] == "inbox" and shown["Channel"] == "Web chat"
    assert shown["Language"] == "English (en)", "so that someone who speaks it claims it"
    assert shown["Status"].endswith("Waiting for a teammate")
    assert "speak to a human" in shown["Why"], shown["Why"]
    assert shown["Reply due"].startswith("<t:"), "in each reader's own time zone"
    assert buttons(card)[0] == CLAIM_ID
    assert card.allowed_mentions is not None and not card.allowed_mentions.get("parse"), "pings no one"

    thread = card.id
    # The card is saved before its thread is opened, so the thread may come a moment later.
    opened = await driver.api.wait_for(lambda: driver.api.threads.get(thread))
    assert opened["parent_id"] == STAFF_CHANNEL, "the card's own thread"
    transcript = await driver.api.wait_for(lambda: thread_texts(driver, thread))
    assert HANDOFF in transcript[0] and "A person from our team will take it from here." in transcript[0]

    await driver.customer.say("My order number is HM-100234")
    mirrored = await driver.api.wait_for(
        lambda: [t for t in thread_texts(driver, thread) if "HM-100234" in t])
    assert mirrored[0].startswith("👤")

    await driver.claim(DANA_NAME)
    def claimed_card() -> Posted | None:
        card = driver.api.message(STAFF_CHANNEL, thread)
        return card if "Claimed by Dana" in fields(card)["Status"] else None

    claimed = await driver.api.wait_for(claimed_card)
    assert CLAIM_ID not in buttons(claimed), "nothing left to claim"
    assert driver.told(DANA_NAME) == "You have this conversation. The AI stays quiet until you close it."


async def test_a_member_without_a_staff_role_can_neither_claim_nor_reply(discord_inbox: DiscordDriver) -> None:
    """Someone in the staff channel without a staff role presses Claim: refused, only they see
    why, and it stays waiting; their message in the thread is not relayed either."""
    driver = discord_inbox
    conversation_id = await driver.handoff()
    told = await driver.press(SAM_NAME, CLAIM_ID, roles=[])
    assert told == NOT_STAFF
    conversation = await driver.services.store.get(conversation_id)
    assert (conversation.state, conversation.assignee) == ("waiting", None)

    message = await driver.write(SAM_NAME, "I'm not staff but here is a refund", roles=[])
    assert driver.told(SAM_NAME) == NOT_STAFF_REPLY
    assert ((await driver._card()).id, message, "⛔") in driver.api.reactions
    transcript = [m.text for m in await driver.services.store.transcript(conversation_id)]
    assert "I'm not staff but here is a refund" not in transcript
    assert (await driver.services.store.get(conversation_id)).state == "waiting"


async def test_a_note_stays_in_the_thread_and_a_reply_reaches_the_web_chat_customer(
    discord_inbox: DiscordDriver,
) -> None:
    """`note: …` is kept for staff (marked 📝, in the events) and never reaches the customer; the
    next message is relayed to the web-chat customer under the staff member's name (marked ✅)."""
    driver = discord_inbox
    conversation_id = await driver.handoff()
    thread = (await driver._card()).id
    note = await driver.write(DANA_NAME, "note: vendor V-1001 shipped late, third time this month")
    assert (thread, note, "📝") in driver.api.reactions and driver.told(DANA_NAME) == ""
    reply = await driver.write(DANA_NAME, "Hi, I'm Dana. Your parcel left the vendor on Monday.")
    assert (thread, reply, "✅") in driver.api.reactions

    relayed = await heard(driver, "message", lambda f: f["author"] == "human")
    assert (relayed["name"], relayed["text"]) == ("Dana", "Hi, I'm Dana. Your parcel left the vendor on Monday.")
    assert not [f for f in driver.customer.frames if "third time" in str(f.get("text"))], "the note never came"
    events = await driver.services.store.events(conversation_id)
    assert [e["data"]["text"] for e in events if e["kind"] == "note"] == [
        "vendor V-1001 shipped late, third time this month"]
    conversation = await driver.services.store.get(conversation_id)
    assert (conversation.state, conversation.assignee_id) == ("human", f"discord:{DISCORD_STAFF[DANA_NAME][0]}")


async def test_a_discord_customer_is_handed_to_the_staff_channel_and_gets_the_reply_in_their_thread(
    discord_inbox: DiscordDriver,
) -> None:
    """A handoff asked for in a support thread gets a card like a web-chat one; the staff reply in
    the card's thread reaches the customer's support thread, signed with the teammate's name."""
    driver, api = discord_inbox, discord_inbox.api
    question = api.ids.next()
    data = payload("message_create_guild", id=question, content=HANDOFF, channel_id=HELP_DESK)
    await api.push("MESSAGE_CREATE", api.customer_message(data))
    await api.wait_for(lambda: api.threads.get(question))
    await api.wait_for(lambda: api.sent_to(question))  # the handoff notice in the customer's thread

    async def handed_off() -> str | None:
        conversation = await driver.services.store.conversation_for("discord", f"thread:{question}")
        return conversation.id if conversation and conversation.state == "waiting" else None

    driver.conversation_id = await eventually(handed_off, 15, what="the Discord customer handed off")
    card = await driver._card()
    assert fields(card)["Channel"] == "Discord" and fields(card)["Customer"].startswith("Ana")

    await driver.write(DANA_NAME, "Hi Ana, Dana here: I'm looking at it now.")
    relayed = await api.wait_for(lambda: [p for p in api.sent_to(question) if "Dana here" in p.content])
    assert relayed[0].content.endswith("Hi Ana, Dana here: I'm looking at it now.")
    assert "Dana" in relayed[0].content.split("\n")[0], "signed with the teammate's name"
    assert not [p for p in api.sent_to(card.id) if "Dana here" in p.content], "not mirrored back to staff"


async def test_a_card_whose_post_lost_its_response_is_posted_once(discord_inbox: DiscordDriver) -> None:
    """Discord takes the card but the response is lost (a 500 after the fact): the retry carries
    the same nonce, so the staff channel gets one card, and its thread and transcript follow."""
    driver, api = discord_inbox, discord_inbox.api
    api.fail("POST", rf"/channels/{STAFF_CHANNEL}/messages$", 500, after_effect=True)
    await driver.handoff()
    card = await driver._card()
    assert [p.id for p in api.sent_to(STAFF_CHANNEL)] == [card.id], "one card"
    assert ("POST", f"/api/v10/channels/{STAFF_CHANNEL}/messages", 500) in api.rejected
    await api.wait_for(lambda: thread_texts(driver, card.id))


async def test_slack_and_a_discord_staff_channel_together_refuse_to_start(
    settings: Settings, embedder: LocalEmbedder, staff_discord_config: Path,
) -> None:
    """Two staff inboxes would split the team's queue: Baton says so in one line and stops."""
    both = settings.model_copy(update={
        "discord_token": "a-token", "discord_config_path": staff_discord_config,
        "slack_bot_token": "xoxb-test", "slack_signing_secret": "secret", "slack_inbox_channel": "C0INBOX0001",
    })
    with pytest.raises(StartupError) as refused:
        await build_services(both, embedder)
    said = str(refused.value)
    assert said.startswith("DISCORD_CONFIG: ") and "staff_channel" in said and "SLACK_BOT_TOKEN" in said
    assert "\n" not in said
