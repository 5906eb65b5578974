"""A conversation handed to a person: the AI goes quiet, staff replies reach the customer, close resumes."""

from __future__ import annotations

import asyncio

from aiohttp.test_utils import TestServer

from bot.app import Services
from bot.models import StaffMember
from tests.support.rules import HANDOFF, HANDOFF_NOTICE, HANDOFF_TAG
from tests.support.staff import DANA
from tests.support.webchat_client import ChatClient, base_url


async def test_a_person_takes_over_and_hands_back(bot_server: TestServer, services: Services) -> None:
    router = services.conversations
    client = await ChatClient.connect(base_url(bot_server))
    conversation_id = client.welcome["conversation"]

    await client.say(HANDOFF)
    notice = await client.reply("system")
    assert notice["text"] == HANDOFF_NOTICE, "the customer reads the handoff tag's own message"
    waiting = await client.expect("state")
    assert waiting == {"type": "state", "state": "waiting"}, "the customer is not shown internal tags"
    assert conversation_id in await services.store.list_by_state("waiting")
    assert HANDOFF_TAG in (await services.store.get(conversation_id)).tags

    # While a person is coming, the AI stays silent; the message is kept for staff.
    await client.say("It's about order HM-100234")
    assert not [f for f in await client.quiet_for(1.5) if f["type"] == "message"]

    assert (await router.claim(conversation_id, DANA)).ok
    assert (await client.expect("state"))["state"] == "human"
    await router.reply(conversation_id, DANA, "Hi, I'm Dana. I can see your order; let me check.")
    relayed = await client.reply("human")
    assert relayed["name"] == "Dana" and "let me check" in relayed["text"]

    await router.note(conversation_id, DANA, "customer is polite, vendor V-1001 is slow")
    await client.say("Thanks Dana!")
    assert not [f for f in await client.quiet_for(1.0) if f["type"] == "message"], (
        "no AI answer while a person owns the conversation, and notes are never relayed"
    )

    assert (await router.close(conversation_id, DANA)).ok
    closing = await client.reply("system")
    assert closing["text"]
    assert (await client.expect("state"))["state"] == "bot"
    await client.say("How long do refunds take?")
    assert (await client.reply("bot"))["text"]

    transcript = await services.store.transcript(conversation_id)
    assert "vendor V-1001 is slow" not in " ".join(m.text for m in transcript)
    kinds = [e["kind"] for e in await services.store.events(conversation_id)]
    assert kinds[:4] == ["created", "handoff", "claimed", "note"] and "closed" in kinds
    await client.close()


async def test_two_staff_claiming_at_once_exactly_one_wins(bot_server: TestServer, services: Services) -> None:
    router = services.conversations
    client = await ChatClient.connect(base_url(bot_server))
    await client.say(HANDOFF)
    await client.expect("state", lambda f: f["state"] == "waiting")
    conversation_id = client.welcome["conversation"]
    staff = [f"agent-{n}" for n in range(12)]
    results = await asyncio.gather(*(router.claim(conversation_id, StaffMember(name, name)) for name in staff))
    winners = [name for name, result in zip(staff, results) if result.ok]
    assert len(winners) == 1
    losers = [result for result in results if not result.ok]
    assert all(result.text == f"{winners[0]} already has this conversation." for result in losers), (
        "losers are told who has it")
    assert (await services.store.get(conversation_id)).assignee == winners[0]
    await client.close()


async def test_every_message_reaches_every_open_tab_of_the_conversation(
    bot_server: TestServer, services: Services
) -> None:
    first_tab = await ChatClient.connect(base_url(bot_server))
    second_tab = await ChatClient.connect(base_url(bot_server), hello={"session": first_tab.welcome["session"]})
    await second_tab.expect("state")
    await first_tab.say("What are the vendor fees?")
    echoed = await second_tab.expect("message", lambda f: f["author"] == "customer")
    assert echoed["text"] == "What are the vendor fees?"
    answer_one = await first_tab.reply("bot")
    answer_two = await second_tab.reply("bot")
    assert answer_one["id"] == answer_two["id"]
    await first_tab.close()
    await second_tab.close()


async def test_simultaneous_first_messages_open_one_conversation(services: Services) -> None:
    from bot.models import Participant

    store = services.store
    results = await asyncio.gather(
        *(store.find_or_create("discord", "dm:42", Participant()) for _ in range(10))
    )
    assert len({conversation.id for conversation, _ in results}) == 1
    assert sum(created for _, created in results) == 1
    assert await store.list_by_state("bot") == [results[0][0].id]
