"""The "Talk to a person" button under the bot's answers on Discord: the real bot on a real gateway
connection to the emulator, discord.py's real HTTP layer, real Redis, and the shipped rules (the
button's words must fire the shipped `human-requested` tag)."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

import pytest

from bot.adapters.discord.buttons import PERSON_BUTTON_ID
from bot.adapters.discord.channel import DiscordChannel
from bot.adapters.inbox.data import InboxData
from bot.app import Services
from bot.brand_translations import DEFAULT_TRANSLATIONS
from bot.settings import Settings
from tests.emulators.discord_api import DiscordAPI, InteractionReply, Posted, payload
from tests.support.staff import DANA
from tests.test_discord_chat import (  # noqa: F401  (fixtures used by name)
    ANA,
    ANA_DM,
    GUILD,
    MODERATOR_ROLE,
    ROOT,
    VICTOR,
    VICTOR_DM,
    discord_api,
)
from tests.test_discord_desk import Desk, desk, desk_config  # noqa: F401  (fixtures used by name)

SHIPPED_RULES = ROOT / "config" / "rules.yaml"


@pytest.fixture
def rules_path() -> Path:
    """The shipped rules: pressing the button must fire their `human-requested` tag."""
    return SHIPPED_RULES


def buttons(post: Posted) -> list[dict[str, Any]]:
    """The buttons under a message the bot posted."""
    return [c for row in post.components for c in row.get("components", []) if c.get("type") == 2]


async def press(desk: Desk, post: Posted, *, user: dict[str, Any], thread: str | None = None,
                roles: list[str] | None = None) -> list[InteractionReply]:
    """`user` presses the button under `post`; returns the bot's acknowledgement (and follow-up, if any)."""
    api = desk.api
    if thread is not None:
        interaction = api.button_press(post, user=user, channel=api.threads[thread], guild_id=GUILD, roles=roles)
    else:
        interaction = api.button_press(post, user=user, channel=api.dm_channels[user["id"]])
    pushed = time.monotonic()
    await api.push("INTERACTION_CREATE", interaction)
    await api.wait_for(lambda: next(
        (r for r in api.interaction_replies if r.interaction_id == interaction["id"] and not r.followup), None))
    assert time.monotonic() - pushed < 3, "acknowledged within Discord's 3 seconds"
    await asyncio.sleep(0.5)  # a refusal follows the acknowledgement
    return [r for r in api.interaction_replies if r.interaction_id == interaction["id"]]


async def test_pressing_talk_to_a_person_hands_off_with_the_whole_history(desk: Desk) -> None:
    api, services = desk.api, desk.services
    brand, store = services.brand, services.store
    ana = payload("message_create_guild")["author"]
    thread = await desk.ask_in_help_desk("How can I track my parcel?")
    [first] = await api.wait_for(lambda: api.sent_to(thread))
    [button] = buttons(first)
    assert (button["label"], button["custom_id"]) == (brand.person_button, PERSON_BUTTON_ID)
    await desk.write_in(thread, "And how long do refunds take?")
    second = (await api.wait_for(lambda: api.sent_to(thread)[1:]))[0]
    assert buttons(second), "under every answer"

    [ack] = await press(desk, first, user=ana, thread=thread)
    assert ack.type == 6 and not ack.content, "acknowledged; the handoff notice is the answer"
    notice = (await api.wait_for(lambda: api.sent_to(thread)[2:]))[0]
    assert notice.content.startswith("Of course"), "the shipped human-requested tag's own notice"
    assert not buttons(notice), "no button under a handoff notice"

    conversation = await store.conversation_for("discord", f"thread:{thread}")
    assert conversation is not None and conversation.state == "waiting"
    assert "human-requested" in conversation.tags
    inbox = InboxData(store, services.conversations.pass_routes)
    waiting = (await inbox.queues(DANA, tag="human-requested")).waiting
    assert [row.conversation.id for row in waiting] == [conversation.id], "staff see it in the inbox"
    history = (await inbox.detail(conversation.id)).transcript
    assert [(m.author, m.text) for m in history if m.author == "customer"] == [
        ("customer", "How can I track my parcel?"), ("customer", "And how long do refunds take?"),
        ("customer", brand.person_button_words)], "in the customer's words, after the whole history"
    assert [m.author for m in history].count("bot") == 2

    # Pressed again (on the other answer): a person has it already, only Ana is told.
    [_, again] = await press(desk, second, user=ana, thread=thread)
    assert again.followup and again.ephemeral and again.content == brand.person_already
    assert len(api.sent_to(thread)) == 3, "nothing more in the thread"

    # Neither a staff reply nor the closing notice carries the button.
    router = services.conversations
    assert (await router.reply(conversation.id, DANA, "Hi Ana, Dana here.")).ok
    assert (await router.close(conversation.id, DANA)).ok
    posts = await api.wait_for(lambda: (lambda p: p if len(p) >= 7 else None)(api.sent_to(thread)))
    # The last post is the ask to rate Dana's help (its own 1-5 buttons, not "Talk to a person").
    assert posts[-1].content == brand.rating_prompt
    assert [bool(buttons(p)) for p in posts[:6]] == [True, True, False, False, False, False], [
        p.content[:40] for p in posts]


async def test_only_the_customer_may_press_it_and_it_works_after_a_restart(
    desk: Desk, services: Services, settings: Settings, discord_api: DiscordAPI, desk_config: Path,
) -> None:
    api, brand, store = desk.api, services.brand, services.store
    ana, victor = payload("message_create_guild")["author"], payload("member")["user"]
    thread = await desk.ask_in_help_desk("What payment methods do you accept?")
    [answer] = await api.wait_for(lambda: api.sent_to(thread))

    for roles in ([], [MODERATOR_ROLE]):  # another member, even staff, is not the customer
        [_, refused] = await press(desk, answer, user=victor, thread=thread, roles=roles)
        assert refused.ephemeral and refused.content == brand.person_button_not_yours
    conversation = await store.conversation_for("discord", f"thread:{thread}")
    assert conversation is not None and conversation.state == "bot"
    assert len(api.sent_to(thread)) == 1

    # The bot restarts; the button under the answer posted before still works.
    await desk.channel.stop()
    restarted = DiscordChannel(settings.model_copy(update={"discord_token": discord_api.token}),
                               services.conversations, services.store, services.brand, desk_config)
    services.conversations.register_channel(restarted)
    await restarted.start()
    try:
        await asyncio.wait_for(restarted.client.wait_until_ready(), 10)
        [ack] = await press(desk, answer, user=ana, thread=thread)
        assert ack.type == 6
        notice = (await api.wait_for(lambda: api.sent_to(thread)[1:]))[0]
        assert notice.content.startswith("Of course")
        conversation = await store.get(conversation.id)
        assert conversation.state == "waiting" and "human-requested" in conversation.tags
    finally:
        await restarted.stop()


async def test_the_button_under_a_dm_answer_hands_the_dm_off(desk: Desk) -> None:
    api, store = desk.api, desk.services.store
    victor = payload("member")["user"]
    await api.push("MESSAGE_CREATE", payload("message_create_dm", id=api.ids.next(), content="How do payouts work?",
                                             channel_id=VICTOR_DM, author=victor))
    [answer] = await api.wait_for(lambda: api.sent_to(VICTOR_DM))
    assert buttons(answer)
    [ack] = await press(desk, answer, user=victor)
    assert ack.type == 6
    await api.wait_for(lambda: api.sent_to(VICTOR_DM)[1:])
    conversation = await store.conversation_for("discord", f"dm:{VICTOR}")
    assert conversation is not None and conversation.state == "waiting"
    assert "human-requested" in conversation.tags


async def test_a_spanish_customer_gets_the_button_the_sources_and_the_press_in_spanish(desk: Desk) -> None:
    """The shipped brand file translates the notices but not the button: Baton's own Spanish is said."""
    api, store = desk.api, desk.services.store
    spanish = DEFAULT_TRANSLATIONS["es"]
    ana = payload("message_create_guild")["author"]
    thread = await desk.ask_in_help_desk("Hola, ¿cuánto tarda en llegar un reembolso a PayPal?")
    [answer] = await api.wait_for(lambda: api.sent_to(thread))
    [button] = buttons(answer)
    assert button["label"] == spanish["person_button"] == "Hablar con una persona"
    assert [embed.get("title") for embed in answer.embeds] == [spanish["sources_label"]]

    [ack] = await press(desk, answer, user=ana, thread=thread)
    assert ack.type == 6
    notice = (await api.wait_for(lambda: api.sent_to(thread)[1:]))[0]
    assert notice.content.startswith("Claro, te paso con una persona"), "the shipped tag's Spanish notice"
    conversation = await store.conversation_for("discord", f"thread:{thread}")
    assert conversation is not None and conversation.state == "waiting"
    assert "human-requested" in conversation.tags, "the Spanish words fire the shipped rules too"
    history = (await InboxData(store, desk.services.conversations.pass_routes).detail(conversation.id)).transcript
    assert [m.text for m in history if m.author == "customer"][-1] == spanish["person_button_words"]
