"""Saved replies in Slack: staff use the "Saved reply" message shortcut on a message of a handoff's
thread, pick a reply in the modal (filled in for that conversation), edit it and send it; the
customer gets it as the staff member's reply, the thread shows it, and the staff policy is the one
of a reply typed in the thread. Real bot and bolt, the Slack emulator playing Slack's client and
Web API over real sockets (signed interactions, views.open / views.update)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.adapters.slack.blocks import ACTION_CLAIM
from bot.adapters.slack.inbox import SlackInbox, SlackInboxError
from bot.adapters.slack.saved_replies import (
    ACTION_PICK,
    ACTION_TEXT,
    MODAL,
    NOT_A_HANDOFF,
    NOT_STAFF,
    NOTICE,
    SHORTCUT,
)
from bot.identity import sign_identity
from bot.settings import Settings
from tests.conftest import ROOT, make_settings
from tests.conftest_slack import (
    DANA,
    INBOX,
    ROUTES,
    RULES,
    SAM,
    SIGNING_SECRET,
    SlackBot,
    slack_api,
    slack_bot,
)
from tests.emulators.slack_api import SlackApiEmulator
from tests.support.webchat_client import ChatClient

__all__ = ["slack_api", "slack_bot"]  # fixtures used by name below

SECRET = "test-secret-for-identity-tokens"
HANDOFF = "I want to talk to a real person please"
REPLIES = """
replies:
  - id: looking-into-it
    title: Looking into it
    text: "Hi {customer_name}, I'm {staff_name} from {marketplace}. I'm looking into {order_id} now."
  - id: asked-the-vendor
    title: Asked the vendor
    text: "I've asked the vendor about {order_id}; they answer within 2 business days."
"""


@pytest.fixture
def replies_file(tmp_path: Path) -> Path:
    """The team's saved replies (BOT_REPLIES)."""
    path = tmp_path / "replies.yaml"
    path.write_text(REPLIES, encoding="utf-8")
    return path


@pytest.fixture
def slack_settings(settings: Settings, slack_api: SlackApiEmulator, tmp_path: Path, replies_file: Path) -> Settings:
    """The Slack tests' bot (tests/conftest_slack.py) with the saved replies above."""
    rules = tmp_path / "rules.yaml"
    rules.write_text(RULES, encoding="utf-8")
    return make_settings(
        REDIS_URL=settings.redis_url, BOT_REDIS_PREFIX=settings.redis_prefix, BOT_KB_DIR=str(settings.kb_dir),
        BOT_INDEX_DIR=str(settings.index_dir), BOT_RULES=str(rules), BOT_BRAND=str(settings.brand_path),
        WEBCHAT_SECRET=settings.webchat_secret, SLACK_BOT_TOKEN=slack_api.bot_token,
        SLACK_SIGNING_SECRET=SIGNING_SECRET, SLACK_API_URL=slack_api.base_url, SLACK_INBOX_CHANNEL=INBOX,
        BOT_REPLIES=str(replies_file),
    )


@pytest.fixture
def bot(slack_bot: SlackBot) -> SlackBot:
    """The bot, with Slack (the emulator) sending staff's interactions to its /slack/actions."""
    slack_bot.api.interactivity_url = slack_bot.base_url + "/slack/actions"
    slack_bot.api.signing_secret = SIGNING_SECRET
    return slack_bot


@pytest.fixture
async def mira(bot: SlackBot) -> AsyncIterator[ChatClient]:
    """A signed-in buyer, Mira, who asked about her order HM-100234 and then for a person."""
    token = sign_identity(SECRET, account_id="B-2001", role="buyer", name="Mira")
    client = await ChatClient.connect(bot.base_url, hello={"token": token})
    await client.say("Where is my order HM-100234? It was due last week.")
    await client.reply("bot")
    await client.say(HANDOFF)
    await client.expect("state", lambda f: f["state"] == "waiting")
    await bot.card_in(INBOX)
    await bot.settled()
    yield client
    await client.close()


def only_view(api: SlackApiEmulator) -> tuple[str, dict[str, Any]]:
    """The one modal open now: its id and the view."""
    [(view_id, view)] = api.views.items()
    return view_id, view


def options(view: dict[str, Any]) -> list[str]:
    """The titles the modal's saved-reply menu offers."""
    return [o["text"]["text"] for b in view["blocks"] for o in (b.get("accessory") or {}).get("options", [])]


def words(view: dict[str, Any]) -> str:
    """All the text of a modal's blocks."""
    parts = [(b.get("text") or {}).get("text", "") for b in view["blocks"]]
    parts += [e.get("text", "") for b in view["blocks"] for e in b.get("elements", [])]
    return "\n".join(parts)


async def test_a_picked_reply_is_filled_in_edited_and_sent_to_the_customer_and_shown_in_the_thread(
    bot: SlackBot, mira: ChatClient,
) -> None:
    api = bot.api
    card = api.roots(INBOX)[0]
    customer_post = api.replies(INBOX, card["ts"])[0]  # the transcript in the card's thread
    assert await api.message_shortcut(SHORTCUT, user=DANA, channel=INBOX, ts=customer_post["ts"]) == 200
    view_id, view = only_view(api)
    assert view["callback_id"] == MODAL and view["title"]["text"] == "Saved reply"
    assert options(view) == ["Looking into it", "Asked the vendor"]
    assert "Mira (buyer, verified)" in words(view), "staff see whom the reply goes to"
    assert api.shown_text(view_id, ACTION_TEXT) == ""

    await api.pick(view_id, ACTION_PICK, "looking-into-it", user=DANA)
    assert api.shown_text(view_id, ACTION_TEXT) == (
        "Hi Mira, I'm Dana from Harbor Market. I'm looking into HM-100234 now."), "placeholders filled in"
    api.type_into(view_id, ACTION_TEXT, "half-written, then changed my mind")
    await api.pick(view_id, ACTION_PICK, "asked-the-vendor", user=DANA)
    drafted = api.shown_text(view_id, ACTION_TEXT)
    assert drafted == "I've asked the vendor about HM-100234; they answer within 2 business days.", (
        "another pick replaces the text in the box")
    final = drafted + " Sorry for the wait & thanks <3"
    api.type_into(view_id, ACTION_TEXT, final)
    assert await api.submit(view_id, user=DANA) == {}
    assert view_id in api.closed_views, "the modal closes once it is sent"

    relayed = await mira.reply("human")
    assert (relayed["name"], relayed["text"]) == ("Dana", final), "the edited text, under Dana's name"
    conversation = await bot.services.store.get(mira.welcome["conversation"])
    assert (conversation.state, conversation.assignee) == ("human", "Dana"), "a reply to a waiting one claims it"
    posted = await api.wait_for(lambda: [m for m in api.replies(INBOX, card["ts"]) if "Sorry for the wait" in m["text"]])
    assert "*Dana* (to the customer)" in posted[0]["text"], "colleagues see what the customer got, and from whom"
    assert "Sorry for the wait &amp; thanks &lt;3" in posted[0]["text"]
    await api.wait_for(lambda: "Claimed by Dana" in str(api.message(INBOX, card["ts"])["blocks"]))
    transcript = [m.text for m in await bot.services.store.transcript(conversation.id)]
    assert transcript.count(final) == 1


async def test_a_saved_reply_to_a_conversation_someone_else_holds_is_refused_in_the_modal(
    bot: SlackBot, mira: ChatClient,
) -> None:
    api = bot.api
    card = api.roots(INBOX)[0]
    await bot.click(card, INBOX, SAM, ACTION_CLAIM)
    await mira.expect("state", lambda f: f["state"] == "human")
    await api.message_shortcut(SHORTCUT, user=DANA, channel=INBOX, ts=card["ts"])  # on the card itself
    view_id, _ = only_view(api)
    await api.pick(view_id, ACTION_PICK, "looking-into-it", user=DANA)

    answer = await api.submit(view_id, user=DANA)
    assert answer["response_action"] == "errors"
    assert list(answer["errors"].values()) == ["Your reply was not sent: Sam Okafor already has this conversation."]
    assert view_id in api.views, "the modal stays open with the reason, and Dana's text"
    assert not [f for f in await mira.quiet_for(1.0) if f["type"] == "message" and f["author"] == "human"]
    await bot.settled()
    assert not [m for m in api.replies(INBOX, card["ts"]) if "looking into" in m["text"]], "nothing in the thread"


async def test_the_shortcut_on_a_message_outside_any_handoff_thread_says_so(bot: SlackBot) -> None:
    api = bot.api
    chat = api.user_posts(INBOX, SAM, "Lunch at one?")
    assert await api.message_shortcut(SHORTCUT, user=DANA, channel=INBOX, ts=chat["ts"]) == 200
    _, view = only_view(api)
    assert view["callback_id"] == NOTICE and "submit" not in view, "nothing to send from here"
    assert words(view) == NOT_A_HANDOFF
    assert "not in a handoff's thread" in NOT_A_HANDOFF


async def test_with_a_staff_group_someone_outside_it_gets_no_modal_to_reply_from(
    bot: SlackBot, mira: ChatClient,
) -> None:
    api = bot.api
    api.usergroups["S0SUPPORT01"] = [DANA]
    bot.inbox.settings = bot.inbox.settings.model_copy(update={"slack_staff_group": "S0SUPPORT01"})
    card = api.roots(INBOX)[0]
    await api.message_shortcut(SHORTCUT, user=SAM, channel=INBOX, ts=card["ts"])
    _, view = only_view(api)
    assert view["callback_id"] == NOTICE and words(view) == NOT_STAFF
    assert (await bot.services.store.get(mira.welcome["conversation"])).state == "waiting"


async def test_the_shortcut_works_over_socket_mode_too(bot: SlackBot, mira: ChatClient) -> None:
    api = bot.api
    api.interactivity_url = ""  # no public URL: Slack sends interactions over the WebSocket
    settings = bot.inbox.settings.model_copy(update={"slack_app_token": api.app_token})
    socket_inbox = SlackInbox(settings, bot.services.store, bot.services.conversations, marketplace="Harbor Market",
                              routes=ROUTES)
    await socket_inbox.start()
    try:
        card = api.roots(INBOX)[0]
        await api.message_shortcut(SHORTCUT, user=DANA, channel=INBOX, ts=card["ts"])
        view_id, _ = only_view(api)
        await api.pick(view_id, ACTION_PICK, "asked-the-vendor", user=DANA)
        assert await api.submit(view_id, user=DANA) == {}
        relayed = await mira.reply("human")
        assert relayed["text"] == "I've asked the vendor about HM-100234; they answer within 2 business days."
    finally:
        await socket_inbox.stop()


async def test_a_broken_replies_file_stops_the_slack_inbox_naming_the_reply(
    bot: SlackBot, replies_file: Path,
) -> None:
    replies_file.write_text(REPLIES.replace("{order_id} now", "{order_number} now"), encoding="utf-8")
    with pytest.raises(SlackInboxError) as refused:
        SlackInbox(bot.inbox.settings, bot.services.store, bot.services.conversations)
    said = str(refused.value)
    assert said.startswith(f"BOT_REPLIES: {replies_file}: replies[0] (looking-into-it).text:")
    assert "{order_number} is not a placeholder" in said


def test_the_manifest_offers_the_shortcut_staff_use() -> None:
    manifest = yaml.safe_load((ROOT / "slack" / "manifest.yaml").read_text(encoding="utf-8"))
    [shortcut] = manifest["features"]["shortcuts"]
    assert (shortcut["type"], shortcut["callback_id"], shortcut["name"]) == ("message", SHORTCUT, "Saved reply")
    assert "commands" in manifest["oauth_config"]["scopes"]["bot"], "shortcuts need the commands scope"
