"""Auto-close: a conversation quiet since a staff reply is warned, then closed by "auto-close", in
every channel. The real bot on real Redis with short durations: web chat over its WebSocket, the
/inbox page, a restart between warning and close, Discord on the emulator (the thread archived and
locked like a /close), office hours, and a bad setting refused at start."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import discord
import pytest
from aiohttp.test_utils import TestServer

from bot.app import Services, build_services, build_web_app, start_discord
from bot.auto_close import AutoClosePolicy
from bot.brain.embeddings import LocalEmbedder
from bot.settings import Settings
from bot.staff import AUTO_CLOSE_ACTOR
from tests.emulators.discord_api import DiscordAPI
from tests.support.rules import HANDOFF
from tests.support.staff import DANA
from tests.support.webchat_client import ChatClient, base_url
from tests.test_core_flow import Build, build, rules_file
from tests.test_discord_chat import ANA_DM, GUILD, discord_api
from tests.test_discord_desk import TRANSCRIPTS, Desk, desk_config
from tests.test_inbox_page import sign_in
from tests.test_office_hours import ZONE, closed_now
from tests.test_settings import run_bot

__all__ = ["build", "desk_config", "discord_api", "rules_file"]

AFTER, WARNING = 3.0, 1.5  # seconds: warned 1.5 s after the staff reply, closed 1.5 s later
REPLY = "Your parcel left the depot this morning; it should arrive tomorrow. Anything else?"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The bot's usual test settings with auto-close after 3 s, warning 1.5 s before."""
    return settings.model_copy(update={"auto_close_after": AFTER, "auto_close_warning": WARNING})


async def handed_to_dana(url: str, services: Services) -> tuple[ChatClient, str]:
    """A web-chat customer handed off and claimed by Dana; the client and the conversation id."""
    client = await ChatClient.connect(url)
    await client.say(HANDOFF)
    await client.expect("state", lambda f: f["state"] == "waiting")
    conversation_id = client.welcome["conversation"]
    assert (await services.conversations.claim(conversation_id, DANA)).ok
    await client.expect("state", lambda f: f["state"] == "human")
    return client, conversation_id


async def test_a_quiet_conversation_is_warned_then_closed_by_auto_close(
    bot_server: TestServer, services: Services,
) -> None:
    url = base_url(bot_server)
    client, conversation_id = await handed_to_dana(url, services)
    brand = services.brand

    await services.conversations.reply(conversation_id, DANA, REPLY)
    replied = (await client.reply("human"))["ts"]
    warning = await client.reply("system", timeout=10)
    assert warning["text"] == brand.auto_close_notice(WARNING) == brand.auto_close_warning.format(
        duration="2 seconds", hours=1)
    assert warning["ts"] - replied >= AFTER - WARNING, "not warned before the quiet time minus the warning"
    assert (await services.store.get(conversation_id)).state == "human", "warned, still open"

    closing = await client.reply("system", timeout=10)
    assert closing["text"] == brand.auto_closed_message
    assert closing["ts"] - replied >= AFTER
    assert (await client.expect("state"))["state"] == "bot"
    conversation = await services.store.get(conversation_id)
    assert conversation.state == "bot"
    closed = [e for e in await services.store.events(conversation_id) if e["kind"] == "closed"]
    assert [e["actor"] for e in closed] == [AUTO_CLOSE_ACTOR]

    # Staff see it like any close on the inbox page, and the warning in the conversation.
    http, _ = await sign_in(url, "Sam")
    async with http, http.get(f"{url}/inbox/c/{conversation_id}") as page:
        html = await page.text()
    assert f"{AUTO_CLOSE_ACTOR} closed this; the AI is answering again" in html
    assert "will close in 2 seconds" in html

    # Back with the AI: the customer's next question is answered by the bot, and nothing is left to fire.
    await client.say("How long do refunds take?")
    assert (await client.reply("bot"))["text"]
    assert not await services.conversations.auto_close.pending("webchat")
    await client.close()


async def test_a_customer_message_in_between_cancels_the_warning_and_the_close(
    bot_server: TestServer, services: Services,
) -> None:
    client, conversation_id = await handed_to_dana(base_url(bot_server), services)
    router = services.conversations

    await router.reply(conversation_id, DANA, REPLY)
    await client.reply("human")
    await client.say("Thanks! One more thing: can I change the delivery address?")
    await asyncio.sleep(0.3)  # the customer's message reaches the core, which stops the clock
    assert not await router.auto_close.pending("webchat")
    frames = await client.quiet_for(AFTER + 1.5)
    assert not [f for f in frames if f["type"] in ("message", "state")], "no warning, no close, no AI answer"
    assert (await services.store.get(conversation_id)).state == "human"

    # Dana's next reply starts the clock again from that reply.
    await router.reply(conversation_id, DANA, "Yes, I've changed it for you.")
    await client.reply("human")
    assert (await client.reply("system", timeout=10))["text"] == services.brand.auto_close_notice(WARNING)
    await client.close()


async def started(settings: Settings, embedder: LocalEmbedder) -> tuple[Services, TestServer]:
    """One bot process (services and web server) on the test's Redis."""
    services = await build_services(settings, embedder)
    server = TestServer(build_web_app(services), host="127.0.0.1")
    await server.start_server()
    return services, server


async def test_a_restart_between_warning_and_close_still_closes_once(
    settings: Settings, embedder: LocalEmbedder,
) -> None:
    settings = settings.model_copy(update={"auto_close_after": 4.0, "auto_close_warning": 2.0})
    first, first_server = await started(settings, embedder)
    client, conversation_id = await handed_to_dana(base_url(first_server), first)
    await first.conversations.reply(conversation_id, DANA, REPLY)
    await client.reply("human")
    warning = await client.reply("system", timeout=10)
    assert warning["text"] == first.brand.auto_close_notice(2.0)
    session = client.welcome["session"]
    await client.close()
    # The process stops before the close is due; two new ones start on the same Redis.
    await first_server.close()
    await first.close()
    second, second_server = await started(settings, embedder)
    third, third_server = await started(settings, embedder)
    try:
        resumed = await ChatClient.connect(base_url(third_server),
                                           hello={"session": session, "last_seen": warning["id"]})
        closing = await resumed.reply("system", timeout=10)
        assert closing["text"] == second.brand.auto_closed_message
        assert (await resumed.expect("state", lambda f: f["state"] == "bot"))["state"] == "bot"
        await asyncio.sleep(2.5)  # both processes keep polling: nothing more is said or closed
        transcript = await third.store.transcript(conversation_id)
        system = [m.text for m in transcript if m.author == "system"]
        assert system.count(second.brand.auto_close_notice(2.0)) == 1
        assert system.count(second.brand.auto_closed_message) == 1
        closed = [e for e in await third.store.events(conversation_id) if e["kind"] == "closed"]
        assert [e["actor"] for e in closed] == [AUTO_CLOSE_ACTOR], "closed once, by auto-close"
        assert not [f for f in await resumed.quiet_for(0.5) if f["type"] == "message"]
        await resumed.close()
    finally:
        for services, server in ((second, second_server), (third, third_server)):
            await server.close()
            await services.close()


@pytest.fixture
async def discord_desk(
    settings: Settings, embedder: LocalEmbedder, discord_api: DiscordAPI, desk_config: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> AsyncIterator[Desk]:
    """The bot with Discord, wired by `start_discord` as in production, on the emulator."""
    monkeypatch.setattr(discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY", discord_api.gateway_url)
    discord_api.channel_guilds[TRANSCRIPTS] = GUILD
    services = await build_services(settings.model_copy(update={
        "discord_token": discord_api.token, "discord_config_path": desk_config}), embedder)
    try:
        channel = await start_discord(services)
        assert channel is not None
        await asyncio.wait_for(channel.client.wait_until_ready(), 10)
        yield Desk(discord_api, channel, services)
    finally:
        await services.close()


async def test_an_auto_closed_discord_thread_is_archived_and_locked_like_a_close(discord_desk: Desk) -> None:
    api, services = discord_desk.api, discord_desk.services
    brand = services.brand
    thread = await discord_desk.ask_in_help_desk("How can I track my parcel?")
    await api.wait_for(lambda: api.sent_to(thread))
    await discord_desk.write_in(thread, HANDOFF)
    await api.wait_for(lambda: api.sent_to(thread)[1:])
    conversation = await services.store.conversation_for("discord", f"thread:{thread}")
    assert conversation is not None and conversation.state == "waiting"
    assert (await services.conversations.claim(conversation.id, DANA)).ok
    await services.conversations.reply(conversation.id, DANA, REPLY)

    def said(text: str) -> bool:
        return any(p.content == text for p in api.sent_to(thread))

    await api.wait_for(lambda: said(brand.auto_close_notice(WARNING)), timeout=10)
    assert not api.threads[thread]["thread_metadata"]["archived"], "warned, still open"
    metadata = api.threads[thread]["thread_metadata"]
    await api.wait_for(lambda: metadata["archived"] and metadata["locked"], timeout=10)
    posts = api.sent_to(thread)
    assert posts[-1].content == brand.auto_closed_message, "told before the thread was locked"
    assert [p.content for p in posts].count(brand.auto_close_notice(WARNING)) == 1
    assert api.requests.index(("PATCH", f"/api/v10/channels/{thread}")) > max(
        i for i, r in enumerate(api.requests) if r == ("POST", f"/api/v10/channels/{thread}/messages"))
    assert (await services.store.get(conversation.id)).state == "bot"
    closed = [e for e in await services.store.events(conversation.id) if e["kind"] == "closed"]
    assert [e["actor"] for e in closed] == [AUTO_CLOSE_ACTOR]
    # As after a /close, the customer gets the transcript by DM, and staff in the transcript channel.
    [dm] = await api.wait_for(lambda: discord_desk.transcripts(ANA_DM))
    transcript = dm.embeds[0]["description"] if dm.embeds else dm.files[0][1]
    assert REPLY in transcript and brand.auto_closed_message in transcript
    [for_staff] = await api.wait_for(lambda: discord_desk.transcripts(TRANSCRIPTS))
    assert f"closed by {AUTO_CLOSE_ACTOR}" in (for_staff.embeds[0]["title"] if for_staff.embeds else for_staff.content)


async def test_with_office_hours_the_quiet_time_counts_only_open_hours(build: Build) -> None:
    """A reply while the team is closed (a holiday): the warning and the close fall due in the next
    opening hours, counted from the opening, not while nobody could answer."""
    core = await build(hours=closed_now(), auto_close=AutoClosePolicy(after=2 * 3600.0, warning=1800.0))
    conversation_id = await core.handed_off()
    assert (await core.conversations.reply(conversation_id, DANA, REPLY)).ok
    tomorrow = datetime.now(ZoneInfo(ZONE)).date() + timedelta(days=1)
    opens = datetime.combine(tomorrow, datetime.min.time().replace(hour=9), ZoneInfo(ZONE)).timestamp()
    due = {name.rpartition("|")[2]: at for name, at in (await core.conversations.auto_close.pending("testchat")).items()}
    assert due == {"warn": pytest.approx(opens + 90 * 60), "close": pytest.approx(opens + 2 * 3600)}
    assert due["warn"] > time.time() + 3600


@pytest.mark.parametrize(("env", "variable"), [
    ({"AUTO_CLOSE_AFTER": "soon"}, "AUTO_CLOSE_AFTER"),
    ({"AUTO_CLOSE_AFTER": "2h", "AUTO_CLOSE_WARNING": "4h"}, "AUTO_CLOSE_WARNING"),
    ({"AUTO_CLOSE_AFTER": "48h", "AUTO_CLOSE_WARNING": "-1h"}, "AUTO_CLOSE_WARNING"),
])
def test_a_bad_auto_close_setting_exits_2_with_one_line(env: dict[str, str], variable: str) -> None:
    result = run_bot(env, "web")
    assert result.returncode == 2
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"baton: bad setting {variable}:"), line
