"""Customers on Discord: DMs and support threads, answered by the real bot, over discord.py's real HTTP layer.

Gateway events are recorded payload shapes (tests/fixtures/discord) parsed by discord.py itself;
everything the bot sends goes through discord.py's HTTP client to a local Discord API emulator.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import discord
import pytest
import yaml

from bot.adapters.discord.channel import DiscordChannel, invite_permissions, invite_url
from bot.adapters.discord.config import DiscordConfigError
from bot.app import Services
from bot.models import Conversation
from bot.settings import Settings
from tests.emulators.discord_api import DiscordAPI, GatewayFeed, Posted, payload
from tests.support.rules import HANDOFF, HANDOFF_NOTICE, rules_with
from tests.support.staff import DANA

T = TypeVar("T")
ROOT = Path(__file__).resolve().parent.parent
GUILD = "1100000000000000001"
HELP_DESK = "1100000000000000010"
GENERAL = "1100000000000000011"
BOT = "1200000000000000001"
ANA = "1300000000000000001"
VICTOR = "1300000000000000002"
ANA_DM = "1400000000000000001"
VICTOR_DM = "1400000000000000002"
VENDOR_ROLE, GOLD_ROLE, MODERATOR_ROLE = "1100000000000000020", "1100000000000000021", "1100000000000000022"


# This module's label for high-value vendor accounts, added to the tests' handoff rules.
HIGH_VALUE_TAG, HIGH_VALUE_ACCOUNT = "high-value-vendor", "V-1001"
HIGH_VALUE_VENDOR = {
    "name": HIGH_VALUE_TAG,
    "priority": 41,
    "handoff": False,
    "when": {"role": "vendor", "accounts": [HIGH_VALUE_ACCOUNT]},
}


def high_value_vendor_rule() -> tuple[str, str]:
    """This module's label for high-value vendor accounts: (tag name, one of its accounts)."""
    return HIGH_VALUE_TAG, HIGH_VALUE_ACCOUNT


@pytest.fixture
def rules_path(tmp_path: Path) -> Path:
    """The tests' handoff rules plus the high-value vendor label (the `settings` fixture runs them)."""
    return rules_with(tmp_path / "discord-rules.yaml", HIGH_VALUE_VENDOR)


@dataclass
class Discord:
    """The Discord side of a test: the emulated API, the gateway feed and the bot's channel."""

    api: DiscordAPI
    feed: GatewayFeed
    channel: DiscordChannel
    services: Services
    ids: int = 0

    def say(self, content: str, *, where: str = "dm", author: dict[str, Any] | None = None,
            roles: list[str] | None = None, message_id: str | None = None, **changes: Any) -> str:
        """A customer's message arrives over the gateway; returns its id."""
        message_id = message_id or self.api.ids.next()
        if where == "dm":
            data = payload("message_create_dm", id=message_id, content=content, **changes)
        else:
            data = payload("message_create_guild", id=message_id, content=content, channel_id=where, **changes)
            data["member"]["roles"] = roles or []
        if author is not None:
            data["author"] = author
        self.feed.dispatch("MESSAGE_CREATE", data)
        return message_id

    def bot_posts(self, channel_id: str) -> list[Posted]:
        return self.api.sent_to(channel_id)

    async def posts(self, channel_id: str, count: int, timeout: float = 20.0) -> list[Posted]:
        """Wait until the bot has posted `count` messages in the channel; return them."""
        return await self.api.wait_for(
            lambda: self.bot_posts(channel_id) if len(self.bot_posts(channel_id)) >= count else None, timeout)

    async def customer_lines(self, conversation_id: str) -> list[str]:
        transcript = await self.services.store.transcript(conversation_id)
        return [m.text for m in transcript if m.author == "customer"]

    async def conversation(self, external_ref: str) -> Conversation:
        conversation_id = await self.services.store.redis.get(
            self.services.store.keys.external_ref("discord", external_ref))
        assert conversation_id, f"no conversation for {external_ref}"
        return await self.services.store.get(conversation_id.decode() if isinstance(conversation_id, bytes)
                                             else conversation_id)


async def eventually(read: Callable[[], Awaitable[list[T]]], count: int, timeout: float = 10.0) -> list[T]:
    """Poll `read` until it returns at least `count` items."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        items = await read()
        if len(items) >= count or asyncio.get_running_loop().time() > deadline:
            return items
        await asyncio.sleep(0.05)


def ana(**changes: Any) -> dict[str, Any]:
    return {**payload("message_create_dm")["author"], **changes}


def victor() -> dict[str, Any]:
    return payload("member")["user"]


@pytest.fixture
async def discord_api(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[DiscordAPI]:
    api = DiscordAPI()
    monkeypatch.setattr(discord.http.Route, "BASE", await api.start())
    api.channel_guilds.update({HELP_DESK: GUILD, GENERAL: GUILD})
    api.add_member(GUILD, payload("member"))
    api.existing_dm(ANA, ANA_DM)  # the DM channels the recorded payloads are written in
    api.existing_dm(VICTOR, VICTOR_DM)
    yield api
    await api.close()


@pytest.fixture
def discord_config(tmp_path: Path) -> Path:
    """The shipped config/discord.yaml, with retries fast enough for tests and Victor's account."""
    config = yaml.safe_load((ROOT / "config" / "discord.yaml").read_text(encoding="utf-8"))
    config["delivery"] = {"attempts": 5, "first_delay": 0.05, "max_delay": 0.2, "part_seconds": 3.0}
    config["users"] = {int(VICTOR): {"account_id": high_value_vendor_rule()[1]}}
    path = tmp_path / "discord.yaml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    return path


@pytest.fixture
async def on_discord(
    services: Services, settings: Settings, discord_api: DiscordAPI, discord_config: Path
) -> AsyncIterator[Discord]:
    channel = DiscordChannel(settings.model_copy(update={"discord_token": discord_api.token}),
                             services.conversations, services.store, services.brand, discord_config)
    services.conversations.register_channel(channel)
    await channel.login()
    feed = GatewayFeed(channel.client)
    feed.dispatch("GUILD_CREATE", payload("guild_create"))
    yield Discord(discord_api, feed, channel, services)
    await channel.stop()


async def test_a_dm_question_is_answered_with_sources_while_typing_shows(on_discord: Discord) -> None:
    question = on_discord.say("How can I track my parcel?")
    [answer] = await on_discord.posts(ANA_DM, 1)

    assert answer.content.strip() and len(answer.content) <= 2000
    [sources] = answer.embeds
    assert sources["title"] == on_discord.services.brand.sources_label and "](https://" in sources["description"]
    assert ANA_DM in on_discord.api.typing, "the customer saw 'typing…' while the answer was prepared"
    assert answer.allowed_mentions and answer.allowed_mentions["parse"] == [], "AI text can never ping @everyone"

    conversation = await on_discord.conversation(f"dm:{ANA}")
    assert conversation.participant.display_name == "Ana" and conversation.participant.role == "buyer"
    assert not conversation.participant.verified

    # The gateway may deliver an event twice (resume): the same message id is one message.
    on_discord.say("How can I track my parcel?", message_id=question)
    on_discord.say("And what payment methods do you accept?")
    posts = await on_discord.posts(ANA_DM, 2)
    await asyncio.sleep(0.3)
    assert len(on_discord.bot_posts(ANA_DM)) == 2 == len(posts)
    transcript = await on_discord.services.store.transcript(conversation.id)
    assert [m.author for m in transcript] == ["customer", "bot", "customer", "bot"]


async def test_a_support_channel_question_opens_a_thread_that_carries_the_conversation(on_discord: Discord) -> None:
    first = on_discord.say("How can I track my parcel?", where=HELP_DESK)
    thread = await on_discord.api.wait_for(lambda: on_discord.api.threads.get(first))
    assert thread["parent_id"] == HELP_DESK and thread["name"] == "Ana: How can I track my parcel?"

    [answer] = await on_discord.posts(first, 1)  # a message's thread has the message's id
    assert answer.content.startswith(f"<@{ANA}>"), "the customer is pinged into their new thread"
    assert [str(u) for u in answer.allowed_mentions["users"]] == [ANA] and answer.allowed_mentions["parse"] == []
    assert not on_discord.bot_posts(HELP_DESK), "nothing is answered in the channel itself"

    on_discord.feed.dispatch("THREAD_CREATE", payload("thread_create", id=first, name=thread["name"]))
    # Discord's own "thread started" notice and the bot's own posts are not customer messages.
    on_discord.say("", where=first, type=21, author=ana())
    on_discord.say("Thanks, I'll check!", where=first, author=payload("user_me"))
    on_discord.say("And how long do refunds take?", where=first)
    second, = (await on_discord.posts(first, 2))[1:]
    assert not second.content.startswith("<@"), "only the first reply pings"

    conversation = await on_discord.conversation(f"thread:{first}")
    transcript = await on_discord.services.store.transcript(conversation.id)
    assert [m.text for m in transcript if m.author == "customer"] == [
        "How can I track my parcel?", "And how long do refunds take?"]
    assert len(on_discord.api.threads) == 1, "messages in the thread continue it, they open no new thread"


async def test_other_bots_other_places_and_moderators_are_ignored_and_mentions_get_a_pointer(
    on_discord: Discord,
) -> None:
    other_bot = {**ana(), "id": "1300000000000000099", "username": "shipping-bot", "bot": True}
    on_discord.say("Order HM-100234 shipped", where=HELP_DESK, author=other_bot)
    on_discord.say("How can I track my parcel?", where=HELP_DESK, author=payload("user_me"))
    on_discord.say("Welcome everyone, please be kind", where=HELP_DESK, roles=[MODERATOR_ROLE])
    on_discord.say("anyone know good ceramic shops?", where=GENERAL)
    on_discord.say("Hello from another server", where=HELP_DESK, guild_id="1999999999999999999")
    mention = on_discord.say(f"<@{BOT}> where do I get help with a return?", where=GENERAL,
                             mentions=[payload("user_me")])

    [pointer] = await on_discord.posts(GENERAL, 1)
    assert f"<#{HELP_DESK}>" in pointer.content
    assert pointer.reference and str(pointer.reference["message_id"]) == mention
    # Asked in French, pointed in French (there is no conversation yet: the question's language).
    on_discord.say(f"<@{BOT}> où est-ce que je peux demander de l'aide pour un retour, s'il vous plaît ?",
                   where=GENERAL, mentions=[payload("user_me")])
    french = (await on_discord.posts(GENERAL, 2))[1]
    brand = on_discord.services.brand
    assert french.content == brand.localised("fr").channel_pointer.format(channel=f"<#{HELP_DESK}>")
    assert french.content != brand.channel_pointer.format(channel=f"<#{HELP_DESK}>")
    await asyncio.sleep(0.5)
    assert not on_discord.api.threads, "no conversation was opened"
    assert [p.channel_id for p in on_discord.api.posted] == [GENERAL, GENERAL]


async def test_vendor_roles_make_a_verified_vendor_and_high_value_accounts_get_vendor_rules(
    on_discord: Discord,
) -> None:
    tag, account = high_value_vendor_rule()
    # In the server the member's roles come with the message; "Gold Vendor" sets the tier.
    asked = on_discord.say("What fees do vendors pay on each sale?", where=HELP_DESK,
                           author=victor(), roles=[VENDOR_ROLE, GOLD_ROLE])
    await on_discord.posts(asked, 1)
    in_server = await on_discord.conversation(f"thread:{asked}")
    assert in_server.participant.role == "vendor" and in_server.participant.verified
    assert in_server.participant.tier == "gold" and in_server.participant.account_id == account
    assert tag in in_server.tags, "the vendor rule for high-value accounts fired on Discord"

    # In a DM there are no roles in the payload: the bot looks the member up in the server.
    on_discord.say("How do payouts work?", channel_id=VICTOR_DM, author=victor())
    await on_discord.posts(VICTOR_DM, 1)
    in_dm = await on_discord.conversation(f"dm:{VICTOR}")
    assert (in_dm.participant.role, in_dm.participant.account_id, in_dm.participant.verified) == (
        "vendor", account, True)
    assert tag in in_dm.tags
    assert ("GET", f"/api/v10/guilds/{GUILD}/members/{VICTOR}") in on_discord.api.requests

    on_discord.say("What fees do vendors pay on each sale?")
    await on_discord.posts(ANA_DM, 1)
    buyer = await on_discord.conversation(f"dm:{ANA}")
    assert buyer.participant.role == "buyer" and not buyer.participant.verified
    assert tag not in buyer.tags


async def test_handoff_in_a_thread_then_the_staff_reply_arrives_there_with_the_staff_name(
    on_discord: Discord,
) -> None:
    router = on_discord.services.conversations
    thread = on_discord.say(HANDOFF, where=HELP_DESK)
    [notice] = await on_discord.posts(thread, 1)
    assert HANDOFF_NOTICE in notice.content, "the customer reads the handoff tag's own message"
    conversation = await on_discord.conversation(f"thread:{thread}")
    assert conversation.state == "waiting"

    # While a person is coming the AI is silent, and nothing the customer writes is lost.
    on_discord.say("It's about order HM-100234", where=thread)
    on_discord.say("The parcel was due on Monday", where=thread)
    customer = await eventually(lambda: on_discord.customer_lines(conversation.id), 3)
    assert customer[1:] == ["It's about order HM-100234", "The parcel was due on Monday"]

    assert (await router.claim(conversation.id, DANA)).ok
    joined = (await on_discord.posts(thread, 2))[1]
    assert "Dana" in joined.content
    await router.reply(conversation.id, DANA, "Hi, I'm looking at HM-100234 now.")
    relayed = (await on_discord.posts(thread, 3))[2]
    assert relayed.content.startswith("**Dana**") and relayed.content.endswith("Hi, I'm looking at HM-100234 now.")
    assert not relayed.embeds

    assert (await router.close(conversation.id, DANA)).ok
    closing, ask = (await on_discord.posts(thread, 5))[3:5]
    assert closing.content and "Dana" not in closing.content
    assert ask.content == on_discord.services.brand.rating_prompt, "then the ask to rate Dana's help"
    await asyncio.sleep(0.3)
    assert len(on_discord.bot_posts(thread)) == 5, "no AI answer to the messages written while waiting"


async def test_a_long_staff_reply_is_split_into_clean_discord_messages(on_discord: Discord) -> None:
    on_discord.say(HANDOFF)
    await on_discord.posts(ANA_DM, 1)
    conversation = await on_discord.conversation(f"dm:{ANA}")
    steps = " ".join(f"Step {n}: open the order page and check the parcel status carefully." for n in range(40))
    code = "```text\n" + "\n".join(f"HM-1002{n:02d}  shipped  DHL  tracking JJD0001234{n:02d}" for n in range(40)) + "\n```"
    long_reply = f"{steps}\n\n{code}\n\nThat's all of them. Tell me if one is missing."
    assert len(long_reply) > 4000

    await on_discord.services.conversations.reply(conversation.id, DANA, long_reply)
    posts = await on_discord.api.wait_for(
        lambda: (lambda p: p if p and p[-1].content.endswith("Tell me if one is missing.") else None)(
            on_discord.bot_posts(ANA_DM)[2:]))
    assert len(posts) >= 3 and all(len(p.content) <= 2000 for p in posts)
    assert posts[0].content.startswith("**Dana**")
    first_line, _, rest_of_first = posts[0].content.partition("\n")
    sent = " ".join([rest_of_first, *(p.content for p in posts[1:])])
    fences = {"```", "```text"}
    assert [w for w in sent.split() if w not in fences] == [w for w in long_reply.split() if w not in fences], (
        "every word arrives once, in order, none cut in two")
    for post in posts:
        assert post.content.count("```") % 2 == 0, "each part's code block is closed, so it renders as code"
    assert any(p.content.startswith("```text\n") for p in posts[1:]), "the code block reopens as code"


async def test_an_edit_before_the_answer_is_answered_once_and_later_edits_are_kept_for_staff(
    on_discord: Discord,
) -> None:
    question = on_discord.say("What payment methods do you accept?")
    on_discord.feed.dispatch("MESSAGE_UPDATE", payload(
        "message_update", id=question, content="How do I return an item?"))
    [answer] = await on_discord.posts(ANA_DM, 1)
    assert "return" in answer.embeds[0]["description"].lower(), "the answer is to the edited question"

    on_discord.feed.dispatch("MESSAGE_UPDATE", payload(
        "message_update", id=question, content="How do I return an item I bought in a sale?",
        edited_timestamp="2026-11-24T10:25:00.000000+00:00"))
    on_discord.say("Thanks!")
    await on_discord.posts(ANA_DM, 2)
    await asyncio.sleep(0.3)
    assert len(on_discord.bot_posts(ANA_DM)) == 2, "the later edit is not answered again"

    conversation = await on_discord.conversation(f"dm:{ANA}")
    customer = await on_discord.customer_lines(conversation.id)
    assert customer == ["What payment methods do you accept?", "How do I return an item?",
                        "(edited) How do I return an item I bought in a sale?", "Thanks!"]
    assert "answer_withheld" in [e["kind"] for e in await on_discord.services.store.events(conversation.id)]


async def test_a_question_deleted_before_its_answer_is_not_answered(on_discord: Discord) -> None:
    question = on_discord.say("What payment methods do you accept?")
    on_discord.feed.dispatch("MESSAGE_DELETE", payload("message_delete", id=question))
    on_discord.say("How do I return an item?")
    [answer] = await on_discord.posts(ANA_DM, 1)
    await asyncio.sleep(0.3)
    assert len(on_discord.bot_posts(ANA_DM)) == 1 and "return" in answer.embeds[0]["description"].lower()
    conversation = await on_discord.conversation(f"dm:{ANA}")
    deleted = [e for e in await on_discord.services.store.events(conversation.id) if e["kind"] == "customer_deleted"]
    assert deleted and deleted[0]["data"]["platform_message_id"] == question


async def test_rate_limits_and_server_errors_neither_drop_nor_duplicate_a_reply(on_discord: Discord) -> None:
    messages = r"^/api/v10/channels/\d+/messages$"
    on_discord.api.fail("POST", messages, 429, retry_after=0.05)  # handled by discord.py
    on_discord.api.fail("POST", messages, 503, after_effect=True)  # posted, but the response is lost
    on_discord.api.fail("POST", messages, 502)  # discord.py would wait 1 s before retrying a 502 itself
    on_discord.api.fail("POST", messages, 503)
    on_discord.say("How can I track my parcel?")
    posted = f"/api/v10/channels/{ANA_DM}/messages"
    await on_discord.api.wait_for(lambda: on_discord.api.requests.count(("POST", posted)) >= 5)
    assert [status for _, _, status in on_discord.api.rejected] == [429, 503, 502, 503]
    await asyncio.sleep(0.2)
    [answer] = on_discord.bot_posts(ANA_DM)
    assert answer.embeds, "the whole answer arrived once, sources included"


async def test_answers_left_queued_by_a_discord_process_that_died_are_posted_once_by_the_next(
    on_discord: Discord, services: Services, settings: Settings, discord_api: DiscordAPI, discord_config: Path,
) -> None:
    await on_discord.channel.outbox.stop(timeout=0)  # this process is dying: it posts nothing more
    on_discord.say("How can I track my parcel?")
    on_discord.say("What payment methods do you accept?")
    async with asyncio.timeout(20):
        while await on_discord.channel.outbox.queues.pending() < 2:
            await asyncio.sleep(0.05)
    assert on_discord.bot_posts(ANA_DM) == []

    discord_api.existing_dm(ANA, ANA_DM)  # the next process, asking for Ana's DM, gets the one she wrote in
    next_process = DiscordChannel(settings.model_copy(update={"discord_token": discord_api.token}),
                                  services.conversations, services.store, services.brand, discord_config)
    await next_process.login()
    await next_process.outbox.start()
    try:
        first, second = await on_discord.posts(ANA_DM, 2)
        await asyncio.sleep(0.5)
        assert len(on_discord.bot_posts(ANA_DM)) == 2, "each answer once"
        assert "track" in first.embeds[0]["description"].lower() or "track" in first.content.lower()
        assert "payment" in (second.content + second.embeds[0]["description"]).lower(), "in the order asked"
    finally:
        await next_process.stop()


def test_the_documented_invite_asks_for_exactly_the_permissions_the_bot_uses() -> None:
    permissions = invite_permissions()
    granted = {name for name, on in permissions if on}
    assert granted == {"read_messages", "send_messages", "send_messages_in_threads",  # read_messages = View Channel
                       "create_public_threads", "embed_links", "read_message_history",
                       "manage_threads", "attach_files"}
    docs = (ROOT / "docs" / "discord.md").read_text(encoding="utf-8")
    assert f"permissions={permissions.value}" in docs and f"`{permissions.value}`" in docs
    assert invite_url(1200000000000000001).endswith(f"client_id=1200000000000000001&scope=bot&permissions={permissions.value}")


@pytest.fixture
def channel_for(services: Services, settings: Settings, discord_api: DiscordAPI, discord_config: Path,
                monkeypatch: pytest.MonkeyPatch) -> Callable[..., DiscordChannel]:
    """A Discord channel wired to the real bot whose gateway is the emulator's."""
    monkeypatch.setattr(discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY", discord_api.gateway_url)

    def build(token: str | None = discord_api.token) -> DiscordChannel:
        channel = DiscordChannel(settings.model_copy(update={"discord_token": token}),
                                 services.conversations, services.store, services.brand, discord_config)
        services.conversations.register_channel(channel)
        return channel

    return build


async def test_the_bot_connects_with_only_its_intents_and_keeps_answering_across_a_reconnect(
    channel_for: Callable[..., DiscordChannel], discord_api: DiscordAPI,
) -> None:
    channel = channel_for()
    await channel.start()
    try:
        identify = await discord_api.wait_for(lambda: discord_api.identifies and discord_api.identifies[0])
        guilds, guild_messages, dm_messages, message_content = 1 << 0, 1 << 9, 1 << 12, 1 << 15
        assert identify["token"] == discord_api.token
        assert identify["intents"] == guilds | guild_messages | dm_messages | message_content
        await asyncio.wait_for(channel.client.wait_until_ready(), 10)

        await discord_api.push("MESSAGE_CREATE", payload(
            "message_create_dm", id=discord_api.ids.next(), content="How can I track my parcel?"))
        await discord_api.wait_for(lambda: discord_api.sent_to(ANA_DM))

        await discord_api.ask_to_reconnect()  # Discord moving the session: discord.py resumes it
        resume = await discord_api.wait_for(lambda: discord_api.resumes and discord_api.resumes[0])
        assert resume["session_id"] == "emulated-session" and resume["seq"] >= 3
        await discord_api.push("MESSAGE_CREATE", payload(
            "message_create_dm", id=discord_api.ids.next(), content="What payment methods do you accept?"))
        await discord_api.wait_for(lambda: len(discord_api.sent_to(ANA_DM)) >= 2)
    finally:
        await channel.stop()
    assert channel.client.is_closed()


async def test_without_the_message_content_intent_the_bot_stops_and_says_how_to_fix_it(
    channel_for: Callable[..., DiscordChannel], discord_api: DiscordAPI, caplog: pytest.LogCaptureFixture,
) -> None:
    discord_api.refuse_identify_with = 4014  # what Discord does when the portal switch is off
    channel = channel_for()
    await channel.start()
    with pytest.raises(discord.PrivilegedIntentsRequired):
        await asyncio.wait_for(channel.wait(), 10)
    await channel.stop()
    assert "enable it for the bot in the Developer Portal" in caplog.text


async def test_without_a_token_or_with_a_wrong_one_the_channel_does_not_start(
    channel_for: Callable[..., DiscordChannel],
) -> None:
    with pytest.raises(DiscordConfigError, match="DISCORD_TOKEN"):
        await channel_for(token=None).start()
    wrong = channel_for(token="not-the-token")
    with pytest.raises(discord.LoginFailure):
        await wrong.start()
    await wrong.stop()


async def test_a_staff_reply_handled_by_a_web_process_reaches_discord_served_by_another_process(
    on_discord: Discord, settings: Settings, embedder: Any,
) -> None:
    from bot.app import build_services

    web_process = await build_services(settings, embedder)  # no Discord connection of its own
    try:
        thread = on_discord.say(HANDOFF, where=HELP_DESK)
        await on_discord.posts(thread, 1)
        conversation = await on_discord.conversation(f"thread:{thread}")
        assert (await web_process.conversations.claim(conversation.id, DANA)).ok
        await web_process.conversations.reply(conversation.id, DANA, "Dana here, from the web inbox.")
        posts = await on_discord.posts(thread, 3)
        assert posts[2].content.startswith("**Dana**") and posts[2].content.endswith("from the web inbox.")
        await asyncio.sleep(0.5)
        assert len(on_discord.bot_posts(thread)) == 3, "delivered once"
    finally:
        await web_process.close()
