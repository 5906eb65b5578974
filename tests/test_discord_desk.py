"""Discord as a support desk: no double posts across restarts, readable mentions in DMs, closing a
conversation from Discord with a transcript. The real bot, discord.py's real HTTP layer (and
gateway, for slash commands), the local emulator."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import discord
import pytest
import yaml

from bot.adapters.discord.channel import DiscordChannel
from bot.app import Services
from bot.settings import Settings
from tests.emulators.discord_api import DiscordAPI, Posted, payload
from tests.support.rules import HANDOFF
from tests.support.staff import DANA
from tests.test_discord_chat import (  # noqa: F401  (fixtures used by name)
    ANA,
    ANA_DM,
    GUILD,
    HELP_DESK,
    MODERATOR_ROLE,
    ROOT,
    VENDOR_ROLE,
    VICTOR,
    VICTOR_DM,
    Discord,
    discord_api,
    discord_config,
    on_discord,
    rules_path,
)


async def test_a_reply_half_posted_by_a_process_that_died_is_finished_days_later_without_doubles(
    on_discord: Discord, services: Services, settings: Settings, discord_api: DiscordAPI, discord_config: Path,
) -> None:
    router = services.conversations
    on_discord.say(HANDOFF)
    await on_discord.posts(ANA_DM, 1)
    conversation = await on_discord.conversation(f"dm:{ANA}")
    assert (await router.claim(conversation.id, DANA)).ok
    await on_discord.posts(ANA_DM, 2)  # "Dana joined"
    paragraphs = [f"Paragraph {n}: " + "check the parcel status " * 70 for n in (1, 2, 3)]

    # Discord takes the first part of Dana's long reply, then fails every post until this process dies.
    messages = rf"^/api/v10/channels/{ANA_DM}/messages$"
    discord_api.fail("POST", messages, 502, times=10_000, after=1)
    await router.reply(conversation.id, DANA, "\n\n".join(paragraphs))
    await on_discord.posts(ANA_DM, 3)
    await discord_api.wait_for(lambda: discord_api.rejected)
    await on_discord.channel.outbox.stop(timeout=0)

    # Long after, Discord works again and has forgotten the nonces; the next process takes the job over.
    discord_api.clear_faults()
    discord_api.forget_nonces()
    next_process = DiscordChannel(settings.model_copy(update={"discord_token": discord_api.token}),
                                  services.conversations, services.store, services.brand, discord_config)
    await next_process.login()
    await next_process.outbox.start()
    try:
        posts = await on_discord.posts(ANA_DM, 5)
        await asyncio.sleep(0.5)
        posts = on_discord.bot_posts(ANA_DM)
        assert len(posts) == 5, [p.content[:30] for p in posts]
        reply = posts[2:]
        assert reply[0].content.startswith("**Dana**")
        assert [p.content.split(":")[0].split("\n")[-1] for p in reply] == [
            "Paragraph 1", "Paragraph 2", "Paragraph 3"], "each part once, in order"
    finally:
        await next_process.stop()


async def test_role_and_channel_mentions_in_a_dm_read_as_names_and_stay_raw_in_a_thread(
    on_discord: Discord, services: Services,
) -> None:
    router = services.conversations
    reply = (f"Ask the <@&{VENDOR_ROLE}> team in <#{HELP_DESK}>; "
             "<@&1100000000000000999> and <#1100000000000000998> are gone.")
    on_discord.say(HANDOFF)
    await on_discord.posts(ANA_DM, 1)
    in_dm = await on_discord.conversation(f"dm:{ANA}")
    await router.reply(in_dm.id, DANA, reply)
    relayed = (await on_discord.posts(ANA_DM, 3))[2]
    assert relayed.content.endswith("Ask the @Vendor team in #help-desk; @role and #channel are gone."), (
        relayed.content)

    thread = on_discord.say(HANDOFF, where=HELP_DESK)
    await on_discord.posts(thread, 1)
    in_thread = await on_discord.conversation(f"thread:{thread}")
    await router.reply(in_thread.id, DANA, reply)
    relayed = (await on_discord.posts(thread, 3))[2]
    assert relayed.content.endswith(reply), "in the server Discord renders them itself"
    assert relayed.allowed_mentions and relayed.allowed_mentions["parse"] == [], "and they ping no one"


# -- /close: the bot on a real gateway connection to the emulator ---------------------------------

TRANSCRIPTS = "1100000000000000012"  # the staff's transcript channel


@pytest.fixture
def desk_config(tmp_path: Path) -> Path:
    """The shipped config/discord.yaml with fast retries, moderators as staff and a transcript channel."""
    config = yaml.safe_load((ROOT / "config" / "discord.yaml").read_text(encoding="utf-8"))
    config["delivery"] = {"attempts": 5, "first_delay": 0.05, "max_delay": 0.2, "part_seconds": 3.0}
    config["staff_roles"] = [int(MODERATOR_ROLE)]
    config["ignore_roles"] = []
    config["transcript_channel"] = int(TRANSCRIPTS)
    path = tmp_path / "discord.yaml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    return path


@dataclass
class Desk:
    """A connected bot and the emulated Discord it talks to."""

    api: DiscordAPI
    channel: DiscordChannel
    services: Services

    async def ask_in_help_desk(self, text: str) -> str:
        """Ana asks in the support channel; returns the id of her question (and of its thread)."""
        question = self.api.ids.next()
        data = payload("message_create_guild", id=question, content=text, channel_id=HELP_DESK)
        await self.api.push("MESSAGE_CREATE", self.api.customer_message(data))
        thread = await self.api.wait_for(lambda: self.api.threads.get(question))
        await self.api.push("THREAD_CREATE", {**payload("thread_create"), **thread, "newly_created": True})
        return question

    async def write_in(self, thread: str, text: str) -> None:
        data = payload("message_create_guild", id=self.api.ids.next(), content=text, channel_id=thread)
        await self.api.push("MESSAGE_CREATE", self.api.customer_message(data))

    async def close(self, *, user: dict[str, Any], in_thread: str | None = None, roles: list[str] | None = None,
                    dm: str | None = None) -> Any:
        """`user` runs /close in a thread or a DM; returns the bot's (first) reply to it."""
        if in_thread is not None:
            interaction = self.api.slash_command("close", user=user, channel=self.api.threads[in_thread],
                                                 guild_id=GUILD, roles=roles)
        else:
            interaction = self.api.slash_command("close", user=user, channel=self.api.dm_channels[user["id"]])
        await self.api.push("INTERACTION_CREATE", interaction)
        return await self.api.wait_for(lambda: next(
            (r for r in self.api.interaction_replies if r.interaction_id == interaction["id"]), None))

    def transcripts(self, channel_id: str) -> list[Posted]:
        return [p for p in self.api.sent_to(channel_id) if p.files or (p.embeds and "Transcript" in
                                                                         p.embeds[0].get("title", ""))]


@pytest.fixture
async def desk(services: Services, settings: Settings, discord_api: DiscordAPI, desk_config: Path,
               monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Desk]:
    monkeypatch.setattr(discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY", discord_api.gateway_url)
    discord_api.channel_guilds[TRANSCRIPTS] = GUILD
    channel = DiscordChannel(settings.model_copy(update={"discord_token": discord_api.token}),
                             services.conversations, services.store, services.brand, desk_config)
    services.conversations.register_channel(channel)
    await channel.start()
    await asyncio.wait_for(channel.client.wait_until_ready(), 10)
    yield Desk(discord_api, channel, services)
    await channel.stop()


async def test_the_customer_closes_their_thread_and_gets_the_transcript(desk: Desk) -> None:
    api, store = desk.api, desk.services.store
    ana = payload("message_create_guild")["author"]
    # /close is registered in the server (at once, with /support) and, for DMs only, globally.
    assert [c["name"] for c in api.commands[GUILD]] == ["close", "support"]
    assert [(c["name"], c["contexts"]) for c in api.commands[None]] == [("close", [1])]

    thread = await desk.ask_in_help_desk("How can I track my parcel?")
    await api.wait_for(lambda: api.sent_to(thread))
    await desk.write_in(thread, HANDOFF)
    notice = (await api.wait_for(lambda: api.sent_to(thread)[1:]))[0]
    conversation = await desk.services.store.conversation_for("discord", f"thread:{thread}")
    assert conversation is not None and conversation.state == "waiting"
    details = [f"Detail {n}: the parcel for order HM-10023{n} left the depot on Monday, the tracking page "
               "has shown the same status since then and the seller has not answered my two messages." for n in range(6)]
    for line in details:  # while she waits for a person: stored, not answered
        await desk.write_in(thread, line)

    async def all_stored() -> bool:
        return len(await store.transcript(conversation.id)) >= 4 + len(details)

    async with asyncio.timeout(10):
        while not await all_stored():
            await asyncio.sleep(0.05)
    reply = await desk.close(user=ana, in_thread=thread)
    assert reply.ephemeral and reply.content.startswith("Closed"), reply

    metadata = api.threads[thread]["thread_metadata"]
    await api.wait_for(lambda: metadata["archived"] and metadata["locked"])
    closing = api.sent_to(thread)[-1]
    assert closing.content == desk.services.brand.handoff_closed_message, "told before the thread was locked"
    assert api.requests.index(("PATCH", f"/api/v10/channels/{thread}")) > max(
        i for i, r in enumerate(api.requests) if r == ("POST", f"/api/v10/channels/{thread}/messages"))

    conversation = await store.get(conversation.id)
    assert conversation.state == "bot", "back with the AI"
    closed = [e for e in await store.events(conversation.id) if e["kind"] == "closed"]
    assert closed and "Ana" in closed[-1]["actor"]

    [dm] = await api.wait_for(lambda: desk.transcripts(ANA_DM))
    [(name, text)] = dm.files
    assert name == f"transcript-{conversation.id}.txt"
    lines = text.splitlines()
    assert lines[0].endswith("Ana: How can I track my parcel?")
    assert any(line.endswith(f"Ana: {HANDOFF}") for line in lines)
    assert [line.split("UTC] Ana: ")[1] for line in lines if "Ana: Detail" in line] == details
    assert any(notice.content in line for line in lines) and desk.services.brand.handoff_closed_message in text
    [for_staff] = await api.wait_for(lambda: desk.transcripts(TRANSCRIPTS))
    assert for_staff.files == dm.files and conversation.id in for_staff.content


async def test_only_the_customer_or_staff_may_close_a_thread(desk: Desk) -> None:
    api, store = desk.api, desk.services.store
    thread = await desk.ask_in_help_desk(HANDOFF)
    await api.wait_for(lambda: api.sent_to(thread))
    conversation = await store.conversation_for("discord", f"thread:{thread}")
    assert conversation is not None

    victor = payload("member")["user"]
    refused = await desk.close(user=victor, in_thread=thread, roles=[VENDOR_ROLE])
    assert refused.ephemeral and refused.content == "Only the customer or staff can close this."
    await asyncio.sleep(0.3)
    assert not api.threads[thread]["thread_metadata"]["archived"]
    assert (await store.get(conversation.id)).state == "waiting"
    assert not desk.transcripts(ANA_DM)

    # A moderator (the staff role) may close it: the customer still gets the transcript.
    closed = await desk.close(user=victor, in_thread=thread, roles=[MODERATOR_ROLE])
    assert closed.ephemeral and closed.content.startswith("Closed")
    await api.wait_for(lambda: api.threads[thread]["thread_metadata"]["locked"])
    assert (await store.get(conversation.id)).state == "bot"
    [dm] = await api.wait_for(lambda: desk.transcripts(ANA_DM))
    assert HANDOFF in (dm.embeds[0]["description"] if dm.embeds else dm.files[0][1])


async def test_the_customer_closes_their_dm_conversation_with_a_short_transcript(desk: Desk) -> None:
    api, store = desk.api, desk.services.store
    victor = payload("member")["user"]
    await api.push("MESSAGE_CREATE", payload("message_create_dm", id=api.ids.next(), content=HANDOFF,
                                             channel_id=VICTOR_DM, author=victor))
    await api.wait_for(lambda: api.sent_to(VICTOR_DM))
    reply = await desk.close(user=victor)
    assert reply.ephemeral and reply.content.startswith("Closed")
    [transcript] = await api.wait_for(lambda: desk.transcripts(VICTOR_DM))
    assert transcript.embeds and HANDOFF in transcript.embeds[0]["description"], "a short one is an embed"
    conversation = await store.conversation_for("discord", f"dm:{VICTOR}")
    assert conversation is not None and conversation.state == "bot"
