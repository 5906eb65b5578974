"""Private tickets on Discord (`private_tickets: true`): a question in the support channel moves to a
private thread, and nothing the customer writes about their order stays public. The real bot on a
real gateway connection to the emulator, discord.py's real HTTP layer, real Redis."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.adapters.discord.config import DiscordConfigError, load_discord_config
from tests.emulators.discord_api import payload
from tests.test_discord_chat import (  # noqa: F401  (fixtures used by name)
    ANA,
    HELP_DESK,
    discord_api,
)
from tests.test_discord_desk import Desk, desk  # noqa: F401  (fixtures used by name)
from tests.test_discord_desk import desk_config as shipped_desk_config


@pytest.fixture
def desk_config(tmp_path: Path) -> Path:
    """The desk's config (moderators as staff) with private tickets on."""
    path = shipped_desk_config.__wrapped__(tmp_path)  # type: ignore[attr-defined]
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    config["private_tickets"] = True
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    return path


ORDER_DETAILS = ("HM-100234", "Keizersgracht 12", "+31 6 1234 5678")


async def ask_in_help_desk(running: Desk, asked: str) -> tuple[str, dict[str, Any]]:
    """Ana asks `asked` in the support channel; returns her message's id and the thread opened for it."""
    api = running.api
    question = api.ids.next()
    data = payload("message_create_guild", id=question, content=asked, channel_id=HELP_DESK)
    await api.push("MESSAGE_CREATE", api.customer_message(data))
    thread = await api.wait_for(lambda: next((t for t in api.threads.values() if t["parent_id"] == HELP_DESK), None))
    return question, thread


async def test_a_question_becomes_a_private_ticket_and_order_details_never_appear_in_public(desk: Desk) -> None:
    api, brand, store = desk.api, desk.services.brand, desk.services.store
    asked = "Where is my order HM-100234? It should have reached Keizersgracht 12 on Monday."
    question, thread = await ask_in_help_desk(desk, asked)

    # A private, not invitable thread in the support channel, with Ana in it.
    ticket = thread["id"]
    assert thread["type"] == 12 and thread["thread_metadata"]["invitable"] is False
    assert await api.wait_for(lambda: api.thread_members.get(ticket)) == [ANA]
    await api.push("THREAD_CREATE", {**payload("thread_create"), **thread, "newly_created": True})

    # Her question leaves the public channel; a pointer that says nothing of it takes its place.
    await api.wait_for(lambda: (HELP_DESK, question) in api.deleted)
    await api.push("MESSAGE_DELETE", {"id": question, "channel_id": HELP_DESK, "guild_id": payload(
        "message_create_guild")["guild_id"]})
    [pointer] = await api.wait_for(lambda: api.sent_to(HELP_DESK))
    assert pointer.content == f"<@{ANA}> " + brand.private_ticket_pointer.format(thread=f"<#{ticket}>")
    assert [str(u) for u in pointer.allowed_mentions["users"]] == [ANA], "only Ana is pinged"

    # In the ticket: her question quoted, then the answer (not withheld by the bot's own deletion).
    welcome, answer = await api.wait_for(lambda: (lambda p: p if len(p) >= 2 else None)(api.sent_to(ticket)))
    assert welcome.content.startswith(brand.private_ticket_welcome) and f"> {asked}" in welcome.content
    assert answer.embeds or answer.content
    conversation = await store.conversation_for("discord", f"thread:{ticket}")
    assert conversation is not None
    assert "customer_deleted" not in [e["kind"] for e in await store.events(conversation.id)]

    # What she writes next stays in the ticket.
    await desk.write_in(ticket, "My phone is +31 6 1234 5678 if the courier needs it, order HM-100234.")
    await api.wait_for(lambda: len(api.sent_to(ticket)) >= 3)
    lines = [m.text for m in await store.transcript(conversation.id) if m.author == "customer"]
    assert lines[0] == asked and "+31 6 1234 5678" in lines[1]
    public = "\n".join(api.visible_in(HELP_DESK))
    assert not [detail for detail in ORDER_DETAILS if detail in public], public

    # It is her ticket: she may close it (no question of hers is left to say so).
    closed = await desk.close(user=payload("message_create_guild")["author"], in_thread=ticket)
    assert closed.content.startswith("Closed")



async def test_a_german_question_gets_its_pointer_and_ticket_welcome_in_german(desk: Desk) -> None:
    api, brand = desk.api, desk.services.brand
    german = brand.localised("de")
    asked = "Wo ist meine Bestellung? Sie sollte schon am Montag bei mir angekommen sein."
    _, thread = await ask_in_help_desk(desk, asked)
    ticket = thread["id"]
    await api.push("THREAD_CREATE", {**payload("thread_create"), **thread, "newly_created": True})
    [pointer] = await api.wait_for(lambda: api.sent_to(HELP_DESK))
    assert pointer.content == f"<@{ANA}> " + german.private_ticket_pointer.format(thread=f"<#{ticket}>")
    assert german.private_ticket_pointer != brand.private_ticket_pointer
    welcome = (await api.wait_for(lambda: api.sent_to(ticket)))[0]
    assert welcome.content.startswith(german.private_ticket_welcome) and f"> {asked}" in welcome.content
    assert german.private_ticket_welcome != brand.private_ticket_welcome


def test_private_tickets_need_staff_roles(tmp_path: Path) -> None:
    path = tmp_path / "discord.yaml"
    path.write_text("guild_id: 1100000000000000001\nprivate_tickets: true\n", encoding="utf-8")
    with pytest.raises(DiscordConfigError, match=r"discord.yaml: private_tickets: needs staff_roles"):
        load_discord_config(path)
