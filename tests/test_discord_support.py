"""`/support` on Discord: a member opens a ticket and is pointed to their open one. The real bot on a
real gateway connection to the emulator, discord.py's real HTTP layer, real Redis."""

from __future__ import annotations

from typing import Any

from tests.emulators.discord_api import InteractionReply, payload
from tests.test_discord_chat import (  # noqa: F401  (fixtures used by name)
    ANA,
    GENERAL,
    GUILD,
    HELP_DESK,
    VICTOR,
    discord_api,
)
from tests.test_discord_desk import Desk, desk, desk_config  # noqa: F401  (fixtures used by name)

GENERAL_CHANNEL = {"id": GENERAL, "type": 0, "guild_id": GUILD, "name": "general", "position": 1,
                   "permission_overwrites": [], "nsfw": False, "parent_id": None}


async def support(desk: Desk, user: dict[str, Any], locale: str = "en-US") -> list[InteractionReply]:
    """`user` runs /support in #general, their Discord app in `locale`; returns the bot's deferral
    and its follow-up."""
    api = desk.api
    interaction = api.slash_command("support", user=user, channel=GENERAL_CHANNEL, guild_id=GUILD, locale=locale)
    await api.push("INTERACTION_CREATE", interaction)
    return await api.wait_for(lambda: (lambda r: r if len(r) == 2 else None)(
        [r for r in api.interaction_replies if r.interaction_id == interaction["id"]]))


def thread_in(text: str) -> str:
    """The thread a `<#id>` link in an answer points to."""
    return text.split("<#", 1)[1].split(">", 1)[0]


async def test_support_opens_a_ticket_named_after_the_member_and_then_points_to_it(desk: Desk) -> None:
    api, brand, store = desk.api, desk.services.brand, desk.services.store
    ana = payload("message_create_guild")["author"]
    deferred, opened = await support(desk, ana)
    assert deferred.type == 5 and deferred.ephemeral, "acknowledged at once, only Ana sees it"
    assert opened.followup and opened.ephemeral
    thread = thread_in(opened.content)
    assert opened.content == brand.ticket_opened.format(thread=f"<#{thread}>")
    ticket = api.threads[thread]
    assert (ticket["parent_id"], ticket["name"], ticket["type"]) == (HELP_DESK, "Ana", 11)
    assert api.thread_members[thread] == [ANA], "Ana is added to her ticket"
    [welcome] = await api.wait_for(lambda: api.sent_to(thread))
    assert welcome.content == brand.ticket_welcome.format(name="Ana")

    # Ana writes in her ticket: it is her conversation, answered there.
    await desk.write_in(thread, "How can I track my parcel?")
    answer = (await api.wait_for(lambda: api.sent_to(thread)[1:]))[0]
    assert answer.embeds and answer.components, "an answer with its sources and the talk-to-a-person button"
    conversation = await store.conversation_for("discord", f"thread:{thread}")
    assert conversation is not None and conversation.participant.display_name == "Ana"

    # Again: the same ticket, no new thread.
    _, again = await support(desk, ana)
    assert again.ephemeral and again.content == brand.ticket_exists.format(thread=f"<#{thread}>")
    assert len(api.threads) == 1

    # She closes it (the ticket is hers, though no question of hers opened it); the next /support opens a new one.
    closed = await desk.close(user=ana, in_thread=thread)
    assert closed.content.startswith("Closed"), closed
    await api.wait_for(lambda: api.threads[thread]["thread_metadata"]["locked"])
    _, fresh = await support(desk, ana)
    assert fresh.content.startswith(brand.ticket_opened.split("{")[0]) and thread_in(fresh.content) != thread


async def test_support_points_a_member_to_the_thread_their_question_opened(desk: Desk) -> None:
    api, brand = desk.api, desk.services.brand
    question = await desk.ask_in_help_desk("What payment methods do you accept?")
    await api.wait_for(lambda: api.sent_to(question))
    ana = payload("message_create_guild")["author"]
    _, pointed = await support(desk, ana)
    assert pointed.content == brand.ticket_exists.format(thread=f"<#{question}>")

    victor = payload("member")["user"]
    _, opened = await support(desk, victor)
    assert thread_in(opened.content) != question and api.thread_members[thread_in(opened.content)] == [VICTOR]


async def test_support_speaks_the_language_of_the_members_discord_app_until_they_write_otherwise(desk: Desk) -> None:
    api, brand, store = desk.api, desk.services.brand, desk.services.store
    spanish = brand.localised("es")
    ana = payload("message_create_guild")["author"]
    _, opened = await support(desk, ana, locale="es-ES")
    thread = thread_in(opened.content)
    assert opened.content == spanish.ticket_opened.format(thread=f"<#{thread}>") != \
        brand.ticket_opened.format(thread=f"<#{thread}>")
    [welcome] = await api.wait_for(lambda: api.sent_to(thread))
    assert welcome.content == spanish.ticket_welcome.format(name="Ana") != brand.ticket_welcome.format(name="Ana")

    # "ok" alone can't tell a language: her ticket answers in her app's, Spanish.
    await desk.write_in(thread, "ok")
    reply = (await api.wait_for(lambda: api.sent_to(thread)[1:]))[0]
    assert brand.courtesy_reply("ok", "es") in reply.content
    assert brand.courtesy_reply("ok", "en") not in reply.content
    conversation = await store.conversation_for("discord", f"thread:{thread}")
    assert conversation is not None and conversation.language == "es"
    _, again = await support(desk, ana, locale="es-ES")
    assert again.content == spanish.ticket_exists.format(thread=f"<#{thread}>")

    # A sentence in English is her choice: the conversation follows her words.
    await desk.write_in(thread, "How long does a refund to PayPal take after the return arrives?")
    await api.wait_for(lambda: api.sent_to(thread)[2:])
    assert (await store.get(conversation.id)).language == "en"

    # A locale the bot doesn't speak (BOT_LANGUAGES) is English, as before.
    victor = payload("member")["user"]
    _, opened = await support(desk, victor, locale="pt-BR")
    assert opened.content == brand.ticket_opened.format(thread=f"<#{thread_in(opened.content)}>")
